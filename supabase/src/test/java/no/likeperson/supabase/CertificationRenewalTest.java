package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Card 004: {@code renew_certification} renews atomically (expiry, status and one appended history
 * entry in one statement), is subject to RLS (coordinator of the org, admin of the subtree), and
 * refuses bad input with typed errors.
 */
class CertificationRenewalTest {

  private static final String RENEW =
      "select expires_at, status, renewal_history::text as history"
          + " from public.renew_certification(?, ?, ?)";

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static Timestamp inDays(long days) {
    return Timestamp.from(
        Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void renew_byTheCoordinator_setsExpiryAndStatus_andAppendsOneEntry() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      Timestamp previous =
          (Timestamp)
              s.scalar(
                  "select expires_at from public.peer_mentor_certifications where id = ?",
                  CERT_MULTI_EXPIRING);
      Timestamp next = inDays(400);
      Map<String, Object> row =
          s.query(RENEW, CERT_MULTI_EXPIRING, next, "Fornyet etter kurs").get(0);
      assertThat(((Timestamp) row.get("expires_at")).toInstant()).isEqualTo(next.toInstant());
      assertThat(row.get("status")).isEqualTo("active");
      JsonNode history = BufdirExpectation.parse((String) row.get("history"));
      assertThat(history).hasSize(1);
      JsonNode entry = history.get(0);
      assertThat(entry.get("renewed_by").asText()).isEqualTo(COORD_OSLO.toString());
      assertThat(entry.get("notes").asText()).isEqualTo("Fornyet etter kurs");
      assertThat(entry.get("schema_version").asInt()).isEqualTo(1);
      assertThat(Instant.parse(toIso(entry.get("previous_expires_at").asText())))
          .isEqualTo(previous.toInstant());
      assertThat(entry.get("renewed_at").isTextual()).isTrue();
      assertThat(
              s.scalar(
                  "select updated_at = now() from public.peer_mentor_certifications where id = ?",
                  CERT_MULTI_EXPIRING))
          .isEqualTo(true);
    }
  }

  private static String toIso(String pgTimestamp) {
    // to_jsonb(timestamptz) gives 2026-12-13T10:00:00.123+00:00
    return java.time.OffsetDateTime.parse(pgTimestamp).toInstant().toString();
  }

  @Test
  void renew_ofAnExpiredCertification_reactivatesIt_andKeepsEarlierHistory() throws SQLException {
    try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
      Map<String, Object> row = s.query(RENEW, CERT_BAERUM_EXPIRED, inDays(365), null).get(0);
      assertThat(row.get("status")).isEqualTo("active");
      row = s.query(RENEW, CERT_BAERUM_EXPIRED, inDays(730), "andre gang").get(0);
      JsonNode history = BufdirExpectation.parse((String) row.get("history"));
      assertThat(history).hasSize(2);
      assertThat(history.get(0).get("notes").isNull()).isTrue();
      assertThat(history.get(1).get("notes").asText()).isEqualTo("andre gang");
      assertThat(history.get(1).get("renewed_by").asText()).isEqualTo(ADMIN_NATIONAL.toString());
    }
  }

  @Test
  void renew_keepsTheSeededHistoryEntry() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      JsonNode history =
          BufdirExpectation.parse(
              (String) s.query(RENEW, CERT_OSLO_ACTIVE, inDays(800), "x").get(0).get("history"));
      assertThat(history).hasSize(2);
      assertThat(history.get(0).get("notes").asText()).isEqualTo("Fornyet etter oppfriskningskurs");
    }
  }

  @Test
  void renew_toAnEarlierOrEqualExpiry_isRefused_andChangesNothing() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      Timestamp current =
          (Timestamp)
              s.scalar(
                  "select expires_at from public.peer_mentor_certifications where id = ?",
                  CERT_OSLO_ACTIVE);
      assertThat(s.attempt(RENEW, CERT_OSLO_ACTIVE, current, null).sqlState()).isEqualTo("22023");
      assertThat(s.attempt(RENEW, CERT_OSLO_ACTIVE, inDays(1), null).sqlState()).isEqualTo("22023");
      assertThat(
              s.scalar(
                  "select jsonb_array_length(renewal_history) from public.peer_mentor_certifications where id = ?",
                  CERT_OSLO_ACTIVE))
          .isEqualTo(1);
    }
  }

  @Test
  void renew_ofASuspendedCertification_isRefused() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      assertThat(s.attempt(RENEW, CERT_INACTIVE_SUSPENDED, inDays(500), null).sqlState())
          .isEqualTo("22023");
    }
  }

  @Test
  void renew_withNullArgumentsOrOverlongNotes_isRefused() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      assertThat(s.attempt(RENEW, null, inDays(500), null).sqlState()).isEqualTo("22004");
      assertThat(
              s.attempt("select public.renew_certification(?, null, null)", CERT_OSLO_ACTIVE)
                  .sqlState())
          .isEqualTo("22004");
      assertThat(s.attempt(RENEW, CERT_OSLO_ACTIVE, inDays(500), "x".repeat(1001)).sqlState())
          .isEqualTo("22023");
    }
  }

  @Test
  void renew_ofAnUnknownOrInvisibleCertification_isNotFound() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      assertThat(s.attempt(RENEW, UUID.randomUUID(), inDays(500), null).sqlState())
          .isEqualTo("PT404");
      // another organisation's certification is indistinguishable from a missing one
      assertThat(s.attempt(RENEW, CERT_TRONDHEIM_EXPIRING, inDays(500), null).sqlState())
          .isEqualTo("PT404");
      assertThat(s.attempt(RENEW, CERT_BAERUM_EXPIRED, inDays(500), null).sqlState())
          .isEqualTo("PT404");
    }
    try (PgSession s = PgSession.user(db, ADMIN_OST)) {
      assertThat(s.attempt(RENEW, CERT_BERGEN_ACTIVE, inDays(500), null).sqlState())
          .isEqualTo("PT404");
    }
  }

  @Test
  void renew_ofItsOwnCertification_byThePeerMentor_isRefused() throws SQLException {
    try (PgSession s = PgSession.user(db, MENTOR_OSLO)) {
      assertThat(s.attempt(RENEW, CERT_OSLO_ACTIVE, inDays(900), null).sqlState())
          .isEqualTo("42501");
    }
  }

  @Test
  void renew_byAnon_isRefused() throws SQLException {
    try (PgSession s = PgSession.anon(db)) {
      assertThat(s.attempt(RENEW, CERT_OSLO_ACTIVE, inDays(900), null).sqlState())
          .isEqualTo("42501");
    }
  }

  @Test
  void renew_thatWouldBreakTheHistoryLimit_changesNothingAtAll() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      String entry =
          "{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null, \"renewed_by\": null,"
              + " \"notes\": null}";
      tx.update(
          "update public.peer_mentor_certifications set renewal_history = ?::jsonb where id = ?",
          "[" + String.join(",", java.util.Collections.nCopies(500, entry)) + "]",
          CERT_BERGEN_ACTIVE);
      Timestamp before =
          (Timestamp)
              tx.scalar(
                  "select expires_at from public.peer_mentor_certifications where id = ?",
                  CERT_BERGEN_ACTIVE);
      assertThat(tx.attempt(RENEW, CERT_BERGEN_ACTIVE, inDays(900), null)).isEqualTo("23514");
      assertThat(
              tx.scalar(
                  "select expires_at from public.peer_mentor_certifications where id = ?",
                  CERT_BERGEN_ACTIVE))
          .isEqualTo(before);
      assertThat(
              tx.scalar(
                  "select jsonb_array_length(renewal_history) from public.peer_mentor_certifications"
                      + " where id = ?",
                  CERT_BERGEN_ACTIVE))
          .isEqualTo(500);
    }
  }

  @Test
  void concurrentRenewals_bothLandInTheHistory() throws Exception {
    UUID cert;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      cert =
          (UUID)
              tx.scalar(
                  "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type,"
                      + " issued_at, expires_at) values (?, ?, 'samtidighet', now(), now() + interval '10 days') returning id",
                  MENTOR_BERGEN,
                  ORG_BERGEN);
      tx.commit();
    }
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch ready = new CountDownLatch(writers);
      List<Timestamp> expiries = new ArrayList<>();
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int n = i;
        Timestamp expiry = inDays(100 + n * 10);
        expiries.add(expiry);
        results.add(pool.submit(() -> renewCommitted(cert, expiry, "writer " + n, ready)));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : results) {
        outcomes.add(f.get(120, TimeUnit.SECONDS));
      }
      long renewed = outcomes.stream().filter("ok"::equals).count();
      Timestamp latestSuccessful = null;
      for (int i = 0; i < writers; i++) {
        if (outcomes.get(i).equals("ok")
            && (latestSuccessful == null || expiries.get(i).after(latestSuccessful))) {
          latestSuccessful = expiries.get(i);
        }
      }
      // a writer can only fail because a later expiry committed first
      assertThat(outcomes).allMatch(o -> o.equals("ok") || o.equals("22023"));
      assertThat(renewed).isPositive();
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        // every successful renewal appended exactly one entry: none lost to a race
        assertThat(
                tx.scalar(
                    "select jsonb_array_length(renewal_history) from public.peer_mentor_certifications"
                        + " where id = ?",
                    cert))
            .isEqualTo((int) renewed);
        assertThat(
                tx.scalar(
                    "select expires_at from public.peer_mentor_certifications where id = ?", cert))
            .isEqualTo(latestSuccessful);
      }
    } finally {
      pool.shutdownNow();
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        tx.update("delete from public.peer_mentor_certifications where id = ?", cert);
        tx.commit();
      }
    }
  }

  /** One committed renewal as coord.bergen on its own connection; "ok" or the SQLSTATE. */
  private static String renewCommitted(
      UUID cert, Timestamp expiry, String notes, CountDownLatch ready) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
        ps.setString(1, "{\"sub\":\"" + COORD_BERGEN + "\",\"role\":\"authenticated\"}");
        ps.execute();
      }
      try (var st = c.createStatement()) {
        st.execute("set local role authenticated");
      }
      ready.countDown();
      ready.await(60, TimeUnit.SECONDS);
      try (PreparedStatement ps =
          c.prepareStatement("select 1 from public.renew_certification(?, ?, ?)")) {
        ps.setObject(1, cert);
        ps.setTimestamp(2, expiry);
        ps.setString(3, notes);
        ps.execute();
        c.commit();
        return "ok";
      } catch (SQLException e) {
        c.rollback();
        return e.getSQLState();
      }
    }
  }
}

package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Card 003: {@code get_admin_kpi_stats} and {@code get_org_health_score} equal an independent Java
 * computation over the raw rows (the health formula re-implemented here from its documentation),
 * and the trigger-maintained {@code org_monthly_activity_counts} equals raw counts after inserts,
 * updates that move rows between organisations and months, and deletes.
 */
class AdminKpiAndSummaryTest {

  private static final String RAW_VS_SUMMARY =
      "select count(*) from ("
          + " select coalesce(r.org_id, s.org_id) as org_id from"
          + " (select org_id, activity_month, sum(ac) ac, sum(sc) sc, sum(dm) dm, sum(pc) pc, sum(pdm) pdm from ("
          + "   select org_id, activity_month, count(*) ac, sum(session_count) sc, coalesce(sum(duration_minutes), 0) dm,"
          + "          0 pc, 0 pdm from public.activities group by 1, 2"
          + "   union all select org_id, activity_month, 0, 0, 0, count(*), sum(duration_minutes)"
          + "   from public.proxy_activities group by 1, 2) u group by 1, 2) r"
          + " full join public.org_monthly_activity_counts s"
          + "   on s.org_id = r.org_id and s.activity_month = r.activity_month"
          + " where coalesce(r.ac, 0) <> coalesce(s.activity_count, 0) or coalesce(r.sc, 0) <> coalesce(s.session_count, 0)"
          + "    or coalesce(r.dm, 0) <> coalesce(s.duration_minutes, 0) or coalesce(r.pc, 0) <> coalesce(s.proxy_activity_count, 0)"
          + "    or coalesce(r.pdm, 0) <> coalesce(s.proxy_duration_minutes, 0)) mismatches";

  /** KPIs re-computed in Java from raw rows. */
  record Kpis(long activeUsers, long totalActivities, long pending, double health) {}

  static Kpis computeKpis(LocalDatabase db, BufdirExpectation rows, UUID root) throws SQLException {
    Set<UUID> orgs = rows.subtree(root);
    Map<UUID, String> status = new HashMap<>();
    Set<UUID> persons = new HashSet<>();
    Set<UUID> mentorOrgs = new HashSet<>();
    long pending = 0;
    long reimbursements = 0;
    LocalDate today;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      today = ((java.sql.Date) tx.scalar("select current_date")).toLocalDate();
      for (Map<String, Object> u : tx.query("select id, status from public.users")) {
        status.put((UUID) u.get("id"), (String) u.get("status"));
      }
      for (Map<String, Object> m :
          tx.query("select user_id, org_id, role from public.org_memberships")) {
        if (orgs.contains((UUID) m.get("org_id"))) {
          persons.add((UUID) m.get("user_id"));
          if ("peer_mentor".equals(m.get("role"))) {
            mentorOrgs.add((UUID) m.get("org_id"));
          }
        }
      }
      for (Map<String, Object> r : tx.query("select org_id, status from public.reimbursements")) {
        if (orgs.contains((UUID) r.get("org_id"))) {
          reimbursements++;
          pending += "pending".equals(r.get("status")) ? 1 : 0;
        }
      }
    }
    long active = persons.stream().filter(p -> "active".equals(status.get(p))).count();
    // recent window: the current calendar month and the two before it (RECENT_MONTHS = 3)
    LocalDate since = today.withDayOfMonth(1).minusMonths(2);
    LocalDate until = today.withDayOfMonth(1).plusMonths(1);
    long total = 0;
    Set<UUID> recentOrgs = new HashSet<>();
    for (BufdirExpectation.Row r : rows.rows()) {
      if (orgs.contains(r.org())) {
        total++;
        if (!r.date().isBefore(since) && r.date().isBefore(until) && mentorOrgs.contains(r.org())) {
          recentOrgs.add(r.org());
        }
      }
    }
    double health;
    if (persons.isEmpty()) {
      health = 0.0;
    } else {
      double activeRatio = (double) active / persons.size();
      double recentRatio =
          mentorOrgs.isEmpty() ? 0.0 : (double) recentOrgs.size() / mentorOrgs.size();
      double pendingRatio = reimbursements == 0 ? 0.0 : (double) pending / reimbursements;
      health =
          Math.max(
              0.0,
              Math.min(1.0, 0.4 * activeRatio + 0.4 * recentRatio + 0.2 * (1.0 - pendingRatio)));
    }
    return new Kpis(active, total, pending, health);
  }

  static void assertKpis(PgSession s, UUID root, Kpis expected) throws SQLException {
    JsonNode k =
        BufdirExpectation.parse(
            (String) s.scalar("select public.get_admin_kpi_stats(?)::text", root));
    assertThat(k.get("organisation_id").asText()).isEqualTo(root.toString());
    assertThat(k.get("active_user_count").asLong()).isEqualTo(expected.activeUsers());
    assertThat(k.get("total_activities_count").asLong()).isEqualTo(expected.totalActivities());
    assertThat(k.get("pending_reimbursements_count").asLong()).isEqualTo(expected.pending());
    assertThat(k.get("org_health_score").asDouble()).isCloseTo(expected.health(), within(1e-9));
    double score = ((Number) s.scalar("select public.get_org_health_score(?)", root)).doubleValue();
    assertThat(score).isCloseTo(expected.health(), within(1e-9)).isBetween(0.0, 1.0);
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnTheSeed {

    private LocalDatabase db;
    private BufdirExpectation rows;

    @BeforeAll
    void load() throws SQLException {
      db = SharedDatabase.seeded();
      rows = BufdirExpectation.load(db);
    }

    Stream<Arguments> admins() {
      return Stream.of(
          Arguments.of(ADMIN_NATIONAL, ORG_NATIONAL),
          Arguments.of(ADMIN_NATIONAL, ORG_REGION_VEST),
          Arguments.of(ADMIN_NATIONAL, ORG_OSLO),
          Arguments.of(ADMIN_OST, ORG_REGION_OST),
          Arguments.of(ADMIN_OST, ORG_BAERUM),
          Arguments.of(ADMIN_BLIND, ORG_BLIND),
          Arguments.of(ADMIN_BLIND, ORG_TRONDHEIM));
    }

    @ParameterizedTest(name = "{1} as {0}")
    @MethodSource("admins")
    void kpis_equalIndependentComputation(UUID admin, UUID root) throws SQLException {
      Kpis expected = computeKpis(db, rows, root);
      try (PgSession s = PgSession.user(db, admin)) {
        assertKpis(s, root, expected);
      }
    }

    @Test
    void kpis_ofTheNationalRoot_haveTheSeededValues() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        JsonNode k =
            BufdirExpectation.parse(
                (String) s.scalar("select public.get_admin_kpi_stats(?)::text", ORG_NATIONAL));
        // 10 persons under Demo Handikapforbund (mentor.multi once), mentor.inactive is not active
        assertThat(k.get("active_user_count").asInt()).isEqualTo(9);
        assertThat(k.get("pending_reimbursements_count").asInt()).isEqualTo(2);
      }
    }

    @Test
    void kpis_forServiceRole_coverAnyOrganisation() throws SQLException {
      Kpis expected = computeKpis(db, rows, ORG_BLIND);
      try (PgSession s = PgSession.serviceRole(db)) {
        assertKpis(s, ORG_BLIND, expected);
      }
    }

    @Test
    void healthScore_ofASubtreeWithoutUsers_isZero() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        UUID empty =
            (UUID)
                s.scalar(
                    "insert into public.organisations (parent_id, name) values (?, 'Tomt lag')"
                        + " returning id",
                    ORG_REGION_VEST);
        assertThat(
                ((Number) s.scalar("select public.get_org_health_score(?)", empty)).doubleValue())
            .isZero();
        JsonNode k =
            BufdirExpectation.parse(
                (String) s.scalar("select public.get_admin_kpi_stats(?)::text", empty));
        assertThat(k.get("active_user_count").asInt()).isZero();
        assertThat(k.get("total_activities_count").asInt()).isZero();
        assertThat(k.get("pending_reimbursements_count").asInt()).isZero();
      }
    }

    Stream<Arguments> forbidden() {
      return Stream.of(
          Arguments.of(ADMIN_OST, ORG_NATIONAL),
          Arguments.of(ADMIN_OST, ORG_BERGEN),
          Arguments.of(ADMIN_BLIND, ORG_NATIONAL),
          Arguments.of(ADMIN_NATIONAL, ORG_BLIND),
          Arguments.of(COORD_OSLO, ORG_OSLO),
          Arguments.of(MENTOR_OSLO, ORG_OSLO));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("forbidden")
    void kpis_outsideTheAdminScope_areRefused(UUID caller, UUID root) throws SQLException {
      try (PgSession s = PgSession.user(db, caller)) {
        assertThat(s.attempt("select public.get_admin_kpi_stats(?)", root).sqlState())
            .isEqualTo("42501");
        assertThat(s.attempt("select public.get_org_health_score(?)", root).sqlState())
            .isEqualTo("42501");
      }
    }

    @Test
    void kpis_forAnonOrWithoutARoot_areRefused() throws SQLException {
      try (PgSession s = PgSession.anon(db)) {
        assertThat(s.attempt("select public.get_admin_kpi_stats(?)", ORG_NATIONAL).sqlState())
            .isEqualTo("42501");
        assertThat(s.attempt("select public.get_org_health_score(?)", ORG_NATIONAL).sqlState())
            .isEqualTo("42501");
      }
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        assertThat(s.attempt("select public.get_admin_kpi_stats(null)").sqlState())
            .isEqualTo("22004");
      }
    }

    @Test
    void summary_ofTheSeed_equalsRawCounts() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(tx.count("select count(*) from public.org_monthly_activity_counts"))
            .isPositive();
        assertThat(tx.count(RAW_VS_SUMMARY)).isZero();
      }
    }

    @Test
    void summary_staysExact_afterInsertsMovesAndDeletes_bySuperuser() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        tx.update(
            "insert into public.activities (org_id, peer_mentor_id, activity_type_id, activity_date, duration_minutes,"
                + " session_count) select ?, ?, ?, date '2026-06-01' + g, case when g % 2 = 0 then null else 30 end, 1 + g % 3"
                + " from generate_series(0, 40) g",
            ORG_BAERUM, MENTOR_MULTI, TYPE_KURS);
        // move activities between organisations and months in one statement
        tx.update(
            "update public.activities set org_id = ?, coordinator_id = null, activity_date = activity_date + 45"
                + " where peer_mentor_id = ? and org_id = ? and activity_date < date '2026-05-01'",
            ORG_BAERUM,
            MENTOR_MULTI,
            ORG_OSLO);
        tx.update(
            "update public.activities set duration_minutes = 15, session_count = 3 where peer_mentor_id = ?",
            MENTOR_BERGEN);
        tx.update(
            "delete from public.activities where peer_mentor_id = ? and activity_date > date '2026-09-01'",
            MENTOR_OSLO);
        tx.update(
            "update public.proxy_activities set org_id = ?, coordinator_id = ?, date = date + 20 where attributed_mentor_id = ?"
                + " and org_id = ?",
            ORG_BAERUM,
            COORD_BAERUM,
            MENTOR_MULTI,
            ORG_OSLO);
        tx.update(
            "delete from public.proxy_activities where org_id = ? and date < date '2026-04-01'",
            ORG_BERGEN);
        assertThat(tx.count(RAW_VS_SUMMARY)).isZero();
        // moving everything out of a month leaves a zero row, not a negative one
        assertThat(
                tx.count(
                    "select count(*) from public.org_monthly_activity_counts where activity_count < 0"
                        + " or proxy_activity_count < 0"))
            .isZero();
      }
    }

    @Test
    void summary_staysExact_whenACoordinatorWritesUnderRls() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        // act as PostgREST would for coord.oslo, then check as superuser in the same transaction
        tx.scalar(
            "select set_config('request.jwt.claims', ?, true)",
            "{\"sub\":\"" + COORD_OSLO + "\",\"role\":\"authenticated\"}");
        tx.execute("set local role authenticated");
        tx.update(
            "insert into public.activities (org_id, peer_mentor_id, coordinator_id, activity_type_id, activity_date,"
                + " duration_minutes) values (?, ?, ?, ?, date '2026-11-02', 40)",
            ORG_OSLO,
            MENTOR_OSLO,
            COORD_OSLO,
            TYPE_SAMTALE);
        tx.update(
            "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id, activity_type, date,"
                + " duration_minutes) values (?, ?, ?, 'samtale', date '2026-11-03', 25)",
            COORD_OSLO,
            MENTOR_MULTI,
            ORG_OSLO);
        assertThat(
                tx.update(
                    "update public.activities set activity_date = date '2026-10-30' where org_id = ?"
                        + " and activity_date = date '2026-11-01'",
                    ORG_OSLO))
            .isEqualTo(2);
        assertThat(
                tx.update(
                    "delete from public.proxy_activities where org_id = ? and date = date '2026-12-10'",
                    ORG_OSLO))
            .isEqualTo(2);
        // the coordinator reads only its own organisation's summary rows
        assertThat(
                tx.count(
                    "select count(*) from public.org_monthly_activity_counts where org_id <> ?",
                    ORG_OSLO))
            .isZero();
        tx.execute("reset role");
        assertThat(tx.count(RAW_VS_SUMMARY)).isZero();
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnScaleData {

    private LocalDatabase db;

    @BeforeAll
    void load() {
      db = SharedScaleDatabase.get();
    }

    @Test
    void summary_afterBulkGeneration_equalsRawCounts() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(tx.count(RAW_VS_SUMMARY)).isZero();
      }
    }

    @Test
    void kpis_ofTheGeneratedRoot_equalIndependentComputation() throws SQLException {
      UUID root;
      UUID admin;
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        root =
            (UUID)
                tx.scalar("select app_scale.root_org_id(?)", SharedScaleDatabase.options().seed());
        admin =
            (UUID)
                tx.scalar(
                    "select user_id from public.org_memberships where org_id = ? and role = 'org_admin' limit 1",
                    root);
      }
      Kpis expected = computeKpis(db, BufdirExpectation.load(db), root);
      assertThat(expected.totalActivities()).isGreaterThan(100_000);
      try (PgSession s = PgSession.user(db, admin)) {
        assertKpis(s, root, expected);
      }
    }
  }
}

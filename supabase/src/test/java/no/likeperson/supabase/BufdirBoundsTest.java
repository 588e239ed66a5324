package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_OSLO;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.TYPE_SAMTALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bounds that keep one row from inflating the Bufdir totals: per activity at most 24 hours (direct
 * and proxy), 100 sessions and 1,000 participants; a pending reimbursement carries no decider. Each
 * refusal is 23514 naming its constraint; the summary totals stay what the base rows say. Writes
 * run as the mentor/coordinator under RLS (PgSession) where the app writes, else as the superuser,
 * and are rolled back.
 */
class BufdirBoundsTest {

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static String insertActivity(PgSession s, Integer minutes, int sessions, int participants)
      throws SQLException {
    PgSession.Outcome o =
        s.attempt(
            "insert into public.activities (org_id, peer_mentor_id, coordinator_id,"
                + " activity_type_id, activity_date, duration_minutes, session_count, participant_count)"
                + " values (?, ?, null, ?, date '2026-07-20', ?, ?, ?)",
            ORG_OSLO,
            MENTOR_OSLO,
            TYPE_SAMTALE,
            minutes,
            sessions,
            participants);
    return o.sqlState() == null ? null : o.sqlState() + " " + o.message();
  }

  @Test
  void activityAtTheBounds_isAccepted() throws SQLException {
    try (PgSession mentor = PgSession.user(db, MENTOR_OSLO)) {
      assertThat(insertActivity(mentor, 1440, 100, 1000)).isNull();
    }
  }

  @Test
  void sessionOrParticipantCountAboveTheBound_isRefused_withItsConstraint() throws SQLException {
    try (PgSession mentor = PgSession.user(db, MENTOR_OSLO)) {
      assertThat(insertActivity(mentor, 60, 101, 1))
          .startsWith("23514")
          .contains("activities_session_count_max_check");
      assertThat(insertActivity(mentor, 60, 2_147_483_647, 1))
          .startsWith("23514")
          .contains("activities_session_count_max_check");
      assertThat(insertActivity(mentor, 60, 1, 1001))
          .startsWith("23514")
          .contains("activities_participant_count_max_check");
      assertThat(insertActivity(mentor, 60, 1, 2_147_483_647))
          .startsWith("23514")
          .contains("activities_participant_count_max_check");
      assertThat(insertActivity(mentor, 1441, 1, 1))
          .startsWith("23514")
          .contains("activities_duration_minutes_check");
    }
  }

  @Test
  void updateAboveTheBound_isRefused() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      Object id = tx.scalar("select id from public.activities where org_id = ? limit 1", ORG_OSLO);
      assertThat(tx.attempt("update public.activities set session_count = 1000 where id = ?", id))
          .isEqualTo("23514");
      assertThat(
              tx.attempt("update public.activities set participant_count = 5000 where id = ?", id))
          .isEqualTo("23514");
      Object proxy =
          tx.scalar("select id from public.proxy_activities where org_id = ? limit 1", ORG_OSLO);
      assertThat(
              tx.attempt(
                  "update public.proxy_activities set duration_minutes = 100000 where id = ?",
                  proxy))
          .isEqualTo("23514");
    }
  }

  @Test
  void proxyActivityLongerThanADay_isRefused_byTheCoordinator() throws SQLException {
    try (PgSession coordinator = PgSession.user(db, COORD_OSLO)) {
      String sql =
          "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id, activity_type,"
              + " activity_type_id, date, duration_minutes) values (?, ?, ?, 'samtale', ?, date '2026-07-20', ?)";
      PgSession.Outcome tooLong =
          coordinator.attempt(sql, COORD_OSLO, MENTOR_OSLO, ORG_OSLO, TYPE_SAMTALE, 1441);
      assertThat(tooLong.sqlState()).as(String.valueOf(tooLong.message())).isEqualTo("23514");
      assertThat(tooLong.message()).contains("proxy_activities_duration_minutes_max_check");
      PgSession.Outcome day =
          coordinator.attempt(sql, COORD_OSLO, MENTOR_OSLO, ORG_OSLO, TYPE_SAMTALE, 1440);
      assertThat(day.sqlState()).as(String.valueOf(day.message())).isNull();
    }
  }

  @Test
  void oneRowCannotInflateTheTotals_beyondOneDayAndTheCaps() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      String totals =
          "select coalesce(sum(session_count), 0) from public.org_monthly_activity_counts where org_id = ?";
      long before = tx.count(totals, ORG_OSLO);
      String huge =
          tx.attempt(
              "insert into public.activities (org_id, peer_mentor_id, activity_type_id, activity_date,"
                  + " duration_minutes, session_count, participant_count) values (?, ?, ?, date '2026-07-21', 1440, 2147483647, 1)",
              ORG_OSLO,
              MENTOR_OSLO,
              TYPE_SAMTALE);
      assertThat(huge).isEqualTo("23514");
      assertThat(tx.count(totals, ORG_OSLO)).isEqualTo(before);
      // the largest row allowed moves the totals by exactly its own (bounded) numbers
      assertThat(
              tx.attempt(
                  "insert into public.activities (org_id, peer_mentor_id, activity_type_id, activity_date,"
                      + " duration_minutes, session_count, participant_count) values (?, ?, ?, date '2026-07-21', 1440, 100, 1000)",
                  ORG_OSLO,
                  MENTOR_OSLO,
                  TYPE_SAMTALE))
          .isNull();
      assertThat(tx.count(totals, ORG_OSLO)).isEqualTo(before + 100);
      assertThat(tx.count("select max(session_count) from public.activities"))
          .isLessThanOrEqualTo(100);
      assertThat(tx.count("select max(participant_count) from public.activities"))
          .isLessThanOrEqualTo(1000);
      assertThat(tx.count("select max(duration_minutes) from public.proxy_activities"))
          .isLessThanOrEqualTo(1440);
    }
  }

  @Test
  void pendingClaimWithADecider_isRefused_evenFromTheClaimant() throws SQLException {
    try (PgSession mentor = PgSession.user(db, MENTOR_OSLO)) {
      PgSession.Outcome o =
          mentor.attempt(
              "insert into public.reimbursements (org_id, user_id, amount, description,"
                  + " status, decided_by) values (?, ?, 100, 'taxi', 'pending', ?)",
              ORG_OSLO,
              MENTOR_OSLO,
              COORD_OSLO);
      assertThat(o.sqlState()).as(String.valueOf(o.message())).isEqualTo("23514");
      // two rules refuse it: a claimant never sets a decider
      // (reimbursements_decider_not_claimant_check,
      // a trigger that runs first) and no pending claim has one (the check below)
      assertThat(o.message())
          .containsAnyOf(
              "reimbursements_pending_undecided_check",
              "nobody decides their own reimbursement claim");
      PgSession.Outcome plain =
          mentor.attempt(
              "insert into public.reimbursements (org_id, user_id, amount,"
                  + " description) values (?, ?, 100, 'taxi')",
              ORG_OSLO,
              MENTOR_OSLO);
      assertThat(plain.sqlState()).as(String.valueOf(plain.message())).isNull();
    }
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      // the check holds for every role, service_role and the superuser included
      assertThatThrownBy(
              () ->
                  tx.update(
                      "insert into public.reimbursements (org_id, user_id, amount, description,"
                          + " status, decided_by) values (?, ?, 100, 'taxi', 'pending', ?)",
                      ORG_OSLO,
                      MENTOR_OSLO,
                      COORD_OSLO))
          .hasMessageContaining("reimbursements_pending_undecided_check");
    }
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      List<Map<String, Object>> bad =
          tx.query(
              "select id from public.reimbursements"
                  + " where status = 'pending' and decided_by is not null");
      assertThat(bad).as("no seeded pending claim has a decider").isEmpty();
    }
  }
}

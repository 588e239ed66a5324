package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Migrations 20261204030000 (per-subtree person totals, get_admin_kpis) and 20261204030100 (the
 * certification expiry run, pg_cron scheduling, the renewal history limit). Expected numbers come
 * from raw rows, never from the functions under test.
 */
class AdminKpisAndCertificationRunTest {

  /**
   * Organisations whose maintained person totals differ from a raw count over memberships, closure
   * and users.
   */
  private static final String PERSON_MISMATCHES =
      "select count(*) from ("
          + " select o.id, coalesce(r.persons, 0) rp, coalesce(r.active, 0) ra,"
          + "        coalesce(t.persons, 0) tp, coalesce(t.active_persons, 0) ta"
          + "   from public.organisations o"
          + "   left join (select c.ancestor_id, count(distinct m.user_id) persons,"
          + "                     count(distinct m.user_id) filter (where u.status = 'active') active"
          + "                from public.org_memberships m"
          + "                join public.organisation_closure c on c.descendant_id = m.org_id"
          + "                join public.users u on u.id = m.user_id group by c.ancestor_id) r on r.ancestor_id = o.id"
          + "   left join app.subtree_person_counts t on t.org_id = o.id) x"
          + " where rp <> tp or ra <> ta";

  /** Rows of app.subtree_persons that a raw computation does not have, or the other way round. */
  private static final String ROW_MISMATCHES =
      "select count(*) from ("
          + " (select c.ancestor_id, m.user_id, bool_or(u.status = 'active') from public.org_memberships m"
          + "   join public.organisation_closure c on c.descendant_id = m.org_id"
          + "   join public.users u on u.id = m.user_id group by 1, 2"
          + "  except select ancestor_id, user_id, active from app.subtree_persons)"
          + " union all"
          + " (select ancestor_id, user_id, active from app.subtree_persons"
          + "  except select c.ancestor_id, m.user_id, bool_or(u.status = 'active') from public.org_memberships m"
          + "   join public.organisation_closure c on c.descendant_id = m.org_id"
          + "   join public.users u on u.id = m.user_id group by 1, 2)) x";

  /** Organisations whose maintained activity/reimbursement totals differ from raw counts. */
  private static final String ORG_TOTAL_MISMATCHES =
      "select count(*) from public.organisations o"
          + " left join app.org_kpi_totals t on t.org_id = o.id"
          + " where coalesce(t.activities, 0) <> (select count(*) from public.activities a where a.org_id = o.id)"
          + "   + (select count(*) from public.proxy_activities p where p.org_id = o.id)"
          + " or coalesce(t.pending_reimbursements, 0) <> (select count(*) from public.reimbursements r"
          + "   where r.org_id = o.id and r.status = 'pending')"
          + " or coalesce(t.reimbursements, 0) <> (select count(*) from public.reimbursements r where r.org_id = o.id)";

  private static LocalDatabase db;
  private static BufdirExpectation rows;

  @BeforeAll
  static void load() throws SQLException {
    db = SharedDatabase.seeded();
    rows = BufdirExpectation.load(db);
  }

  private static void assertPersonTotalsExact(SuperuserTx tx, String after) throws SQLException {
    assertThat(tx.count(PERSON_MISMATCHES))
        .as("organisations with wrong person totals after " + after)
        .isZero();
    assertThat(tx.count(ROW_MISMATCHES)).as("wrong subtree_persons rows after " + after).isZero();
  }

  @Test
  void personTotals_equalRawCounts_onTheSeed_andAfterEveryKindOfWrite() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(tx.count("select count(*) from app.subtree_person_counts"))
          .as("the seed is summarised")
          .isPositive();
      assertPersonTotalsExact(tx, "the seed");
      // a second membership of a counted person (counted once), in another region
      tx.update(
          "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'peer_mentor')",
          MENTOR_BERGEN,
          ORG_OSLO);
      assertPersonTotalsExact(tx, "insert of a second membership");
      // several memberships in one statement
      tx.update(
          "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'coordinator'), "
              + "(?, ?, 'coordinator')",
          COORD_OSLO,
          ORG_BAERUM,
          COORD_BERGEN,
          ORG_OSLO);
      assertPersonTotalsExact(tx, "a multi-row insert");
      tx.update(
          "update public.users set status = 'inactive' where id in (?, ?)",
          MENTOR_OSLO,
          MENTOR_MULTI);
      assertPersonTotalsExact(tx, "status changes to inactive");
      tx.update("update public.users set status = 'suspended' where id = ?", MENTOR_OSLO);
      tx.update("update public.users set status = 'active' where id = ?", MENTOR_INACTIVE);
      assertPersonTotalsExact(tx, "status changes between inactive, suspended and active");
      tx.update(
          "update public.org_memberships set org_id = ? where user_id = ? and org_id = ?",
          ORG_BERGEN,
          MENTOR_BAERUM,
          ORG_BAERUM);
      assertPersonTotalsExact(tx, "a membership moved to another organisation");
      tx.update(
          "delete from public.org_memberships where user_id = ? and org_id = ?",
          MENTOR_MULTI,
          ORG_BAERUM);
      assertPersonTotalsExact(tx, "delete of one of two memberships");
      tx.update("delete from public.org_memberships where user_id = ?", MENTOR_OSLO);
      assertPersonTotalsExact(tx, "delete of every membership of a person");
      // re-parenting moves a chapter with its people into the other region (closure rows change)
      tx.update(
          "update public.organisations set parent_id = ? where id = ?",
          ORG_REGION_VEST,
          ORG_BAERUM);
      assertPersonTotalsExact(tx, "re-parenting");
      UUID empty =
          (UUID)
              tx.scalar(
                  "insert into public.organisations (parent_id, name) values (?, 'Nytt lag') "
                      + "returning id",
                  ORG_REGION_OST);
      assertPersonTotalsExact(tx, "a new organisation");
      tx.update("delete from public.organisations where id = ?", empty);
      tx.update(
          "delete from auth.users where id = ?", ADMIN_BLIND); // a person without activity rows
      assertPersonTotalsExact(tx, "deleting an organisation and a person");
    }
  }

  @Test
  void orgTotals_equalRawCounts_onTheSeed_andAfterActivityAndReimbursementWrites()
      throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(tx.count("select count(*) from app.org_kpi_totals where activities > 0"))
          .isPositive();
      assertThat(tx.count(ORG_TOTAL_MISMATCHES)).as("after the seed").isZero();
      tx.update(
          "update public.activities set activity_date = activity_date - 45 where org_id = ? "
              + "and activity_date >= date '2026-03-01'",
          ORG_OSLO);
      assertThat(tx.count(ORG_TOTAL_MISMATCHES))
          .as("after moving activities to other months")
          .isZero();
      tx.update(
          "delete from public.activities where org_id = ? and activity_date < date '2026-06-01'",
          ORG_BERGEN);
      tx.update("delete from public.proxy_activities where org_id = ?", ORG_TRONDHEIM);
      assertThat(tx.count(ORG_TOTAL_MISMATCHES))
          .as("after deleting activities and proxy activities")
          .isZero();
      tx.update(
          "update public.reimbursements set status = case when status = 'pending' then 'approved' "
              + "else 'pending' end, decided_at = case when status = 'pending' then now() end, "
              // a pending claim carries no decider (reimbursements_pending_undecided_check)
              + "decided_by = case when status = 'pending' then decided_by end where org_id = ?",
          ORG_OSLO);
      assertThat(tx.count(ORG_TOTAL_MISMATCHES)).as("after status changes").isZero();
      tx.update("delete from public.reimbursements where org_id = ?", ORG_TRONDHEIM);
      assertThat(tx.count(ORG_TOTAL_MISMATCHES)).as("after deleting reimbursements").isZero();
      String nonZero =
          "select string_agg(t::text, ',' order by org_id) from app.org_kpi_totals t "
              + "where activities > 0 or reimbursements > 0";
      Object before = tx.scalar(nonZero);
      tx.execute("select app.refresh_org_kpi_totals()");
      assertThat(tx.scalar(nonZero)).as("a rebuild gives the maintained totals").isEqualTo(before);
      assertThat(tx.count(ORG_TOTAL_MISMATCHES)).as("after a rebuild").isZero();
    }
  }

  @Test
  void personTotals_followATruncateCascadeOfTheTables_theyDescribe() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.execute("truncate public.organisations, public.users cascade");
      assertThat(tx.count("select count(*) from app.subtree_persons")).isZero();
      assertThat(tx.count("select count(*) from app.subtree_person_counts")).isZero();
      assertThat(tx.count("select count(*) from app.org_kpi_totals")).isZero();
    }
  }

  @Test
  void refresh_rebuildsTheSameTotals() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      String before =
          (String)
              tx.scalar(
                  "select string_agg(t::text, ',' order by org_id) from app.subtree_person_counts t");
      tx.execute("delete from app.subtree_person_counts; delete from app.subtree_persons");
      tx.execute("select app.refresh_subtree_persons(null)");
      assertThat(
              tx.scalar(
                  "select string_agg(t::text, ',' order by org_id) from app.subtree_person_counts t"))
          .isEqualTo(before);
    }
  }

  // ------------------------------------------------------------------------------- get_admin_kpis

  static Stream<Arguments> scopes() {
    return Stream.of(
        Arguments.of(ADMIN_NATIONAL, ORG_NATIONAL, null),
        Arguments.of(ADMIN_NATIONAL, ORG_NATIONAL, ORG_REGION_OST),
        Arguments.of(ADMIN_NATIONAL, ORG_NATIONAL, ORG_BERGEN),
        Arguments.of(ADMIN_NATIONAL, ORG_REGION_VEST, ORG_BERGEN),
        Arguments.of(ADMIN_OST, ORG_REGION_OST, null),
        Arguments.of(ADMIN_OST, ORG_REGION_OST, ORG_OSLO),
        Arguments.of(ADMIN_BLIND, ORG_BLIND, ORG_TRONDHEIM));
  }

  @ParameterizedTest(name = "{0}: root {1}, scope {2}")
  @MethodSource("scopes")
  void getAdminKpis_equalsTheIndependentComputation_forEveryKpiAlone(
      UUID admin, UUID root, UUID scope) throws SQLException {
    UUID counted = scope == null ? root : scope;
    AdminKpiAndSummaryTest.Kpis expected = AdminKpiAndSummaryTest.computeKpis(db, rows, counted);
    try (PgSession s = PgSession.user(db, admin)) {
      JsonNode all =
          BufdirExpectation.parse(
              (String) s.scalar("select public.get_admin_kpis(?, ?, 'all')::text", root, scope));
      assertThat(all.get("organisation_id").asText()).isEqualTo(counted.toString());
      assertThat(all.get("active_user_count").asLong()).isEqualTo(expected.activeUsers());
      assertThat(all.get("total_activities_count").asLong()).isEqualTo(expected.totalActivities());
      assertThat(all.get("pending_reimbursements_count").asLong()).isEqualTo(expected.pending());
      assertThat(all.get("org_health_score").asDouble()).isCloseTo(expected.health(), within(1e-9));
      for (String kpi :
          List.of(
              "active_user_count",
              "total_activities_count",
              "pending_reimbursements_count",
              "org_health_score")) {
        JsonNode one =
            BufdirExpectation.parse(
                (String) s.scalar("select public.get_admin_kpis(?, ?, ?)::text", root, scope, kpi));
        assertThat(one.size()).as("only organisation_id and " + kpi).isEqualTo(2);
        assertThat(one.get(kpi)).isEqualTo(all.get(kpi));
      }
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(ADMIN_OST, ORG_NATIONAL, null), // an ancestor of the own root
        Arguments.of(ADMIN_OST, ORG_BERGEN, null), // another region's chapter
        Arguments.of(ADMIN_OST, ORG_REGION_OST, ORG_BERGEN), // narrowed outside the own subtree
        Arguments.of(
            ADMIN_OST, ORG_REGION_OST, ORG_BLIND), // the unrelated organisation's root as scope
        Arguments.of(ADMIN_NATIONAL, ORG_BLIND, null), // the unrelated organisation's root
        Arguments.of(ADMIN_NATIONAL, ORG_TRONDHEIM, null), // a descendant of the foreign root
        Arguments.of(
            ADMIN_NATIONAL, ORG_REGION_OST, ORG_BERGEN), // administered, but not under that root
        Arguments.of(ADMIN_BLIND, ORG_BLIND, ORG_OSLO),
        Arguments.of(COORD_OSLO, ORG_OSLO, null),
        Arguments.of(MENTOR_OSLO, ORG_OSLO, null));
  }

  @ParameterizedTest(name = "{0}: root {1}, scope {2}")
  @MethodSource("refused")
  void getAdminKpis_outsideTheRootsSubtree_isRefusedWith42501(UUID caller, UUID root, UUID scope)
      throws SQLException {
    try (PgSession s = PgSession.user(db, caller)) {
      for (String kpi : List.of("all", "active_user_count", "org_health_score")) {
        assertThat(s.attempt("select public.get_admin_kpis(?, ?, ?)", root, scope, kpi).sqlState())
            .isEqualTo("42501");
      }
    }
  }

  @Test
  void getAdminKpis_badArguments_haveTheirOwnCodes() throws SQLException {
    try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
      assertThat(s.attempt("select public.get_admin_kpis(null, null, 'all')").sqlState())
          .isEqualTo("22004");
      assertThat(
              s.attempt("select public.get_admin_kpis(?, null, 'rows')", ORG_NATIONAL).sqlState())
          .isEqualTo("22023");
      assertThat(s.attempt("select public.get_admin_kpis(?, null, null)", ORG_NATIONAL).sqlState())
          .isEqualTo("22023");
    }
    try (PgSession s = PgSession.anon(db)) {
      assertThat(s.attempt("select public.get_admin_kpis(?)", ORG_NATIONAL).sqlState())
          .isEqualTo("42501");
    }
  }

  // ------------------------------------------------------------------------------- expiry run

  @Test
  void expiryRun_marksExactlyTheDueActiveCertifications_inOneCall() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      // due: active and past expiry (the seed has none; two are made due here)
      tx.update(
          "update public.peer_mentor_certifications set expires_at = now() - interval '1 hour' where id in (?, ?)",
          CERT_MULTI_EXPIRING,
          CERT_TRONDHEIM_EXPIRING);
      tx.update(
          "update public.peer_mentor_certifications set expires_at = now() - interval '1 day' where id = ?",
          CERT_INACTIVE_SUSPENDED); // suspended stays suspended
      List<Object> due =
          tx
              .query(
                  "select id from public.peer_mentor_certifications "
                      + "where status = 'active' and expires_at <= now() order by id")
              .stream()
              .map(r -> r.get("id"))
              .toList();
      assertThat(due).containsExactly(CERT_MULTI_EXPIRING, CERT_TRONDHEIM_EXPIRING);
      String untouched =
          "select string_agg(id::text || status, ',' order by id) from public.peer_mentor_certifications "
              + "where not (id = any (?::uuid[]))";
      Object before =
          tx.scalar(untouched, (Object) due.stream().map(Object::toString).toArray(String[]::new));
      tx.execute("set local role service_role");
      assertThat(((Number) tx.scalar("select public.expire_due_certifications()")).intValue())
          .isEqualTo(due.size());
      assertThat(((Number) tx.scalar("select public.expire_due_certifications()")).intValue())
          .as("a second run")
          .isZero();
      tx.execute("reset role");
      assertThat(
              tx.count(
                  "select count(*) from public.peer_mentor_certifications where id = any (?::uuid[]) "
                      + "and status = 'expired'",
                  (Object) due.stream().map(Object::toString).toArray(String[]::new)))
          .isEqualTo(2);
      assertThat(
              tx.scalar(
                  untouched, (Object) due.stream().map(Object::toString).toArray(String[]::new)))
          .isEqualTo(before);
    }
  }

  @Test
  void expiryRun_isRefusedToEveryUserRole() throws SQLException {
    for (UUID user : List.of(ADMIN_NATIONAL, COORD_OSLO, MENTOR_OSLO)) {
      try (PgSession s = PgSession.user(db, user)) {
        assertThat(s.attempt("select public.expire_due_certifications()").sqlState())
            .isEqualTo("42501");
      }
    }
    try (PgSession s = PgSession.anon(db)) {
      assertThat(s.attempt("select public.expire_due_certifications()").sqlState())
          .isEqualTo("42501");
    }
  }

  @Test
  void expiryRun_usesThePartialIndexOfActiveCertifications() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.execute("set local enable_seqscan = off");
      String plan =
          tx
              .query(
                  "explain select id from public.peer_mentor_certifications "
                      + "where status = 'active' and expires_at <= now()")
              .stream()
              .map(r -> String.valueOf(r.values().iterator().next()))
              .reduce("", (a, b) -> a + b + "\n");
      assertThat(plan).contains("peer_mentor_certifications_due_idx");
    }
  }

  @Test
  void migration_schedulesTheRunWithPgCron_whereItExists_andTheRollbackUnschedulesIt()
      throws SQLException {
    String migration =
        SqlScripts.read(SqlScripts.MIGRATIONS + "20261204030100_certification_expiry_run.sql");
    String rollback =
        SqlScripts.read(
            SqlScripts.ROOT + "rollbacks/20261204030100_certification_expiry_run.down.sql");
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      // a stand-in for pg_cron's API (the embedded PostgreSQL has no pg_cron), recording the calls
      tx.execute(
          "create schema cron; create table cron.job (jobid bigserial, jobname text, schedule text, command text);"
              + "create function cron.schedule(p_name text, p_schedule text, p_command text) returns bigint language sql "
              + "as $$ insert into cron.job (jobname, schedule, command) values (p_name, p_schedule, p_command) returning jobid $$;"
              + "create function cron.unschedule(p_job bigint) returns boolean language sql "
              + "as $$ delete from cron.job where jobid = p_job returning true $$;");
      tx.execute(migration);
      assertThat(tx.query("select jobname, schedule, command from cron.job"))
          .singleElement()
          .satisfies(
              job -> {
                assertThat(job.get("jobname")).isEqualTo("expire-due-certifications");
                assertThat(job.get("command"))
                    .isEqualTo("select public.expire_due_certifications()");
              });
      tx.execute(rollback);
      assertThat(tx.count("select count(*) from cron.job")).isZero();
      assertThat(tx.scalar("select to_regprocedure('public.expire_due_certifications()')::text"))
          .isNull();
    }
  }

  // ------------------------------------------------------------------------------- history size
  // guard

  private static String history(int entries) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < entries; i++) {
      b.append(i == 0 ? "" : ",")
          .append(
              "{\"schema_version\":1,\"renewed_at\":\"2020-01-01T00:00:00Z\","
                  + "\"previous_expires_at\":null,\"renewed_by\":null,\"notes\":null}");
    }
    return b.append(']').toString();
  }

  @Test
  void renewalHistory_atTheHardLimit_refusesTheNextRenewalWithAClearError() throws SQLException {
    String coordinator = PgSession.claimsFor(db, COORD_OSLO);
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.update(
          "update public.peer_mentor_certifications set renewal_history = ?::jsonb where id = ?",
          history(500),
          CERT_OSLO_ACTIVE);
      // the coordinator renews, in the same transaction
      tx.scalar("select set_config('request.jwt.claims', ?, true)", coordinator);
      tx.execute("set local role authenticated");
      try (var ps =
          tx.connection()
              .prepareStatement(
                  "select public.renew_certification(?, now() + interval '30 years', 'one more')")) {
        ps.setObject(1, CERT_OSLO_ACTIVE);
        var sp = tx.connection().setSavepoint();
        org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeQuery)
            .isInstanceOfSatisfying(
                SQLException.class,
                e -> {
                  assertThat(e.getSQLState()).isEqualTo("23514");
                  assertThat(e.getMessage())
                      .contains("at most 500")
                      .contains("peer_mentor_certifications_renewal_history_limit".substring(0, 0));
                });
        tx.connection().rollback(sp);
      }
      tx.execute("reset role");
      assertThat(
              tx.attempt(
                  "update public.peer_mentor_certifications set renewal_history = ?::jsonb where id = ?",
                  history(501),
                  CERT_OSLO_ACTIVE))
          .isEqualTo("23514");
      tx.update(
          "update public.peer_mentor_certifications set renewal_history = ?::jsonb where id = ?",
          history(51),
          CERT_OSLO_ACTIVE);
      assertThat(
              tx.count(
                  "select jsonb_array_length(renewal_history) from public.peer_mentor_certifications "
                      + "where id = ?",
                  CERT_OSLO_ACTIVE))
          .as("above 50 only warns")
          .isEqualTo(51);
    }
  }
}

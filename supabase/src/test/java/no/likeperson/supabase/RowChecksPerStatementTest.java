package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.ADMIN_OST;
import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.COORD_TRONDHEIM;
import static no.likeperson.supabase.SeedData.MENTOR_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_TRONDHEIM;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.ORG_TRONDHEIM;
import static no.likeperson.supabase.SeedData.TYPE_BLIND_SAMTALE;
import static no.likeperson.supabase.SeedData.TYPE_SAMTALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same-organisation row checks pay for the caller's scope once per statement, not once per row
 * (migration 20261205030100, docs/hardening.md item 10), and the proxy audit trail is written once
 * per statement; the answers stay those of the per-row version. Call counts come from {@code
 * pg_stat_xact_user_functions} ({@code track_functions = all}, this transaction only), so the tests
 * count work instead of timing it. Everything runs in one rolled-back superuser transaction that
 * switches role and claims as PostgREST does.
 */
class RowChecksPerStatementTest {

  private static final int ROWS = 200;
  private static final String SERVICE_CLAIMS =
      "{\"role\":\"service_role\",\"iss\":\"supabase-demo\"}";

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static void asSuperuser(SuperuserTx tx) throws SQLException {
    tx.execute("reset role");
  }

  /** Calls of {@code schema.name} by this transaction so far (0 when never called). */
  private static long calls(SuperuserTx tx, String schema, String name) throws SQLException {
    return tx.count(
        "select coalesce(sum(calls), 0) from pg_stat_xact_user_functions"
            + " where schemaname = ? and funcname = ?",
        schema,
        name);
  }

  private static String insertActivities(UUID org, UUID mentor, UUID type, int rows) {
    return "insert into public.activities (org_id, peer_mentor_id, activity_type_id, activity_date,"
        + " duration_minutes) select '"
        + org
        + "', '"
        + mentor
        + "', '"
        + type
        + "',"
        + " date '2026-03-01' + (g % 28), 30 from generate_series(1, "
        + rows
        + ") g";
  }

  @Test
  void batchInsert_computesTheCallersScopeOncePerStatement_notPerRow() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.execute("set local track_functions = 'all'");
      tx.actAs(db, COORD_OSLO);
      assertThat(tx.update(insertActivities(ORG_OSLO, MENTOR_OSLO, TYPE_SAMTALE, ROWS)))
          .isEqualTo(ROWS);
      tx.update(
          "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
              + " activity_type, date, duration_minutes) select ?, ?, ?, 'samtale', date '2026-03-01' + (g % 28), 30"
              + " from generate_series(1, "
              + ROWS
              + ") g",
          COORD_OSLO,
          MENTOR_OSLO,
          ORG_OSLO);
      asSuperuser(tx);
      // 2 x 200 rows checked; the per-row version computed the scope for each of them
      assertThat(calls(tx, "app", "activities_check_attribution")).isEqualTo(ROWS);
      assertThat(calls(tx, "app", "proxy_activities_check_attribution")).isEqualTo(ROWS);
      assertThat(calls(tx, "app", "row_left_to_rls")).isEqualTo(2 * ROWS);
      assertThat(calls(tx, "app", "visible_org_ids")).isEqualTo(1);
    }
  }

  @Test
  void proxyAuditTrail_isWrittenOncePerStatement_withOneRowPerChangedRow() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.execute("set local track_functions = 'all'");
      tx.execute(
          "create temp table batch as select gen_random_uuid() as id from generate_series(1, 3)");
      tx.execute("grant select on batch to authenticated");
      tx.actAs(db, COORD_OSLO);
      tx.update(
          "insert into public.proxy_activities (id, coordinator_id, attributed_mentor_id, org_id,"
              + " activity_type, date, duration_minutes) select b.id, ?, ?, ?, 'samtale', date '2026-04-02', 40"
              + " from batch b",
          COORD_OSLO,
          MENTOR_OSLO,
          ORG_OSLO);
      List<String> inserted = rowsAsJson(tx);
      tx.update(
          "update public.proxy_activities set duration_minutes = 50 where id in (select id from batch)");
      List<String> updated = rowsAsJson(tx);
      tx.update("delete from public.proxy_activities where id in (select id from batch)");
      asSuperuser(tx);
      assertThat(tx.scalar("select to_regprocedure('app.proxy_activities_write_audit()') is null"))
          .isEqualTo(true);
      assertThat(calls(tx, "app", "proxy_activities_write_audit_rows")).isEqualTo(3);

      List<Map<String, Object>> audit =
          tx.query(
              "select a.action, a.actor_id, a.actor_role, a.org_id,"
                  + " a.coordinator_id, a.attributed_mentor_id, a.row_data::text as row_data"
                  + " from public.proxy_audit_log a join batch b on b.id = a.proxy_activity_id"
                  + " order by a.proxy_activity_id, array_position(array['insert', 'update', 'delete'], a.action)");
      assertThat(audit).hasSize(9);
      List<String> expectedData = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        expectedData.add(inserted.get(i));
        expectedData.add(updated.get(i));
        expectedData.add(updated.get(i)); // a delete records the row as it was
      }
      for (int i = 0; i < audit.size(); i++) {
        Map<String, Object> row = audit.get(i);
        assertThat(row.get("action")).isEqualTo(List.of("insert", "update", "delete").get(i % 3));
        assertThat(row.get("actor_id")).isEqualTo(COORD_OSLO);
        assertThat(row.get("actor_role")).isEqualTo("authenticated");
        assertThat(row.get("org_id")).isEqualTo(ORG_OSLO);
        assertThat(row.get("coordinator_id")).isEqualTo(COORD_OSLO);
        assertThat(row.get("attributed_mentor_id")).isEqualTo(MENTOR_OSLO);
        assertThat(row.get("row_data")).isEqualTo(expectedData.get(i));
      }
    }
  }

  /** The batch's proxy rows as to_jsonb text, in id order (read as the superuser). */
  private static List<String> rowsAsJson(SuperuserTx tx) throws SQLException {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> r :
        tx.query(
            "select to_jsonb(p)::text as j from public.proxy_activities p"
                + " join batch b on b.id = p.id order by p.id")) {
      out.add((String) r.get("j"));
    }
    return out;
  }

  @Test
  void keptScope_neverSkipsTheChecksOfARowTheCallerMayNowSee() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.actAs(db, ADMIN_OST);
      // the scope is computed and kept (Oslo is in it, Trondheim is not)
      assertThat(tx.attempt(insertActivities(ORG_OSLO, MENTOR_OSLO, TYPE_SAMTALE, 1))).isNull();
      asSuperuser(tx);
      tx.update(
          "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'coordinator')",
          ADMIN_OST,
          ORG_TRONDHEIM);
      tx.actAs(db, ADMIN_OST);
      // now coordinator of Trondheim, so RLS lets the row in: only the check can refuse the
      // Oslo mentor there, and a kept scope without Trondheim must not skip it
      assertThat(tx.attempt(insertActivities(ORG_TRONDHEIM, MENTOR_OSLO, TYPE_BLIND_SAMTALE, 1)))
          .isEqualTo("23514");
      assertThat(
              tx.attempt(insertActivities(ORG_TRONDHEIM, MENTOR_TRONDHEIM, TYPE_BLIND_SAMTALE, 1)))
          .isNull();
    }
  }

  @Test
  void keptScope_belongsToOneCaller() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.act("service_role", SERVICE_CLAIMS);
      assertThat(
              tx.attempt(insertActivities(ORG_TRONDHEIM, MENTOR_TRONDHEIM, TYPE_BLIND_SAMTALE, 1)))
          .isNull();
      // after service_role (which checks every row), a coordinator's foreign row is still RLS's
      tx.actAs(db, COORD_OSLO);
      assertThat(tx.attempt(insertActivities(ORG_TRONDHEIM, MENTOR_OSLO, TYPE_BLIND_SAMTALE, 1)))
          .isEqualTo("42501");
      assertThat(tx.attempt(insertActivities(ORG_OSLO, MENTOR_TRONDHEIM, TYPE_SAMTALE, 1)))
          .isEqualTo("23514");
      // and after the coordinator, service_role's foreign rows are checked again
      tx.act("service_role", SERVICE_CLAIMS);
      assertThat(tx.attempt(insertActivities(ORG_TRONDHEIM, MENTOR_OSLO, TYPE_BLIND_SAMTALE, 1)))
          .isEqualTo("23514");
      // another person with the same role: Trondheim's coordinator sees Trondheim, not Oslo
      tx.actAs(db, COORD_TRONDHEIM);
      assertThat(tx.attempt(insertActivities(ORG_TRONDHEIM, MENTOR_OSLO, TYPE_BLIND_SAMTALE, 1)))
          .isEqualTo("23514");
      assertThat(tx.attempt(insertActivities(ORG_OSLO, MENTOR_TRONDHEIM, TYPE_SAMTALE, 1)))
          .isEqualTo("42501");
    }
  }

  @Test
  void rowLeftToRls_answersAsTheScopeHelpers_coldAndKept() throws SQLException {
    List<String[]> identities = new ArrayList<>();
    identities.add(new String[] {"anon", "{\"role\":\"anon\"}"});
    identities.add(new String[] {"service_role", SERVICE_CLAIMS});
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      for (Map<String, Object> u : tx.query("select id from public.users order by id")) {
        identities.add(new String[] {"authenticated", PgSession.claimsFor(db, (UUID) u.get("id"))});
      }
    }
    assertThat(identities).hasSizeGreaterThan(10);
    // every organisation (read by the superuser, so RLS hides none), an unknown id and null
    String differences =
        "select count(*) from probe_orgs o"
            + " where app.row_left_to_rls(o.id) is distinct from"
            + " (not app.caller_bypasses_rls() and not (o.id = any (app.visible_org_ids())))";
    for (String[] identity : identities) {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        tx.execute(
            "grant execute on function app.row_left_to_rls(uuid), app.visible_org_ids(),"
                + " app.caller_bypasses_rls() to anon, authenticated, service_role");
        tx.execute(
            "create temp table probe_orgs as select id from public.organisations"
                + " union all select gen_random_uuid() union all select null");
        tx.execute("grant select on probe_orgs to anon, authenticated, service_role");
        tx.act(identity[0], identity[1]);
        assertThat(tx.count(differences)).as("cold, %s", identity[1]).isZero();
        assertThat(tx.count(differences)).as("kept, %s", identity[1]).isZero();
      }
    }
  }
}

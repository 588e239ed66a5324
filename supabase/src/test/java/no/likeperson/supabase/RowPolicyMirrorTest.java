package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code app.bufdir_activity_groups} (migration 20261205070100) applies the SELECT policies of
 * {@code activities} and {@code proxy_activities} itself, as index conditions, instead of letting
 * RLS check every row. It is SECURITY DEFINER, so these tests are what keeps it from showing more
 * than the policies: for every seeded user, with and without the pre-request, over every
 * organisation of the database (not only those the user may aggregate), its sums equal the same
 * sums computed from the tables under the user's RLS. The policies' text is pinned: a change to
 * either policy fails here until the function follows it.
 */
class RowPolicyMirrorTest {

  /**
   * The policies the function mirrors, as the catalog prints them (migration 20261205080100: the
   * staff organisations tested by the row's number; the function applies the same set as uuids).
   */
  private static final String ACTIVITIES_SELECT =
      "((peer_mentor_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true),"
          + " ''::text))::uuid, auth.uid()) AS \"coalesce\")) OR (substr(( SELECT"
          + " COALESCE(convert_to(NULLIF(current_setting('app.scope_slots_staff'::text, true),"
          + " ''::text), 'UTF8'::name), app.org_slot_set(app.staff_org_ids())) AS \"coalesce\"),"
          + " (org_slot + 1), 1) = '\\x31'::bytea))";

  private static final String PROXY_ACTIVITIES_SELECT =
      ACTIVITIES_SELECT.replace("peer_mentor_id", "attributed_mentor_id");

  /** The function's groups, summed per (mentor, type, organisation) over both tables. */
  private static final String MIRRORED =
      "select mentor_id, activity_type_id, org_id, sum(sessions), sum(minutes), sum(activities),"
          + " sum(proxies), sum(unknown) from app.bufdir_activity_groups(?, ?::date, ?::date)"
          + " group by 1, 2, 3 order by 1, 2, 3";

  /** The same sums straight from the tables, under the caller's RLS. */
  private static final String UNDER_RLS =
      "select mentor_id, activity_type_id, org_id, sum(s), sum(m), sum(c), sum(p), sum(u) from ("
          + " select peer_mentor_id as mentor_id, activity_type_id, org_id, session_count as s,"
          + " coalesce(duration_minutes, 0) as m, 1 as c, 0 as p,"
          + " (duration_minutes is null)::int as u from public.activities"
          + " where org_id = any (?) and activity_date between ?::date and ?::date"
          + " union all"
          + " select attributed_mentor_id, activity_type_id, org_id, 1, duration_minutes, 1, 1, 0"
          + " from public.proxy_activities"
          + " where org_id = any (?) and date between ?::date and ?::date) x"
          + " group by 1, 2, 3 order by 1, 2, 3";

  private static final String FROM = "1900-01-01";
  private static final String TO = "2999-12-31";

  private static LocalDatabase db;
  private static List<UUID> users;
  private static List<UUID> organisations;

  @BeforeAll
  static void start() throws SQLException {
    db = SharedDatabase.seeded();
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      users = ids(tx, "select id from public.users order by id");
      organisations = ids(tx, "select id from public.organisations order by id");
    }
  }

  private static List<UUID> ids(SuperuserTx tx, String sql) throws SQLException {
    List<UUID> out = new ArrayList<>();
    for (Map<String, Object> row : tx.query(sql)) {
      out.add((UUID) row.get("id"));
    }
    return out;
  }

  /** {@link PgSession#query} or {@link SuperuserTx#query}. */
  @FunctionalInterface
  private interface Query {
    List<Map<String, Object>> run(String sql, Object... params) throws SQLException;
  }

  /** The rows of {@code sql} over every organisation and the whole period, one string each. */
  private static List<String> rows(Connection c, Query query, String sql, int orgParams)
      throws SQLException {
    Array orgs = c.createArrayOf("uuid", organisations.toArray());
    List<Object> params = new ArrayList<>();
    for (int k = 0; k < orgParams; k++) {
      params.addAll(List.of(orgs, FROM, TO));
    }
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : query.run(sql, params.toArray())) {
      out.add(row.values().toString());
    }
    return out;
  }

  @Test
  void everySeededUser_seesThroughTheFunction_exactlyWhatThePoliciesShow() throws SQLException {
    Set<Integer> sizes = new HashSet<>();
    for (boolean preRequest : new boolean[] {true, false}) {
      for (UUID user : users) {
        try (PgSession s = PgSession.user(db, user, preRequest)) {
          List<String> policies = rows(s.connection(), s::query, UNDER_RLS, 2);
          assertThat(rows(s.connection(), s::query, MIRRORED, 1))
              .as("user %s, pre-request %s", user, preRequest)
              .containsExactlyElementsOf(policies);
          sizes.add(policies.size());
        }
      }
    }
    // not a vacuous comparison: users see different parts (a mentor their own rows, a coordinator
    // a chapter, an admin a subtree)
    assertThat(sizes).hasSizeGreaterThan(3);
  }

  @Test
  void aRoleThatBypassesRls_seesEveryRow_asRlsWould() throws SQLException {
    List<String> all;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      all = rows(tx.connection(), tx::query, UNDER_RLS, 2);
    }
    assertThat(all).isNotEmpty();
    try (PgSession s = PgSession.serviceRole(db)) {
      assertThat(rows(s.connection(), s::query, MIRRORED, 1)).containsExactlyElementsOf(all);
    }
  }

  @Test
  void anon_cannotCallIt() throws SQLException {
    try (PgSession s = PgSession.anon(db)) {
      Array orgs = s.connection().createArrayOf("uuid", organisations.toArray());
      assertThat(s.attempt(MIRRORED, orgs, FROM, TO).sqlState()).isEqualTo("42501");
    }
  }

  @Test
  void thePoliciesItMirrors_areUnchanged() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      List<String> found = new ArrayList<>();
      for (Map<String, Object> p :
          tx.query(
              "select tablename, policyname, permissive, roles::text as roles, qual from pg_policies"
                  + " where schemaname = 'public' and tablename in ('activities', 'proxy_activities')"
                  + " and cmd in ('SELECT', 'ALL') order by tablename, policyname")) {
        found.add(
            String.join(
                " ",
                (String) p.get("tablename"),
                (String) p.get("policyname"),
                (String) p.get("permissive"),
                (String) p.get("roles")));
        String expected =
            p.get("tablename").equals("activities") ? ACTIVITIES_SELECT : PROXY_ACTIVITIES_SELECT;
        assertThat((String) p.get("qual"))
            .as(
                "%s changed: app.bufdir_activity_groups applies this policy itself and must"
                    + " follow it (a new migration), then update this test",
                p.get("policyname"))
            .isEqualTo(expected);
      }
      assertThat(found)
          .containsExactly(
              "activities activities_select PERMISSIVE {authenticated}",
              "proxy_activities proxy_activities_select PERMISSIVE {authenticated}");
    }
  }
}

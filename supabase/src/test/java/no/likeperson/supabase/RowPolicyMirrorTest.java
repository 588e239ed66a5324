package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  /** The policies the function mirrors, as the catalog prints them (migration 20261205040000). */
  private static final String ACTIVITIES_SELECT =
      "((peer_mentor_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true),"
          + " ''::text))::uuid, auth.uid()) AS \"coalesce\")) OR (org_id IN ( SELECT unnest(("
          + " SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true),"
          + " ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true),"
          + " ''::text))::uuid[]), app.staff_org_ids()) AS \"coalesce\")) AS unnest)))";

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
    users = ids("select id from public.users order by id");
    organisations = ids("select id from public.organisations order by id");
  }

  private static List<UUID> ids(String sql) throws SQLException {
    List<UUID> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getObject(1, UUID.class));
      }
    }
    return out;
  }

  /** A transaction as PostgREST opens it for a user: role, claims, the pre-request when asked. */
  private static Connection request(UUID caller, boolean preRequest) throws SQLException {
    Connection c = db.authenticatorDataSource().getConnection();
    c.setAutoCommit(false);
    try (PreparedStatement ps =
        c.prepareStatement(
            "select set_config('role', 'authenticated', true),"
                + " set_config('request.jwt.claims', ?, true)")) {
      ps.setString(1, PgSession.claimsFor(db, caller));
      ps.execute();
    }
    if (preRequest) {
      try (Statement st = c.createStatement()) {
        st.execute("select app.pre_request()");
      }
    }
    return c;
  }

  private static List<String> rows(Connection c, String sql, int orgParams) throws SQLException {
    Array orgs = c.createArrayOf("uuid", organisations.toArray());
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (int k = 0; k < orgParams; k++) {
        ps.setArray(i++, orgs);
        ps.setString(i++, FROM);
        ps.setString(i++, TO);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int col = 1; col <= n; col++) {
            row.append(rs.getString(col)).append('|');
          }
          out.add(row.toString());
        }
      }
    }
    return out;
  }

  @Test
  void everySeededUser_seesThroughTheFunction_exactlyWhatThePoliciesShow() throws SQLException {
    Set<Integer> sizes = new HashSet<>();
    for (boolean preRequest : new boolean[] {true, false}) {
      for (UUID user : users) {
        try (Connection c = request(user, preRequest)) {
          List<String> policies = rows(c, UNDER_RLS, 2);
          assertThat(rows(c, MIRRORED, 1))
              .as("user %s, pre-request %s", user, preRequest)
              .containsExactlyElementsOf(policies);
          sizes.add(policies.size());
          c.rollback();
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
    try (Connection c = db.dataSource().getConnection()) {
      all = rows(c, UNDER_RLS, 2);
    }
    try (Connection c = db.authenticatorDataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("set local role service_role");
      }
      assertThat(all).isNotEmpty();
      assertThat(rows(c, MIRRORED, 1)).containsExactlyElementsOf(all);
      c.rollback();
    }
  }

  @Test
  void anon_cannotCallIt() throws SQLException {
    try (Connection c = db.authenticatorDataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("set local role anon");
      }
      assertThatThrownBy(() -> rows(c, MIRRORED, 1))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      c.rollback();
    }
  }

  @Test
  void thePoliciesItMirrors_areUnchanged() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select tablename, policyname, permissive, roles::text, qual from pg_policies"
                    + " where schemaname = 'public' and tablename in ('activities', 'proxy_activities')"
                    + " and cmd in ('SELECT', 'ALL') order by tablename, policyname")) {
      List<String> found = new ArrayList<>();
      while (rs.next()) {
        found.add(
            String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        String expected =
            rs.getString(1).equals("activities") ? ACTIVITIES_SELECT : PROXY_ACTIVITIES_SELECT;
        assertThat(rs.getString(5))
            .as(
                "%s changed: app.bufdir_activity_groups applies this policy itself and must"
                    + " follow it (a new migration), then update this test",
                rs.getString(2))
            .isEqualTo(expected);
      }
      assertThat(found)
          .containsExactly(
              "activities activities_select PERMISSIVE {authenticated}",
              "proxy_activities proxy_activities_select PERMISSIVE {authenticated}");
    }
  }
}

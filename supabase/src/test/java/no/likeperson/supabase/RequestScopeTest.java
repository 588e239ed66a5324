package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.ADMIN_NATIONAL;
import static no.likeperson.supabase.SeedData.ADMIN_OST;
import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_BERGEN;
import static no.likeperson.supabase.SeedData.MENTOR_TRONDHEIM;
import static no.likeperson.supabase.SeedData.ORG_NATIONAL;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.ORG_TRONDHEIM;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request scope of migration 20261205040000 (docs/hardening.md, item 2): {@code
 * app.pre_request()} computes the caller's organisation sets before the query, the policies read
 * them and fall back to the helpers when they were not computed for this role and these claims.
 * Sessions here are raw JDBC on the authenticator connection (or the superuser where the test needs
 * {@code track_functions}), so that each test chooses whether the pre-request runs.
 */
class RequestScopeTest {

  /** What a policy reads for each set (migration 20261205040000) and the helper it replaces. */
  private static final String[][] SETS = {
    {"staff", "stored('coordinator') || stored('admin')", "app.staff_org_ids()"},
    {"admin", "stored('admin')", "app.admin_org_ids()"},
    {"coordinator", "stored('coordinator')", "app.coordinator_org_ids()"},
    {"visible", "stored('member') || stored('admin')", "app.visible_org_ids()"},
    {"lineage", "stored('lineage') || stored('admin')", "app.lineage_org_ids()"},
    {"peer_mentor", "stored('peer_mentor')", "app.org_ids_with_role(array['peer_mentor'])"}
  };

  private static LocalDatabase db;
  private static String trondheimEmail;
  private static int trondheimSlot;

  @BeforeAll
  static void start() throws SQLException {
    db = SharedDatabase.seeded();
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      trondheimSlot =
          ((Number)
                  tx.scalar(
                      "select org_slot from public.organisations where id = ?", ORG_TRONDHEIM))
              .intValue();
      trondheimEmail =
          (String)
              tx.scalar(
                  "select email from public.users where org_id = ? and email is not null limit 1",
                  ORG_TRONDHEIM);
    }
  }

  /** A transaction as PostgREST opens it: role, claims, and the pre-request when asked. */
  private static Connection request(Connection c, UUID caller, boolean preRequest)
      throws SQLException {
    c.setAutoCommit(false);
    claims(c, caller);
    if (preRequest) {
      try (Statement st = c.createStatement()) {
        st.execute("select app.pre_request()");
      }
    }
    return c;
  }

  private static void claims(Connection c, UUID caller) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select set_config('role', 'authenticated', true),"
                + " set_config('request.jwt.claims', ?, true)")) {
      ps.setString(1, PgSession.claimsFor(db, caller));
      ps.execute();
    }
  }

  private static long count(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void set(Connection c, String name, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select set_config(?, ?, true)")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.execute();
    }
  }

  private static List<UUID> everyUser() throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select id from public.users order by id")) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  @Test
  void storedSets_equalWhatTheHelpersCompute_forEverySeededUser() throws SQLException {
    for (UUID user : everyUser()) {
      try (Connection c = request(db.authenticatorDataSource().getConnection(), user, true)) {
        for (String[] set : SETS) {
          String read =
              set[1].replaceAll(
                  "stored\\('([a-z_]+)'\\)", "current_setting('app.scope_$1')::uuid[]");
          long differences =
              count(
                  c,
                  "select count(*) from ((select unnest("
                      + read
                      + ") except select unnest("
                      + set[2]
                      + ")) union all (select unnest("
                      + set[2]
                      + ") except select unnest("
                      + read
                      + "))) d");
          assertThat(differences).as("%s of %s", set[0], user).isZero();
          assertThat(
                  count(
                      c,
                      "select count(*) where pg_catalog.convert_to(current_setting('app.scope_slots_"
                          + set[0]
                          + "'), 'UTF8') is distinct from app.org_slot_set("
                          + set[2]
                          + ")"))
              .as("the numbers of %s of %s", set[0], user)
              .isZero();
        }
        c.rollback();
      }
    }
  }

  /** Count and checksum of every relation of public, per user, with and without the pre-request. */
  @Test
  void everyRelation_answersTheSame_withAndWithoutThePreRequest() throws SQLException {
    List<String> relations = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = 'public' and c.relkind in ('r', 'v', 'm')"
                    + " and has_table_privilege('authenticated', c.oid, 'select') order by 1")) {
      while (rs.next()) {
        relations.add(rs.getString(1));
      }
    }
    assertThat(relations).contains("users", "activities", "org_memberships", "organisations");
    for (UUID user : everyUser()) {
      Map<String, String> fallback = answers(user, false, relations);
      Map<String, String> stored = answers(user, true, relations);
      assertThat(stored).as("user %s", user).isEqualTo(fallback);
    }
  }

  private static Map<String, String> answers(UUID user, boolean preRequest, List<String> relations)
      throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = request(db.authenticatorDataSource().getConnection(), user, preRequest)) {
      for (String relation : relations) {
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "select count(*) || '/' || coalesce(sum(hashtext(t::text)), 0) from public.\""
                        + relation
                        + "\" t")) {
          rs.next();
          out.put(relation, rs.getString(1));
        }
      }
      c.rollback();
    }
    return out;
  }

  /**
   * The channel's cause, observed: with the pre-request, a hidden row that reaches the policies
   * calls no function at all (the sets are read from settings); without it, the same row makes the
   * policies call the helpers, and a filter matching nothing calls none.
   */
  @Test
  void aHiddenRowReachingThePolicies_callsNoFunction_withThePreRequest() throws SQLException {
    String hidden = "select count(*) from public.users where email = ?";
    assertThat(functionCallsDuring(true, hidden, trondheimEmail)).isZero();
    assertThat(functionCallsDuring(false, hidden, trondheimEmail)).isPositive();
    assertThat(functionCallsDuring(false, hidden, "nobody@example.test")).isZero();
    String foreignOrg = "select count(*) from public.activities where org_id = ?::uuid";
    assertThat(functionCallsDuring(true, foreignOrg, ORG_TRONDHEIM.toString())).isZero();
    assertThat(functionCallsDuring(false, foreignOrg, ORG_TRONDHEIM.toString())).isPositive();
  }

  /** Calls of app.* and auth.* functions made by the query alone, as the Oslo coordinator. */
  private static long functionCallsDuring(boolean preRequest, String sql, String param)
      throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("set track_functions = 'all'");
      }
      request(c, COORD_OSLO, preRequest);
      String calls =
          "select coalesce(sum(calls), 0) from pg_stat_xact_user_functions"
              + " where schemaname in ('app', 'auth')";
      long before = count(c, calls);
      long rows = count(c, sql, param);
      long after = count(c, calls);
      assertThat(rows).as("the Oslo coordinator sees no Trondheim row").isZero();
      c.rollback();
      try (Statement st = c.createStatement()) {
        st.execute("reset track_functions");
      }
      return after - before;
    }
  }

  /**
   * A person outside the staff organisations makes {@code users_select} ask for that person's
   * memberships (a national admin meets one of another tree). A hidden person of another national
   * tree must cost the same however many memberships the admin's subtree has: before migration
   * 20261205080000 a hashed subquery read every one of them as soon as one hidden person reached it
   * (52,000 rows, +28 ms at NHF size), and a filter matching nobody read none: the timing channel.
   */
  @Test
  void aHiddenPersonOfAnotherTree_costsTheSame_howeverManyMembershipsTheScopeHas()
      throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(
              tx.count(
                  "select count(*) from public.users u join public.organisation_closure c"
                      + " on c.descendant_id = u.org_id where u.id = ? and c.ancestor_id = ?",
                  MENTOR_TRONDHEIM,
                  ORG_NATIONAL))
          .as("the person is outside the admin's tree")
          .isZero();
    }
    String person = "select count(*) from public.users where id = ?";
    long seeded = membershipRowsReadDuring(person, MENTOR_TRONDHEIM, false);
    long grown = membershipRowsReadDuring(person, MENTOR_TRONDHEIM, true);
    assertThat(grown)
        .as("membership rows read with more memberships in the scope")
        .isEqualTo(seeded);
    assertThat(membershipRowsReadDuring(person, UUID.randomUUID(), true)).isZero();
    // a filter the planner expects many rows from (which would make it hash an EXISTS)
    StringBuilder guesses = new StringBuilder("{" + MENTOR_TRONDHEIM);
    for (int i = 0; i < 2000; i++) {
      guesses.append(',').append(UUID.randomUUID());
    }
    String many = "select count(*) from public.users where id = any (?::uuid[])";
    String list = guesses.append('}').toString();
    assertThat(membershipRowsReadDuring(many, list, true))
        .isEqualTo(membershipRowsReadDuring(many, list, false));
  }

  /**
   * Rows of org_memberships (heap and index entries) that {@code sql} reads as the national admin
   * with the pre-request (it must find no row); with {@code grow}, the admin's chapters first get a
   * membership for every active person of the tree (in the same transaction, rolled back).
   */
  private static long membershipRowsReadDuring(String sql, Object param, boolean grow)
      throws SQLException {
    String read =
        "select pg_stat_get_xact_tuples_returned('public.org_memberships'::regclass)"
            + " + coalesce((select sum(pg_stat_get_xact_tuples_returned(i.indexrelid))"
            + " from pg_index i where i.indrelid = 'public.org_memberships'::regclass), 0)";
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      if (grow) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "insert into public.org_memberships (user_id, org_id, role)"
                    + " select u.id, c.descendant_id, 'peer_mentor' from public.users u"
                    + " join public.organisation_closure c on c.ancestor_id = ?"
                    + " where u.status = 'active' and u.org_id in (select t.descendant_id"
                    + " from public.organisation_closure t where t.ancestor_id = ?)"
                    + " and not exists (select from public.organisations o"
                    + " where o.parent_id = c.descendant_id)"
                    + " on conflict do nothing")) {
          ps.setObject(1, ORG_NATIONAL);
          ps.setObject(2, ORG_NATIONAL);
          assertThat(ps.executeUpdate()).as("memberships added to the scope").isGreaterThan(10);
        }
      }
      request(c, ADMIN_NATIONAL, true);
      long before = count(c, read);
      long rows = count(c, sql, param);
      long after = count(c, read);
      c.rollback();
      assertThat(rows).as("%s with %s", sql, param).isZero();
      return after - before;
    }
  }

  @Test
  void aSettingWrittenBeforeThePreRequest_isOverwritten() throws SQLException {
    try (Connection c = db.authenticatorDataSource().getConnection()) {
      c.setAutoCommit(false);
      claims(c, COORD_OSLO);
      // a forged staff set for this transaction (Trondheim's number), written before the
      // pre-request
      set(c, "app.scope_slots_staff", "." + "0".repeat(trondheimSlot - 1) + "1");
      String trondheimRows = "select count(*) from public.activities where org_id = ?";
      assertThat(count(c, trondheimRows, ORG_TRONDHEIM))
          .as(
              "the settings are trusted as the claims are: a session that can write them is not a"
                  + " PostgREST client")
          .isPositive();
      try (Statement st = c.createStatement()) {
        st.execute("select app.pre_request()");
      }
      assertThat(count(c, trondheimRows, ORG_TRONDHEIM)).isZero();
      assertThat(count(c, trondheimRows, ORG_OSLO)).isPositive();
      c.rollback();
    }
  }

  /**
   * A set that is absent (a session without the pre-request, or cleared by a write) is computed by
   * its helper: the same answer as the stored set, never a wider one.
   */
  @Test
  void aClearedSet_isComputedByItsHelper_withTheSameAnswer() throws SQLException {
    String[] queries = {
      "select count(*) from public.activities",
      "select count(*) from public.users",
      "select count(*) from public.organisations",
      "select count(*) from public.activity_types",
      "select count(*) from public.org_memberships"
    };
    for (UUID caller : new UUID[] {COORD_OSLO, ADMIN_OST}) {
      try (Connection c = request(db.authenticatorDataSource().getConnection(), caller, true)) {
        long[] stored = new long[queries.length];
        for (int i = 0; i < queries.length; i++) {
          stored[i] = count(c, queries[i]);
        }
        assertThat(stored[0]).isPositive();
        for (String set :
            new String[] {
              "uid",
              "peer_mentor",
              "coordinator",
              "member",
              "admin",
              "lineage",
              "staff_people",
              "slots_peer_mentor",
              "slots_coordinator",
              "slots_admin",
              "slots_staff",
              "slots_visible",
              "slots_lineage"
            }) {
          set(c, "app.scope_" + set, "");
        }
        for (int i = 0; i < queries.length; i++) {
          assertThat(count(c, queries[i])).as("%s as %s", queries[i], caller).isEqualTo(stored[i]);
        }
        c.rollback();
      }
    }
  }

  @Test
  void aMembershipWrittenInTheRequest_isHonouredByTheReadsAfterIt() throws SQLException {
    try (Connection c = request(db.authenticatorDataSource().getConnection(), ADMIN_OST, true)) {
      String bergenMentor = "select count(*) from public.users where id = ?";
      assertThat(count(c, bergenMentor, MENTOR_BERGEN)).isZero();
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into public.org_memberships (user_id, org_id, role) values (?, ?,"
                  + " 'peer_mentor')")) {
        ps.setObject(1, MENTOR_BERGEN);
        ps.setObject(2, ORG_OSLO);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      assertThat(count(c, bergenMentor, MENTOR_BERGEN)).isEqualTo(1);
      c.rollback();
    }
  }
}

package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
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
 * The per-request organisation sets of {@code app.pre_request()} (migration
 * 20261205020000_request_scope_pre_request): the helpers answer the same with the stored sets as
 * with their fallback computation, the stored sets are really used when present, and a stored set
 * that was forged, tampered with, made for another caller or in another transaction is not trusted.
 */
class RequestScopeTest {

  private static final String[] NAMES = {"peer_mentor", "coordinator", "org_admin", "admin", "staff", "visible", "lineage"};

  /** Every helper a policy or RPC calls, as text. */
  private static final String[] HELPERS = {"app.org_ids_with_role(array['peer_mentor'])",
      "app.org_ids_with_role(array['coordinator'])", "app.org_ids_with_role(array['org_admin'])",
      "app.org_ids_with_role(array['peer_mentor', 'coordinator', 'org_admin'])",
      "app.org_ids_with_role(array['org_admin', 'coordinator'])", "app.org_ids_with_role(array['nobody'])",
      "app.org_ids_with_role(null)", "app.coordinator_org_ids()", "app.admin_org_ids()", "app.staff_org_ids()",
      "app.visible_org_ids()", "app.lineage_org_ids()", "app.is_org_member('" + ORG_OSLO + "', array['coordinator'])",
      "public.admin_org_subtree()"};

  private static LocalDatabase db;
  private static List<String> relations;
  private static List<UUID> users;

  @BeforeAll
  static void start() throws SQLException {
    db = SharedDatabase.seeded();
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      relations = new ArrayList<>();
      for (Map<String, Object> r : tx.query("select c.relname::text as name from pg_class c join pg_namespace n"
          + " on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'v', 'p')"
          + " order by 1")) {
        relations.add((String) r.get("name"));
      }
      users = new ArrayList<>();
      for (Map<String, Object> r : tx.query("select id from public.users order by id")) {
        users.add((UUID) r.get("id"));
      }
    }
    assertThat(relations).contains("users", "activities", "org_memberships", "coordinator_monthly_stats");
    assertThat(users).contains(ADMIN_NATIONAL, COORD_OSLO, MENTOR_MULTI, MENTOR_INACTIVE);
  }

  /** Everything the caller sees through the helpers and the SELECT policies, one string per item. */
  private static Map<String, String> view(PgSession s) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String helper : HELPERS) {
      out.put(helper, String.valueOf(s.scalar("select (" + helper + ")::text")));
    }
    for (String rel : relations) {
      out.put(rel, String.valueOf(s.scalar("select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '')"
          + " from public." + rel + " t")));
    }
    return out;
  }

  private static void clearStoredSets(PgSession s) throws SQLException {
    for (String name : NAMES) {
      s.scalar("select set_config('app.scope_' || ?, '', true)", name);
    }
  }

  @Test
  void storedSetsAndFallback_giveTheSameAnswers_forEverySeededUser() throws SQLException {
    int compared = 0;
    for (UUID user : users) {
      for (boolean readOnly : new boolean[] {true, false}) {
        try (PgSession s = readOnly ? PgSession.get(db, user) : PgSession.user(db, user)) {
          clearStoredSets(s);
          Map<String, String> fallback = view(s);
          s.scalar("select app.pre_request()");
          assertThat(s.scalar("select current_setting('app.scope_staff', true)")).as("stored for %s", user)
              .asString().startsWith("staff|" + user + "|{");
          Map<String, String> stored = view(s);
          assertThat(stored).as("user %s (%s)", user, readOnly ? "GET" : "POST").isEqualTo(fallback);
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(users.size() * 2);
  }

  @Test
  void testSessions_callThePreRequest_exactlyWhenAskedTo() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      String stored = (String) s.scalar("select coalesce(current_setting('app.scope_staff', true), '')");
      // -Dpgsession.preRequest=true runs every PgSession-based test on the stored sets
      assertThat(stored.isEmpty()).isEqualTo(!PgSession.PRE_REQUEST);
    }
  }

  @Test
  void anonAndServiceRole_storeNothing() throws SQLException {
    for (PgSession s : new PgSession[] {PgSession.anon(db), PgSession.serviceRole(db)}) {
      try (s) {
        s.scalar("select app.pre_request()");
        for (String name : NAMES) {
          assertThat(s.scalar("select coalesce(current_setting('app.scope_' || ?, true), '')", name)).isEqualTo("");
        }
      }
    }
  }

  /**
   * A superuser connection that acts as {@code user} (claims, SET LOCAL ROLE authenticated) and can
   * step out of the role to change data with triggers off, so the stored sets go stale on purpose.
   */
  private static final class Staged implements AutoCloseable {
    final Connection c;

    Staged(UUID user) throws SQLException {
      c = db.dataSource().getConnection();
      c.setAutoCommit(false);
      exec("select set_config('request.jwt.claims', ?, true)", PgSession.claimsFor(db, user));
      exec("set local search_path = public, extensions");
    }

    void asUser() throws SQLException {
      exec("set local role authenticated");
    }

    void asSuperuser() throws SQLException {
      exec("set local role none");
    }

    /** Removes the membership behind the scope with the scope triggers off (they would clear it). */
    void removeQuietly(String sql, Object... params) throws SQLException {
      asSuperuser();
      exec("set local session_replication_role = replica");
      exec(sql, params);
      exec("set local session_replication_role = origin");
    }

    void exec(String sql, Object... params) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        ps.execute();
      }
    }

    Object scalar(String sql, Object... params) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getObject(1);
        }
      }
    }

    long osloActivities() throws SQLException {
      return ((Number) scalar("select count(*) from public.activities where org_id = ?", ORG_OSLO)).longValue();
    }

    @Override
    public void close() throws SQLException {
      try {
        c.rollback();
      } finally {
        c.close();
      }
    }
  }

  private static final String REMOVE_COORDINATOR = "delete from public.org_memberships where user_id = ? and org_id = ?"
      + " and role = 'coordinator'";

  @Test
  void storedSets_areWhatThePoliciesUse_andTheFallbackComputesWhenTheyAreGone() throws SQLException {
    try (Staged s = new Staged(COORD_OSLO)) {
      s.asUser();
      long before = s.osloActivities();
      assertThat(before).isPositive();
      s.exec("select app.pre_request()");
      s.removeQuietly(REMOVE_COORDINATOR, COORD_OSLO, ORG_OSLO);
      s.asUser();
      // the stored sets were made before the (silent) removal: the policies read them
      assertThat(s.osloActivities()).isEqualTo(before);
      for (String name : NAMES) {
        s.exec("select set_config('app.scope_' || ?, '', true)", name);
      }
      // without them the helpers compute from the tables: the coordinator role is gone
      assertThat(s.osloActivities()).isZero();
    }
  }

  @Test
  void aWriteToMemberships_clearsTheStoredSets() throws SQLException {
    try (Staged s = new Staged(COORD_OSLO)) {
      s.asUser();
      s.exec("select app.pre_request()");
      assertThat(s.osloActivities()).isPositive();
      s.asSuperuser();
      s.exec(REMOVE_COORDINATOR, COORD_OSLO, ORG_OSLO); // triggers on
      s.asUser();
      assertThat(s.scalar("select coalesce(current_setting('app.scope_staff', true), '')")).isEqualTo("");
      assertThat(s.osloActivities()).isZero();
    }
  }

  @Test
  void aSetFromAnEarlierTransaction_isNotTrusted() throws SQLException {
    Map<String, String> earlier = new LinkedHashMap<>();
    try (Staged s = new Staged(COORD_OSLO)) {
      s.asUser();
      s.exec("select app.pre_request()");
      for (String name : NAMES) {
        earlier.put(name, (String) s.scalar("select current_setting('app.scope_' || ?, true)", name));
      }
    }
    try (Staged s = new Staged(COORD_OSLO)) {
      s.removeQuietly(REMOVE_COORDINATOR, COORD_OSLO, ORG_OSLO);
      for (Map.Entry<String, String> e : earlier.entrySet()) {
        s.exec("select set_config('app.scope_' || ?, ?, true)", e.getKey(), e.getValue());
      }
      s.asUser();
      // sets of this transaction would still show Oslo here (previous test); replayed ones do not
      assertThat(s.osloActivities()).as("replayed sets of an earlier transaction").isZero();
    }
  }

  @Test
  void anotherCallersSets_areNotTrusted_whenTheClaimsChangeInsideTheTransaction() throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_TRONDHEIM)) {
      s.scalar("select app.pre_request()");
      assertThat(s.count("select count(*) from public.activities where org_id = ?", ORG_TRONDHEIM)).isPositive();
      s.scalar("select set_config('request.jwt.claims', ?, true)", PgSession.claimsFor(db, MENTOR_OSLO));
      assertThat(s.count("select count(*) from public.activities where org_id = ?", ORG_TRONDHEIM)).isZero();
      assertThat(s.count("select count(*) from public.users where org_id = ?", ORG_TRONDHEIM)).isZero();
    }
  }

  @Test
  void forgedOrTamperedSets_areNotTrusted() throws SQLException {
    // what app.pre_request() tags: the value and the request's binding (role, claims, legacy sub, start)
    String value = "(? || '|' || auth.uid() || '|' || ?)";
    String binding = "('|' || current_setting('role') || '|' || current_setting('request.jwt.claims')"
        + " || '|' || coalesce(current_setting('request.jwt.claim.sub', true), '')"
        + " || '|' || extract(epoch from now())::text)";
    String foreign = "{" + ORG_TRONDHEIM + "}";
    try (PgSession s = PgSession.user(db, MENTOR_OSLO)) {
      long users = s.count("select count(*) from public.users");
      // a well-formed value with a made-up tag, and one tagged with a guessed (empty) key
      for (String tag : new String[] {"repeat('0', 64)",
          "encode(sha256(sha256(convert_to(" + value + " || " + binding + ", 'UTF8'))), 'hex')"}) {
        for (String name : new String[] {"staff", "visible", "admin", "coordinator", "lineage"}) {
          Object[] params = tag.startsWith("encode") ? new Object[] {name, name, foreign, name, foreign}
              : new Object[] {name, name, foreign};
          s.scalar("select set_config('app.scope_' || ?, " + value + " || '|' || " + tag + ", true)", params);
        }
        assertThat(s.count("select count(*) from public.activities where org_id = ?", ORG_TRONDHEIM)).isZero();
        assertThat(s.count("select count(*) from public.users")).isEqualTo(users);
        assertThat(s.count("select count(*) from public.organisations where id = ?", ORG_TRONDHEIM)).isZero();
      }
      // a genuine value whose set was swapped, tag kept
      s.scalar("select app.pre_request()");
      for (String name : new String[] {"staff", "visible"}) {
        s.scalar("select set_config('app.scope_' || ?, regexp_replace(current_setting('app.scope_' || ?),"
            + " '\\|\\{[^}]*\\}\\|', '|' || ? || '|'), true)", name, name, foreign);
        assertThat((String) s.scalar("select current_setting('app.scope_' || ?)", name)).contains(foreign);
      }
      assertThat(s.count("select count(*) from public.activities where org_id = ?", ORG_TRONDHEIM)).isZero();
      assertThat(s.count("select count(*) from public.organisations where id = ?", ORG_TRONDHEIM)).isZero();
      // another set's genuine value under the name "staff" (the mentor's peer_mentor set: Oslo)
      s.scalar("select app.pre_request()");
      s.scalar("select set_config('app.scope_staff', replace(current_setting('app.scope_peer_mentor'),"
          + " 'peer_mentor|', 'staff|'), true)");
      assertThat((String) s.scalar("select current_setting('app.scope_staff')")).contains(ORG_OSLO.toString());
      assertThat(s.count("select count(*) from public.activities where org_id = ? and peer_mentor_id <> ?",
          ORG_OSLO, MENTOR_OSLO)).isZero();
    }
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(((Number) tx.scalar("select count(*) from public.activities where org_id = ? and peer_mentor_id <> ?",
          ORG_OSLO, MENTOR_OSLO)).longValue()).as("Oslo has other mentors' activities").isPositive();
    }
  }

  @Test
  void theKeyAndTheReader_areNotAvailableToApiRoles() throws SQLException {
    try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
      PgSession.Outcome key = s.attempt("select key from app.request_scope_key");
      assertThat(key.sqlState()).isEqualTo("42501");
    }
    try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
      PgSession.Outcome read = s.attempt("select app.request_scope_set('staff')");
      assertThat(read.sqlState()).isEqualTo("42501");
    }
    try (SuperuserTx tx = SuperuserTx.open(db); Statement st = tx.connection().createStatement();
         ResultSet rs = st.executeQuery("select count(*), min(length(key)) from app.request_scope_key")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getInt(2)).isEqualTo(32);
    }
  }
}

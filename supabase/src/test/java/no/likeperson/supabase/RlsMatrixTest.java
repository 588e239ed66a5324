package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The row-level security matrix: every table, view and function in {@code public}, enumerated from
 * the catalog (a new one without a declared expectation fails), for every actor, acting as
 * PostgREST does ({@link PgSession}). Expectations are about organisations and ownership, derived
 * from the cards and DESIGN §4, never about row counts, and each actor's organisations are computed
 * here from {@code organisations.parent_id} and {@code org_memberships} (not from the closure table
 * or the {@code app.*} helpers the policies use):
 *
 * <ul>
 *   <li>select: every visible row lies inside the allowed set, and every row of the allowed set is
 *       visible (for views: every visible row's organisation is allowed, and every row of the
 *       actor's staff scope is visible with exactly the values the superuser sees);
 *   <li>count: {@code count(*)} equals the rows the actor sees;
 *   <li>insert / update / delete on the other organisation's rows: 0 rows or SQLSTATE 42501; insert
 *       also of a copy of a row of the actor's own tree that the actor may not see;
 *   <li>every RPC with the other organisation's ids: raises, or returns nothing of it.
 * </ul>
 *
 * service_role is the control: it sees every row.
 */
class RlsMatrixTest {

  /** Who is asking. {@code user == null}: anon or service_role. */
  enum Actor {
    ANON(null, "anon"),
    SERVICE_ROLE(null, "service_role"),
    MENTOR_OSLO(SeedData.MENTOR_OSLO, "mentor.oslo"),
    MENTOR_MULTI(SeedData.MENTOR_MULTI, "mentor.multi"),
    COORD_OSLO(SeedData.COORD_OSLO, "coord.oslo"),
    ADMIN_OST(SeedData.ADMIN_OST, "admin.ost"),
    ADMIN_NATIONAL(SeedData.ADMIN_NATIONAL, "admin.national"),
    COORD_TRONDHEIM(SeedData.COORD_TRONDHEIM, "coord.trondheim"),
    ADMIN_BLIND(SeedData.ADMIN_BLIND, "admin.blind");

    final UUID user;
    final String label;

    Actor(UUID user, String label) {
      this.user = user;
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Which organisations' rows an actor may see in a relation (DESIGN §4 and the cards). */
  enum Scope {
    /** Member orgs and admin subtrees: organisation rows. */
    VISIBLE,
    /** VISIBLE and every ancestor: activity types defined at region or national level. */
    LINEAGE,
    /** Coordinator orgs and admin subtrees: operational rows of the org. */
    STAFF,
    /** STAFF, or the row belongs to the actor (own activities, certifications, reimbursements). */
    STAFF_OR_OWNER
  }

  /**
   * Expectation for one relation. {@code orgs}: SQL for the row's organisations as uuid[] over
   * alias {@code t}; {@code owner}: SQL for the person it belongs to, or null.
   */
  record Rel(String name, boolean view, String orgs, String owner, Scope upper, Scope lower) {
    static Rel table(String name, String orgs, String owner, Scope scope) {
      return new Rel(name, false, orgs, owner, scope, scope);
    }

    static Rel view(String name, String orgs, String owner, Scope upper, Scope lower) {
      return new Rel(name, true, orgs, owner, upper, lower);
    }
  }

  static final Map<String, Rel> RELATIONS = new HashMap<>();

  static {
    for (Rel r :
        List.of(
            Rel.table("organisations", "array[t.id]", null, Scope.VISIBLE),
            Rel.table("organisation_closure", "array[t.descendant_id]", null, Scope.VISIBLE),
            Rel.table(
                "users",
                "array[t.org_id] || array(select m.org_id from public.org_memberships m "
                    + "where m.user_id = t.id)",
                "t.id",
                Scope.STAFF_OR_OWNER),
            Rel.table("org_memberships", "array[t.org_id]", "t.user_id", Scope.STAFF_OR_OWNER),
            Rel.table("activity_types", "array[t.org_id]", null, Scope.LINEAGE),
            Rel.table("activities", "array[t.org_id]", "t.peer_mentor_id", Scope.STAFF_OR_OWNER),
            Rel.table(
                "proxy_activities",
                "array[t.org_id]",
                "t.attributed_mentor_id",
                Scope.STAFF_OR_OWNER),
            Rel.table("proxy_audit_log", "array[t.org_id]", null, Scope.STAFF),
            Rel.table("recurring_activity_templates", "array[t.org_id]", null, Scope.STAFF),
            Rel.table("reimbursements", "array[t.org_id]", "t.user_id", Scope.STAFF_OR_OWNER),
            Rel.table(
                "peer_mentor_certifications",
                "array[t.org_id]",
                "t.peer_mentor_id",
                Scope.STAFF_OR_OWNER),
            Rel.table("org_monthly_activity_counts", "array[t.org_id]", null, Scope.STAFF),
            Rel.table("org_activity_changes", "array[t.org_id]", null, Scope.VISIBLE),
            Rel.view(
                "coordinator_monthly_stats", "array[t.org_id]", null, Scope.VISIBLE, Scope.STAFF),
            Rel.view(
                "peer_mentor_monthly_stats",
                "array[t.org_id]",
                "t.mentor_id",
                Scope.STAFF_OR_OWNER,
                Scope.STAFF_OR_OWNER))) {
      RELATIONS.put(r.name(), r);
    }
  }

  /** Functions in public: how to call one with the other organisation's ids. */
  private static final Set<String> RPCS =
      Set.of(
          "aggregate_activities_for_org",
          "bufdir_payload",
          "get_admin_kpi_stats",
          "get_org_health_score",
          "renew_certification",
          "custom_access_token_hook",
          "admin_org_subtree",
          "stats_change_marker",
          "get_admin_kpis",
          "expire_due_certifications");

  /** Organisation sets of one actor, computed in {@link #start()}. */
  record Orgs(
      Set<UUID> tree,
      Set<UUID> visible,
      Set<UUID> lineage,
      Set<UUID> staff,
      Set<UUID> outOfScopeRoots) {
    Set<UUID> of(Scope s) {
      switch (s) {
        case VISIBLE:
          return visible;
        case LINEAGE:
          return lineage;
        default:
          return staff;
      }
    }
  }

  private static LocalDatabase db;
  private static final Map<Actor, Orgs> ORGS = new EnumMap<>(Actor.class);
  private static final Map<Actor, String> CLAIMS = new EnumMap<>(Actor.class);
  private static Connection superuser;
  private static Set<UUID> allOrgs;

  @BeforeAll
  static void start() throws SQLException {
    db = SharedDatabase.seeded();
    allOrgs = new LinkedHashSet<>(uuids("select id from public.organisations"));
    for (Actor a : Actor.values()) {
      ORGS.put(a, orgsOf(a));
      CLAIMS.put(
          a,
          a == Actor.ANON
              ? "{\"role\":\"anon\"}"
              : a == Actor.SERVICE_ROLE
                  ? "{\"role\":\"service_role\"}"
                  : PgSession.claimsFor(db, a.user));
    }
  }

  @AfterAll
  static void closeSuperuserConnection() throws SQLException {
    // the seeded database itself is shared by the test classes of this JVM (SharedDatabase)
    if (superuser != null) {
      superuser.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // catalog: nothing escapes the matrix
  // ---------------------------------------------------------------------------------------------

  @Test
  void everyRelationAndFunctionInPublic_hasADeclaredExpectation() throws SQLException {
    assertThat(catalogRelations())
        .as("tables/views in public without an RLS expectation")
        .isSubsetOf(RELATIONS.keySet());
    assertThat(catalogFunctions())
        .as("functions in public without an RPC expectation")
        .isSubsetOf(RPCS);
    assertThat(RELATIONS.keySet())
        .as("declared relations that no longer exist")
        .isSubsetOf(catalogRelations());
  }

  @Test
  void actorsScopes_matchTheSeedIdentities() {
    assertThat(ORGS.get(Actor.MENTOR_MULTI).visible())
        .containsExactlyInAnyOrder(SeedData.ORG_OSLO, SeedData.ORG_BAERUM);
    assertThat(ORGS.get(Actor.ADMIN_OST).staff())
        .containsExactlyInAnyOrder(SeedData.ORG_REGION_OST, SeedData.ORG_OSLO, SeedData.ORG_BAERUM);
    assertThat(ORGS.get(Actor.ADMIN_OST).outOfScopeRoots())
        .contains(SeedData.ORG_REGION_VEST, SeedData.ORG_BLIND);
    assertThat(ORGS.get(Actor.COORD_TRONDHEIM).tree())
        .containsExactlyInAnyOrder(SeedData.ORG_BLIND, SeedData.ORG_TRONDHEIM);
    assertThat(ORGS.get(Actor.ANON).tree()).isEmpty();
  }

  @Test
  void seed_hasRowsOfBothOrganisationsInEveryTable() throws SQLException {
    for (Rel r : RELATIONS.values()) {
      for (UUID root : List.of(SeedData.ORG_NATIONAL, SeedData.ORG_BLIND)) {
        Set<UUID> tree = subtree(root);
        long n =
            superCount(
                "select count(*) from public."
                    + r.name()
                    + " t where ("
                    + r.orgs()
                    + ") && ?::uuid[]",
                tree);
        assertThat(n)
            .as(r.name() + " rows in the tree of " + root + " (a leak must be visible)")
            .isPositive();
      }
    }
  }

  /**
   * The matrix can fail: a committed leaky policy, a leaky insert policy and a view switched to
   * definer rights are each caught, and removed again in {@code finally} (test classes run one at a
   * time, so no other class sees them).
   */
  @Test
  void matrix_whenAPolicyOrViewLeaks_fails() {
    Rel activities = RELATIONS.get("activities");
    Rel stats = RELATIONS.get("coordinator_monthly_stats");
    try {
      db.execute(
          "create policy rls_matrix_leak on public.activities for select to authenticated using (true)");
      assertThatThrownBy(() -> select(activities, Actor.COORD_OSLO))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("rows of another organisation");
      assertThatThrownBy(() -> count(activities, Actor.MENTOR_OSLO))
          .isInstanceOf(AssertionError.class);
    } finally {
      db.execute("drop policy if exists rls_matrix_leak on public.activities");
    }
    try {
      db.execute(
          "create policy rls_matrix_leak on public.reimbursements for insert to authenticated "
              + "with check (true)");
      assertThatThrownBy(() -> insert(RELATIONS.get("reimbursements"), Actor.COORD_OSLO))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("insert of a copy of");
    } finally {
      db.execute("drop policy if exists rls_matrix_leak on public.reimbursements");
    }
    try {
      // a leak confined to the own organisation tree (the a... organisations)
      db.execute(
          "create policy rls_matrix_leak on public.reimbursements for all to authenticated "
              + "using (org_id::text like 'a%') with check (org_id::text like 'a%')");
      assertThatThrownBy(
              () -> updateOrDelete(RELATIONS.get("reimbursements"), Actor.MENTOR_OSLO, false))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("invisible rows of the own tree");
      assertThatThrownBy(
              () -> updateOrDelete(RELATIONS.get("reimbursements"), Actor.MENTOR_OSLO, true))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("invisible rows of the own tree");
      assertThatThrownBy(() -> insert(RELATIONS.get("reimbursements"), Actor.MENTOR_OSLO))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("insert of a copy of");
    } finally {
      db.execute("drop policy if exists rls_matrix_leak on public.reimbursements");
    }
    try {
      db.execute("alter view public.coordinator_monthly_stats set (security_invoker = false)");
      assertThatThrownBy(() -> select(stats, Actor.MENTOR_OSLO)).isInstanceOf(AssertionError.class);
    } finally {
      db.execute("alter view public.coordinator_monthly_stats set (security_invoker = true)");
    }
  }

  /** The RPC check can fail: service_role (BYPASSRLS) gets the other organisation's data. */
  @Test
  void rpcCheck_whenTheOtherOrganisationsDataComesBack_fails() throws SQLException {
    for (String fn :
        List.of(
            "aggregate_activities_for_org",
            "bufdir_payload",
            "get_admin_kpi_stats",
            "renew_certification",
            "stats_change_marker",
            "get_admin_kpis",
            "expire_due_certifications")) {
      try (PgSession s = session(Actor.SERVICE_ROLE)) {
        assertThatThrownBy(() -> checkRpc(fn, s, SeedData.ORG_BLIND))
            .as(fn)
            .isInstanceOf(AssertionError.class);
      }
    }
  }

  static Stream<Arguments> relationCells() throws SQLException {
    List<Arguments> cells = new ArrayList<>();
    for (String rel : new TreeSet<>(catalogRelations())) {
      for (Actor a : Actor.values()) {
        for (String action : List.of("select", "count", "insert", "update", "delete")) {
          cells.add(Arguments.of(rel, a, action));
        }
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} · {1} · {2}")
  @MethodSource("relationCells")
  void relation(String name, Actor actor, String action) throws SQLException {
    Rel rel = RELATIONS.get(name);
    if (rel == null) {
      fail("public." + name + " has no declared RLS expectation in RlsMatrixTest");
    }
    switch (action) {
      case "select":
        select(rel, actor);
        break;
      case "count":
        count(rel, actor);
        break;
      case "insert":
        insert(rel, actor);
        break;
      case "update":
        updateOrDelete(rel, actor, false);
        break;
      default:
        updateOrDelete(rel, actor, true);
        break;
    }
  }

  static Stream<Arguments> rpcCells() throws SQLException {
    List<Arguments> cells = new ArrayList<>();
    for (String fn : new TreeSet<>(catalogFunctions())) {
      for (Actor a : Actor.values()) {
        if (a != Actor.SERVICE_ROLE || fn.equals("custom_access_token_hook")) {
          cells.add(Arguments.of(fn, a));
        }
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "rpc {0} · {1} · other organisation's ids")
  @MethodSource("rpcCells")
  void rpc(String fn, Actor actor) throws SQLException {
    if (!RPCS.contains(fn)) {
      fail("public." + fn + " has no declared RPC expectation in RlsMatrixTest");
    }
    Orgs o = ORGS.get(actor);
    for (UUID root : o.outOfScopeRoots()) {
      try (PgSession s = session(actor)) {
        checkRpc(fn, s, root);
      }
    }
  }

  /** The Bufdir document's call: the function's value, or the one row of its set-returning form. */
  private static String call(String fn, boolean asText) {
    return fn.equals("bufdir_payload")
        ? "select d" + (asText ? "::text" : "") + " from public.bufdir_payload(?, ?, ?, ?) d"
        : "select public.aggregate_activities_for_org(?, ?, ?, ?)" + (asText ? "::text" : "");
  }

  /** Calls the RPC with ids under {@code root}; it must raise or return nothing of that subtree. */
  private static void checkRpc(String fn, PgSession s, UUID root) throws SQLException {
    Set<UUID> foreignTree = subtree(root);
    Set<UUID> foreignUsers =
        new TreeSet<>(
            uuids("select id from public.users where org_id = any (?::uuid[])", foreignTree));
    switch (fn) {
      case "aggregate_activities_for_org", "bufdir_payload":
        {
          PgSession.Outcome out =
              s.attempt(
                  call(fn, false),
                  root,
                  LocalDate.of(2000, 1, 1),
                  LocalDate.of(2100, 12, 31),
                  "national");
          if (!out.failed()) {
            Object json =
                s.scalar(
                    call(fn, true),
                    root,
                    LocalDate.of(2000, 1, 1),
                    LocalDate.of(2100, 12, 31),
                    "national");
            assertThat(
                    s.scalar(
                        "select coalesce(json_array_length(?::json -> 'peer_mentor_records'), 0)",
                        json))
                .as(fn + " records for " + root)
                .isEqualTo(0);
            assertNoneOf(String.valueOf(json), foreignUsers, fn);
          }
          break;
        }
      case "get_admin_kpi_stats":
        {
          PgSession.Outcome out = s.attempt("select public.get_admin_kpi_stats(?)", root);
          if (!out.failed()) {
            Object json = s.scalar("select public.get_admin_kpi_stats(?)::text", root);
            assertThat(
                    s.scalar(
                            "select coalesce((?::jsonb ->> 'active_user_count')::numeric, 0) "
                                + "+ coalesce((?::jsonb ->> 'total_activities_count')::numeric, 0) "
                                + "+ coalesce((?::jsonb ->> 'pending_reimbursements_count')::numeric, 0) "
                                + "+ coalesce((?::jsonb ->> 'org_health_score')::numeric, 0)",
                            json,
                            json,
                            json,
                            json)
                        .toString())
                .as(fn + " of " + root + ": " + json)
                .isIn("0", "0.0");
          }
          break;
        }
      case "get_org_health_score":
        {
          PgSession.Outcome out = s.attempt("select public.get_org_health_score(?)", root);
          if (!out.failed()) {
            Object v = s.scalar("select public.get_org_health_score(?)", root);
            assertThat(v == null || ((Number) v).doubleValue() == 0.0)
                .as(fn + " of " + root + " = " + v)
                .isTrue();
          }
          break;
        }
      case "renew_certification":
        {
          for (Object cert :
              superColumn(
                  "select id from public.peer_mentor_certifications "
                      + "where org_id = any (?::uuid[]) and status <> 'suspended'",
                  foreignTree)) {
            PgSession.Outcome out =
                s.attempt(
                    "select public.renew_certification(?, "
                        + "(select now() + interval '2 years'), 'rls matrix')",
                    cert);
            assertThat(out.failed())
                .as(
                    fn
                        + " of certification "
                        + cert
                        + " in "
                        + root
                        + " must be refused, was "
                        + out)
                .isTrue();
          }
          break;
        }
      case "admin_org_subtree":
        {
          // no arguments: the caller's own admin subtree, which never reaches into another
          // organisation
          PgSession.Outcome out = s.attempt("select public.admin_org_subtree()");
          if (!out.failed()) {
            List<String> ids = strings(s.column("select unnest(public.admin_org_subtree())"));
            assertThat(ids)
                .as(fn + " must name nothing under " + root)
                .doesNotContainAnyElementsOf(strings(new ArrayList<>(foreignTree)));
          }
          break;
        }
      case "stats_change_marker":
        {
          // every organisation of the foreign tree: nothing but 0 (the marker of an org one may not
          // see)
          for (UUID org : foreignTree) {
            PgSession.Outcome out = s.attempt("select public.stats_change_marker(?)", org);
            if (!out.failed()) {
              assertThat(
                      ((Number) s.scalar("select public.stats_change_marker(?)", org)).longValue())
                  .as(fn + " of " + org)
                  .isZero();
            }
          }
          break;
        }
      case "get_admin_kpis":
        {
          // the foreign root, each of its descendants as root, and each as a narrowed scope of the
          // root
          List<Object[]> calls = new ArrayList<>();
          for (UUID org : foreignTree) {
            calls.add(new Object[] {org, null});
            calls.add(new Object[] {root, org});
          }
          for (Object[] call : calls) {
            PgSession.Outcome out = s.attempt("select public.get_admin_kpis(?, ?, 'all')", call);
            if (!out.failed()) {
              Object json = s.scalar("select public.get_admin_kpis(?, ?, 'all')::text", call);
              assertThat(
                      s.scalar(
                              "select coalesce((?::jsonb ->> 'active_user_count')::numeric, 0) "
                                  + "+ coalesce((?::jsonb ->> 'total_activities_count')::numeric, 0) "
                                  + "+ coalesce((?::jsonb ->> 'pending_reimbursements_count')::numeric, 0) "
                                  + "+ coalesce((?::jsonb ->> 'org_health_score')::numeric, 0)",
                              json,
                              json,
                              json,
                              json)
                          .toString())
                  .as(fn + " of " + java.util.Arrays.toString(call) + ": " + json)
                  .isIn("0", "0.0");
            }
          }
          break;
        }
      case "expire_due_certifications":
        {
          // a service-side job: no user may run it, whatever it would touch
          PgSession.Outcome out = s.attempt("select public.expire_due_certifications()");
          assertThat(out.sqlState())
              .as(fn + " is for service_role only: " + out)
              .isEqualTo("42501");
          break;
        }
      case "custom_access_token_hook":
        {
          for (UUID u : foreignUsers) {
            PgSession.Outcome out =
                s.attempt(
                    "select public.custom_access_token_hook("
                        + "jsonb_build_object('user_id', ?::text, 'claims', '{}'::jsonb))",
                    u.toString());
            assertThat(out.sqlState())
                .as("the hook is for supabase_auth_admin only: " + out)
                .isEqualTo("42501");
          }
          break;
        }
      default:
        fail("no call declared for " + fn);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // cells
  // ---------------------------------------------------------------------------------------------

  private static void select(Rel rel, Actor actor) throws SQLException {
    List<String> visible;
    try (PgSession s = read(actor)) {
      visible = strings(s.column("select t::text from public." + rel.name() + " t"));
      if (rel.view()) {
        // upper bound evaluated on the view's own columns, as the actor
        List<Object> leaks =
            s.column(
                "select t::text from public."
                    + rel.name()
                    + " t where not ("
                    + predicate(rel, rel.upper())
                    + ")",
                params(rel, rel.upper(), actor));
        assertThat(leaks)
            .as(cell(rel, actor) + ": rows outside the allowed organisations")
            .isEmpty();
      }
    }
    if (actor == Actor.SERVICE_ROLE) {
      assertThat(visible)
          .as("service_role sees every row")
          .containsExactlyInAnyOrderElementsOf(
              strings(superColumn("select t::text from public." + rel.name() + " t")));
      return;
    }
    Set<UUID> tree = ORGS.get(actor).tree();
    List<String> foreign =
        strings(
            superColumn(
                "select t::text from public."
                    + rel.name()
                    + " t where not (("
                    + rel.orgs()
                    + ") <@ ?::uuid[])",
                tree));
    assertThat(visible)
        .as(cell(rel, actor) + ": rows of another organisation")
        .doesNotContainAnyElementsOf(foreign);
    List<String> lower =
        strings(
            superColumn(
                "select t::text from public."
                    + rel.name()
                    + " t where "
                    + predicate(rel, rel.lower()),
                params(rel, rel.lower(), actor)));
    if (!rel.view()) {
      List<String> upper = lower;
      assertThat(new TreeSet<>(visible))
          .as(cell(rel, actor) + ": visible rows vs the allowed set")
          .isEqualTo(new TreeSet<>(upper));
    } else {
      assertThat(visible)
          .as(cell(rel, actor) + ": rows the cards say the actor sees")
          .containsAll(lower);
    }
  }

  private static void count(Rel rel, Actor actor) throws SQLException {
    try (PgSession s = read(actor)) {
      long count = s.count("select count(*) from public." + rel.name());
      long rows = s.column("select 1 from public." + rel.name()).size();
      assertThat(count).as(cell(rel, actor) + ": count(*) vs rows returned").isEqualTo(rows);
      if (actor == Actor.SERVICE_ROLE) {
        assertThat(count).isEqualTo(superCount("select count(*) from public." + rel.name()));
      } else if (!rel.view()) {
        long expected =
            superCount(
                "select count(*) from public."
                    + rel.name()
                    + " t where "
                    + predicate(rel, rel.upper()),
                params(rel, rel.upper(), actor));
        assertThat(count).as(cell(rel, actor) + ": count(*) vs allowed rows").isEqualTo(expected);
      }
    }
  }

  private static void insert(Rel rel, Actor actor) throws SQLException {
    if (actor == Actor.SERVICE_ROLE) {
      return; // the control bypasses RLS by design
    }
    Set<UUID> tree = ORGS.get(actor).tree();
    List<Object> foreignRows =
        superColumn(
            "select row_to_json(t)::text from public."
                + rel.name()
                + " t where not (("
                + rel.orgs()
                + ") <@ ?::uuid[]) limit 1",
            tree);
    assertThat(foreignRows)
        .as("seed has a row of another organisation in " + rel.name())
        .isNotEmpty();
    List<String> columns =
        strings(
            superColumn(
                "select a.attname::text from pg_attribute a "
                    + "where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped "
                    + "and a.attgenerated = '' and a.attidentity <> 'a' order by a.attnum",
                "public." + rel.name()));
    String cols = String.join(", ", quoted(columns));
    String values =
        String.join(
            ", ",
            columns.stream()
                .map(c -> c.equals("id") && !rel.view() ? "gen_random_uuid()" : "r." + quote(c))
                .toList());
    List<Object> rows = new ArrayList<>(foreignRows);
    if (!rel.view() && actor != Actor.ANON) {
      // also a row of the actor's own organisation tree that the actor may not see: a copy of it
      // (another chapter's, another mentor's) must be refused too
      Object[] withTree = append(params(rel, rel.upper(), actor), tree);
      rows.addAll(
          superColumn(
              "select row_to_json(t)::text from public."
                  + rel.name()
                  + " t where not "
                  + predicate(rel, rel.upper())
                  + " and ("
                  + rel.orgs()
                  + ") <@ ?::uuid[] limit 1",
              withTree));
    }
    for (Object row : rows) {
      try (PgSession s = session(actor)) {
        PgSession.Outcome out =
            s.attempt(
                "insert into public."
                    + rel.name()
                    + " ("
                    + cols
                    + ") select "
                    + values
                    + " from json_populate_record(null::public."
                    + rel.name()
                    + ", ?::json) r",
                row);
        assertRefused(rel, actor, "insert of a copy of " + row, out);
      }
    }
  }

  private static void updateOrDelete(Rel rel, Actor actor, boolean delete) throws SQLException {
    if (actor == Actor.SERVICE_ROLE) {
      return;
    }
    Set<UUID> tree = ORGS.get(actor).tree();
    assertThat(
            superCount(
                "select count(*) from public."
                    + rel.name()
                    + " t where not (("
                    + rel.orgs()
                    + ") <@ ?::uuid[])",
                tree))
        .isPositive();
    String where = " where not ((" + rel.orgs() + ") <@ ?::uuid[])";
    String sql;
    if (delete) {
      sql = "delete from public." + rel.name() + " t" + where;
    } else {
      List<String> updatable =
          strings(
              superColumn(
                  "select a.attname::text from pg_attribute a "
                      + "where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped "
                      + "and a.attgenerated = '' order by has_column_privilege('authenticated', a.attrelid, "
                      + "a.attnum, 'UPDATE') desc, a.attnum limit 1",
                  "public." + rel.name()));
      String c = quote(updatable.get(0));
      sql = "update public." + rel.name() + " t set " + c + " = t." + c + where;
    }
    try (PgSession s = session(actor)) {
      PgSession.Outcome out = s.attempt(sql, tree);
      assertRefused(rel, actor, delete ? "delete" : "update", out);
    }
    if (!rel.view() && actor != Actor.ANON) {
      // inside the own tree too: no row the actor may not see can be changed (targets chosen by the
      // superuser, addressed by ctid, which is the same in the actor's snapshot)
      List<String> invisible =
          strings(
              superColumn(
                  "select t.ctid::text from public."
                      + rel.name()
                      + " t where not "
                      + predicate(rel, rel.upper())
                      + " and ("
                      + rel.orgs()
                      + ") <@ ?::uuid[]",
                  append(params(rel, rel.upper(), actor), tree)));
      if (!invisible.isEmpty()) {
        String own = sql.substring(0, sql.indexOf(" where ")) + " where t.ctid = any (?::tid[])";
        try (PgSession s = session(actor)) {
          PgSession.Outcome out = s.attempt(own, (Object) invisible.toArray(new String[0]));
          assertRefused(
              rel,
              actor,
              (delete ? "delete" : "update") + " of invisible rows of the own tree",
              out);
        }
      }
    }
  }

  private static Object[] append(Object[] params, Object last) {
    Object[] out = java.util.Arrays.copyOf(params, params.length + 1);
    out[params.length] = last;
    return out;
  }

  private static void assertRefused(Rel rel, Actor actor, String what, PgSession.Outcome out) {
    if (rel.view()) {
      // not auto-updatable views: any refusal, or nothing touched
      assertThat(out.failed() || out.rows() == 0)
          .as(cell(rel, actor) + ": " + what + " " + out)
          .isTrue();
    } else if (out.failed()) {
      assertThat(out.sqlState())
          .as(
              cell(rel, actor)
                  + ": "
                  + what
                  + " must be refused by privileges/RLS, "
                  + "not by a later check: "
                  + out)
          .isEqualTo("42501");
    } else {
      assertThat(out.rows())
          .as(cell(rel, actor) + ": " + what + " on another organisation's rows")
          .isZero();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // expectations
  // ---------------------------------------------------------------------------------------------

  /**
   * SQL predicate over alias t: the row is allowed under the scope; parameters from {@link
   * #params(Rel, Scope, Set, UUID)}.
   */
  static String predicate(Rel rel, Scope scope) {
    String org = "((" + rel.orgs() + ") && ?::uuid[])";
    if (scope == Scope.STAFF_OR_OWNER && rel.owner() != null) {
      return "(" + org + " or " + rel.owner() + " is not distinct from ?::uuid)";
    }
    return org;
  }

  private static Object[] params(Rel rel, Scope scope, Actor actor) {
    return params(rel, scope, ORGS.get(actor).of(scope), actor.user); // anon: empty; service: all
  }

  /**
   * Parameters of {@link #predicate(Rel, Scope)}: the scope's organisations and the user (or null).
   */
  static Object[] params(Rel rel, Scope scope, Set<UUID> orgs, UUID user) {
    if (scope == Scope.STAFF_OR_OWNER && rel.owner() != null) {
      // anon owns nothing: a uuid no row has, so "owner = me" never holds
      return new Object[] {orgs, user == null ? new UUID(0, 0).toString() : user.toString()};
    }
    return new Object[] {orgs};
  }

  private static Orgs orgsOf(Actor a) throws SQLException {
    if (a.user == null) {
      Set<UUID> all = a == Actor.SERVICE_ROLE ? allOrgs : Set.of();
      return new Orgs(all, all, all, all, Set.copyOf(roots()));
    }
    String active =
        "join public.users u on u.id = m.user_id and u.status = 'active' "
            + "where m.user_id = ?::uuid";
    Set<UUID> member =
        set(uuids("select m.org_id from public.org_memberships m " + active, a.user.toString()));
    Set<UUID> coordinator =
        set(
            uuids(
                "select m.org_id from public.org_memberships m "
                    + active
                    + " and m.role = 'coordinator'",
                a.user.toString()));
    Set<UUID> admin = new TreeSet<>();
    for (UUID root :
        uuids(
            "select m.org_id from public.org_memberships m " + active + " and m.role = 'org_admin'",
            a.user.toString())) {
      admin.addAll(subtree(root));
    }
    Set<UUID> visible = union(member, admin);
    Set<UUID> staff = union(coordinator, admin);
    Set<UUID> lineage = new TreeSet<>();
    for (UUID v : visible) {
      lineage.addAll(ancestorsOrSelf(v));
    }
    UUID primary =
        UUID.fromString(
            String.valueOf(
                superColumn(
                        "select org_id::text from public.users where id = ?::uuid",
                        a.user.toString())
                    .get(0)));
    Set<UUID> tree = subtree(rootOf(primary));
    // org roots whose whole subtree is outside everything the actor may see
    Set<UUID> outOfScope = new TreeSet<>();
    for (UUID org : allOrgs) {
      Set<UUID> sub = subtree(org);
      boolean disjoint =
          sub.stream().noneMatch(visible::contains)
              && ancestorsOrSelf(org).stream().noneMatch(staff::contains);
      UUID parent = parentOf(org);
      boolean parentAlsoDisjoint =
          parent != null
              && subtree(parent).stream().noneMatch(visible::contains)
              && ancestorsOrSelf(parent).stream().noneMatch(staff::contains);
      if (disjoint && !parentAlsoDisjoint) {
        outOfScope.add(org);
      }
    }
    return new Orgs(tree, visible, lineage, staff, outOfScope);
  }

  private static List<UUID> roots() throws SQLException {
    return uuids("select id from public.organisations where parent_id is null");
  }

  private static UUID parentOf(UUID org) throws SQLException {
    List<UUID> p =
        uuids(
            "select parent_id from public.organisations where id = ? and parent_id is not null",
            org);
    return p.isEmpty() ? null : p.get(0);
  }

  private static UUID rootOf(UUID org) throws SQLException {
    UUID cur = org;
    for (UUID p = parentOf(cur); p != null; p = parentOf(cur)) {
      cur = p;
    }
    return cur;
  }

  private static Set<UUID> ancestorsOrSelf(UUID org) throws SQLException {
    Set<UUID> out = new TreeSet<>();
    for (UUID cur = org; cur != null; cur = parentOf(cur)) {
      out.add(cur);
    }
    return out;
  }

  /** Subtree by walking organisations.parent_id, independent of organisation_closure. */
  private static Set<UUID> subtree(UUID root) throws SQLException {
    return set(
        uuids(
            "with recursive s(id) as (select ?::uuid union all select o.id from "
                + "public.organisations o join s on o.parent_id = s.id) select id from s",
            root));
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing
  // ---------------------------------------------------------------------------------------------

  /** A GET: READ ONLY, as PostgREST runs reads. */
  private static PgSession read(Actor a) throws SQLException {
    return PgSession.withClaims(db, roleOf(a), CLAIMS.get(a), true);
  }

  private static PgSession session(Actor a) throws SQLException {
    return PgSession.withClaims(db, roleOf(a), CLAIMS.get(a), false);
  }

  private static String roleOf(Actor a) {
    return a == Actor.ANON ? "anon" : a == Actor.SERVICE_ROLE ? "service_role" : "authenticated";
  }

  private static String cell(Rel rel, Actor actor) {
    return rel.name() + " · " + actor;
  }

  private static Set<String> catalogRelations() throws SQLException {
    return new TreeSet<>(
        strings(
            superColumn(
                "select c.relname::text from pg_class c join pg_namespace n "
                    + "on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')")));
  }

  private static Set<String> catalogFunctions() throws SQLException {
    return new TreeSet<>(
        strings(
            superColumn(
                "select p.proname::text from pg_proc p join pg_namespace n "
                    + "on n.oid = p.pronamespace where n.nspname = 'public' and not exists (select from pg_depend d "
                    + "where d.objid = p.oid and d.deptype = 'e')")));
  }

  private static void assertNoneOf(String text, Collection<UUID> ids, String what) {
    for (UUID id : ids) {
      assertThat(text).as(what + " mentions " + id).doesNotContain(id.toString());
    }
  }

  private static List<Object> superColumn(String sql, Object... params) throws SQLException {
    if (superuser == null || superuser.isClosed()) {
      superuser = db.dataSource().getConnection(); // one autocommit connection for the class
    }
    Connection c = superuser;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(c, ps, params);
      List<Object> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1));
        }
      }
      return out;
    }
  }

  private static long superCount(String sql, Object... params) throws SQLException {
    return ((Number) superColumn(sql, params).get(0)).longValue();
  }

  private static List<UUID> uuids(String sql, Object... params) throws SQLException {
    List<UUID> out = new ArrayList<>();
    for (Object o : superColumn(sql, params)) {
      out.add(o instanceof UUID ? (UUID) o : UUID.fromString(o.toString()));
    }
    return out;
  }

  private static void bind(Connection c, PreparedStatement ps, Object... params)
      throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Collection) {
        Array arr = c.createArrayOf("uuid", ((Collection<?>) p).toArray());
        ps.setArray(i + 1, arr);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  private static List<String> strings(List<Object> values) {
    List<String> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(String.valueOf(v));
    }
    return out;
  }

  private static List<String> quoted(List<String> names) {
    return names.stream().map(RlsMatrixTest::quote).toList();
  }

  private static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }

  private static <T> Set<T> set(Collection<T> c) {
    return new TreeSet<>(c);
  }

  private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
    Set<UUID> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }
}

package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of Supabase's database linter (splinter, reference §7) that are errors or security
 * warnings, plus the performance rules the issue names, written here as SQL over the catalog. Each
 * rule must report nothing on the migrated database, and each rule is proven able to fail: a
 * deliberately bad object is created inside a transaction that is rolled back, and the rule must
 * name it. Exposed schema: {@code public} (Supabase's PostgREST default besides {@code
 * graphql_public}).
 */
class DatabaseLintTest {

  /** Schemas Supabase manages itself; splinter leaves them out of most rules. */
  private static final String MANAGED =
      "('pg_catalog', 'information_schema', 'pg_toast', 'auth', "
          + "'storage', 'extensions', 'graphql', 'graphql_public', 'realtime', 'supabase_functions', "
          + "'supabase_migrations', 'vault', 'pgsodium', 'pgsodium_masks', 'net', 'cron', 'pgmq', "
          + "'pgbouncer', 'pgtle', 'tiger', 'topology', '_realtime', '_analytics', 'lint')";

  private static final String EXPOSED = "('public', 'graphql_public')";

  private static final String NOT_EXTENSION_MEMBER =
      " not exists (select from pg_depend d where " + "d.objid = %s and d.deptype = 'e') ";

  private static final String API_CAN_SELECT =
      " (has_table_privilege('anon', c.oid, 'select') or "
          + "has_table_privilege('authenticated', c.oid, 'select')) ";

  /**
   * A policy's text with every request-scope read (migration 20261205040000: {@code (SELECT
   * COALESCE(<app.scope_* setting parsed>, <helper>) AS "coalesce")} and {@code (SELECT
   * (NULLIF(<app.scope_* setting>, '') IS NULL))}, one InitPlan each) replaced by {@code (select)},
   * so that the InitPlan rules below count the calls inside it as the InitPlan they are. Every
   * quantifier is non-greedy: a PostgreSQL regular expression takes its greediness from the first
   * one, and one block must never swallow the text up to the next.
   */
  private static final String POLICY_TEXT =
      "regexp_replace(regexp_replace(coalesce(qual, '') || ' ' || coalesce(with_check, ''), "
          + "'\\( SELECT\\s+?COALESCE\\((convert_to\\()?\\(*?NULLIF\\(current_setting\\(''app\\.scope_.*? AS \"coalesce\"\\)',"
          + " '(select)', 'g'), "
          + "'\\( SELECT \\(NULLIF\\(current_setting\\(''app\\.scope_[a-z_]+''::text, true\\),"
          + " ''''::text\\) IS NULL\\)\\)', '(select)', 'g')";

  /** One lint rule: a query returning one text row per finding, and how to provoke it. */
  enum Rule {
    RLS_DISABLED_IN_PUBLIC(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace where n.nspname in "
            + EXPOSED
            + " and c.relkind in ('r', 'p') "
            + "and not c.relrowsecurity",
        "create table public.lint_probe (id int primary key)",
        "public.lint_probe"),

    POLICY_EXISTS_RLS_DISABLED(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace where n.nspname not in "
            + MANAGED
            + " and not c.relrowsecurity "
            + "and exists (select from pg_policy p where p.polrelid = c.oid)",
        "create table public.lint_probe (id int primary key); "
            + "create policy lint_probe_select on public.lint_probe for select to authenticated using (true)",
        "public.lint_probe"),

    RLS_ENABLED_NO_POLICY(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace where n.nspname not in "
            + MANAGED
            + " and c.relkind in ('r', 'p') "
            + "and c.relrowsecurity and not exists (select from pg_policy p where p.polrelid = c.oid)",
        "create table public.lint_probe (id int primary key); "
            + "alter table public.lint_probe enable row level security",
        "public.lint_probe"),

    SECURITY_DEFINER_VIEW(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace where n.nspname in "
            + EXPOSED
            + " and c.relkind = 'v' and "
            + API_CAN_SELECT
            + " and not exists (select from unnest(coalesce(c.reloptions, '{}')) o "
            + "where lower(o) in ('security_invoker=true', 'security_invoker=on', "
            + "'security_invoker=1', 'security_invoker=yes'))",
        "create view public.lint_probe_view as select 1 as x",
        "public.lint_probe_view"),

    AUTH_USERS_EXPOSED(
        "select distinct format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace join pg_rewrite r on r.ev_class = c.oid join pg_depend d on "
            + "d.objid = r.oid and d.refobjid = 'auth.users'::regclass where n.nspname in "
            + EXPOSED
            + " and c.relkind in ('v', 'm') and "
            + API_CAN_SELECT,
        "create view public.lint_probe_users with (security_invoker = true) as select id from auth.users",
        "public.lint_probe_users"),

    MATERIALIZED_VIEW_IN_API(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace where n.nspname in "
            + EXPOSED
            + " and c.relkind = 'm'",
        "create materialized view public.lint_probe_mv as select 1 as x",
        "public.lint_probe_mv"),

    FOREIGN_TABLE_IN_API(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace where n.nspname in "
            + EXPOSED
            + " and c.relkind = 'f' and "
            + API_CAN_SELECT,
        "create foreign data wrapper lint_probe_fdw; create server lint_probe_srv foreign data wrapper "
            + "lint_probe_fdw; create foreign table public.lint_probe_ft (x int) server lint_probe_srv",
        "public.lint_probe_ft"),

    FUNCTION_SEARCH_PATH_MUTABLE(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
            + "where n.nspname not in "
            + MANAGED
            + " and p.prokind in ('f', 'p') and "
            + String.format(NOT_EXTENSION_MEMBER, "p.oid")
            + " and not exists (select from unnest(coalesce(p.proconfig, '{}')) cfg "
            + "where cfg like 'search_path=%')",
        "create function public.lint_probe_fn() returns int language sql as 'select 1'",
        "lint_probe_fn()"),

    ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
            + "where n.nspname in "
            + EXPOSED
            + " and p.prosecdef and "
            + String.format(NOT_EXTENSION_MEMBER, "p.oid")
            + " and has_function_privilege('anon', p.oid, 'execute')",
        "create function public.lint_probe_fn() returns int language sql security definer "
            + "set search_path = '' as 'select 1'",
        "lint_probe_fn()"),

    AUTHENTICATED_SECURITY_DEFINER_FUNCTION_EXECUTABLE(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
            + "where n.nspname in "
            + EXPOSED
            + " and p.prosecdef and "
            + String.format(NOT_EXTENSION_MEMBER, "p.oid")
            + " and has_function_privilege('authenticated', p.oid, 'execute')",
        "create function public.lint_probe_fn() returns int language sql security definer "
            + "set search_path = '' as 'select 1'; revoke execute on function public.lint_probe_fn() "
            + "from public, anon",
        "lint_probe_fn()"),

    AUTH_RLS_INITPLAN(
        "select format('%I.%I %s', schemaname, tablename, policyname) from pg_policies, "
            + "lateral (select "
            + POLICY_TEXT
            + " as txt) t "
            + "where schemaname not in "
            + MANAGED
            + " and "
            + "(select count(*) from regexp_matches(t.txt, '(auth\\.(uid|jwt|role|email)\\(\\)|current_setting\\()', 'gi'))"
            + " > (select count(*) from regexp_matches(t.txt, "
            + "'select\\s+(auth\\.(uid|jwt|role|email)\\(\\)|current_setting\\()', 'gi'))",
        "create table public.lint_probe (id int primary key, owner uuid); "
            + "alter table public.lint_probe enable row level security; "
            + "create policy lint_probe_select on public.lint_probe for select to authenticated "
            + "using (owner = auth.uid())",
        "public.lint_probe lint_probe_select"),

    /** Project rule (DESIGN §4): the app.* helpers are called through (select ...) as InitPlans. */
    APP_HELPER_NOT_INITPLAN(
        "select format('%I.%I %s', schemaname, tablename, policyname) from pg_policies, "
            + "lateral (select "
            + POLICY_TEXT
            + " as txt) t "
            + "where schemaname not in "
            + MANAGED
            + " and "
            + "(select count(*) from regexp_matches(t.txt, '\\mapp\\.[a-z_]+\\(', 'gi'))"
            + " > (select count(*) from regexp_matches(t.txt, 'select\\s+app\\.[a-z_]+\\(', 'gi'))",
        "create schema if not exists app; "
            + "create function app.lint_probe_ids() returns int[] language sql stable "
            + "set search_path = '' as 'select array[1]'; "
            + "create table public.lint_probe (id int primary key); "
            + "alter table public.lint_probe enable row level security; "
            + "create policy lint_probe_select on public.lint_probe for select to authenticated "
            + "using (id = any (app.lint_probe_ids()))",
        "public.lint_probe lint_probe_select"),

    /** Project rule (DESIGN §4): a SECURITY DEFINER function pins search_path to '' exactly. */
    SECURITY_DEFINER_SEARCH_PATH_NOT_EMPTY(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
            + "where n.nspname not in "
            + MANAGED
            + " and p.prosecdef and "
            + String.format(NOT_EXTENSION_MEMBER, "p.oid")
            + " and not exists (select from unnest(coalesce(p.proconfig, '{}')) cfg "
            + "where cfg in ('search_path=\"\"', 'search_path='))",
        "create function public.lint_probe_fn() returns int language sql security definer "
            + "set search_path = public as 'select 1'; revoke execute on function public.lint_probe_fn() "
            + "from public, anon, authenticated",
        "lint_probe_fn()"),

    /**
     * Project rule: a function a policy calls is STABLE or IMMUTABLE, so it can run once per
     * statement.
     */
    VOLATILE_FUNCTION_IN_POLICY(
        "select distinct format('%I.%I %s -> %s', n.nspname, c.relname, p.polname, f.oid::regprocedure) "
            + "from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace "
            + "join pg_depend d on d.classid = 'pg_policy'::regclass and d.objid = p.oid "
            + "and d.refclassid = 'pg_proc'::regclass join pg_proc f on f.oid = d.refobjid "
            + "where n.nspname not in "
            + MANAGED
            + " and f.provolatile = 'v'",
        "create schema if not exists app; "
            + "create function app.lint_probe_volatile() returns int[] language sql volatile "
            + "set search_path = '' as 'select array[1]'; "
            + "create table public.lint_probe (id int primary key); "
            + "alter table public.lint_probe enable row level security; "
            + "create policy lint_probe_select on public.lint_probe for select to authenticated "
            + "using (id = any ((select app.lint_probe_volatile())::int[]))",
        "public.lint_probe lint_probe_select -> app.lint_probe_volatile()"),

    /**
     * Project rule: every function in public and app says what it is for (psql \df+, Studio), so a
     * later migration cannot add one without a COMMENT ON FUNCTION.
     */
    FUNCTION_WITHOUT_COMMENT(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
            + "where n.nspname in ('public', 'app') and "
            + String.format(NOT_EXTENSION_MEMBER, "p.oid")
            + " and obj_description(p.oid, 'pg_proc') is null",
        "create schema if not exists app; "
            + "create function app.lint_probe_fn() returns int language sql set search_path = '' as 'select 1'",
        "app.lint_probe_fn()"),

    RLS_REFERENCES_USER_METADATA(
        "select format('%I.%I %s', schemaname, tablename, policyname) from pg_policies "
            + "where schemaname not in "
            + MANAGED
            + " and "
            + "(coalesce(qual, '') || ' ' || coalesce(with_check, '')) ~* 'user_metadata'",
        "create table public.lint_probe (id int primary key, org text); "
            + "alter table public.lint_probe enable row level security; "
            + "create policy lint_probe_select on public.lint_probe for select to authenticated "
            + "using (org = ((select auth.jwt()) -> 'user_metadata' ->> 'org'))",
        "public.lint_probe lint_probe_select"),

    RLS_POLICY_ALWAYS_TRUE(
        "select format('%I.%I %s', schemaname, tablename, policyname) from pg_policies "
            + "where schemaname not in "
            + MANAGED
            + " and permissive = 'PERMISSIVE' "
            + "and roles && array['anon', 'authenticated', 'public']::name[] and ("
            + "(cmd in ('UPDATE', 'DELETE', 'ALL') and (qual is null or btrim(qual) in ('true', '(1 = 1)')))"
            + " or (cmd in ('INSERT', 'UPDATE', 'ALL') and btrim(coalesce(with_check, qual, 'true')) "
            + "in ('true', '(1 = 1)')))",
        "create table public.lint_probe (id int primary key); "
            + "alter table public.lint_probe enable row level security; "
            + "create policy lint_probe_delete on public.lint_probe for delete to authenticated using (true)",
        "public.lint_probe lint_probe_delete"),

    MULTIPLE_PERMISSIVE_POLICIES(
        "with pol as (select n.nspname, c.relname, p.polname, p.polcmd, p.polroles from pg_policy p "
            + "join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace "
            + "where p.polpermissive and n.nspname not in "
            + MANAGED
            + "), "
            + "rol as (select r.oid, r.rolname from pg_roles r where not r.rolbypassrls and not r.rolsuper "
            + "and r.rolname !~ '^pg_' and r.rolname !~ '^supabase.*admin$'), "
            + "expanded as (select pol.*, rol.rolname, a.action from pol join rol on "
            + "(pol.polroles = '{0}' or rol.oid = any (pol.polroles)) cross join lateral unnest("
            + "case pol.polcmd when '*' then array['r', 'a', 'w', 'd'] else array[pol.polcmd::text] end) a(action)) "
            + "select format('%I.%I role=%s action=%s policies=%s', nspname, relname, rolname, action, "
            + "string_agg(polname::text, ',' order by polname)) from expanded "
            + "group by nspname, relname, rolname, action having count(*) > 1",
        "create table public.lint_probe (id int primary key, a int); "
            + "alter table public.lint_probe enable row level security; "
            + "create policy lint_probe_one on public.lint_probe for select to authenticated using (id > 0); "
            + "create policy lint_probe_two on public.lint_probe for all to authenticated using (a > 0)",
        "public.lint_probe role=authenticated action=r policies=lint_probe_one,lint_probe_two"),

    UNINDEXED_FOREIGN_KEYS(
        "select format('%s %I', k.conrelid::regclass, k.conname) from pg_constraint k "
            + "join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace "
            + "where k.contype = 'f' and n.nspname not in "
            + MANAGED
            + " and "
            + String.format(NOT_EXTENSION_MEMBER, "c.oid")
            + " and not exists ("
            + "select from pg_index i where i.indrelid = k.conrelid and i.indisvalid "
            + "and i.indnkeyatts >= cardinality(k.conkey) "
            + "and (select array_agg(x order by x) from unnest((string_to_array(i.indkey::text, ' ')::int2[])"
            + "[1:cardinality(k.conkey)]) x) = (select array_agg(x order by x) from unnest(k.conkey) x))",
        "create table public.lint_probe_parent (id int primary key); "
            + "create table public.lint_probe (id int primary key, parent int "
            + "constraint lint_probe_parent_fkey references public.lint_probe_parent (id))",
        "lint_probe lint_probe_parent_fkey"),

    DUPLICATE_INDEX(
        "select format('%s: %s', i.indrelid::regclass, string_agg(i.indexrelid::regclass::text, ', ' "
            + "order by i.indexrelid::regclass::text)) from pg_index i join pg_class c on c.oid = i.indrelid "
            + "join pg_namespace n on n.oid = c.relnamespace where n.nspname not in "
            + MANAGED
            + " group by i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text, "
            + "coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '') "
            + "having count(*) > 1",
        "create table public.lint_probe (id int primary key, a int); "
            + "create index lint_probe_a_idx on public.lint_probe (a); "
            + "create index lint_probe_a_idx2 on public.lint_probe (a)",
        "lint_probe: lint_probe_a_idx, lint_probe_a_idx2"),

    NO_PRIMARY_KEY(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on "
            + "n.oid = c.relnamespace where n.nspname not in "
            + MANAGED
            + " and c.relkind in ('r', 'p') "
            + "and not c.relispartition and "
            + String.format(NOT_EXTENSION_MEMBER, "c.oid")
            + " and not exists (select from pg_index i where i.indrelid = c.oid and i.indisprimary)",
        "create table public.lint_probe (id int)",
        "public.lint_probe"),

    FKEY_TO_AUTH_UNIQUE(
        "select format('%s %I', k.conrelid::regclass, k.conname) from pg_constraint k "
            + "join pg_class r on r.oid = k.confrelid join pg_namespace rn on rn.oid = r.relnamespace "
            + "join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace "
            + "where k.contype = 'f' and rn.nspname = 'auth' and n.nspname <> 'auth' and not exists ("
            + "select from pg_index i where i.indexrelid = k.conindid and i.indisprimary)",
        "create table public.lint_probe (id int primary key, phone text "
            + "constraint lint_probe_phone_fkey references auth.users (phone))",
        "lint_probe lint_probe_phone_fkey"),

    EXTENSION_IN_PUBLIC(
        "select e.extname::text from pg_extension e join pg_namespace n on n.oid = e.extnamespace "
            + "where n.nspname = 'public' and e.extname <> 'plpgsql'",
        "create extension if not exists pg_trgm schema public",
        "pg_trgm"),

    UNSUPPORTED_REG_TYPES(
        "select format('%I.%I.%I', n.nspname, c.relname, a.attname) from pg_attribute a "
            + "join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace "
            + "where n.nspname not in "
            + MANAGED
            + " and a.attnum > 0 and not a.attisdropped "
            + "and a.atttypid in ('regcollation'::regtype, 'regconfig'::regtype, 'regdictionary'::regtype, "
            + "'regnamespace'::regtype, 'regoper'::regtype, 'regoperator'::regtype, 'regproc'::regtype, "
            + "'regprocedure'::regtype)",
        "create table public.lint_probe (id int primary key, f regproc)",
        "public.lint_probe.f");

    final String sql;
    final String provoke;
    final String expected;

    Rule(String sql, String provoke, String expected) {
      this.sql = sql;
      this.provoke = provoke;
      this.expected = expected;
    }
  }

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = LocalDatabase.builder().seed(false).start();
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  @ParameterizedTest(name = "{0} reports nothing on the migrated database")
  @EnumSource(Rule.class)
  void lint_onMigratedDatabase_reportsNothing(Rule rule) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      assertThat(findings(c, rule)).as(rule.name().toLowerCase() + " findings").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} reports a deliberately bad object")
  @EnumSource(Rule.class)
  void lint_onDeliberatelyBadObject_reportsIt(Rule rule) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        List<String> before = findings(c, rule);
        try (Statement st = c.createStatement()) {
          st.execute(rule.provoke);
        }
        List<String> after = findings(c, rule);
        assertThat(after).as("new findings of " + rule).contains(rule.expected);
        assertThat(before).doesNotContain(rule.expected);
      } finally {
        c.rollback();
      }
    }
  }

  private static List<String> findings(Connection c, Rule rule) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(rule.sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    out.sort(null);
    return out;
  }
}

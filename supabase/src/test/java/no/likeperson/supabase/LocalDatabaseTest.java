package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDatabaseTest {

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    db = LocalDatabase.builder().start();
    // a measurement, not an assertion (shared noisy machine)
    System.out.printf(
        "LocalDatabase start (embedded + bootstrap + %d migrations + seed): %d ms%n",
        SqlScripts.migrations().size(), (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void start_recordsEveryClasspathMigrationLikeTheCli() throws SQLException {
    List<String> expected = new ArrayList<>();
    SqlScripts.migrations().forEach(m -> expected.add(m.version()));

    assertThat(expected).isNotEmpty();
    assertThat(db.appliedMigrations()).containsExactlyElementsOf(expected);
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select version, name, cardinality(statements) "
                    + "from supabase_migrations.schema_migrations order by version")) {
      int i = 0;
      while (rs.next()) {
        SqlScripts.Migration m = SqlScripts.migrations().get(i++);
        assertThat(rs.getString(1)).isEqualTo(m.version());
        assertThat(rs.getString(2)).isEqualTo(m.name());
        assertThat(rs.getInt(3))
            .isEqualTo(SqlScripts.splitStatements(SqlScripts.read(m.resource())).size())
            .isPositive();
      }
      assertThat(i).isEqualTo(expected.size());
    }
  }

  @Test
  void start_createsSupabaseRolesWithTheirAttributes() throws SQLException {
    assertThat(
            query(
                "select rolname || ':' || rolcanlogin || ':' || rolinherit || ':' || rolbypassrls "
                    + "from pg_roles where rolname in ('anon','authenticated','service_role','authenticator',"
                    + "'supabase_auth_admin') order by 1"))
        .containsExactly(
            "anon:false:true:false",
            "authenticated:false:true:false",
            "authenticator:true:false:false",
            "service_role:false:true:true",
            "supabase_auth_admin:true:false:false");
    assertThat(
            query(
                "select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid "
                    + "join pg_roles u on u.oid = m.member where u.rolname = 'authenticator' order by 1"))
        .containsExactly("anon", "authenticated", "service_role");
  }

  @Test
  void authFunctions_readRequestJwtClaimsAsPostgrestSetsThem() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute(
          "select set_config('role', 'anon', true), "
              + "set_config('request.jwt.claims', '{\"role\":\"anon\"}', true)");
      try (ResultSet rs = st.executeQuery("select auth.uid(), auth.role(), auth.jwt()::text")) {
        rs.next();
        assertThat(rs.getString(1)).isNull();
        assertThat(rs.getString(2)).isEqualTo("anon");
        assertThat(rs.getString(3)).isEqualTo("{\"role\": \"anon\"}");
      }
      c.rollback();
      st.execute(
          "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', "
              + "'{\"sub\":\"11111111-1111-4111-8111-111111111111\",\"role\":\"authenticated\","
              + "\"email\":\"a@example.test\"}', true)");
      try (ResultSet rs = st.executeQuery("select auth.uid()::text, auth.role(), auth.email()")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("11111111-1111-4111-8111-111111111111");
        assertThat(rs.getString(2)).isEqualTo("authenticated");
        assertThat(rs.getString(3)).isEqualTo("a@example.test");
      }
      c.rollback();
    }
  }

  @Test
  void authUid_whenNoClaimsOrEmptyAfterCommit_isNull() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute(
          "select set_config('request.jwt.claims', '{\"sub\":\"11111111-1111-4111-8111-111111111111\"}', true)");
      c.commit(); // the GUC now reads back as '' (reference 1.5)
      try (ResultSet rs =
          st.executeQuery(
              "select auth.uid(), auth.jwt(), current_setting('request.jwt.claims', true)")) {
        rs.next();
        assertThat(rs.getString(1)).isNull();
        assertThat(rs.getString(2)).isNull();
        assertThat(rs.getString(3)).isEmpty();
      }
      c.rollback();
    }
  }

  @Test
  void authUid_whenSubIsNotAUuid_raises22P02() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("select set_config('request.jwt.claims', '{\"sub\":\"not-a-uuid\"}', true)");
      assertThatThrownBy(() -> st.executeQuery("select auth.uid()"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("22P02");
      c.rollback();
    }
  }

  @Test
  void defaultGrants_giveApiRolesEverythingOnNewPublicTables() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("create table public.grant_probe (id int primary key)");
      st.execute("create function public.grant_probe_fn() returns int language sql as 'select 1'");
      try (ResultSet rs =
          st.executeQuery(
              "select has_table_privilege('anon', 'public.grant_probe', "
                  + "'select,insert,update,delete'), has_table_privilege('authenticated', 'public.grant_probe', "
                  + "'select,insert,update,delete'), has_table_privilege('service_role', 'public.grant_probe', "
                  + "'select,insert,update,delete'), has_function_privilege('anon', 'public.grant_probe_fn()', "
                  + "'execute'), has_schema_privilege('anon', 'auth', 'usage'), "
                  + "has_table_privilege('anon', 'auth.users', 'select')")) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getBoolean(2)).isTrue();
        assertThat(rs.getBoolean(3)).isTrue();
        assertThat(rs.getBoolean(4)).isTrue();
        assertThat(rs.getBoolean(5)).isTrue();
        assertThat(rs.getBoolean(6)).as("auth.users is not granted to anon").isFalse();
      }
      c.rollback();
    }
  }

  @Test
  void authenticator_logsInWithItsPasswordAndActsOnlyThroughSetLocalRole() throws SQLException {
    try (Connection c = db.authenticatorDataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      assertThat(single(st, "select current_user")).isEqualTo("authenticator");
      assertThatThrownBy(() -> st.executeQuery("select count(*) from auth.users"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      c.rollback();
      // NOINHERIT: membership in anon/authenticated/service_role gives it nothing until it switches
      assertThatThrownBy(() -> st.executeQuery("select count(*) from public.organisations"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      c.rollback();
      st.execute("select set_config('role', 'service_role', true)");
      assertThat(single(st, "select current_user")).isEqualTo("service_role");
      c.commit();
      assertThat(single(st, "select current_user")).isEqualTo("authenticator");
    }
  }

  @Test
  void bootstrap_appliedAgain_changesNothingAndRaisesNothing() throws SQLException {
    String before =
        String.join(
            "\n",
            query(
                "select rolname || rolcanlogin || rolinherit || rolbypassrls from pg_roles order by 1"));
    db.migrations().applyBootstrap();
    assertThat(
            String.join(
                "\n",
                query(
                    "select rolname || rolcanlogin || rolinherit || rolbypassrls from pg_roles order by 1")))
        .isEqualTo(before);
  }

  @Test
  void resetData_removesAddedRowsAndRestoresTheSeed() throws SQLException {
    String countAll =
        "select (select count(*) from auth.users) || '/' || "
            + "(select count(*) from public.organisations)";
    String seeded = single(countAll);
    db.execute(
        "insert into auth.users (id, email, aud, role) values "
            + "('99999999-9999-4999-8999-999999999999', 'reset.probe@example.test', 'authenticated', 'authenticated')");
    assertThat(single(countAll)).isNotEqualTo(seeded);

    long t0 = System.nanoTime();
    db.resetData();
    System.out.printf("LocalDatabase.resetData: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    assertThat(single(countAll)).isEqualTo(seeded);
    assertThat(single("select count(*) from auth.users where email = 'reset.probe@example.test'"))
        .isEqualTo("0");
    assertThat(db.appliedMigrations()).hasSize(SqlScripts.migrations().size());
  }

  @Test
  void execute_whenSqlFails_throwsDatabaseExceptionWithSqlState() {
    assertThatThrownBy(() -> db.execute("select * from public.no_such_table"))
        .isInstanceOf(LocalDatabase.DatabaseException.class)
        .extracting(e -> ((LocalDatabase.DatabaseException) e).sqlState())
        .isEqualTo("42P01");
    assertThatThrownBy(() -> db.execute(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sql == null");
  }

  @Test
  void externalMode_onAMigratedDatabase_appliesNothingAndStartsNothing() throws SQLException {
    String history =
        single(
            "select string_agg(version || name, ',' order by version) "
                + "from supabase_migrations.schema_migrations");
    try (LocalDatabase external =
        LocalDatabase.builder()
            .externalJdbcUrl(db.jdbcUrl(), db.superuser(), db.password())
            .externalAuthenticatorPassword(db.authenticatorPassword())
            .start()) {
      assertThat(external.isEmbedded()).isFalse();
      assertThat(external.jdbcUrl()).isEqualTo(db.jdbcUrl());
      assertThat(external.appliedMigrations()).isEqualTo(db.appliedMigrations());
      assertThat(external.migrations().applyPending()).isEmpty();
    }
    assertThat(
            single(
                "select string_agg(version || name, ',' order by version) "
                    + "from supabase_migrations.schema_migrations"))
        .isEqualTo(history);
    assertThat(single("select 1"))
        .as("closing an external database leaves it running")
        .isEqualTo("1");
  }

  @Test
  void externalMode_withReapply_runsEveryMigrationAgainAndChangesNoSchema() throws SQLException {
    CatalogSnapshot before = CatalogSnapshot.take(db.dataSource());
    db.execute("update supabase_migrations.schema_migrations set statements = '{}'");
    try (LocalDatabase external =
        LocalDatabase.builder()
            .externalJdbcUrl(db.jdbcUrl(), db.superuser(), db.password())
            .reapplyMigrations(true)
            .seed(false)
            .start()) {
      assertThat(external.appliedMigrations()).hasSize(SqlScripts.migrations().size());
    }
    assertThat(
            single(
                "select count(*) from supabase_migrations.schema_migrations "
                    + "where cardinality(statements) > 0"))
        .as("every version recorded again")
        .isEqualTo(String.valueOf(SqlScripts.migrations().size()));
    assertThat(before.diff(CatalogSnapshot.take(db.dataSource()))).isEmpty();
  }

  @Test
  void builder_rejectsBadArgumentsBeforeStarting() {
    assertThatThrownBy(() -> LocalDatabase.builder().externalJdbcUrl("http://x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                LocalDatabase.builder()
                    .externalJdbcUrl("jdbc:postgresql://h/d?ssl=true&password=s3cret", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(
            () ->
                LocalDatabase.builder()
                    .externalDatabaseUri("postgresql://u:p@h:5432/d?password=s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> LocalDatabase.builder().externalJdbcUrl(null, "u", "p"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("url == null");
    assertThatThrownBy(() -> LocalDatabase.builder().scale(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("scale == null");
    assertThatThrownBy(
            () -> LocalDatabase.builder().migrations(false).scale(ScaleOptions.small()).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("scale data needs the migrations");
    assertThatThrownBy(() -> LocalDatabase.builder().externalAuthenticatorPassword("x").start())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LocalDatabase.builder().serverConfig(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name == null");
  }

  @Test
  void externalDatabaseUri_asSupabaseStatusPrintsIt_connectsWithDecodedCredentials()
      throws SQLException {
    String port = db.jdbcUrl().replaceAll(".*://localhost:(\\d+)/.*", "$1");
    db.execute("create role \"uri user\" login password 'p@ss:w/rd'");
    try (LocalDatabase external =
        LocalDatabase.builder()
            .externalDatabaseUri(
                "postgresql://uri%20user:p%40ss%3Aw%2Frd@localhost:" + port + "/postgres")
            .migrations(false)
            .start()) {
      assertThat(external.jdbcUrl())
          .isEqualTo("jdbc:postgresql://localhost:" + port + "/postgres")
          .doesNotContain("p@ss");
      assertThat(external.superuser()).isEqualTo("uri user");
      assertThat(external.password()).isEqualTo("p@ss:w/rd");
      try (Connection c = external.dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select current_user")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("uri user");
      }
    } finally {
      db.execute("drop role \"uri user\"");
    }
    assertThatThrownBy(() -> LocalDatabase.builder().externalDatabaseUri("mysql://a:b@h/d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("b@h");
    assertThatThrownBy(() -> LocalDatabase.builder().externalDatabaseUri("postgresql://h/d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentials_neverAppearInToStringOrUrl() {
    assertThat(db.toString())
        .doesNotContain(db.password())
        .doesNotContain(db.authenticatorPassword());
    assertThat(db.jdbcUrl()).doesNotContain("password").doesNotContain("user=");
  }

  @Test
  void migrationDiscovery_listsFilesInsideAJarWithoutANameList(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("probe.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // directory entries first, as maven-jar-plugin writes them
      for (String name :
          List.of(
              "supabase/",
              "supabase/migrations/",
              "supabase/migrations/sub/",
              "supabase/migrations/20990101000002_second.sql",
              "supabase/migrations/20990101000001_first.sql",
              "supabase/migrations/README.md",
              "supabase/migrations/sub/20990101000003_nested.sql")) {
        out.putNextEntry(new JarEntry(name));
        if (!name.endsWith("/")) {
          out.write("select 1;".getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader only = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(only);
      assertThat(SqlScripts.migrations())
          .extracting(SqlScripts.Migration::stem)
          .containsExactly("20990101000001_first", "20990101000002_second");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void pgSession_actsAsPostgrestAndLeavesNothingBehind() throws SQLException {
    db.execute(
        "create table public.session_probe (id int primary key); "
            + "alter table public.session_probe enable row level security");
    try {
      try (PgSession s = PgSession.serviceRole(db)) {
        assertThat(s.scalar("select current_user")).isEqualTo("service_role");
        assertThat(s.scalar("select session_user")).isEqualTo("authenticator");
        assertThat(s.scalar("select auth.role()")).isEqualTo("service_role");
        assertThat(s.update("insert into public.session_probe values (1)")).isEqualTo(1);
        assertThat(s.count("select count(*) from public.session_probe")).isEqualTo(1);
      }
      try (PgSession s = PgSession.anon(db)) {
        assertThat(s.scalar("select current_user")).isEqualTo("anon");
        assertThat(s.scalar("select auth.uid()")).isNull();
        PgSession.Outcome refused = s.attempt("insert into public.session_probe values (2)");
        assertThat(refused.sqlState()).isEqualTo("42501");
        assertThat(s.count("select count(*) from public.session_probe"))
            .as("session still usable after a refused statement")
            .isZero();
      }
      assertThat(single("select count(*) from public.session_probe")).isEqualTo("0");
    } finally {
      db.execute("drop table public.session_probe");
    }
  }

  @Test
  void scale_runsTheGeneratorEntryPointAfterTheMigrations() throws SQLException {
    try (LocalDatabase scaled =
        LocalDatabase.builder().seed(false).scale(new ScaleOptions(14, 60, 1_000, 1, 7L)).start()) {
      try (Connection c = scaled.dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select (select count(*) from public.organisations where level = 4), "
                      + "(select count(*) from public.activities), (select count(*) from public.users), "
                      + "(select count(*) from public.organisations where parent_id is null)")) {
        rs.next();
        assertThat(rs.getLong(1)).as("chapters").isGreaterThanOrEqualTo(14);
        assertThat(rs.getLong(2)).as("activities").isPositive();
        assertThat(rs.getLong(3)).as("users").isPositive();
        assertThat(rs.getLong(4)).as("two unrelated roots").isEqualTo(2);
      }
      assertThat(scaled.appliedMigrations()).hasSize(SqlScripts.migrations().size());
    }
  }

  @Test
  void pgSessionClaims_fromTheAccessTokenHook_matchTheMembershipsOfEachSeedUser() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (java.util.UUID user :
        List.of(
            SeedData.MENTOR_MULTI,
            SeedData.ADMIN_OST,
            SeedData.COORD_TRONDHEIM,
            SeedData.MENTOR_OSLO)) {
      com.fasterxml.jackson.databind.JsonNode claims = json.readTree(PgSession.claimsFor(db, user));
      assertThat(claims.path("sub").asText()).isEqualTo(user.toString());
      assertThat(claims.path("role").asText()).isEqualTo("authenticated");
      com.fasterxml.jackson.databind.JsonNode app = claims.path("app_metadata");
      assertThat(app.path("organisation_id").asText())
          .isEqualTo(single("select org_id::text from public.users where id = '" + user + "'"));
      List<String> orgIds = new ArrayList<>();
      app.path("organisation_ids").forEach(n -> orgIds.add(n.asText()));
      assertThat(orgIds)
          .as("organisation_ids of " + user)
          .containsExactlyInAnyOrderElementsOf(
              query(
                  "select distinct org_id::text from public.org_memberships where user_id = '"
                      + user
                      + "'"));
      List<String> roles = new ArrayList<>();
      app.path("org_roles")
          .properties()
          .forEach(e -> e.getValue().forEach(r -> roles.add(e.getKey() + ":" + r.asText())));
      assertThat(roles)
          .as("org_roles of " + user)
          .containsExactlyInAnyOrderElementsOf(
              query(
                  "select org_id::text || ':' || role from public.org_memberships where user_id = '"
                      + user
                      + "'"));
    }
  }

  @Test
  void pgSessionGet_isReadOnlyLikeAPostgrestGet() throws SQLException {
    try (PgSession s = PgSession.getAsServiceRole(db)) {
      assertThat(s.scalar("select current_setting('request.method')")).isEqualTo("GET");
      assertThat(
              s.attempt(
                      "insert into public.organisations (id, name) values (gen_random_uuid(), 'x')")
                  .sqlState())
          .isEqualTo("25006");
    }
  }

  @Test
  void accessTokenHook_runsAsSupabaseAuthAdminAndKeepsGoTruesRequiredClaims() throws Exception {
    String in =
        PgSession.claimsFor(db, SeedData.MENTOR_MULTI); // a full GoTrue-shaped claims object
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", "supabase_auth_admin"); // GoTrue's login role; trust auth locally
    p.setProperty("password", "unused");
    try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), p);
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "select (public.custom_access_token_hook("
                    + "jsonb_build_object('user_id', ?::text, 'claims', ?::jsonb, 'authentication_method', 'password'))"
                    + ")::text")) {
      ps.setString(1, SeedData.MENTOR_MULTI.toString());
      ps.setString(2, in);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        com.fasterxml.jackson.databind.ObjectMapper json =
            new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode out = json.readTree(rs.getString(1)).path("claims");
        for (String required :
            List.of(
                "aud",
                "exp",
                "iat",
                "sub",
                "email",
                "phone",
                "role",
                "aal",
                "session_id",
                "is_anonymous")) {
          assertThat(out.has(required)).as("GoTrue requires claim " + required).isTrue();
        }
        assertThat(out.path("sub").asText()).isEqualTo(SeedData.MENTOR_MULTI.toString());
        assertThat(out.path("app_metadata").path("organisation_ids").size()).isEqualTo(2);
      }
    }
  }

  @Test
  void splitStatements_respectsQuotesDollarQuotesAndComments() {
    String sql =
        "-- a; comment\ncreate function f() returns text language sql as $fn$ select 'a;b' $fn$;\n"
            + "/* block; */ insert into t values ('it''s;', \"x;y\");;\n  select $$;$$ ; -- trailing;";
    assertThat(SqlScripts.splitStatements(sql))
        .containsExactly(
            "-- a; comment\ncreate function f() returns text language sql as $fn$ select 'a;b' $fn$",
            "/* block; */ insert into t values ('it''s;', \"x;y\")",
            "select $$;$$");
    assertThat(SqlScripts.splitStatements("select E'it\\'s; fine', 'e'';'; select 2"))
        .containsExactly("select E'it\\'s; fine', 'e'';'", "select 2");
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String single(String sql) throws SQLException {
    return query(sql).get(0);
  }

  private static String single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

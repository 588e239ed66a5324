package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a real Supabase project the migrations do not run as a superuser: {@code postgres} is demoted
 * to NOSUPERUSER (CREATEDB CREATEROLE REPLICATION BYPASSRLS) and owns the objects it creates.
 * Embedded tests run as a superuser, which would hide a migration that needs one (ALTER ... OWNER
 * to a role it is not a member of, event triggers, untrusted languages, ...). This test replays the
 * migrations and the seed as a role with exactly the demoted postgres's attributes, in a fresh
 * database of the same server, and compares the resulting public schema with the superuser-migrated
 * one.
 */
class MigrationsAsSupabasePostgresTest {

  private static final String ROLE = "supabase_like_postgres";
  private static final String DATABASE = "supabase_like";

  private static LocalDatabase db;
  private static String rolePassword;

  @BeforeAll
  static void start() throws SQLException {
    db = LocalDatabase.builder().seed(false).start();
    rolePassword = java.util.UUID.randomUUID().toString().replace("-", "");
    db.execute(
        "create role "
            + ROLE
            + " login nosuperuser createdb createrole replication bypassrls "
            + "password '"
            + rolePassword
            + "'");
    db.execute("grant anon, authenticated, service_role to " + ROLE);
    db.execute("create database " + DATABASE + " owner " + ROLE);
    // Supabase's side of the bargain, as superuser: the bootstrap, and what the platform grants
    // postgres
    try (Connection c = superuserConnection(DATABASE);
        Statement st = c.createStatement()) {
      for (String file : SqlScripts.localBootstrap()) {
        st.execute(SqlScripts.read(file));
      }
      st.execute(
          "alter default privileges for role "
              + ROLE
              + " in schema public grant all on tables "
              + "to anon, authenticated, service_role");
      st.execute(
          "alter default privileges for role "
              + ROLE
              + " in schema public grant all on functions "
              + "to anon, authenticated, service_role");
      st.execute(
          "alter default privileges for role "
              + ROLE
              + " in schema public grant all on sequences "
              + "to anon, authenticated, service_role");
      st.execute("grant usage on schema auth to " + ROLE);
      st.execute("grant all on auth.users to " + ROLE);
      st.execute("grant execute on all functions in schema auth to " + ROLE);
    }
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void migrationsAndSeed_applyAsADemotedPostgres_andGiveTheSamePublicSchema() throws SQLException {
    try (Connection c = roleConnection(DATABASE)) {
      c.setAutoCommit(false);
      assertThat(single(c, "select rolsuper::text from pg_roles where rolname = current_user"))
          .isEqualTo("false");
      for (SqlScripts.Migration m : SqlScripts.migrations()) {
        try (Statement st = c.createStatement()) {
          st.execute(SqlScripts.read(m.resource()));
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw new AssertionError(
              m.stem() + " needs more than Supabase's postgres role: " + e.getMessage(), e);
        }
      }
      if (SqlScripts.exists(SqlScripts.SEED)) {
        try (Statement st = c.createStatement()) {
          st.execute(SqlScripts.read(SqlScripts.SEED));
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw new AssertionError(
              "seed.sql needs more than Supabase's postgres role: " + e.getMessage(), e);
        }
      }
    }
    CatalogSnapshot asSuperuser = publicOnly(CatalogSnapshot.take(db.dataSource()));
    CatalogSnapshot asRole;
    try (Connection c = superuserConnection(DATABASE)) {
      asRole = publicOnly(CatalogSnapshot.take(c));
    }
    // owners differ by design (the role vs postgres); everything else must not
    assertThat(normaliseOwner(asSuperuser).diff(normaliseOwner(asRole))).isEmpty();
  }

  @Test
  void demotedPostgres_isRefusedWhatOnlyASuperuserMayDo() throws SQLException {
    try (Connection c = roleConnection(DATABASE);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute(
          "create function public.probe_evt() returns event_trigger language plpgsql "
              + "set search_path = '' as 'begin end'");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  st.execute(
                      "create event trigger probe_evt on ddl_command_end execute function public.probe_evt()"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      c.rollback();
    }
  }

  private static CatalogSnapshot publicOnly(CatalogSnapshot s) {
    return s.filter(
        l ->
            l.matches("^(relation|column|constraint|policy|viewdef|trigger) public\\..*")
                || l.startsWith("function public.")
                || l.startsWith("index CREATE") && l.contains(" ON public."));
  }

  private static CatalogSnapshot normaliseOwner(CatalogSnapshot s) {
    return s.map(
        l ->
            sortAcl(
                l.replace(ROLE, "OWNER")
                    .replace("owner=postgres", "owner=OWNER")
                    .replace("postgres=", "OWNER=")
                    .replace("/postgres", "/OWNER")));
  }

  /**
   * ACL entries in a stable order: the owner's own entry comes first or last depending on history.
   */
  private static String sortAcl(String line) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("acl=\\{([^}]*)\\}").matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String[] entries = m.group(1).split(",");
      java.util.Arrays.sort(entries);
      m.appendReplacement(
          out, java.util.regex.Matcher.quoteReplacement("acl={" + String.join(",", entries) + "}"));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Connection superuserConnection(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", db.superuser());
    p.setProperty("password", db.password());
    return DriverManager.getConnection(urlOf(database), p);
  }

  private static Connection roleConnection(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", ROLE);
    p.setProperty("password", rolePassword);
    return DriverManager.getConnection(urlOf(database), p);
  }

  private static String urlOf(String database) {
    String url = db.jdbcUrl();
    return url.substring(0, url.lastIndexOf('/') + 1) + database;
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

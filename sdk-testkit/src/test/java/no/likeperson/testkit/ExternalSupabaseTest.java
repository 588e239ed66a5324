package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalSupabaseTest {

  /** What `supabase status -o env` prints for a default local project. */
  static Map<String, String> supabaseStatusEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("SUPABASE_URL", "http://127.0.0.1:54321");
    env.put("SUPABASE_ANON_KEY", JwtsTest.SUPABASE_DEMO_ANON_KEY);
    env.put("SUPABASE_JWT_SECRET", Jwts.DEFAULT_SECRET);
    env.put("SUPABASE_DB_URL", "postgresql://postgres:postgres@127.0.0.1:54322/postgres");
    return env;
  }

  @Test
  void fromEnvironment_whenNothingSet_isEmpty() {
    assertThat(ExternalSupabase.fromEnvironment(Map.of())).isEmpty();
    assertThat(ExternalSupabase.fromEnvironment(Map.of("PATH", "/usr/bin", "SUPABASE", "x")))
        .isEmpty();
  }

  @Test
  void fromEnvironment_whenVariablesAreBlank_treatsThemAsUnset() {
    assertThat(
            ExternalSupabase.fromEnvironment(Map.of("SUPABASE_URL", "", "SUPABASE_ANON_KEY", "  ")))
        .isEmpty();
  }

  @Test
  void fromEnvironment_withSupabaseStatusValues_parsesEverything() {
    ExternalSupabase ext = ExternalSupabase.fromEnvironment(supabaseStatusEnv()).orElseThrow();

    assertThat(ext.apiUrl()).isEqualTo("http://127.0.0.1:54321");
    assertThat(ext.anonKey()).isEqualTo(JwtsTest.SUPABASE_DEMO_ANON_KEY);
    assertThat(ext.jwtSecret()).isEqualTo(Jwts.DEFAULT_SECRET);
    assertThat(ext.serviceRoleKey())
        .as("minted from the secret when not given")
        .isEqualTo(JwtsTest.SUPABASE_DEMO_SERVICE_ROLE_KEY);
    assertThat(ext.database())
        .isEqualTo(
            new ExternalSupabase.Database(
                "jdbc:postgresql://127.0.0.1:54322/postgres", "postgres", "postgres"));
  }

  @Test
  void fromEnvironment_trimsValuesAndTrailingSlashes() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_URL", "  https://abc.supabase.co/  ");
    assertThat(ExternalSupabase.fromEnvironment(env).orElseThrow().apiUrl())
        .isEqualTo("https://abc.supabase.co");
  }

  @Test
  void fromEnvironment_withServiceRoleKey_usesIt() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_SERVICE_ROLE_KEY", JwtsTest.SUPABASE_DEMO_SERVICE_ROLE_KEY);
    assertThat(ExternalSupabase.fromEnvironment(env).orElseThrow().serviceRoleKey())
        .isEqualTo(JwtsTest.SUPABASE_DEMO_SERVICE_ROLE_KEY);
  }

  @Test
  void fromEnvironment_whenOnlyUrlSet_namesTheMissingVariables() {
    assertThatThrownBy(
            () ->
                ExternalSupabase.fromEnvironment(Map.of("SUPABASE_URL", "http://127.0.0.1:54321")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "SUPABASE_ANON_KEY, SUPABASE_JWT_SECRET, SUPABASE_DB_URL are not set");
  }

  @Test
  void fromEnvironment_whenOnlyDbUrlMissing_saysSo() {
    Map<String, String> env = supabaseStatusEnv();
    env.remove("SUPABASE_DB_URL");
    assertThatThrownBy(() -> ExternalSupabase.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUPABASE_DB_URL is not set");
  }

  @Test
  void fromEnvironment_whenOnlyServiceRoleKeySet_isIncomplete() {
    assertThatThrownBy(
            () -> ExternalSupabase.fromEnvironment(Map.of("SUPABASE_SERVICE_ROLE_KEY", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_JWT_SECRET, SUPABASE_DB_URL are not set");
  }

  @Test
  void fromEnvironment_whenSecretTooShort_rejectsWithoutEchoingIt() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_JWT_SECRET", "short-secret-123");
    assertThatThrownBy(() -> ExternalSupabase.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUPABASE_JWT_SECRET must be at least 32 characters")
        .hasMessageNotContaining("short-secret-123");
  }

  @Test
  void fromEnvironment_whenAnonKeySignedWithAnotherSecret_rejectsWithoutEchoingSecrets() {
    Map<String, String> env = supabaseStatusEnv();
    String otherSecret = "a-different-secret-of-at-least-32-characters";
    env.put("SUPABASE_ANON_KEY", Jwts.apiKey(otherSecret, "anon"));
    assertThatThrownBy(() -> ExternalSupabase.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SUPABASE_ANON_KEY is not signed (HS256) with SUPABASE_JWT_SECRET")
        .hasMessageNotContaining(otherSecret)
        .hasMessageNotContaining(Jwts.DEFAULT_SECRET);
  }

  @Test
  void fromEnvironment_whenAnonKeyIsTheServiceRoleKey_rejects() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_ANON_KEY", JwtsTest.SUPABASE_DEMO_SERVICE_ROLE_KEY);
    assertThatThrownBy(() -> ExternalSupabase.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SUPABASE_ANON_KEY carries role 'service_role', expected 'anon'");
  }

  @Test
  void fromEnvironment_whenServiceRoleKeyIsTheAnonKey_rejects() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_SERVICE_ROLE_KEY", JwtsTest.SUPABASE_DEMO_ANON_KEY);
    assertThatThrownBy(() -> ExternalSupabase.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SUPABASE_SERVICE_ROLE_KEY carries role 'anon', expected 'service_role'");
  }

  @Test
  void fromEnvironment_whenAnonKeyIsGarbage_rejects() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_ANON_KEY", "garbage");
    assertThatThrownBy(() -> ExternalSupabase.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SUPABASE_ANON_KEY is not a JWT")
        .hasMessageNotContaining("garbage");
  }

  @Test
  void fromEnvironment_withNewPublishableKey_acceptsItUnverified() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_ANON_KEY", "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH");
    assertThat(ExternalSupabase.fromEnvironment(env).orElseThrow().anonKey())
        .startsWith("sb_publishable_");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://127.0.0.1:54321",
        "127.0.0.1:54321",
        "http://",
        "http://u:p@127.0.0.1:54321",
        "http://127.0.0.1:54321?x=1",
        "http://127.0.0.1:54321/rest/v1",
        "http://127.0.0.1:54321/rest/v1/",
        "http://[::1"
      })
  void fromEnvironment_whenUrlMalformed_rejectsNamingTheVariable(String url) {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_URL", url);
    assertThatThrownBy(() -> ExternalSupabase.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SUPABASE_URL");
  }

  @Test
  void parseDatabaseUrl_acceptsPostgresScheme() {
    assertThat(ExternalSupabase.parseDatabaseUrl("postgres://me:pw@db.example.org:6543/app"))
        .isEqualTo(
            new ExternalSupabase.Database("jdbc:postgresql://db.example.org:6543/app", "me", "pw"));
  }

  @Test
  void parseDatabaseUrl_acceptsJdbcFormWithCredentialsInQuery_keepingOtherOptions() {
    assertThat(
            ExternalSupabase.parseDatabaseUrl(
                "jdbc:postgresql://h:5432/db?user=u&sslmode=require&password=p%26q"))
        .isEqualTo(
            new ExternalSupabase.Database(
                "jdbc:postgresql://h:5432/db?sslmode=require", "u", "p&q"));
  }

  @Test
  void parseDatabaseUrl_decodesPercentEscapesAndKeepsPlus() {
    assertThat(ExternalSupabase.parseDatabaseUrl("postgresql://post%40gres:p%40ss%3Aw+rd@h:1/d"))
        .isEqualTo(
            new ExternalSupabase.Database("jdbc:postgresql://h:1/d", "post@gres", "p@ss:w+rd"));
  }

  @Test
  void parseDatabaseUrl_withoutDatabaseOrPassword_defaultsToPostgresAndEmptyPassword() {
    assertThat(ExternalSupabase.parseDatabaseUrl("postgresql://postgres@localhost:54322"))
        .isEqualTo(
            new ExternalSupabase.Database(
                "jdbc:postgresql://localhost:54322/postgres", "postgres", ""));
    assertThat(
            ExternalSupabase.parseDatabaseUrl("postgresql://postgres:x@localhost?sslmode=disable"))
        .isEqualTo(
            new ExternalSupabase.Database(
                "jdbc:postgresql://localhost/postgres?sslmode=disable", "postgres", "x"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://u:p@h/db",
        "http://u:p@h/db",
        "postgresql://h:5432/db",
        "postgresql://u:p@/db",
        "postgresql://u:p@:5432/db",
        "postgresql://u:%zz@h/db"
      })
  void parseDatabaseUrl_whenUnusable_rejectsNamingTheVariable(String url) {
    assertThatThrownBy(() -> ExternalSupabase.parseDatabaseUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SUPABASE_DB_URL");
  }

  @Test
  void toString_neverShowsSecretsOrPassword() {
    Map<String, String> env = supabaseStatusEnv();
    env.put("SUPABASE_DB_URL", "postgresql://postgres:hunter2-password@127.0.0.1:54322/postgres");
    String s = ExternalSupabase.fromEnvironment(env).orElseThrow().toString();
    assertThat(s)
        .contains("http://127.0.0.1:54321", "jdbc:postgresql://127.0.0.1:54322/postgres")
        .doesNotContain(
            "hunter2-password",
            Jwts.DEFAULT_SECRET,
            JwtsTest.SUPABASE_DEMO_ANON_KEY,
            JwtsTest.SUPABASE_DEMO_SERVICE_ROLE_KEY);
  }
}

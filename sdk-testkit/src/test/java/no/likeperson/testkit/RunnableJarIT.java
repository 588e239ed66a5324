package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the shaded {@code sdk-testkit-<version>-all.jar} as a separate process, exactly as a
 * developer would ({@code java -jar ... --port 0}), reads what it prints and queries it over HTTP
 * and JDBC. Runs after {@code package} (surefire execution {@code runnable-jar-it}).
 */
class RunnableJarIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final MediaType JSON_TYPE = MediaType.get("application/json");

  static Process process;
  static Path stderr;
  static Map<String, String> printed = new LinkedHashMap<>();
  static final OkHttpClient http = new OkHttpClient();

  static Path jar() {
    String jar = System.getProperty("testkit.jar");
    // set only by the post-package surefire execution; -Dtest=RunnableJarIT also selects this class
    // in
    // the plain test phase, where the jar does not exist yet
    assumeTrue(
        jar != null && !jar.isBlank(), "runs after package (surefire execution runnable-jar-it)");
    assertThat(new File(jar)).as("the shaded jar %s", jar).isFile();
    return Path.of(jar);
  }

  static ProcessBuilder java(String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  @BeforeAll
  static void startJar() throws Exception {
    stderr = Files.createTempFile("testkit-jar", ".stderr");
    stderr.toFile().deleteOnExit();
    process = java("--port", "0").redirectError(stderr.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Void> reading =
        CompletableFuture.runAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.startsWith("# serving")) {
                    return;
                  }
                  int eq = line.indexOf('=');
                  if (eq > 0) {
                    printed.put(line.substring(0, eq), line.substring(eq + 1));
                  }
                }
                throw new IllegalStateException("the jar exited before it was ready");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try {
      // generous: embedded PostgreSQL + migrations on a busy 2-core machine
      reading.get(300, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("jar did not get ready; stderr:\n" + Files.readString(stderr), e);
    }
  }

  @AfterAll
  static void stopJar() throws Exception {
    if (process != null) {
      process.destroy(); // SIGTERM: shutdown hook closes gateway + database
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void printsSupabaseStatusNames_oneEach_inOrder() {
    assertThat(printed.keySet())
        .startsWith("API_URL", "DB_URL", "JWT_SECRET", "ANON_KEY", "SERVICE_ROLE_KEY");
    assertThat(printed.get("API_URL")).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(printed.get("DB_URL")).startsWith("postgresql://postgres:");
    assertThat(printed.get("JWT_SECRET")).isEqualTo(LocalSupabase.DEFAULT_JWT_SECRET);
    assertThat(printed.get("ANON_KEY")).isEqualTo(JwtsTest.SUPABASE_DEMO_ANON_KEY);
    assertThat(printed.get("SERVICE_ROLE_KEY")).isEqualTo(JwtsTest.SUPABASE_DEMO_SERVICE_ROLE_KEY);
  }

  @Test
  void printsSeededUsersWithTokensForThem() {
    assertThat(printed).containsKeys("USER_1_ID", "USER_1_EMAIL", "USER_1_TOKEN");
    for (int i = 1; printed.containsKey("USER_" + i + "_ID"); i++) {
      String token = printed.get("USER_" + i + "_TOKEN");
      assertThat(JWT.decode(token).getSubject()).isEqualTo(printed.get("USER_" + i + "_ID"));
      assertThat(JWT.decode(token).getClaim("role").asString()).isEqualTo("authenticated");
    }
  }

  @Test
  void dbUrl_isARealDatabaseWithTheMigrationsApplied() throws Exception {
    ExternalSupabase.Database db = ExternalSupabase.parseDatabaseUrl(printed.get("DB_URL"));
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("select count(*) from supabase_migrations.schema_migrations")) {
      rs.next();
      assertThat(rs.getInt(1)).isPositive();
    }
  }

  @Test
  void apiUrl_servesPostgrestForAUserToken() throws Exception {
    String token = printed.get("USER_1_TOKEN");
    Request request =
        new Request.Builder()
            .url(printed.get("API_URL") + "/rest/v1/organisations?select=id&limit=5")
            .header("apikey", printed.get("ANON_KEY"))
            .header("Authorization", "Bearer " + token)
            .header("Prefer", "count=exact")
            .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isIn(200, 206);
      assertThat(response.header("Content-Range")).matches("(\\d+-\\d+|\\*)/\\d+");
      JsonNode body = JSON.readTree(response.body().string());
      assertThat(body.isArray()).isTrue();
    }
  }

  @Test
  void apiUrl_answersPostgrestErrors() throws Exception {
    Request request =
        new Request.Builder()
            .url(printed.get("API_URL") + "/rest/v1/rpc/no_such_function_here")
            .header("apikey", printed.get("ANON_KEY"))
            .header("Authorization", "Bearer " + printed.get("ANON_KEY"))
            .post(RequestBody.create("{}", JSON_TYPE))
            .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(JSON.readTree(response.body().string()).path("code").asText())
          .isEqualTo("PGRST202");
    }
  }

  @Test
  void apiUrl_rejectsATokenSignedWithAnotherSecret() throws Exception {
    String forged = Jwts.apiKey("not-the-secret-but-at-least-32-characters-long", "service_role");
    Request request =
        new Request.Builder()
            .url(printed.get("API_URL") + "/rest/v1/organisations?select=id")
            .header("apikey", printed.get("ANON_KEY"))
            .header("Authorization", "Bearer " + forged)
            .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    }
  }

  /**
   * The promise: every integration test runs unchanged against a real Supabase when the
   * {@code SUPABASE_*} variables are set. Here the "real" Supabase is the jar, reached only through
   * the four values it printed, from a fresh JVM that runs the SDK integration suite with the
   * extension.
   */
  @Test
  void integrationSuite_runsUnchanged_againstTheJarAsExternalSupabase() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            ExternalSuiteRunner.class.getName(),
            SdkThroughGatewayTest.class.getName(),
            LocalSupabaseExtensionTest.class.getName());
    pb.environment().put("SUPABASE_URL", printed.get("API_URL"));
    pb.environment().put("SUPABASE_ANON_KEY", printed.get("ANON_KEY"));
    pb.environment().put("SUPABASE_JWT_SECRET", printed.get("JWT_SECRET"));
    pb.environment().put("SUPABASE_DB_URL", printed.get("DB_URL"));
    Path out = Files.createTempFile("external-suite", ".out");
    out.toFile().deleteOnExit();
    Process suite = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();

    boolean finished = suite.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      suite.destroyForcibly();
    }
    String output = Files.readString(out);
    assertThat(finished).as(output).isTrue();
    assertThat(suite.exitValue()).as(output).isZero();
    assertThat(output).contains("external=true").containsPattern("succeeded=\\d+ failed=0");
  }

  @Test
  void portAlreadyServed_exitsWithStatus1AndTheReason() throws Exception {
    String port = printed.get("API_URL").substring(printed.get("API_URL").lastIndexOf(':') + 1);
    Path err = Files.createTempFile("testkit-jar-taken", ".stderr");
    err.toFile().deleteOnExit();
    Process second = java("--port", port).redirectError(err.toFile()).start();

    assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(1);
    assertThat(Files.readString(err))
        .contains("could not start the local stack", "127.0.0.1:" + port);
  }

  @Test
  void badArguments_exitWithStatus2AndUsage() throws Exception {
    Path err = Files.createTempFile("testkit-jar-bad", ".stderr");
    err.toFile().deleteOnExit();
    Process bad = java("--port", "not-a-port").redirectError(err.toFile()).start();
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err))
        .contains("--port must be a number: not-a-port", "usage: java -jar");
  }
}

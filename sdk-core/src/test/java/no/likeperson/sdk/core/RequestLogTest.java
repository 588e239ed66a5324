package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.ANON_KEY;
import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.json;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * Reads what slf4j-simple really wrote (surefire points {@code org.slf4j.simpleLogger.logFile} at a
 * file) and proves the request log has method, path, status, duration and retry count, and never a
 * token, key or filter value.
 */
class RequestLogTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private static final String FILTER_VALUE = "Ærlig-Østby-Åse (hemmelig), 'x'";
  private final String token = userToken("user-log", NOW.plusSeconds(3600));

  private static Path logFile() {
    String f = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertThat(f).as("surefire must set org.slf4j.simpleLogger.logFile").isNotBlank();
    return Path.of(f);
  }

  private static List<String> linesWith(String marker) throws IOException {
    return Files.readAllLines(logFile(), StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(marker))
        .collect(Collectors.toList());
  }

  private WireRequest filtered(String table, String method, byte[] body, boolean replayable) {
    HttpUrl url =
        server
            .url("/rest/v1/" + table)
            .newBuilder()
            .addQueryParameter("name", "eq." + FILTER_VALUE)
            .addQueryParameter("or", "(note.ilike.*" + FILTER_VALUE + "*,id.eq.5)")
            .build();
    return new WireRequest(
        method,
        url,
        Headers.of("Prefer", "return=minimal"),
        body,
        replayable,
        method + " /rest/v1/" + table,
        null);
  }

  @Test
  void enabledLog_recordsMethodPathStatusDurationAndRetries_butNoSecrets() throws Exception {
    String table = "logged_" + UUID.randomUUID().toString().replace("-", "");
    server.enqueue(TestSupport.error(503, "PGRST000", "down"));
    server.enqueue(json(200, "[]"));
    server.enqueue(
        new MockResponse.Builder()
            .code(409)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"code\":\"23505\",\"details\":\"Key (name)=("
                    + FILTER_VALUE
                    + ") already exists.\",\"hint\":null,"
                    + "\"message\":\"duplicate key value violates unique constraint \\\"u_name\\\"\"}")
            .build());
    server.enqueue(json(200, "[]"));
    try (Transport t =
        Transports.create(
            config(server).tokenProvider(AccessTokenProvider.of(token)).requestLog(true).build())) {
      t.execute(filtered(table, "GET", null, true), BODY);
      assertThatThrownBy(
              () ->
                  t.execute(
                      filtered(
                          table,
                          "POST",
                          ("{\"name\":\"" + FILTER_VALUE + "\"}").getBytes(StandardCharsets.UTF_8),
                          false),
                      BODY))
          .isInstanceOfSatisfying(
              ConflictException.class,
              e -> {
                assertThat(e.getMessage()).doesNotContain(FILTER_VALUE).doesNotContain("hemmelig");
                assertThat(e.details())
                    .contains(FILTER_VALUE); // available to the caller, not logged
              });
      t.executeAsync(filtered(table, "GET", null, true), BODY).get();
    }
    List<String> lines = linesWith(table);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .contains("GET /rest/v1/" + table + " -> 503 PGRST000 in ")
        .contains("(retry 0)");
    assertThat(lines.get(1))
        .contains("GET /rest/v1/" + table + " -> 200 in ")
        .contains("(retry 1)");
    assertThat(lines.get(2)).contains("POST /rest/v1/" + table + " -> 409 23505 in ");
    assertThat(lines.get(3)).contains("GET /rest/v1/" + table + " -> 200 in ");
    assertThat(lines).allSatisfy(l -> assertThat(l).containsPattern(" in \\d+ ms"));

    String whole = Files.readString(logFile(), StandardCharsets.UTF_8);
    assertThat(whole)
        .doesNotContain(token)
        .doesNotContain(token.split("\\.")[1])
        .doesNotContain(ANON_KEY)
        .doesNotContain("hemmelig")
        .doesNotContain("%C3%98stby")
        .doesNotContain("Østby")
        .doesNotContain("name=eq")
        .doesNotContain("note.ilike");
  }

  @Test
  void disabledLog_writesNothing() throws Exception {
    String table = "quiet_" + UUID.randomUUID().toString().replace("-", "");
    server.enqueue(json(200, "[]"));
    try (Transport t =
        Transports.create(config(server).tokenProvider(AccessTokenProvider.of(token)).build())) {
      t.execute(filtered(table, "GET", null, true), BODY);
    }
    assertThat(Files.exists(logFile()) ? linesWith(table) : List.of()).isEmpty();
  }

  @Test
  void exceptionMessages_neverContainQueryValuesOrToken() {
    server.enqueue(
        TestSupport.error(
            400, "22P02", "invalid input syntax for type uuid: \\\"" + "hemmelig" + "\\\""));
    try (Transport t =
        Transports.create(config(server).tokenProvider(AccessTokenProvider.of(token)).build())) {
      assertThatThrownBy(() -> t.execute(filtered("activities", "GET", null, true), BODY))
          .isInstanceOfSatisfying(
              SupabaseServiceException.class,
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo(
                        "HTTP 400 (22P02) from GET /rest/v1/activities: invalid input syntax for type uuid: \"<value>\"");
                assertThat(String.valueOf(e)).doesNotContain("hemmelig").doesNotContain(token);
              });
    }
  }
}

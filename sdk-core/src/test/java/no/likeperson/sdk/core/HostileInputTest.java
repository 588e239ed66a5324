package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs and answers an attacker (or a broken proxy) can choose must end in a typed SDK error:
 * never a raw runtime exception, never one on OkHttp's dispatcher thread, never unbounded memory or
 * time.
 */
class HostileInputTest extends ApiTest {

  // ---- Retry-After beyond int (OkHttp parses it on 503 and 408 before any application code) ----

  private static MockResponse withRetryAfter(int code, String retryAfter) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .addHeader("Retry-After", retryAfter)
        .body("{\"code\":\"PGRST000\",\"message\":\"down\"}")
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2147483648", "99999999999999999999999999", "9223372036854775808"})
  void hugeRetryAfter_on503_isATypedErrorWithTheCappedWait(String retryAfter) {
    server.enqueue(withRetryAfter(503, retryAfter));
    assertThatThrownBy(() -> client.from("activities").list(JsonNode.class))
        .isInstanceOfSatisfying(
            ServiceUnavailableException.class,
            e -> assertThat(e.retryAfter()).contains(RetrySettings.defaults().maxRetryAfter()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2147483648", "99999999999999999999999999"})
  void hugeRetryAfter_on503_async_failsTheFuture_notTheDispatcher(String retryAfter) {
    server.enqueue(withRetryAfter(503, retryAfter));
    assertThat(client.from("activities").listAsync(JsonNode.class))
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void hugeRetryAfter_on408_isATypedError_syncAndAsync() {
    server.enqueue(withRetryAfter(408, "2147483648"));
    server.enqueue(withRetryAfter(408, "2147483648"));
    assertThatThrownBy(() -> client.from("activities").list(JsonNode.class))
        .isInstanceOf(SupabaseException.class);
    assertThat(client.from("activities").listAsync(JsonNode.class))
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(SupabaseException.class);
  }

  @Test
  void ordinaryRetryAfter_isPassedOnUnchanged() {
    server.enqueue(withRetryAfter(503, "7"));
    assertThatThrownBy(() -> client.from("activities").list(JsonNode.class))
        .isInstanceOfSatisfying(
            ServiceUnavailableException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
  }

  // ---- decimals whose plain notation would not fit in memory ----

  @Test
  void hugeDecimalFilter_isRefusedBeforeAnyRequest() {
    BigDecimal huge = new BigDecimal("1E+999999999");
    assertThatThrownBy(
            () -> client.from("activities").eq("duration_minutes", huge).list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("decimal");
    assertThatThrownBy(
            () ->
                client
                    .from("activities")
                    .in(
                        "duration_minutes",
                        List.of(BigDecimal.ONE, new BigDecimal("1E-999999999"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("decimal");
    assertThatThrownBy(
            () ->
                client
                    .from("activities")
                    .or(Filter.gt("duration_minutes", huge))
                    .list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void hugeDecimalGetRpcArgument_isRefusedBeforeAnyRequest() {
    BigDecimal huge = new BigDecimal("1E+999999999");
    assertThatThrownBy(() -> client.rpc("f", Map.of("n", huge)).readOnly().list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("decimal");
    assertThatThrownBy(
            () -> client.rpc("f", Map.of("n", List.of(huge))).readOnly().list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("decimal");
    assertThatThrownBy(() -> client.from("t").insert(Map.of("n", huge)).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.rpc("f", Map.of("n", huge)).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void largeButReasonableDecimal_isStillSentPlain() throws Exception {
    server.enqueue(json("[]"));
    client.from("t").eq("n", new BigDecimal("1E+300")).list(JsonNode.class);
    assertThat(params(server.takeRequest(), "n")).containsExactly("eq.1" + "0".repeat(300));
  }

  // ---- ranges at the edge of long ----

  @Test
  void rangeToLongMax_neverSendsANegativeLimit() throws Exception {
    server.enqueue(json("[]"));
    client.from("t").range(0, Long.MAX_VALUE).list(JsonNode.class);
    var r = server.takeRequest();
    assertThat(params(r, "offset")).containsExactly("0");
    assertThat(params(r, "limit")).containsExactly(Long.toString(Long.MAX_VALUE));
  }

  @Test
  void rangeFromLongMax_isOneRow() throws Exception {
    server.enqueue(json("[]"));
    client.from("t").range(Long.MAX_VALUE, Long.MAX_VALUE).list(JsonNode.class);
    assertThat(params(server.takeRequest(), "limit")).containsExactly("1");
  }

  // ---- payloads nested deeper than any JSON parser accepts ----

  private static Map<String, Object> nestedMap(int depth) {
    Map<String, Object> m = Map.of("leaf", 1);
    for (int i = 0; i < depth; i++) {
      m = Map.of("a", m);
    }
    return m;
  }

  private static ObjectNode nestedNode(int depth) {
    ObjectNode n = JsonNodeFactory.instance.objectNode().put("leaf", 1);
    for (int i = 0; i < depth; i++) {
      ObjectNode parent = JsonNodeFactory.instance.objectNode();
      parent.set("a", n);
      n = parent;
    }
    return n;
  }

  private static List<Object> nestedList(int depth) {
    List<Object> l = new ArrayList<>(List.of(1));
    for (int i = 0; i < depth; i++) {
      List<Object> p = new ArrayList<>();
      p.add(l);
      l = p;
    }
    return l;
  }

  @ParameterizedTest
  @ValueSource(ints = {1_500, 5_000, 50_000})
  void deeplyNestedPayload_isATypedErrorAtEveryDepth(int depth) {
    assertThatThrownBy(() -> client.from("t").insert(Map.of("data", nestedMap(depth))).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").insert(Map.of("data", nestedNode(depth))).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").insert(Map.of("data", nestedList(depth))).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> client.from("t").update(Map.of("data", nestedNode(depth))).eq("id", 1).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.rpc("f", Map.of("p", nestedNode(depth))).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> client.rpc("f", Map.of("p", nestedMap(depth))).readOnly().list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  private static Object[] nestedArray(int depth) {
    Object[] a = {1};
    for (int i = 0; i < depth; i++) {
      a = new Object[] {a};
    }
    return a;
  }

  /** {@code {"data": nested}}: the payload object is one level, {@code nestedX(n)} n + 1 more. */
  private static List<Map<String, Object>> payloadsOfDepth(int levels) {
    int n = levels - 2;
    return List.of(
        Map.of("data", nestedMap(n)),
        Map.of("data", nestedNode(n)),
        Map.of("data", nestedList(n)),
        Map.of("data", nestedArray(n)));
  }

  @Test
  void nesting_atExactlyTheLimit_isSent_oneLevelMore_isRefusedNamingTheLimit() throws Exception {
    for (Map<String, Object> payload : payloadsOfDepth(JsonTrees.MAX_DEPTH)) {
      server.enqueue(ApiFixture.noContent());
      client.from("t").insert(payload).execute();
      assertThat(server.takeRequest().getBody().utf8()).startsWith("{\"data\":");
    }
    for (Map<String, Object> payload : payloadsOfDepth(JsonTrees.MAX_DEPTH + 1)) {
      assertThatThrownBy(() -> client.from("t").insert(payload).execute())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("the t payload nests objects/arrays deeper than 1000 levels");
      assertThatThrownBy(() -> client.rpc("f", payload).execute())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("arguments of f nests objects/arrays deeper than 1000 levels");
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(ints = {1_500, 5_000, 50_000})
  void deeplyNestedAnswer_isATypedError(int depth) {
    Buffer b = new Buffer().writeUtf8("[{\"a\":");
    for (int i = 0; i < depth; i++) {
      b.writeUtf8("[");
    }
    for (int i = 0; i < depth; i++) {
      b.writeUtf8("]");
    }
    b.writeUtf8("}]");
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(b)
            .build());
    assertThatThrownBy(() -> client.from("t").list(JsonNode.class))
        .isInstanceOf(SupabaseClientException.class);
  }

  // ---- an overall deadline on the default client ----

  @Test
  void defaultClient_hasAnOverallCallTimeout_andZeroTurnsItOff() {
    try (SupabaseClient c =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(ApiFixture.API_KEY)
            .build()) {
      assertThat(c.callTimeout()).isEqualTo(SupabaseClient.DEFAULT_CALL_TIMEOUT);
      assertThat(SupabaseClient.DEFAULT_CALL_TIMEOUT).isPositive();
    }
    try (SupabaseClient c =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(ApiFixture.API_KEY)
            .callTimeout(Duration.ZERO)
            .build()) {
      assertThat(c.callTimeout()).isEqualTo(Duration.ZERO);
    }
    okhttp3.OkHttpClient own =
        new okhttp3.OkHttpClient.Builder().callTimeout(7, TimeUnit.SECONDS).build();
    try (SupabaseClient c =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(ApiFixture.API_KEY)
            .okHttpClient(own)
            .build()) {
      assertThat(c.callTimeout())
          .as("a shared client's own call timeout is kept")
          .isEqualTo(Duration.ofSeconds(7));
    }
  }

  @Test
  void tricklingAnswer_endsAtTheCallTimeout_withARetryableClientError() {
    // one byte every 300 ms never trips the 10 s read timeout; only the call timeout ends it
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("[" + " ".repeat(200) + "]")
            .throttleBody(1, 300, TimeUnit.MILLISECONDS)
            .build());
    try (SupabaseClient c =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(ApiFixture.API_KEY)
            .retry(RetrySettings.disabled())
            .circuitBreaker(CircuitBreakerSettings.disabled())
            .callTimeout(Duration.ofSeconds(1))
            .build()) {
      assertThatThrownBy(() -> c.from("t").list(JsonNode.class))
          .isInstanceOfSatisfying(
              SupabaseClientException.class, e -> assertThat(e.isRetryable()).isTrue());
    }
  }

  // ---- batches larger than the statement timeout allows ----

  @Test
  void batchOverTheRowLimit_isRefusedBeforeAnyRequest_andTheLimitItselfIsSent() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < Mutation.MAX_BATCH_ROWS; i++) {
      rows.add(Map.of("id", i));
    }
    server.enqueue(new MockResponse.Builder().code(201).build());
    client.from("activities").insert(rows).execute();
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
    rows.add(Map.of("id", -1));
    assertThatThrownBy(() -> client.from("activities").insert(rows).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("split");
    assertThatThrownBy(() -> client.from("activities").upsert(rows).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}

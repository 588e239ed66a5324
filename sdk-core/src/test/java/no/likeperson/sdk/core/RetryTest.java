package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.error;
import static no.likeperson.sdk.core.TestSupport.get;
import static no.likeperson.sdk.core.TestSupport.json;
import static no.likeperson.sdk.core.TestSupport.post;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.RateLimitedException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.error.ValidationException;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final AccessTokenProvider provider =
      AccessTokenProvider.of(userToken("u", NOW.plusSeconds(3600)));
  private final TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();

  private Transport transport(RetrySettings retry) {
    return Transports.create(
        config(server).tokenProvider(provider).retry(retry).sleeper(sleeper).build());
  }

  @ParameterizedTest(name = "{0} {1} is retried")
  @CsvSource({
    "429,",
    "502,",
    "503,PGRST000",
    "503,PGRST002",
    "504,PGRST003",
    "520,",
    "500,40001",
    "500,40P01"
  })
  void get_transientStatus_isRetriedThenSucceeds(int status, String code) throws Exception {
    server.enqueue(
        code == null ? json(status, "{\"message\":\"busy\"}") : error(status, code, "busy"));
    server.enqueue(json(200, "[1]"));
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[1]");
    }
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isNull();
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("1");
  }

  @ParameterizedTest(name = "{0} {1} is not retried")
  @CsvSource({
    "400,22P02",
    "401,42501",
    "403,42501",
    "404,PGRST205",
    "406,PGRST116",
    "409,23505",
    "413,PGRSTX13",
    "416,PGRST103",
    "500,57014",
    "500,XX000",
    "500,55P03"
  })
  void get_nonTransientStatus_isNotRetried(int status, String code) {
    server.enqueue(error(status, code, "no"));
    server.enqueue(json(200, "[1]"));
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              SupabaseServiceException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest(name = "non-replayable {0} is never retried on 503")
  @ValueSource(strings = {"POST", "PATCH", "PUT", "DELETE"})
  void nonReplayableWrite_on503_isNotRetried(String method) {
    server.enqueue(error(503, "PGRST000", "down"));
    server.enqueue(json(200, "[]"));
    WireRequest r =
        new WireRequest(
            method,
            server.url("/rest/v1/activities"),
            Headers.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            false,
            method + " /rest/v1/activities",
            null);
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThatThrownBy(() -> t.execute(r, BODY)).isInstanceOf(ServiceUnavailableException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void nonReplayableWrite_disconnectAfterSending_isNotRetried() {
    server.enqueue(
        new MockResponse.Builder()
            .code(201)
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(201, "[]"));
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThatThrownBy(
              () -> t.execute(post(server, "/rest/v1/activities", "{\"a\":1}", false), BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> {
                // the server may have committed: the caller must not be told to just repeat it
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).endsWith("the write may or may not have been applied");
              });
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void nonReplayableWrite_onReusedKeepAliveConnection_droppedAfterSending_isNotReplayedByOkHttp() {
    // a first exchange leaves a pooled keep-alive connection; OkHttp's own retryOnConnectionFailure
    // would silently send the POST again on that route when the connection drops after the request
    server.enqueue(json(200, "[]"));
    server.enqueue(
        new MockResponse.Builder()
            .code(201)
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(201, "[]"));
    try (Transport t = transport(RetrySettings.noWait())) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
      assertThatThrownBy(
              () -> t.execute(post(server, "/rest/v1/activities", "{\"a\":1}", false), BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class, e -> assertThat(e.isRetryable()).isFalse());
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void replayableRead_onReusedKeepAliveConnection_dropped_isStillRecovered() throws Exception {
    server.enqueue(json(200, "[]"));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(200, "[1]"));
    try (Transport t = transport(RetrySettings.disabled())) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[1]");
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void nonReplayableWrite_connectionRefused_isRetryableForTheCaller_butNotRetriedHere()
      throws Exception {
    var url = server.url("/rest/v1/activities");
    server.close();
    WireRequest r =
        new WireRequest(
            "POST",
            url,
            Headers.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            false,
            "POST /rest/v1/activities",
            null);
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThatThrownBy(() -> t.execute(r, BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).doesNotContain("may or may not");
              });
    }
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void idempotentWrite_disconnect_isRetriedWithSameBody() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(201)
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(201, "[]"));
    WireRequest r =
        new WireRequest(
            "POST",
            server.url("/rest/v1/activities?on_conflict=id"),
            Headers.of("Prefer", "resolution=ignore-duplicates,return=minimal"),
            "{\"id\":\"7c0e\"}".getBytes(StandardCharsets.UTF_8),
            true,
            "POST /rest/v1/activities",
            null);
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThat(t.execute(r, BODY)).isEqualTo("[]");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    server.takeRequest();
    var second = server.takeRequest();
    assertThat(second.getBody().utf8()).isEqualTo("{\"id\":\"7c0e\"}");
    assertThat(second.getHeaders().get("X-Retry-Count")).isEqualTo("1");
  }

  @Test
  void get_exhaustsAttempts_throwsLastFailure_withIncreasingRetryCount() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(error(503, "PGRST001", "down " + i));
    }
    try (Transport t =
        transport(
            RetrySettings.builder()
                .maxAttempts(3)
                .initialBackoff(Duration.ZERO)
                .maxBackoff(Duration.ZERO)
                .maxRetryAfter(Duration.ZERO)
                .build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              ServiceUnavailableException.class,
              e -> assertThat(e.serverMessage()).isEqualTo("down 2"));
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isNull();
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("1");
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("2");
  }

  @Test
  void disabled_makesOneAttemptOnly() {
    server.enqueue(error(503, "PGRST000", "down"));
    try (Transport t = transport(RetrySettings.disabled())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(ServiceUnavailableException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void backoff_withoutJitter_growsExponentiallyAndIsCapped() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(error(503, "PGRST000", "down"));
    }
    server.enqueue(json(200, "[]"));
    RetrySettings s =
        RetrySettings.builder()
            .maxAttempts(6)
            .initialBackoff(Duration.ofMillis(100))
            .multiplier(2)
            .maxBackoff(Duration.ofMillis(500))
            .jitter(0)
            .build();
    try (Transport t = transport(s)) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    assertThat(sleeper.waits)
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(500),
            Duration.ofMillis(500));
  }

  @Test
  void backoff_withJitter_staysWithinBounds() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "PGRST000", "down"));
    }
    server.enqueue(json(200, "[]"));
    RetrySettings s =
        RetrySettings.builder()
            .maxAttempts(4)
            .initialBackoff(Duration.ofMillis(1000))
            .maxBackoff(Duration.ofMillis(4000))
            .jitter(0.5)
            .build();
    try (Transport t = transport(s)) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    assertThat(sleeper.waits).hasSize(3);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    assertThat(sleeper.waits.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
    assertThat(sleeper.waits.get(2)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
  }

  @Test
  void retryAfterSeconds_isHonoured() {
    server.enqueue(
        new MockResponse.Builder(error(503, "PGRST000", "down"))
            .setHeader("Retry-After", "3")
            .build());
    server.enqueue(json(200, "[]"));
    RetrySettings s =
        RetrySettings.builder()
            .initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(10))
            .jitter(0)
            .build();
    try (Transport t = transport(s)) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retryAfterHttpDate_on429_isHonoured() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "Sun, 01 Mar 2026 10:00:05 GMT")
            .build());
    server.enqueue(json(200, "[]"));
    RetrySettings s =
        RetrySettings.builder()
            .initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(10))
            .jitter(0)
            .build();
    try (Transport t = transport(s)) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void retryAfter_isCapped() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "86400").build());
    server.enqueue(json(200, "[]"));
    RetrySettings s =
        RetrySettings.builder()
            .initialBackoff(Duration.ZERO)
            .maxBackoff(Duration.ZERO)
            .maxRetryAfter(Duration.ofSeconds(20))
            .build();
    try (Transport t = transport(s)) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(20));
  }

  @Test
  void rateLimited_afterExhaustion_carriesRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "4").build());
    try (Transport t = transport(RetrySettings.disabled())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              RateLimitedException.class,
              e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(4)));
    }
  }

  @Test
  void conflictOnIdempotentWrite_isNotRetried() {
    server.enqueue(
        error(409, "23505", "duplicate key value violates unique constraint \\\"pk\\\""));
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThatThrownBy(() -> t.execute(post(server, "/rest/v1/activities", "{}", true), BODY))
          .isInstanceOf(ConflictException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void interruptedDuringBackoff_stopsAndKeepsInterruptFlag() {
    server.enqueue(error(503, "PGRST000", "down"));
    Sleeper interrupted =
        d -> {
          throw new InterruptedException();
        };
    try (Transport t =
        Transports.create(config(server).tokenProvider(provider).sleeper(interrupted).build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessageContaining("interrupted")
          .satisfies(
              e ->
                  assertThat(e.getSuppressed())
                      .hasAtLeastOneElementOfType(ServiceUnavailableException.class));
      assertThat(Thread.interrupted()).isTrue();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void interruptedCaller_isNotRetried_andKeepsItsInterruptFlag() {
    server.enqueue(json(200, "[]"));
    server.enqueue(json(200, "[]"));
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(RetrySettings.noWait())) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
            .isInstanceOfSatisfying(
                SupabaseClientException.class,
                e -> {
                  assertThat(e.isRetryable()).isFalse();
                  assertThat(e.getMessage())
                      .startsWith("interrupted during GET /rest/v1/activities");
                });
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
    }
    assertThat(server.getRequestCount()).isLessThanOrEqualTo(1);
  }

  @Test
  void validationError_isNotRetriedEvenForGet() {
    server.enqueue(error(400, "PGRST100", "failed to parse filter"));
    try (Transport t = transport(RetrySettings.noWait())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities?x=bad"), BODY))
          .isInstanceOf(ValidationException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void settings_rejectBadValues() {
    assertThatThrownBy(() -> RetrySettings.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetrySettings.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetrySettings.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetrySettings.builder().initialBackoff(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetrySettings.builder().maxBackoff(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("maxBackoff == null");
    assertThatThrownBy(
            () ->
                RetrySettings.builder()
                    .initialBackoff(Duration.ofSeconds(10))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RetrySettings.defaults().toBuilder().build()).isEqualTo(RetrySettings.defaults());
    assertThat(RetrySettings.disabled().maxAttempts()).isEqualTo(1);
    assertThat(RetrySettings.noWait().initialBackoff()).isZero();
  }
}

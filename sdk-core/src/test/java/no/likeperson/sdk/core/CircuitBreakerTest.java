package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.error;
import static no.likeperson.sdk.core.TestSupport.get;
import static no.likeperson.sdk.core.TestSupport.json;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.CircuitOpenException;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final TestSupport.MutableClock clock = new TestSupport.MutableClock(NOW);

  private OkHttpTransport transport(RetrySettings retry) {
    return transport(retry, new okhttp3.OkHttpClient());
  }

  private OkHttpTransport transport(RetrySettings retry, okhttp3.OkHttpClient http) {
    CircuitBreakerSettings cb =
        CircuitBreakerSettings.builder()
            .slidingWindowSize(4)
            .minimumNumberOfCalls(4)
            .failureRateThreshold(50)
            .waitInOpenState(Duration.ofSeconds(30))
            .permittedCallsInHalfOpenState(1)
            .build();
    return (OkHttpTransport)
        Transports.create(
            config(server)
                .tokenProvider(AccessTokenProvider.of(userToken("u", NOW.plusSeconds(86400))))
                .okHttpClient(http)
                .retry(retry)
                .circuitBreaker(cb)
                .clock(clock)
                .build());
  }

  private void failFourTimes(OkHttpTransport t) {
    for (int i = 0; i < 4; i++) {
      server.enqueue(error(503, "PGRST000", "down"));
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(ServiceUnavailableException.class);
    }
  }

  /** A write's answer that never comes: the connection closes once the request was read. */
  private static mockwebserver3.MockResponse droppedAfterSending() {
    return new mockwebserver3.MockResponse.Builder()
        .code(201)
        .onResponseStart(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  @Test
  void serverFailures_openTheBreaker_andNextCallFailsFastWithoutSending() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      assertThat(t.circuitState()).isEqualTo("open");
      int sent = server.getRequestCount();
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              CircuitOpenException.class,
              e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("GET /rest/v1/activities");
              });
      assertThat(server.getRequestCount()).isEqualTo(sent);
    }
  }

  @Test
  void clientErrors_doNotOpenTheBreaker() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      for (int i = 0; i < 8; i++) {
        server.enqueue(error(404, "PGRST205", "no table"));
        assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/nope"), BODY))
            .isInstanceOf(NotFoundException.class);
      }
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  @Test
  void connectionFailuresOfWrites_countAgainstTheBreaker() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      for (int i = 0; i < 4; i++) {
        server.enqueue(droppedAfterSending());
        assertThatThrownBy(
                () -> t.execute(TestSupport.post(server, "/rest/v1/activities", "{}", false), BODY))
            .isInstanceOf(no.likeperson.sdk.core.error.SupabaseClientException.class);
      }
      assertThat(t.circuitState()).isEqualTo("open");
    }
  }

  @Test
  void unparseableBodies_andRateLimits_doNotOpenTheBreaker() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      for (int i = 0; i < 4; i++) {
        server.enqueue(json(200, "{not json"));
        assertThatThrownBy(
                () ->
                    t.execute(
                        get(server, "/rest/v1/activities"),
                        r ->
                            new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(r.body().byteStream())))
            .isInstanceOf(no.likeperson.sdk.core.error.SupabaseClientException.class);
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(429).build());
        assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
            .isInstanceOf(no.likeperson.sdk.core.error.RateLimitedException.class);
      }
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  @Test
  void halfOpen_successfulTrialCall_closesTheBreaker() throws Exception {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      assertThat(t.circuitState()).isEqualTo("open");
      clock.advance(Duration.ofSeconds(31));
      server.enqueue(json(200, "[1]"));
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[1]");
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  @Test
  void halfOpen_failedTrialCall_reopensTheBreaker() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      clock.advance(Duration.ofSeconds(31));
      server.enqueue(error(503, "PGRST000", "still down"));
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(ServiceUnavailableException.class);
      assertThat(t.circuitState()).isEqualTo("open");
      int sent = server.getRequestCount();
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(CircuitOpenException.class);
      assertThat(server.getRequestCount()).isEqualTo(sent);
    }
  }

  @Test
  void beforeWaitElapses_breakerStaysOpen() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      clock.advance(Duration.ofSeconds(29));
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(CircuitOpenException.class);
      assertThat(server.getRequestCount()).isEqualTo(4);
    }
  }

  @Test
  void retriesStop_whenBreakerOpensMidway() {
    try (OkHttpTransport t =
        transport(
            RetrySettings.builder()
                .maxAttempts(10)
                .initialBackoff(Duration.ZERO)
                .maxBackoff(Duration.ZERO)
                .maxRetryAfter(Duration.ZERO)
                .build())) {
      for (int i = 0; i < 10; i++) {
        server.enqueue(error(503, "PGRST000", "down"));
      }
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(CircuitOpenException.class);
      assertThat(server.getRequestCount()).isEqualTo(4);
    }
  }

  @Test
  void async_openBreaker_failsFastWithoutSending() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(CircuitOpenException.class);
      assertThat(server.getRequestCount()).isEqualTo(4);
    }
  }

  @Test
  void async_halfOpenTrialSuccess_closesTheBreaker() throws Exception {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      clock.advance(Duration.ofSeconds(31));
      server.enqueue(json(200, "[2]"));
      assertThat(t.executeAsync(get(server, "/rest/v1/activities"), BODY).get()).isEqualTo("[2]");
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  @Test
  void interruptedHalfOpenTrial_givesItsPermissionBack_andDoesNotReopen() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      clock.advance(Duration.ofSeconds(31));
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
            .isInstanceOfSatisfying(
                SupabaseClientException.class,
                e -> assertThat(e.getMessage()).startsWith("interrupted during"));
      } finally {
        Thread.interrupted();
      }
      server.enqueue(json(200, "[9]"));
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[9]");
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  @Test
  void async_cancelledHalfOpenTrial_givesItsPermissionBack() throws Exception {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      clock.advance(Duration.ofSeconds(31));
      java.util.concurrent.CountDownLatch releaseTrial = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicInteger seen =
          new java.util.concurrent.atomic.AtomicInteger();
      server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request)
                throws InterruptedException {
              if (seen.incrementAndGet() == 1) {
                releaseTrial.await(); // hold the trial call until the test ends
              }
              return json(200, "[9]");
            }
          });
      java.util.concurrent.CompletableFuture<String> trial;
      try {
        trial = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
        while (seen.get() == 0) {
          Thread.onSpinWait(); // the only half-open permit is now in use
        }
        assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
            .isInstanceOf(CircuitOpenException.class);
        trial.cancel(true);
      } catch (RuntimeException | Error e) {
        releaseTrial.countDown();
        throw e;
      }
      // the permit comes back when OkHttp reports the cancelled call; wait for that condition
      long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      String result = null;
      while (result == null && System.nanoTime() < giveUp) {
        try {
          result = t.execute(get(server, "/rest/v1/activities"), BODY);
        } catch (CircuitOpenException stillHeld) {
          Thread.onSpinWait();
        }
      }
      releaseTrial.countDown();
      assertThat(result).isEqualTo("[9]");
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  @Test
  void async_serverFailures_openTheBreaker() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      for (int i = 0; i < 4; i++) {
        server.enqueue(error(503, "PGRST000", "down"));
        assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
            .hasCauseInstanceOf(ServiceUnavailableException.class);
      }
      assertThat(t.circuitState()).isEqualTo("open");
    }
  }

  @Test
  void async_connectionFailures_openTheBreaker() {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      for (int i = 0; i < 4; i++) {
        server.enqueue(droppedAfterSending());
        assertThatThrownBy(
                () ->
                    t.executeAsync(
                            TestSupport.post(server, "/rest/v1/activities", "{}", false), BODY)
                        .get())
            .hasCauseInstanceOf(SupabaseClientException.class);
      }
      assertThat(t.circuitState()).isEqualTo("open");
    }
  }

  @Test
  void async_handlerThrowingAnError_failsTheFuture_andGivesTheTrialBack() throws Exception {
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      failFourTimes(t);
      clock.advance(Duration.ofSeconds(31));
      server.enqueue(json(200, "[1]"));
      AssertionError bug = new AssertionError("handler bug");
      java.util.concurrent.CompletableFuture<String> trial =
          t.executeAsync(
              get(server, "/rest/v1/activities"),
              r -> {
                throw bug;
              });
      assertThatThrownBy(() -> trial.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isSameAs(bug);
      assertThat(t.circuitState()).isEqualTo("half_open");
      server.enqueue(json(200, "[2]"));
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[2]");
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  /** A client whose interceptor throws the armed failure once, then lets calls through. */
  private static okhttp3.OkHttpClient throwingWhenArmed(
      java.util.concurrent.atomic.AtomicReference<Throwable> armed) {
    return new okhttp3.OkHttpClient.Builder()
        .addInterceptor(
            chain -> {
              Throwable failure = armed.getAndSet(null);
              if (failure != null) {
                throw TestSupport.sneaky(failure);
              }
              return chain.proceed(chain.request());
            })
        .build();
  }

  private void halfOpenTrialFails_andGivesItsPermissionBack(
      Throwable failure, Class<? extends Throwable> thrown, String message) {
    java.util.concurrent.atomic.AtomicReference<Throwable> armed =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (OkHttpTransport t = transport(RetrySettings.disabled(), throwingWhenArmed(armed))) {
      failFourTimes(t);
      clock.advance(Duration.ofSeconds(31));
      armed.set(failure);
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(thrown)
          .hasMessage(message);
      assertThat(t.circuitState()).isEqualTo("half_open");
      server.enqueue(json(200, "[2]"));
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[2]");
      assertThat(t.circuitState()).isEqualTo("closed");
    }
  }

  @Test
  void halfOpenTrial_okHttpThrowingARuntimeException_passesIt_andGivesThePermissionBack() {
    halfOpenTrialFails_andGivesItsPermissionBack(
        new IllegalStateException("okhttp bug"), IllegalStateException.class, "okhttp bug");
  }

  @Test
  void halfOpenTrial_undeclaredCheckedException_isTyped_andGivesThePermissionBack() {
    halfOpenTrialFails_andGivesItsPermissionBack(
        new Exception("from kotlin"),
        SupabaseClientException.class,
        "GET /rest/v1/activities failed (Exception)");
  }

  @Test
  void disabledBreaker_neverOpens() {
    try (Transport t =
        Transports.create(
            config(server)
                .tokenProvider(AccessTokenProvider.of(userToken("u", NOW.plusSeconds(86400))))
                .retry(RetrySettings.disabled())
                .circuitBreaker(CircuitBreakerSettings.disabled())
                .build())) {
      for (int i = 0; i < 30; i++) {
        server.enqueue(error(503, "PGRST000", "down"));
        assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
            .isInstanceOf(ServiceUnavailableException.class);
      }
    }
    assertThat(server.getRequestCount()).isEqualTo(30);
  }

  @Test
  void settings_rejectBadValues() {
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().failureRateThreshold(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().waitInOpenState(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                CircuitBreakerSettings.builder()
                    .slidingWindowSize(5)
                    .minimumNumberOfCalls(6)
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CircuitBreakerSettings.defaults().enabled()).isTrue();
    assertThat(CircuitBreakerSettings.disabled().enabled()).isFalse();
  }
}

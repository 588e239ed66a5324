package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.ANON_KEY;
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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Async twins: same headers, errors, retries and refresh as sync, plus cancellation. */
class AsyncTransportTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final String token = userToken("u", NOW.plusSeconds(3600));

  private Transport transport() {
    return Transports.create(config(server).tokenProvider(AccessTokenProvider.of(token)).build());
  }

  /** Records cancellations of calls on the injected client. */
  private static final class CancelListener extends EventListener {
    final CountDownLatch canceled = new CountDownLatch(1);

    @Override
    public void canceled(Call call) {
      canceled.countDown();
    }
  }

  @Test
  void executeAsync_success_completesOnOkHttpDispatcherWithHeaders() throws Exception {
    server.enqueue(json(200, "[1]"));
    AtomicReference<String> thread = new AtomicReference<>();
    try (Transport t = transport()) {
      String body =
          t.executeAsync(
                  get(server, "/rest/v1/activities"),
                  r -> {
                    thread.set(Thread.currentThread().getName());
                    return r.body().string();
                  })
              .get();
      assertThat(body).isEqualTo("[1]");
    }
    assertThat(thread.get()).startsWith("OkHttp");
    var r = server.takeRequest();
    assertThat(r.getHeaders().get("apikey")).isEqualTo(ANON_KEY);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
    assertThat(r.getHeaders().get("X-Client-Info")).startsWith("likeperson-sdk-java/");
  }

  @Test
  void executeAsync_errorStatus_failsWithTypedException() {
    server.enqueue(error(406, "PGRST116", "JSON object requested, multiple (or no) rows returned"));
    try (Transport t = transport()) {
      assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              NotExactlyOneRowException.class, e -> assertThat(e.code()).isEqualTo("PGRST116"));
    }
  }

  @Test
  void executeAsync_transientFailure_isRetriedWithRetryCount() throws Exception {
    server.enqueue(error(503, "PGRST000", "down"));
    server.enqueue(error(504, "PGRST003", "pool"));
    server.enqueue(json(200, "[3]"));
    try (Transport t = transport()) {
      assertThat(t.executeAsync(get(server, "/rest/v1/activities"), BODY).get()).isEqualTo("[3]");
    }
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isNull();
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("1");
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("2");
  }

  @Test
  void executeAsync_backoffIsScheduled_notBlocking() throws Exception {
    server.enqueue(
        new MockResponse.Builder(error(503, "PGRST000", "down"))
            .setHeader("Retry-After", "0")
            .build());
    server.enqueue(json(200, "[4]"));
    RetrySettings s =
        RetrySettings.builder()
            .initialBackoff(Duration.ofMillis(20))
            .maxBackoff(Duration.ofMillis(20))
            .jitter(0)
            .build();
    try (Transport t =
        Transports.create(
            config(server).tokenProvider(AccessTokenProvider.of(token)).retry(s).build())) {
      assertThat(t.executeAsync(get(server, "/rest/v1/activities"), BODY).get()).isEqualTo("[4]");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void executeAsync_retryAfter_isHonouredAndCapped() throws Exception {
    server.enqueue(
        new MockResponse.Builder(error(429, "PGRST000", "slow down"))
            .setHeader("Retry-After", "3600")
            .build());
    server.enqueue(json(200, "[5]"));
    RetrySettings s =
        RetrySettings.builder()
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1))
            .maxRetryAfter(Duration.ofMillis(300))
            .build();
    java.util.List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (OkHttpTransport t =
        (OkHttpTransport)
            Transports.create(
                config(server).tokenProvider(AccessTokenProvider.of(token)).retry(s).build())) {
      t.retry().getEventPublisher().onRetry(e -> waits.add(e.getWaitInterval()));
      assertThat(t.executeAsync(get(server, "/rest/v1/activities"), BODY).get()).isEqualTo("[5]");
    }
    assertThat(waits).containsExactly(Duration.ofMillis(300));
  }

  @Test
  void executeAsync_nonReplayableWrite_isNotRetried() {
    server.enqueue(error(503, "PGRST000", "down"));
    server.enqueue(json(201, "[]"));
    try (Transport t = transport()) {
      assertThatThrownBy(
              () -> t.executeAsync(post(server, "/rest/v1/activities", "{}", false), BODY).get())
          .cause()
          .isInstanceOf(ServiceUnavailableException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void executeAsync_nonReplayableWrite_onReusedConnectionDroppedAfterSending_isNotReplayedByOkHttp()
      throws Exception {
    server.enqueue(json(200, "[]"));
    server.enqueue(
        new MockResponse.Builder()
            .code(201)
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(201, "[]"));
    try (Transport t = transport()) {
      t.executeAsync(get(server, "/rest/v1/activities"), BODY).get();
      assertThatThrownBy(
              () -> t.executeAsync(post(server, "/rest/v1/activities", "{}", false), BODY).get())
          .cause()
          .isInstanceOfSatisfying(
              SupabaseClientException.class, e -> assertThat(e.isRetryable()).isFalse());
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void executeAsync_disconnectDuringBody_isRetried() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Length", "500")
            .body("[1,2,")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(200, "[1,2]"));
    try (Transport t = transport()) {
      assertThat(t.executeAsync(get(server, "/rest/v1/activities"), BODY).get()).isEqualTo("[1,2]");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void executeAsync_readTimeout_failsWithTimeout() {
    server.enqueue(
        new MockResponse.Builder().code(200).body("[]").bodyDelay(5, TimeUnit.SECONDS).build());
    OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
    try (Transport t =
        Transports.create(
            config(server)
                .okHttpClient(impatient)
                .tokenProvider(AccessTokenProvider.of(token))
                .retry(RetrySettings.disabled())
                .build())) {
      assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
          .cause()
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> assertThat(e.getMessage()).startsWith("timeout during GET /rest/v1/activities"));
    }
  }

  /** The server stalls before answering; {@code listener} sees the OkHttp call being cancelled. */
  private Transport stallingServerTransport(CancelListener listener) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("[]")
            .onResponseStart(SocketEffect.Stall.INSTANCE)
            .build());
    OkHttpClient ok = new OkHttpClient.Builder().eventListener(listener).build();
    return Transports.create(
        config(server).okHttpClient(ok).tokenProvider(AccessTokenProvider.of(token)).build());
  }

  @Test
  void cancellingTheFuture_cancelsTheHttpCall() throws Exception {
    CancelListener listener = new CancelListener();
    try (Transport t = stallingServerTransport(listener)) {
      CompletableFuture<String> f = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
      server.takeRequest(); // the request is on the wire and the server stalls
      assertThat(f.cancel(true)).isTrue();
      assertThat(listener.canceled.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(f).isCancelled();
    }
  }

  @Test
  void completingTheFutureFromOutside_cancelsTheHttpCall() throws Exception {
    CancelListener listener = new CancelListener();
    try (Transport t = stallingServerTransport(listener)) {
      CompletableFuture<String> f = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
      server.takeRequest();
      f.complete("cached");
      assertThat(listener.canceled.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(f.get()).isEqualTo("cached");
    }
  }

  @Test
  void cancellingWhileWaitingToRetry_dropsTheRetry() throws Exception {
    server.enqueue(error(503, "PGRST000", "down"));
    server.enqueue(json(200, "[]"));
    RetrySettings hourLong =
        RetrySettings.builder()
            .initialBackoff(Duration.ofHours(1))
            .maxBackoff(Duration.ofHours(1))
            .jitter(0)
            .build();
    try (OkHttpTransport t =
        (OkHttpTransport)
            Transports.create(
                config(server)
                    .tokenProvider(AccessTokenProvider.of(token))
                    .retry(hourLong)
                    .build())) {
      CompletableFuture<String> f = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
      server.takeRequest();
      while (t.pendingRetries() == 0 && !f.isDone()) {
        Thread.onSpinWait(); // wait for the condition, not for a time
      }
      assertThat(t.pendingRetries()).isEqualTo(1);
      f.cancel(true);
      // the scheduling thread may still be between schedule() and publishing the handle; it then
      // sees the cancelled future and cancels the task itself
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (t.pendingRetries() != 0 && System.nanoTime() < giveUp) {
        Thread.onSpinWait();
      }
      assertThat(t.pendingRetries()).isZero();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void close_failsPendingRetries() throws Exception {
    server.enqueue(error(503, "PGRST000", "down"));
    RetrySettings hourLong =
        RetrySettings.builder()
            .initialBackoff(Duration.ofHours(1))
            .maxBackoff(Duration.ofHours(1))
            .jitter(0)
            .build();
    OkHttpTransport t =
        (OkHttpTransport)
            Transports.create(
                config(server)
                    .tokenProvider(AccessTokenProvider.of(token))
                    .retry(hourLong)
                    .build());
    CompletableFuture<String> f = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
    server.takeRequest();
    while (t.pendingRetries() == 0 && !f.isDone()) {
      Thread.onSpinWait();
    }
    t.close();
    assertThat(t.pendingRetries()).isZero();
    assertThatThrownBy(f::get)
        .cause()
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("closed");
  }
}

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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import org.junit.jupiter.api.Test;

/** The async path's retry decisions and its scheduler: what is retried, how often, and closing. */
class AsyncRetryTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final String token = userToken("u", NOW.plusSeconds(3600));

  private OkHttpTransport transport(RetrySettings retry) {
    return (OkHttpTransport)
        Transports.create(
            config(server).tokenProvider(AccessTokenProvider.of(token)).retry(retry).build());
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      f.get();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the future succeeded");
  }

  @Test
  void exhaustedAttempts_failWithTheLastFailure_afterExactlyMaxAttemptsRequests() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "PGRST00" + i, "down " + i));
    }
    server.enqueue(json(200, "[]")); // never reached
    try (OkHttpTransport t =
        transport(
            RetrySettings.builder()
                .maxAttempts(3)
                .initialBackoff(Duration.ZERO)
                .maxBackoff(Duration.ZERO)
                .build())) {
      Throwable e = failure(t.executeAsync(get(server, "/rest/v1/activities"), BODY));
      assertThat(e)
          .isInstanceOfSatisfying(
              ServiceUnavailableException.class, s -> assertThat(s.code()).isEqualTo("PGRST002"));
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isNull();
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("1");
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("2");
  }

  @Test
  void nonTransientAnswer_onAReplayableRequest_isNotRetried() {
    server.enqueue(error(409, "23505", "duplicate"));
    server.enqueue(json(200, "[]"));
    try (OkHttpTransport t = transport(RetrySettings.noWait())) {
      assertThat(failure(t.executeAsync(get(server, "/rest/v1/activities"), BODY)))
          .isInstanceOf(ConflictException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void nonReplayableWrite_transientAnswer_isNotRetried_butStaysRetryableForTheCaller() {
    server.enqueue(error(503, "PGRST000", "down"));
    try (OkHttpTransport t = transport(RetrySettings.noWait())) {
      Throwable e = failure(t.executeAsync(post(server, "/rest/v1/activities", "{}", false), BODY));
      assertThat(e).isInstanceOf(ServiceUnavailableException.class);
      assertThat(((SupabaseException) e).isRetryable()).isTrue();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void disabledRetries_sendOnce() {
    server.enqueue(error(503, "PGRST000", "down"));
    try (OkHttpTransport t = transport(RetrySettings.disabled())) {
      assertThat(failure(t.executeAsync(get(server, "/rest/v1/activities"), BODY)))
          .isInstanceOf(ServiceUnavailableException.class);
      assertThat(t.pendingRetries()).isZero();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void afterClose_failsAtOnce_andSendsNothing() {
    OkHttpTransport t = transport(RetrySettings.noWait());
    t.close();
    CompletableFuture<String> f = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
    assertThat(f).isCompletedExceptionally();
    assertThat(failure(f))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessage("the client is closed");
    assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessage("the client is closed");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---------------------------------------------------------------- the scheduler alone

  private AsyncExecution<String> execution(OkHttpTransport t) {
    return new AsyncExecution<>(t, get(server, "/rest/v1/activities"), BODY);
  }

  @Test
  void scheduler_startsNoThreadUntilARetryWaits() {
    RetryScheduler s = new RetryScheduler();
    assertThat(s.pending()).isZero();
    s.close(OkHttpTransport.closedError()); // closing an unused scheduler is fine
    assertThat(s.pending()).isZero();
  }

  @Test
  void scheduler_runsTheRetry_onADaemonThread() throws Exception {
    RetryScheduler s = new RetryScheduler();
    try (OkHttpTransport t = transport(RetrySettings.noWait())) {
      CompletableFuture<Thread> ran = new CompletableFuture<>();
      s.schedule(execution(t), () -> ran.complete(Thread.currentThread()), 1);
      Thread thread = ran.get();
      assertThat(thread.isDaemon()).isTrue();
      assertThat(thread.getName()).isEqualTo("likeperson-sdk-retry");
    } finally {
      s.close(OkHttpTransport.closedError());
    }
  }

  @Test
  void scheduler_close_failsEveryWaitingExecution_withTheGivenError_andDropsTheirRetries() {
    RetryScheduler s = new RetryScheduler();
    AtomicInteger ran = new AtomicInteger();
    try (OkHttpTransport t = transport(RetrySettings.noWait())) {
      AsyncExecution<String> a = execution(t);
      AsyncExecution<String> b = execution(t);
      s.schedule(a, ran::incrementAndGet, Duration.ofHours(1).toMillis());
      s.schedule(b, ran::incrementAndGet, Duration.ofHours(1).toMillis());
      assertThat(s.pending()).isEqualTo(2);
      SupabaseClientException closed = OkHttpTransport.closedError();
      s.close(closed);
      assertThat(s.pending()).isZero();
      assertThat(failure(a.result)).isSameAs(closed);
      assertThat(failure(b.result)).isSameAs(closed);
    }
    assertThat(ran).hasValue(0);
  }

  @Test
  void scheduler_forgottenExecution_isNotFailedByClose() {
    RetryScheduler s = new RetryScheduler();
    try (OkHttpTransport t = transport(RetrySettings.noWait())) {
      AsyncExecution<String> a = execution(t);
      ScheduledFuture<?> f = s.schedule(a, () -> {}, Duration.ofHours(1).toMillis());
      f.cancel(false);
      s.forget(a);
      s.close(OkHttpTransport.closedError());
      assertThat(a.result).isNotDone();
    }
  }

  @Test
  void scheduler_afterClose_rejects_andKeepsNothing() {
    RetryScheduler s = new RetryScheduler();
    s.close(OkHttpTransport.closedError());
    try (OkHttpTransport t = transport(RetrySettings.noWait())) {
      AsyncExecution<String> a = execution(t);
      assertThatThrownBy(() -> s.schedule(a, () -> {}, 10))
          .isInstanceOf(RejectedExecutionException.class);
      assertThat(s.pending()).isZero();
      s.close(new SupabaseClientException("second close", null, false));
      assertThat(a.result).isNotDone(); // it was never waiting
    }
  }

  @Test
  void cancelledWhileWaiting_staysCancelledAfterClose_andSendsNoRetry() throws Exception {
    server.enqueue(error(503, "PGRST000", "down"));
    RetrySettings hourLong =
        RetrySettings.builder()
            .initialBackoff(Duration.ofHours(1))
            .maxBackoff(Duration.ofHours(1))
            .jitter(0)
            .build();
    OkHttpTransport t = transport(hourLong);
    CompletableFuture<String> f = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
    server.takeRequest();
    while (t.pendingRetries() == 0 && !f.isDone()) {
      Thread.onSpinWait(); // wait for the condition, not for a time
    }
    assertThat(f.cancel(true)).isTrue();
    t.close(); // would complete a still-waiting execution; the cancelled one stays cancelled
    assertThat(f).isCancelled();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}

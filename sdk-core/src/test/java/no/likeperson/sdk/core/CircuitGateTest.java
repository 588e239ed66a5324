package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import no.likeperson.sdk.core.error.CircuitOpenException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * The breaker's states and what counts against it, without a server (CircuitBreakerTest wires it).
 */
class CircuitGateTest {

  private static final WireRequest GET =
      new WireRequest(
          "GET",
          HttpUrl.get("http://localhost/rest/v1/activities?id=eq.secret"),
          Headers.of(),
          null,
          true,
          "GET /rest/v1/activities",
          null);

  private final TestSupport.MutableClock clock = new TestSupport.MutableClock(NOW);

  /** Window of 4, opens at 50 % failures, 30 s open, 2 trial calls. */
  private CircuitGate gate() {
    return new CircuitGate(
        CircuitBreakerSettings.builder()
            .slidingWindowSize(4)
            .minimumNumberOfCalls(4)
            .failureRateThreshold(50)
            .waitInOpenState(Duration.ofSeconds(30))
            .permittedCallsInHalfOpenState(2)
            .build(),
        clock);
  }

  private static SupabaseException server(int status) {
    return SupabaseServiceException.of(status, null, null, null, null, "GET /x", null);
  }

  private static void call(CircuitGate g, SupabaseException outcome) {
    g.acquire(GET);
    long start = System.nanoTime();
    if (outcome == null) {
      g.success(start);
    } else {
      g.failure(start, outcome);
    }
  }

  // ---------------------------------------------------------------- what counts

  @Test
  void counts_serverErrorsFrom500_andTransportFailures() {
    assertThat(CircuitGate.countsAgainstBreaker(server(500))).isTrue();
    assertThat(CircuitGate.countsAgainstBreaker(server(503))).isTrue();
    assertThat(
            CircuitGate.countsAgainstBreaker(
                new SupabaseClientException("io", new IOException("reset"), true)))
        .isTrue();
    assertThat(
            CircuitGate.countsAgainstBreaker(
                new SupabaseClientException(
                    "timeout", new InterruptedIOException("timeout"), true)))
        .isTrue();
  }

  @Test
  void doesNotCount_answersBelow500_unreadableBodies_cancellations_orOtherErrors() {
    assertThat(CircuitGate.countsAgainstBreaker(server(499))).isFalse();
    assertThat(CircuitGate.countsAgainstBreaker(server(429))).isFalse();
    assertThat(CircuitGate.countsAgainstBreaker(server(404))).isFalse();
    assertThat(
            CircuitGate.countsAgainstBreaker(
                new SupabaseClientException("bad json", new JsonParseException(null, "x"), false)))
        .isFalse();
    assertThat(
            CircuitGate.countsAgainstBreaker(
                new SupabaseClientException("cancelled", new IOException("Canceled"), false)))
        .isFalse();
    assertThat(
            CircuitGate.countsAgainstBreaker(new SupabaseClientException("no cause", null, false)))
        .isFalse();
    assertThat(CircuitGate.countsAgainstBreaker(new CircuitOpenException("open"))).isFalse();
    assertThat(CircuitGate.countsAgainstBreaker(new IllegalStateException("x"))).isFalse();
  }

  // ---------------------------------------------------------------- transitions

  @Test
  void closed_staysClosed_belowTheThreshold_andUntilTheWindowIsFull() {
    CircuitGate g = gate();
    call(g, server(503));
    call(g, server(503));
    call(g, server(503));
    assertThat(g.state()).isEqualTo("closed"); // 3 of a minimum of 4 calls
    call(g, null);
    assertThat(g.state()).isEqualTo("open"); // 3 of 4 failed: 75 % >= 50 %
  }

  @Test
  void closed_withFailuresUnderTheRate_staysClosed() {
    CircuitGate g = gate();
    call(g, server(503));
    call(g, null);
    call(g, null);
    call(g, null);
    assertThat(g.state()).isEqualTo("closed"); // 25 %
  }

  @Test
  void clientErrors_neverOpenIt() {
    CircuitGate g = gate();
    for (int i = 0; i < 8; i++) {
      call(g, server(409));
    }
    assertThat(g.state()).isEqualTo("closed");
  }

  @Test
  void open_refusesWithoutSending_andTheMessageHasNoQuery() {
    CircuitGate g = openGate();
    assertThatThrownBy(() -> g.acquire(GET))
        .isInstanceOfSatisfying(
            CircuitOpenException.class,
            e -> {
              assertThat(e.getMessage())
                  .contains("GET /rest/v1/activities was not sent")
                  .doesNotContain("secret");
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void open_becomesHalfOpen_onlyAfterTheWait() {
    CircuitGate g = openGate();
    clock.advance(Duration.ofSeconds(29));
    assertThatThrownBy(() -> g.acquire(GET)).isInstanceOf(CircuitOpenException.class);
    assertThat(g.state()).isEqualTo("open");
    clock.advance(Duration.ofSeconds(2));
    assertThatNoException().isThrownBy(() -> g.acquire(GET));
    assertThat(g.state()).isEqualTo("half_open");
  }

  @Test
  void halfOpen_closesAfterThePermittedTrialsSucceed() {
    CircuitGate g = openGate();
    clock.advance(Duration.ofSeconds(31));
    call(g, null);
    assertThat(g.state()).isEqualTo("half_open");
    call(g, null);
    assertThat(g.state()).isEqualTo("closed");
  }

  @Test
  void halfOpen_reopensWhenTheTrialsFail() {
    CircuitGate g = openGate();
    clock.advance(Duration.ofSeconds(31));
    call(g, server(503));
    call(g, server(502));
    assertThat(g.state()).isEqualTo("open");
    assertThatThrownBy(() -> g.acquire(GET)).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void halfOpen_permitsOnlyItsTrialCalls_andReleaseGivesOneBack() {
    CircuitGate g = openGate();
    clock.advance(Duration.ofSeconds(31));
    g.acquire(GET);
    g.acquire(GET);
    assertThatThrownBy(() -> g.acquire(GET)).isInstanceOf(CircuitOpenException.class);
    g.release(); // a cancelled trial says nothing about the server
    assertThatNoException().isThrownBy(() -> g.acquire(GET));
    assertThat(g.state()).isEqualTo("half_open");
  }

  @Test
  void disabled_alwaysPermits_andHasNoState() {
    CircuitGate g = new CircuitGate(CircuitBreakerSettings.disabled(), clock);
    for (int i = 0; i < 20; i++) {
      call(g, server(503));
    }
    g.release();
    assertThatNoException().isThrownBy(() -> g.acquire(GET));
    assertThat(g.state()).isEqualTo("DISABLED");
  }

  private CircuitGate openGate() {
    CircuitGate g = gate();
    for (int i = 0; i < 4; i++) {
      call(g, server(503));
    }
    assertThat(g.state()).isEqualTo("open");
    return g;
  }
}

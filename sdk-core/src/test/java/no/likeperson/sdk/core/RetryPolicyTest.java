package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import no.likeperson.sdk.core.error.CircuitOpenException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * Each retry decision of {@link RetryPolicy}, without a server: the transport tests cover the
 * wiring.
 */
class RetryPolicyTest {

  private static final HttpUrl URL = HttpUrl.get("http://localhost/rest/v1/activities");

  private static WireRequest request(boolean replayable, String tokenOverride) {
    return new WireRequest(
        "POST",
        URL,
        Headers.of(),
        "{}".getBytes(StandardCharsets.UTF_8),
        replayable,
        "POST /rest/v1/activities",
        tokenOverride);
  }

  private static RetrySettings fixed(
      int attempts, long initialMs, double multiplier, long maxMs, long maxRetryAfterS) {
    return RetrySettings.builder()
        .maxAttempts(attempts)
        .initialBackoff(Duration.ofMillis(initialMs))
        .multiplier(multiplier)
        .maxBackoff(Duration.ofMillis(maxMs))
        .jitter(0)
        .maxRetryAfter(Duration.ofSeconds(maxRetryAfterS))
        .build();
  }

  private static SupabaseServiceException answer(int status, String code, Duration retryAfter) {
    return SupabaseServiceException.of(status, code, null, null, null, "GET /x", retryAfter);
  }

  // ---------------------------------------------------------------- which failures are transient

  @Test
  void transient_areRetryableSdkFailuresOnly() {
    assertThat(RetryPolicy.isTransient(answer(503, null, null))).isTrue();
    assertThat(RetryPolicy.isTransient(answer(429, null, null))).isTrue();
    assertThat(RetryPolicy.isTransient(answer(500, "40001", null))).isTrue();
    assertThat(
            RetryPolicy.isTransient(new SupabaseClientException("io", new IOException("x"), true)))
        .isTrue();

    assertThat(RetryPolicy.isTransient(answer(500, null, null))).isFalse();
    assertThat(RetryPolicy.isTransient(answer(409, "23505", null))).isFalse();
    assertThat(
            RetryPolicy.isTransient(new SupabaseClientException("io", new IOException("x"), false)))
        .isFalse();
    assertThat(RetryPolicy.isTransient(new InvalidRequestException("bad"))).isFalse();
    assertThat(RetryPolicy.isTransient(new IllegalStateException("not ours"))).isFalse();
    assertThat(RetryPolicy.isTransient(null)).isFalse();
  }

  @Test
  void circuitOpen_isRetryableForTheCaller_butNeverRetriedHere() {
    CircuitOpenException open = new CircuitOpenException("open");
    assertThat(open.isRetryable()).isTrue();
    assertThat(RetryPolicy.isTransient(open)).isFalse();
  }

  // ---------------------------------------------------------------- how long to wait

  @Test
  void backoff_isExponentialFromTheFirstAttempt_andCapped() {
    RetryPolicy p = new RetryPolicy(fixed(10, 100, 3, 1000, 60));
    assertThat(p.waitMillis(0, null)).isEqualTo(100); // never below the initial backoff
    assertThat(p.waitMillis(1, null)).isEqualTo(100);
    assertThat(p.waitMillis(2, null)).isEqualTo(300);
    assertThat(p.waitMillis(3, null)).isEqualTo(900);
    assertThat(p.waitMillis(4, null)).isEqualTo(1000); // 2700 capped
    assertThat(p.waitMillis(40, null)).isEqualTo(1000);
  }

  @Test
  void jitter_onlyShortensTheWait_byAtMostItsFraction() {
    RetryPolicy p =
        new RetryPolicy(
            RetrySettings.builder()
                .maxAttempts(3)
                .initialBackoff(Duration.ofMillis(1000))
                .multiplier(2)
                .maxBackoff(Duration.ofMillis(10_000))
                .jitter(0.25)
                .build());
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 500; i++) {
      long w = p.waitMillis(2, null);
      min = Math.min(min, w);
      max = Math.max(max, w);
    }
    assertThat(min).isGreaterThanOrEqualTo(1500);
    assertThat(max).isLessThanOrEqualTo(2000);
    assertThat(max).isGreaterThan(min); // it does vary
  }

  @Test
  void retryAfter_longerThanTheBackoff_wins_forRateLimitAndUnavailable() {
    RetryPolicy p = new RetryPolicy(fixed(3, 100, 2, 1000, 60));
    assertThat(p.waitMillis(1, answer(429, null, Duration.ofSeconds(3)))).isEqualTo(3000);
    assertThat(p.waitMillis(1, answer(503, null, Duration.ofSeconds(2)))).isEqualTo(2000);
    assertThat(p.waitMillis(1, answer(503, null, Duration.ofMillis(1))))
        .isEqualTo(100); // backoff is longer
    assertThat(p.waitMillis(1, answer(503, null, null))).isEqualTo(100);
  }

  @Test
  void retryAfter_isCappedAtMaxRetryAfter_exactly() {
    RetryPolicy p = new RetryPolicy(fixed(3, 0, 1, 0, 20));
    assertThat(p.waitMillis(1, answer(429, null, Duration.ofDays(1)))).isEqualTo(20_000);
    assertThat(p.waitMillis(1, answer(503, null, Duration.ofSeconds(20)))).isEqualTo(20_000);
    assertThat(p.waitMillis(1, answer(503, null, Duration.ofMillis(19_999)))).isEqualTo(19_999);
  }

  @Test
  void retryAfter_ofOtherFailures_isIgnored() {
    RetryPolicy p = new RetryPolicy(fixed(3, 100, 2, 1000, 60));
    assertThat(p.waitMillis(1, new SupabaseClientException("io", new IOException(), true)))
        .isEqualTo(100);
    assertThat(p.waitMillis(1, answer(409, "23505", Duration.ofSeconds(9)))).isEqualTo(100);
  }

  @Test
  void theResilience4jRetry_usesTheSameWaits() {
    RetryPolicy p = new RetryPolicy(fixed(4, 100, 2, 1000, 60));
    RetryPolicy.Attempts a = p.start(request(true, null));
    assertThat(a.nextDelay(answer(503, null, null))).isEqualTo(100);
    assertThat(a.nextDelay(answer(503, null, null))).isEqualTo(200);
    assertThat(a.nextDelay(answer(429, null, Duration.ofSeconds(5)))).isEqualTo(5000);
  }

  // ---------------------------------------------------------------- whether to retry

  @Test
  void attempts_countRetries_untilTheBudgetIsSpent() {
    RetryPolicy p = new RetryPolicy(fixed(3, 0, 1, 0, 60));
    RetryPolicy.Attempts a = p.start(request(true, null));
    assertThat(a.retryCount()).isZero();
    assertThat(a.nextDelay(answer(503, null, null))).isZero();
    assertThat(a.retryCount()).isEqualTo(1);
    assertThat(a.nextDelay(answer(503, null, null))).isZero();
    assertThat(a.retryCount()).isEqualTo(2);
    assertThat(a.nextDelay(answer(503, null, null)))
        .isEqualTo(-1); // third failure of three attempts
    assertThat(a.retryCount()).isEqualTo(2);
  }

  @Test
  void attempts_areCountedPerRequest() {
    RetryPolicy p = new RetryPolicy(fixed(2, 0, 1, 0, 60));
    RetryPolicy.Attempts first = p.start(request(true, null));
    assertThat(first.nextDelay(answer(503, null, null))).isZero();
    assertThat(first.nextDelay(answer(503, null, null))).isEqualTo(-1);
    RetryPolicy.Attempts second = p.start(request(true, null));
    assertThat(second.nextDelay(answer(503, null, null))).isZero();
  }

  @Test
  void disabled_neverRetries() {
    RetryPolicy.Attempts a = new RetryPolicy(RetrySettings.disabled()).start(request(true, null));
    assertThat(a.nextDelay(answer(503, null, null))).isEqualTo(-1);
    assertThat(a.retryCount()).isZero();
  }

  @Test
  void nonReplayableRequest_isNeverRetried_evenOnATransientFailure() {
    RetryPolicy.Attempts a = new RetryPolicy(fixed(5, 0, 1, 0, 60)).start(request(false, null));
    assertThat(a.nextDelay(answer(503, null, null))).isEqualTo(-1);
    assertThat(a.nextDelay(new SupabaseClientException("io", new IOException(), true)))
        .isEqualTo(-1);
    assertThat(a.retryCount()).isZero();
  }

  @Test
  void nonTransientFailure_isNotRetried_andSpendsNoAttempt() {
    RetryPolicy p = new RetryPolicy(fixed(2, 0, 1, 0, 60));
    RetryPolicy.Attempts a = p.start(request(true, null));
    assertThat(a.nextDelay(answer(400, "22P02", null))).isEqualTo(-1);
    assertThat(a.nextDelay(new CircuitOpenException("open"))).isEqualTo(-1);
    assertThat(a.retryCount()).isZero();
    assertThat(a.nextDelay(answer(503, null, null))).isZero(); // the budget is still whole
  }

  @Test
  void succeeded_isReportedToResilience4j() {
    RetryPolicy p = new RetryPolicy(fixed(3, 0, 1, 0, 60));
    RetryPolicy.Attempts a = p.start(request(true, null));
    a.nextDelay(answer(503, null, null));
    a.succeeded();
    assertThat(p.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
    RetryPolicy.Attempts b = p.start(request(true, null));
    b.succeeded();
    assertThat(p.retry().getMetrics().getNumberOfSuccessfulCallsWithoutRetryAttempt()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- token replay

  @Test
  void tokenReplay_onlyOnce_perRequest() {
    RetryPolicy.Attempts a = new RetryPolicy(RetrySettings.disabled()).start(request(false, null));
    assertThat(a.replayWithFreshToken(true, "old")).isTrue();
    assertThat(a.replayWithFreshToken(true, "new")).isFalse();
  }

  @Test
  void tokenReplay_needsARejectedUserToken() {
    RetryPolicy p = new RetryPolicy(RetrySettings.disabled());
    assertThat(p.start(request(true, null)).replayWithFreshToken(false, "t")).isFalse();
    assertThat(p.start(request(true, null)).replayWithFreshToken(true, null))
        .isFalse(); // anon key only
    assertThat(p.start(request(true, "override")).replayWithFreshToken(true, "override")).isFalse();
  }

  @Test
  void aRefusedReplay_doesNotUseItUp() {
    RetryPolicy.Attempts a = new RetryPolicy(RetrySettings.disabled()).start(request(true, null));
    assertThat(a.replayWithFreshToken(false, "t")).isFalse();
    assertThat(a.replayWithFreshToken(true, "t")).isTrue();
  }

  @Test
  void settings_areKept() {
    RetrySettings s = fixed(3, 1, 2, 3, 4);
    assertThat(new RetryPolicy(s).settings()).isSameAs(s);
  }
}

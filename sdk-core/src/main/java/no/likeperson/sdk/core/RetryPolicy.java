package no.likeperson.sdk.core;

import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import no.likeperson.sdk.core.error.CircuitOpenException;
import no.likeperson.sdk.core.error.RateLimitedException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseException;
import org.jspecify.annotations.Nullable;

/**
 * Every retry decision of the transport in one place (as AWS SDK v2's {@code RetryHandler}): which
 * failures are transient, how long to wait (exponential backoff with jitter, or the server's
 * Retry-After, capped, when that is longer), how many attempts, and the single replay with a fresh
 * token after the server rejected the old one. The sync and the async path both ask an {@link
 * Attempts} per request; neither decides on its own.
 *
 * <pre>{@code
 * RetryPolicy.Attempts attempts = policy.start(request);
 * long delay = attempts.nextDelay(failure);   // -1: give up and throw failure
 * }</pre>
 */
final class RetryPolicy {

  private final RetrySettings settings;
  private final Retry retry;

  RetryPolicy(RetrySettings settings) {
    this.settings = settings;
    this.retry =
        Retry.of(
            "likeperson-sdk",
            RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(RetryPolicy::isTransient)
                .intervalBiFunction(
                    (Integer attempt, Either<Throwable, Object> outcome) ->
                        waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .failAfterMaxAttempts(false)
                .build());
  }

  /**
   * Retried (for replayable requests): I/O failures, 429, 502/503/504/520, 500 with 40001/40P01.
   */
  static boolean isTransient(@Nullable Throwable t) {
    return t instanceof SupabaseException e
        && e.isRetryable()
        && !(t instanceof CircuitOpenException);
  }

  /** Exponential backoff with jitter, or the server's Retry-After (capped) when that is longer. */
  long waitMillis(int attempt, @Nullable Throwable failure) {
    RetrySettings s = settings;
    double base =
        s.initialBackoff().toMillis() * Math.pow(s.multiplier(), Math.max(0, attempt - 1));
    double capped = Math.min(base, s.maxBackoff().toMillis());
    double jittered = capped * (1.0 - s.jitter() * ThreadLocalRandom.current().nextDouble());
    long wait = Math.max(0L, Math.round(jittered));
    Duration retryAfter = null;
    if (failure instanceof ServiceUnavailableException u) {
      retryAfter = u.retryAfter().orElse(null);
    } else if (failure instanceof RateLimitedException r) {
      retryAfter = r.retryAfter().orElse(null);
    }
    if (retryAfter != null) {
      long ra = Math.min(retryAfter.toMillis(), s.maxRetryAfter().toMillis());
      wait = Math.max(wait, ra);
    }
    return wait;
  }

  /** The retry state of one request. */
  Attempts start(WireRequest request) {
    return new Attempts(request);
  }

  /**
   * The resilience4j retry (its event publisher reports each computed wait; tests and diagnostics).
   */
  Retry retry() {
    return retry;
  }

  RetrySettings settings() {
    return settings;
  }

  /**
   * The retry state of one request, sync or async: how many retries were made (sent as {@code
   * X-Retry-Count}), whether the token replay was used, and the attempt budget.
   */
  final class Attempts {
    private final WireRequest request;
    private final Retry.AsyncContext<Object> context = retry.asyncContext();
    private volatile int retryCount;
    private volatile boolean replayed;

    Attempts(WireRequest request) {
      this.request = request;
    }

    /** Retries made so far (0 on the first attempt). */
    int retryCount() {
      return retryCount;
    }

    /**
     * Whether to refresh the token and send again: once per request, only when the server said the
     * token was no good (so nothing was executed), and only for the user's own token (not an
     * override).
     */
    boolean replayWithFreshToken(boolean tokenRejected, @Nullable String tokenSent) {
      if (tokenRejected && !replayed && request.tokenOverride() == null && tokenSent != null) {
        replayed = true;
        return true;
      }
      return false;
    }

    /**
     * The wait in milliseconds before the next attempt, counting it; {@code -1} when the failure is
     * final: the request is not replayable, the failure is not transient, or the attempts are
     * spent.
     */
    long nextDelay(SupabaseException failure) {
      if (!request.replayable() || !isTransient(failure)) {
        return -1;
      }
      long delay = context.onError(failure);
      if (delay < 0) {
        return -1;
      }
      retryCount++;
      return delay;
    }

    /** The request succeeded (resilience4j's success metrics). */
    void succeeded() {
      context.onComplete();
    }
  }
}

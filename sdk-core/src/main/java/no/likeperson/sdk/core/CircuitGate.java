package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.core.error.CircuitOpenException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import org.jspecify.annotations.Nullable;

/**
 * The transport's circuit breaker (resilience4j), or none when disabled: asked before every
 * attempt, told the outcome after it. Only server-side (5xx) and transport failures count against
 * it; a 4xx answer says the server works. An attempt that ends without saying anything about the
 * server (the caller cancelled or was interrupted, a programming error) gives its permission back.
 *
 * <pre>{@code
 * gate.acquire(request);               // CircuitOpenException when open: nothing is sent
 * long start = System.nanoTime();
 * ... gate.success(start) / gate.failure(start, e) / gate.release()
 * }</pre>
 */
final class CircuitGate {

  private final @Nullable CircuitBreaker breaker; // null when disabled

  CircuitGate(CircuitBreakerSettings s, Clock clock) {
    this.breaker =
        !s.enabled()
            ? null
            : CircuitBreaker.of(
                "likeperson-sdk",
                CircuitBreakerConfig.custom()
                    .failureRateThreshold(s.failureRateThreshold())
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    // the LOCK_FREE metrics use java.lang.invoke.VarHandle, which Android has only
                    // from API 33
                    .slidingWindowSynchronizationStrategy(
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
                    .slidingWindowSize(s.slidingWindowSize())
                    .minimumNumberOfCalls(s.minimumNumberOfCalls())
                    .waitDurationInOpenState(s.waitInOpenState())
                    .permittedNumberOfCallsInHalfOpenState(s.permittedCallsInHalfOpenState())
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)
                    .recordException(CircuitGate::countsAgainstBreaker)
                    .writableStackTraceEnabled(false)
                    .clock(clock)
                    .build());
  }

  /** The breaker counts only server-side and transport failures, never 4xx answers. */
  static boolean countsAgainstBreaker(Throwable t) {
    if (t instanceof SupabaseServiceException s) {
      return s.statusCode() >= 500;
    }
    return t instanceof SupabaseClientException c
        && c.getCause() instanceof IOException
        && !(c.getCause() instanceof JsonProcessingException)
        && !"Canceled".equals(c.getCause().getMessage());
  }

  /** Takes a permission for one attempt, or fails fast (nothing sent) while the breaker is open. */
  void acquire(WireRequest request) {
    if (breaker != null && !breaker.tryAcquirePermission()) {
      throw new CircuitOpenException(
          "circuit breaker is open after repeated server failures; "
              + OkHttpTransport.describe(request)
              + " was not sent");
    }
  }

  /** Gives an attempt's permission back without an outcome (it says nothing about the server). */
  void release() {
    if (breaker != null) {
      breaker.releasePermission();
    }
  }

  void success(long startNanos) {
    if (breaker != null) {
      breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }

  void failure(long startNanos, SupabaseException e) {
    if (breaker != null) {
      breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, e);
    }
  }

  /**
   * {@code closed}, {@code open}, {@code half_open}, ... or {@code DISABLED} (tests and
   * diagnostics).
   */
  String state() {
    return breaker == null ? "DISABLED" : breaker.getState().name().toLowerCase(Locale.ROOT);
  }
}

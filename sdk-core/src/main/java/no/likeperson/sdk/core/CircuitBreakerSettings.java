package no.likeperson.sdk.core;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The client's circuit breaker (one per client). It counts only server-side and transient failures
 * (connection failures, timeouts, 5xx answers), never 4xx answers (not even 429). When the failure
 * rate over the last {@link #slidingWindowSize()} calls (after at least {@link
 * #minimumNumberOfCalls()}) reaches {@link #failureRateThreshold()} percent, it opens: calls fail
 * fast with {@link no.likeperson.sdk.core.error.CircuitOpenException} without sending. After {@link
 * #waitInOpenState()} it lets {@link #permittedCallsInHalfOpenState()} trial calls through.
 * Immutable.
 *
 * <pre>{@code
 * CircuitBreakerSettings cb = CircuitBreakerSettings.builder()
 *     .failureRateThreshold(50).slidingWindowSize(20).minimumNumberOfCalls(10)
 *     .waitInOpenState(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 */
public final class CircuitBreakerSettings {

  private final boolean enabled;
  private final float failureRateThreshold;
  private final int slidingWindowSize;
  private final int minimumNumberOfCalls;
  private final Duration waitInOpenState;
  private final int permittedCallsInHalfOpenState;

  private CircuitBreakerSettings(Builder b) {
    this.enabled = b.enabled;
    this.failureRateThreshold = b.failureRateThreshold;
    this.slidingWindowSize = b.slidingWindowSize;
    this.minimumNumberOfCalls = b.minimumNumberOfCalls;
    this.waitInOpenState = b.waitInOpenState;
    this.permittedCallsInHalfOpenState = b.permittedCallsInHalfOpenState;
  }

  /** Enabled; 50 % over 20 calls (minimum 10); 30 s open; 2 half-open trial calls. */
  public static CircuitBreakerSettings defaults() {
    return builder().build();
  }

  /** A breaker that never opens. */
  public static CircuitBreakerSettings disabled() {
    return builder().enabled(false).build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the breaker is active. */
  public boolean enabled() {
    return enabled;
  }

  /** Failure rate in percent (0, 100] that opens the breaker. */
  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  /** Number of most recent calls considered. */
  public int slidingWindowSize() {
    return slidingWindowSize;
  }

  /** Calls needed before the rate is evaluated. */
  public int minimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  /** Time spent open before trial calls are let through. */
  public Duration waitInOpenState() {
    return waitInOpenState;
  }

  /** Trial calls in the half-open state. */
  public int permittedCallsInHalfOpenState() {
    return permittedCallsInHalfOpenState;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CircuitBreakerSettings c
        && enabled == c.enabled
        && Float.compare(failureRateThreshold, c.failureRateThreshold) == 0
        && slidingWindowSize == c.slidingWindowSize
        && minimumNumberOfCalls == c.minimumNumberOfCalls
        && waitInOpenState.equals(c.waitInOpenState)
        && permittedCallsInHalfOpenState == c.permittedCallsInHalfOpenState;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled,
        failureRateThreshold,
        slidingWindowSize,
        minimumNumberOfCalls,
        waitInOpenState,
        permittedCallsInHalfOpenState);
  }

  @Override
  public String toString() {
    return "CircuitBreakerSettings{enabled="
        + enabled
        + ", failureRateThreshold="
        + failureRateThreshold
        + ", slidingWindowSize="
        + slidingWindowSize
        + ", minimumNumberOfCalls="
        + minimumNumberOfCalls
        + ", waitInOpenState="
        + waitInOpenState
        + ", permittedCallsInHalfOpenState="
        + permittedCallsInHalfOpenState
        + "}";
  }

  /**
   * Builder for {@link CircuitBreakerSettings}, starting from the defaults. Not thread-safe.
   *
   * <pre>{@code
   * CircuitBreakerSettings cb = CircuitBreakerSettings.builder().waitInOpenState(Duration.ofSeconds(10)).build();
   * }</pre>
   */
  public static final class Builder {
    private boolean enabled = true;
    private float failureRateThreshold = 50f;
    private int slidingWindowSize = 20;
    private int minimumNumberOfCalls = 10;
    private Duration waitInOpenState = Duration.ofSeconds(30);
    private int permittedCallsInHalfOpenState = 2;

    private Builder() {}

    /**
     * @param enabled false for a breaker that never opens
     * @return this
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * @param percent in (0, 100]
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder failureRateThreshold(float percent) {
      if (!(percent > 0f && percent <= 100f)) {
        throw new IllegalArgumentException("failureRateThreshold must be in (0, 100]: " + percent);
      }
      this.failureRateThreshold = percent;
      return this;
    }

    /**
     * @param calls at least 1
     * @return this
     * @throws IllegalArgumentException if below 1
     */
    public Builder slidingWindowSize(int calls) {
      this.slidingWindowSize = positive(calls, "slidingWindowSize");
      return this;
    }

    /**
     * @param calls at least 1
     * @return this
     * @throws IllegalArgumentException if below 1
     */
    public Builder minimumNumberOfCalls(int calls) {
      this.minimumNumberOfCalls = positive(calls, "minimumNumberOfCalls");
      return this;
    }

    /**
     * @param wait positive
     * @return this
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder waitInOpenState(Duration wait) {
      Objects.requireNonNull(wait, "wait == null");
      if (wait.isNegative() || wait.isZero()) {
        throw new IllegalArgumentException("waitInOpenState must be positive: " + wait);
      }
      this.waitInOpenState = wait;
      return this;
    }

    /**
     * @param calls at least 1
     * @return this
     * @throws IllegalArgumentException if below 1
     */
    public Builder permittedCallsInHalfOpenState(int calls) {
      this.permittedCallsInHalfOpenState = positive(calls, "permittedCallsInHalfOpenState");
      return this;
    }

    /**
     * @return the settings
     * @throws IllegalArgumentException if minimumNumberOfCalls &gt; slidingWindowSize
     */
    public CircuitBreakerSettings build() {
      if (minimumNumberOfCalls > slidingWindowSize) {
        throw new IllegalArgumentException("minimumNumberOfCalls must be <= slidingWindowSize");
      }
      return new CircuitBreakerSettings(this);
    }

    private static int positive(int v, String name) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be >= 1: " + v);
      }
      return v;
    }
  }
}

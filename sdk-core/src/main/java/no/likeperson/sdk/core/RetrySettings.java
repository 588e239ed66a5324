package no.likeperson.sdk.core;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the client retries transient failures of replayable requests (GET/HEAD, read-only RPCs and
 * idempotent-by-construction writes): connection failures, 429, 502, 503, 504, 520 and 500 with
 * SQLSTATE 40001/40P01. Backoff is exponential with full jitter in {@code [base * (1 - jitter),
 * base]}, never above {@link #maxBackoff()}; a server {@code Retry-After} is honoured up to {@link
 * #maxRetryAfter()}. Immutable.
 *
 * <pre>{@code
 * RetrySettings r = RetrySettings.builder()
 *     .maxAttempts(4)
 *     .initialBackoff(Duration.ofMillis(200))
 *     .maxBackoff(Duration.ofSeconds(5))
 *     .build();
 * RetrySettings forTests = RetrySettings.noWait();
 * }</pre>
 */
public final class RetrySettings {

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;
  private final double jitter;
  private final Duration maxRetryAfter;

  private RetrySettings(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.multiplier = b.multiplier;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
  }

  /**
   * 3 attempts, 200 ms initial backoff doubling up to 5 s, jitter 0.5, Retry-After capped at 30 s.
   */
  public static RetrySettings defaults() {
    return builder().build();
  }

  /** Same attempts as {@link #defaults()} but every wait is zero (for tests). */
  public static RetrySettings noWait() {
    return builder()
        .initialBackoff(Duration.ZERO)
        .maxBackoff(Duration.ZERO)
        .jitter(0)
        .maxRetryAfter(Duration.ZERO)
        .build();
  }

  /** One attempt only: no retries. */
  public static RetrySettings disabled() {
    return builder().maxAttempts(1).build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Total attempts including the first (1 = no retry). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Backoff before the first retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Factor applied per further retry. */
  public double multiplier() {
    return multiplier;
  }

  /** Upper bound of a computed backoff. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Fraction in [0, 1] of the backoff that is randomised away. */
  public double jitter() {
    return jitter;
  }

  /** Upper bound for a server's Retry-After. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RetrySettings r
        && maxAttempts == r.maxAttempts
        && initialBackoff.equals(r.initialBackoff)
        && Double.compare(multiplier, r.multiplier) == 0
        && maxBackoff.equals(r.maxBackoff)
        && Double.compare(jitter, r.jitter) == 0
        && maxRetryAfter.equals(r.maxRetryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, maxRetryAfter);
  }

  @Override
  public String toString() {
    return "RetrySettings{maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", multiplier="
        + multiplier
        + ", maxBackoff="
        + maxBackoff
        + ", jitter="
        + jitter
        + ", maxRetryAfter="
        + maxRetryAfter
        + "}";
  }

  /**
   * Builder for {@link RetrySettings}, starting from the defaults. Not thread-safe.
   *
   * <pre>{@code
   * RetrySettings r = RetrySettings.builder().maxAttempts(5).jitter(0.3).build();
   * }</pre>
   */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(200);
    private double multiplier = 2.0;
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double jitter = 0.5;
    private Duration maxRetryAfter = Duration.ofSeconds(30);

    private Builder() {}

    private Builder(RetrySettings s) {
      maxAttempts = s.maxAttempts;
      initialBackoff = s.initialBackoff;
      multiplier = s.multiplier;
      maxBackoff = s.maxBackoff;
      jitter = s.jitter;
      maxRetryAfter = s.maxRetryAfter;
    }

    /**
     * @param maxAttempts total attempts, 1..10
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be in 1..10: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * @param initialBackoff non-negative
     * @return this
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * @param multiplier at least 1
     * @return this
     * @throws IllegalArgumentException if below 1 or not finite
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * @param maxBackoff non-negative
     * @return this
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * @param jitter in [0, 1]
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * @param maxRetryAfter cap for a server Retry-After, non-negative
     * @return this
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = nonNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * @return the settings
     * @throws IllegalArgumentException if maxBackoff &lt; initialBackoff
     */
    public RetrySettings build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
      }
      return new RetrySettings(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}

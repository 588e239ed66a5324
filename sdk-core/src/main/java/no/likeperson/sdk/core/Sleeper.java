package no.likeperson.sdk.core;

import java.time.Duration;

/**
 * Waits between synchronous retries; tests inject one that records and returns at once.
 *
 * <pre>{@code
 * List<Duration> waits = new ArrayList<>();
 * TransportConfig c = TransportConfig.builder().apiKey(key).sleeper(waits::add).build();
 * }</pre>
 */
@FunctionalInterface
interface Sleeper {
  /** The real one: {@link Thread#sleep(long)}. */
  Sleeper SYSTEM =
      d -> {
        if (!d.isZero() && !d.isNegative()) {
          Thread.sleep(d.toMillis());
        }
      };

  /**
   * Sleeps for {@code duration}.
   *
   * @throws InterruptedException when interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}

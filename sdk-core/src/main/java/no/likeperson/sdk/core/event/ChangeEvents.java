package no.likeperson.sdk.core.event;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change-event bus of one {@link no.likeperson.sdk.core.SupabaseClient} (see {@code
 * client.changeEvents()}): repositories publish after a successful write, caches subscribe.
 *
 * <p>Delivery is synchronous, on the publishing thread, to every subscriber in subscription order,
 * before {@link #publish} returns; so when a repository's write method returns, the caches on the
 * same client have already dropped what the write made stale. Subscribers must therefore be quick
 * and must not block (invalidating a map entry is the intended use). A subscriber that throws is
 * logged (logger {@code no.likeperson.sdk.core.event}) and skipped: it never fails the write that
 * published the event, nor stops delivery to the others. Thread-safe; there is no static state, so
 * two clients never see each other's events.
 *
 * <pre>{@code
 * ChangeEvents.Subscription s = client.changeEvents().subscribe(event -> {
 *   if (event instanceof ActivityChanged a) {
 *     myCache.evict(a.orgId(), a.mentorId(), a.date());
 *   }
 * });
 * ...
 * s.close(); // stop receiving
 * }</pre>
 */
public final class ChangeEvents {

  private static final Logger LOG = LoggerFactory.getLogger("no.likeperson.sdk.core.event");

  private final CopyOnWriteArrayList<Registration> subscribers = new CopyOnWriteArrayList<>();

  /** A new bus without subscribers (each client makes its own). */
  public ChangeEvents() {}

  /**
   * Delivers {@code event} to every current subscriber, on this thread.
   *
   * @param event the change
   * @throws NullPointerException if {@code event} is null
   */
  public void publish(ChangeEvent event) {
    Objects.requireNonNull(event, "event == null");
    for (Registration r : subscribers) {
      try {
        r.listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "a change-event subscriber failed on {}; the event was delivered to the others",
            event.getClass().getSimpleName(),
            e);
      }
    }
  }

  /**
   * Subscribes {@code listener} to every event published from now on.
   *
   * @param listener called on the publisher's thread; must not block
   * @return the subscription; {@link Subscription#close()} ends it
   * @throws NullPointerException if {@code listener} is null
   */
  public Subscription subscribe(Consumer<? super ChangeEvent> listener) {
    Registration r = new Registration(Objects.requireNonNull(listener, "listener == null"));
    subscribers.add(r);
    return r;
  }

  /** The number of current subscriptions. */
  public int subscriberCount() {
    return subscribers.size();
  }

  @Override
  public String toString() {
    return "ChangeEvents{subscribers=" + subscribers.size() + "}";
  }

  /**
   * A subscription; closing it (idempotent) stops delivery to its listener.
   *
   * <pre>{@code
   * try (ChangeEvents.Subscription s = events.subscribe(listener)) {
   *   ...
   * }
   * }</pre>
   */
  public interface Subscription extends AutoCloseable {
    /** Ends the subscription; calling it again does nothing. */
    @Override
    void close();
  }

  private final class Registration implements Subscription {
    final Consumer<? super ChangeEvent> listener;

    Registration(Consumer<? super ChangeEvent> listener) {
      this.listener = listener;
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}

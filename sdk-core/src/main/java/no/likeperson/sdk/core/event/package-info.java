/**
 * Change events: the contract between code that writes and caches that must not serve stale data.
 *
 * <p>Every {@link no.likeperson.sdk.core.SupabaseClient} has one {@link
 * no.likeperson.sdk.core.event.ChangeEvents} bus. The SDK's repositories publish an event after
 * each successful write they make (for example a proxy activity registered for a peer mentor);
 * caches built on the same client (such as sdk-stats' cache) subscribe and drop exactly the entries
 * the event can affect. A host app that writes through other paths (a raw {@code client.from(...)}
 * call, another service) publishes the same events itself.
 *
 * <p>Events carry identifiers and a date only, never row data, so they are safe to log.
 *
 * <pre>{@code
 * ChangeEvents events = client.changeEvents();
 * try (ChangeEvents.Subscription s = events.subscribe(e -> log.info("changed: {}", e))) {
 *   events.publish(new ActivityChanged(chapterId, mentorId, coordinatorId, LocalDate.now()));
 * }
 * }</pre>
 */
@NullMarked
package no.likeperson.sdk.core.event;

import org.jspecify.annotations.NullMarked;

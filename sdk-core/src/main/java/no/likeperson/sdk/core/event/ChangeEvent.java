package no.likeperson.sdk.core.event;

import java.util.UUID;

/**
 * A write that may have changed what a cache holds. Implementations are immutable values that name
 * the organisation and the people a write touched, never row data.
 *
 * <p>The SDK defines {@link ActivityChanged} and {@link ReimbursementChanged}; a subscriber
 * switches on the type and ignores types it does not know, so new event types can be added without
 * breaking it.
 *
 * <pre>{@code
 * client.changeEvents().subscribe(event -> {
 *   if (event instanceof ActivityChanged a) {
 *     cache.invalidate(a);
 *   }
 * });
 * }</pre>
 */
public interface ChangeEvent {

  /** The organisation (chapter) whose data the write changed. */
  UUID orgId();
}

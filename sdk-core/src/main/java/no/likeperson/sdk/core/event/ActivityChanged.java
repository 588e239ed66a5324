package no.likeperson.sdk.core.event;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An activity was registered, changed or deleted: a direct activity of a peer mentor or a proxy
 * activity a coordinator registered on a mentor's behalf. Everything that counts activities per
 * organisation, mentor, coordinator and calendar month (monthly stats, Bufdir totals, admin KPIs)
 * may have changed for {@link #date()}'s month.
 *
 * <p>An update that moves an activity to another date or mentor is two events: one for the old
 * values and one for the new.
 *
 * <pre>{@code
 * client.changeEvents().publish(
 *     new ActivityChanged(chapterId, mentorId, coordinatorId, LocalDate.of(2026, 3, 14)));
 * }</pre>
 *
 * @param orgId the organisation (chapter) the activity belongs to
 * @param mentorId the peer mentor the activity counts for ({@code peer_mentor_id} or {@code
 *     attributed_mentor_id})
 * @param coordinatorId the coordinator it counts for, or {@code null} when it has none
 * @param date the activity's date ({@code activity_date}; no time zone involved)
 */
public record ActivityChanged(UUID orgId, UUID mentorId, UUID coordinatorId, LocalDate date)
    implements ChangeEvent {

  /**
   * @throws NullPointerException if {@code orgId}, {@code mentorId} or {@code date} is null
   */
  public ActivityChanged {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(mentorId, "mentorId == null");
    Objects.requireNonNull(date, "date == null");
  }

  /** The coordinator as an Optional (empty when the activity counts for no coordinator). */
  public Optional<UUID> coordinator() {
    return Optional.ofNullable(coordinatorId);
  }
}

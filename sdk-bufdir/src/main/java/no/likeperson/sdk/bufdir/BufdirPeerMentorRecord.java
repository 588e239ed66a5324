package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One peer mentor's activity in the period, counted once however many chapters of the scope the
 * activities belong to (grouped by person, not by organisation): direct activities by {@code
 * peer_mentor_id} and proxy activities by {@code attributed_mentor_id}.
 *
 * <pre>{@code
 * for (BufdirPeerMentorRecord m : payload.peerMentorRecords()) {
 *   System.out.printf("%s %s: %d sessions, %d min (%d without duration)%n",
 *       m.peerMentorId(), m.name().orElse("?"), m.sessionCount(), m.durationMinutes(),
 *       m.activitiesWithoutDuration());
 * }
 * }</pre>
 *
 * @param peerMentorId the mentor's user id
 * @param fullName the mentor's name, or {@code null} when the caller may not read it
 * @param sessionCount sum of sessions over all types
 * @param durationMinutes sum of minutes over all types (unknown durations counted as 0)
 * @param activityCount number of activities (direct and proxy)
 * @param activitiesWithoutDuration how many of those had no duration (counted as 0 minutes)
 * @param proxyActivityCount how many of those a coordinator registered on the mentor's behalf
 * @param activityTypes per activity type, ordered by code
 */
public record BufdirPeerMentorRecord(
    @JsonProperty("peer_mentor_id") UUID peerMentorId,
    @JsonProperty("full_name") String fullName,
    @JsonProperty("session_count") long sessionCount,
    @JsonProperty("duration_minutes") long durationMinutes,
    @JsonProperty("activity_count") long activityCount,
    @JsonProperty("activities_without_duration") long activitiesWithoutDuration,
    @JsonProperty("proxy_activity_count") long proxyActivityCount,
    @JsonProperty("activity_types") List<BufdirActivityTypeBreakdown> activityTypes) {

  /**
   * @throws NullPointerException if {@code peerMentorId} is null
   */
  @JsonCreator
  public BufdirPeerMentorRecord {
    Objects.requireNonNull(peerMentorId, "peerMentorId == null");
    activityTypes = activityTypes == null ? List.of() : List.copyOf(activityTypes);
  }

  /** The mentor's name, empty when the caller may not read it. */
  public Optional<String> name() {
    return Optional.ofNullable(fullName);
  }
}

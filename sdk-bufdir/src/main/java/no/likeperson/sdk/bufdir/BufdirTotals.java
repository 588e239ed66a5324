package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The totals of a Bufdir payload. {@link #peerMentorCount()} counts persons: a mentor active in
 * several chapters of the scope counts once.
 *
 * <pre>{@code
 * BufdirTotals t = payload.totals();
 * System.out.printf("%d mentors, %d sessions, %d min, %d activities (%d by proxy, %d without duration)%n",
 *     t.peerMentorCount(), t.sessionCount(), t.durationMinutes(), t.activityCount(),
 *     t.proxyActivityCount(), t.activitiesWithoutDuration());
 * }</pre>
 *
 * @param peerMentorCount unique peer mentors with at least one activity
 * @param sessionCount sum of sessions
 * @param durationMinutes sum of minutes (unknown durations counted as 0)
 * @param activityCount number of activities, direct and proxy
 * @param proxyActivityCount how many of them were registered by a coordinator on a mentor's behalf
 * @param activitiesWithoutDuration how many of them had no duration
 */
public record BufdirTotals(
    @JsonProperty("peer_mentor_count") long peerMentorCount,
    @JsonProperty("session_count") long sessionCount,
    @JsonProperty("duration_minutes") long durationMinutes,
    @JsonProperty("activity_count") long activityCount,
    @JsonProperty("proxy_activity_count") long proxyActivityCount,
    @JsonProperty("activities_without_duration") long activitiesWithoutDuration) {

  /** All zero: the totals of an empty period. */
  public static final BufdirTotals ZERO = new BufdirTotals(0, 0, 0, 0, 0, 0);

  /**
   * Explicit creator for Jackson (records' components are invisible to it below Android API 34).
   */
  @JsonCreator
  public BufdirTotals {}
}

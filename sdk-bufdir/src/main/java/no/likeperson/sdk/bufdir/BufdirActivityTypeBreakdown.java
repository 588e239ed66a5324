package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * One peer mentor's figures for one activity type in the period: the sum of sessions (a proxy
 * activity counts as one session), the sum of minutes (an unknown duration counts as 0) and the
 * number of activities.
 *
 * <pre>{@code
 * for (BufdirActivityTypeBreakdown b : mentor.activityTypes()) {
 *   System.out.printf("%s: %d sessions, %d min, %d activities%n",
 *       b.name(), b.sessionCount(), b.durationMinutes(), b.activityCount());
 * }
 * }</pre>
 *
 * @param activityTypeId the activity type's id
 * @param code the type's code (from the payload's dictionary)
 * @param name the type's name (from the payload's dictionary)
 * @param sessionCount sum of {@code session_count} (proxy activities: 1 each)
 * @param durationMinutes sum of {@code duration_minutes}, unknown durations counted as 0
 * @param activityCount number of activities (direct and proxy)
 */
public record BufdirActivityTypeBreakdown(
    @JsonProperty("activity_type_id") UUID activityTypeId,
    @JsonProperty("code") String code,
    @JsonProperty("name") String name,
    @JsonProperty("session_count") long sessionCount,
    @JsonProperty("duration_minutes") long durationMinutes,
    @JsonProperty("activity_count") long activityCount) {

  /**
   * @throws NullPointerException if {@code activityTypeId}, {@code code} or {@code name} is null
   */
  @JsonCreator
  public BufdirActivityTypeBreakdown {
    Objects.requireNonNull(activityTypeId, "activityTypeId == null");
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(name, "name == null");
  }
}

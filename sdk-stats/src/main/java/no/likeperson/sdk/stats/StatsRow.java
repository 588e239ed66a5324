package no.likeperson.sdk.stats;

import java.time.YearMonth;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the monthly statistics: for one organisation, one subject (the coordinator or peer
 * mentor the query named), one calendar month and one activity type, how many activities there were
 * and their total duration. Direct and proxy activities are each counted once; an unknown duration
 * counts as 0 minutes. A month or type without activities has no row; {@link StatsSeries} fills
 * those with zeros.
 *
 * <pre>{@code
 * for (StatsRow r : stats.coordinatorMonthlyStats(orgId, coordinatorId, from, to)) {
 *   System.out.println(r.month() + " " + r.activityType() + ": " + r.activityCount());
 * }
 * }</pre>
 *
 * @param orgId the organisation
 * @param subjectId the coordinator or peer mentor
 * @param month the calendar month
 * @param activityTypeId the activity type's id
 * @param activityType the activity type's code (e.g. {@code samtale})
 * @param activityCount activities of that type in that month, at least 1
 * @param totalDurationMinutes their total duration in minutes (unknown durations count 0)
 */
public record StatsRow(
    UUID orgId,
    UUID subjectId,
    YearMonth month,
    UUID activityTypeId,
    String activityType,
    long activityCount,
    long totalDurationMinutes) {

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a count or duration is negative
   */
  public StatsRow {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(subjectId, "subjectId == null");
    Objects.requireNonNull(month, "month == null");
    Objects.requireNonNull(activityTypeId, "activityTypeId == null");
    Objects.requireNonNull(activityType, "activityType == null");
    if (activityCount < 0 || totalDurationMinutes < 0) {
      throw new IllegalArgumentException(
          "negative count or duration: " + activityCount + ", " + totalDurationMinutes);
    }
  }
}

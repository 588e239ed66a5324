package no.likeperson.sdk.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;

/**
 * A row of either monthly-stats view as it comes off the wire; the repository selects the subject
 * column under the alias {@code subject_id}, so one type reads both views.
 */
record WireRow(
    @JsonProperty("org_id") UUID orgId,
    @JsonProperty("subject_id") UUID subjectId,
    @JsonProperty("activity_month") LocalDate activityMonth,
    @JsonProperty("activity_type_id") UUID activityTypeId,
    @JsonProperty("activity_type") String activityType,
    @JsonProperty("activity_count") long activityCount,
    @JsonProperty("total_duration_minutes") Long totalDurationMinutes) {

  /** The columns read, in PostgREST's select syntax, for the view's subject column. */
  static String select(String subjectColumn) {
    return "org_id,subject_id:"
        + subjectColumn
        + ",activity_month,activity_type_id,activity_type,activity_count,total_duration_minutes";
  }

  /**
   * Explicit creator for Jackson (records' components are invisible to it below Android API 34).
   */
  @JsonCreator
  WireRow {}

  StatsRow toRow() {
    return new StatsRow(
        orgId,
        subjectId,
        YearMonth.from(activityMonth),
        activityTypeId,
        activityType,
        activityCount,
        totalDurationMinutes == null ? 0 : totalDurationMinutes);
  }
}

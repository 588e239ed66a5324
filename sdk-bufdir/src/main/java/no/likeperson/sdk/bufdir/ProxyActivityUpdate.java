package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The changes to a stored proxy activity: each field that is set is changed, each left null stays
 * as it is. Who registered it and whom it is attributed to never change (delete and register
 * again).
 *
 * <pre>{@code
 * proxies.update(activityId, ProxyActivityUpdate.empty().withDate(LocalDate.of(2026, 3, 15))
 *     .withDurationMinutes(60));
 * }</pre>
 *
 * @param date the new date, or null
 * @param durationMinutes the new length (at least 1), or null
 * @param activityType the new activity type code, or null
 * @param notes the new notes, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyActivityUpdate(
    @JsonProperty("date") @Nullable LocalDate date,
    @JsonProperty("duration_minutes") @Nullable Integer durationMinutes,
    @JsonProperty("activity_type") @Nullable String activityType,
    @JsonProperty("notes") @Nullable String notes) {

  /**
   * @throws IllegalArgumentException if {@code durationMinutes} is below 1 or the type is blank
   */
  public ProxyActivityUpdate {
    if (durationMinutes != null && durationMinutes < 1) {
      throw new IllegalArgumentException(
          "durationMinutes must be at least 1, was " + durationMinutes);
    }
    if (activityType != null && activityType.trim().isEmpty()) {
      throw new IllegalArgumentException("activityType must be an activity type code, was blank");
    }
  }

  /** No changes yet. */
  public static ProxyActivityUpdate empty() {
    return new ProxyActivityUpdate(null, null, null, null);
  }

  /** These changes plus a new date. */
  public ProxyActivityUpdate withDate(LocalDate date) {
    return new ProxyActivityUpdate(
        Objects.requireNonNull(date, "date == null"), durationMinutes, activityType, notes);
  }

  /** These changes plus a new length. */
  public ProxyActivityUpdate withDurationMinutes(int minutes) {
    return new ProxyActivityUpdate(date, minutes, activityType, notes);
  }

  /** These changes plus a new activity type code. */
  public ProxyActivityUpdate withActivityType(String code) {
    return new ProxyActivityUpdate(
        date, durationMinutes, Objects.requireNonNull(code, "code == null"), notes);
  }

  /** These changes plus new notes. */
  public ProxyActivityUpdate withNotes(String notes) {
    return new ProxyActivityUpdate(
        date, durationMinutes, activityType, Objects.requireNonNull(notes, "notes == null"));
  }

  /** Whether nothing would change. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return date == null && durationMinutes == null && activityType == null && notes == null;
  }
}

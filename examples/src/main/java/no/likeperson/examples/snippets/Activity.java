package no.likeperson.examples.snippets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A caller's own result record for rows of {@code activities}, as the README's Android section
 * shows it: every component named after its column, with an explicit {@code @JsonCreator}
 * constructor, because Jackson cannot see a desugared record's components below Android API 34.
 *
 * <pre>{@code
 * List<Activity> rows = client.from("activities").select("id,org_id,activity_date").list(Activity.class);
 * }</pre>
 */
// tag::record[]
public record Activity(UUID id, UUID orgId, LocalDate activityDate) {
  @JsonCreator
  public Activity(
      @JsonProperty("id") UUID id,
      @JsonProperty("org_id") UUID orgId,
      @JsonProperty("activity_date") LocalDate activityDate) {
    this.id = id;
    this.orgId = orgId;
    this.activityDate = activityDate;
  }
}
// end::record[]

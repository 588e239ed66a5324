package no.likeperson.examples.snippets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * A caller's own record for an organisation with its embedded activities ({@code
 * select=id,name,activities(id,activity_date)}).
 *
 * <pre>{@code
 * List<OrgWithActivities> orgs = client.from("organisations")
 *     .select("id,name,activities(id,activity_date)").list(OrgWithActivities.class);
 * }</pre>
 */
public record OrgWithActivities(UUID id, String name, List<Activity> activities) {
  /** Jackson's constructor; the embedded list is copied and never null. */
  @JsonCreator
  public OrgWithActivities(
      @JsonProperty("id") UUID id,
      @JsonProperty("name") String name,
      @JsonProperty("activities") List<Activity> activities) {
    this.id = id;
    this.name = name;
    this.activities = activities == null ? List.of() : List.copyOf(activities);
  }
}

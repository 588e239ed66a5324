package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the payload's activity-type dictionary: each type that occurs in the period, listed
 * once (the per-mentor groups on the wire refer to it by id; the Java model resolves code and name
 * into every {@link BufdirActivityTypeBreakdown}).
 *
 * <pre>{@code
 * for (BufdirActivityType t : payload.activityTypes()) {
 *   System.out.println(t.code() + " " + t.name());      // "samtale Samtale"
 * }
 * }</pre>
 *
 * @param id the activity type's id ({@code activity_types.id})
 * @param code its code, unique within its organisation (e.g. {@code "samtale"})
 * @param name its display name (e.g. {@code "Samtale"})
 */
public record BufdirActivityType(
    @JsonProperty("id") UUID id,
    @JsonProperty("code") String code,
    @JsonProperty("name") String name) {

  /**
   * @throws NullPointerException if an argument is null
   */
  @JsonCreator
  public BufdirActivityType {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(name, "name == null");
  }
}

package no.likeperson.examples.snippets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * A caller's own result record for rows of {@code organisations} (id and name).
 *
 * <pre>{@code
 * Org one = client.from("organisations").eq("id", id).single(Org.class);
 * }</pre>
 */
public record Org(UUID id, String name) {
  /** Jackson's constructor, one {@code @JsonProperty} per column. */
  @JsonCreator
  public Org(@JsonProperty("id") UUID id, @JsonProperty("name") String name) {
    this.id = id;
    this.name = name;
  }
}

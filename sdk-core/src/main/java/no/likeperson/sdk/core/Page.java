package no.likeperson.sdk.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of rows plus the server's {@code Content-Range}: the total count when one was asked for.
 * Immutable; the row list is an unmodifiable copy.
 *
 * <pre>{@code
 * Page<Activity> page = client.from("activities").eq("org_id", orgId)
 *     .order("activity_date", Order.DESC).range(0, 24)
 *     .page(Activity.class, CountMode.EXACT);
 * page.rows().size();          // up to 25
 * page.total().getAsLong();    // e.g. 3573
 * }</pre>
 *
 * @param rows the rows of this page
 * @param contentRange the parsed {@code Content-Range}, empty if the server sent none
 * @param <T> row type
 */
public record Page<T>(List<T> rows, Optional<ContentRange> contentRange) {

  /**
   * Copies the rows (elements may be null, e.g. from a {@code setof} function returning NULLs).
   *
   * @throws NullPointerException if {@code rows} or {@code contentRange} is null
   */
  @JsonCreator
  public Page(
      @JsonProperty("rows") List<T> rows,
      @JsonProperty("contentRange") Optional<ContentRange> contentRange) {
    // explicit, annotated canonical constructor: Android below API 34 cannot see record components
    this.rows =
        Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(rows, "rows == null")));
    this.contentRange = Objects.requireNonNull(contentRange, "contentRange == null");
  }

  /** The total count of matching rows, if a count was requested and the server knew it. */
  public OptionalLong total() {
    return contentRange.map(ContentRange::total).orElse(OptionalLong.empty());
  }
}

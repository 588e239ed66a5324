package no.likeperson.sdk.stats;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A value from {@link StatsCacheManager}: the rows of one query, when they were fetched, and the
 * latest instant they are known to be current (the fetch itself, or a later revalidation that found
 * no change on the server). A UI shows {@link #fetchedAt()} or {@link #checkedAt()} as "last
 * updated".
 *
 * <pre>{@code
 * CachedStats c = cache.get(StatsQuery.coordinator(orgId, coordinatorId, from, to));
 * render(c.series());
 * label.setText("Updated " + formatter.format(c.checkedAt()));
 * }</pre>
 *
 * @param query the query the rows answer
 * @param rows the rows (immutable)
 * @param fetchedAt when the rows were requested from the server
 * @param checkedAt the latest instant the rows are known to be current, not before {@code
 *     fetchedAt}
 */
public record CachedStats(
    StatsQuery query, List<StatsRow> rows, Instant fetchedAt, Instant checkedAt) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public CachedStats {
    Objects.requireNonNull(query, "query == null");
    rows = List.copyOf(Objects.requireNonNull(rows, "rows == null"));
    Objects.requireNonNull(fetchedAt, "fetchedAt == null");
    Objects.requireNonNull(checkedAt, "checkedAt == null");
  }

  /** The rows as a zero-filled series over the query's range. */
  public StatsSeries series() {
    return StatsSeries.of(query, rows);
  }

  CachedStats checkedAt(Instant at) {
    return at.equals(checkedAt) ? this : new CachedStats(query, rows, fetchedAt, at);
  }
}

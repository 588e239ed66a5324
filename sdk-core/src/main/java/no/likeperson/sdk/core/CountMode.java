package no.likeperson.sdk.core;

/**
 * How PostgREST counts the rows that match a query ({@code Prefer: count=...}); the total comes
 * back in {@code Content-Range}.
 *
 * <pre>{@code
 * long exact = client.from("activities").eq("org_id", orgId).count(CountMode.EXACT);   // HEAD
 * Page<Activity> page = client.from("activities").eq("org_id", orgId).limit(25)
 *     .page(Activity.class, CountMode.PLANNED);                                       // rows + estimate
 * }</pre>
 */
public enum CountMode {
  /** {@code count(*)} over the filtered relation: exact, costs a full scan of the matching rows. */
  EXACT("exact"),
  /** The planner's row estimate ({@code EXPLAIN}): cheap, as good as the table statistics. */
  PLANNED("planned"),
  /** Exact up to the server's max-rows limit, the planner's estimate above it. */
  ESTIMATED("estimated");

  private final String token;

  CountMode(String token) {
    this.token = token;
  }

  /** The {@code Prefer} token, e.g. {@code count=exact}. */
  String preferToken() {
    return "count=" + token;
  }
}

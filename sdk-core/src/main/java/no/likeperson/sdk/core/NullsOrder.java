package no.likeperson.sdk.core;

/**
 * Where NULLs sort in an {@code order} term (PostgreSQL's default: last for ascending, first for
 * descending).
 *
 * <pre>{@code
 * client.from("activities").order("duration_minutes", Order.DESC, NullsOrder.LAST)
 *     .list(Activity.class);   // ?order=duration_minutes.desc.nullslast
 * }</pre>
 */
public enum NullsOrder {
  /** {@code .nullsfirst}. */
  FIRST("nullsfirst"),
  /** {@code .nullslast}. */
  LAST("nullslast");

  final String token;

  NullsOrder(String token) {
    this.token = token;
  }
}

package no.likeperson.sdk.core;

/**
 * Sort direction of an {@code order} term.
 *
 * <pre>{@code
 * client.from("activities").order("activity_date", Order.DESC).order("id", Order.ASC)
 *     .list(Activity.class);   // ?order=activity_date.desc,id.asc
 * }</pre>
 */
public enum Order {
  /** Ascending ({@code .asc}). */
  ASC("asc"),
  /** Descending ({@code .desc}). */
  DESC("desc");

  final String token;

  Order(String token) {
    this.token = token;
  }
}

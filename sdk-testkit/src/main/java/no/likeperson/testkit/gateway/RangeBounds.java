package no.likeperson.testkit.gateway;

/**
 * Range arithmetic that cannot overflow: a {@code Range} header bound beyond a 64-bit integer is a
 * 416 PGRST103 (PostgREST reads bounds as unbounded integers; no table has that many rows), and
 * {@code offset + limit - 1} saturates at {@link Long#MAX_VALUE} instead of wrapping negative.
 *
 * <pre>{@code
 * long from = RangeBounds.bound("99999999999999999999");   // throws GatewayException 416
 * long upper = RangeBounds.lastRow(Long.MAX_VALUE, 10);      // Long.MAX_VALUE
 * }</pre>
 */
final class RangeBounds {

  private RangeBounds() {}

  /** A bound of the Range header (digits only, as the header pattern guarantees). */
  static long bound(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw GatewayException.range(
          "The Range header bound "
              + digits
              + " is beyond the largest row index "
              + Long.MAX_VALUE
              + ".");
    }
  }

  /**
   * The last row index of {@code count} rows starting at {@code first} (both non-negative),
   * saturated.
   */
  static long lastRow(long first, long count) {
    if (count == 0) {
      return first - 1;
    }
    long last = first + (count - 1);
    return last < first ? Long.MAX_VALUE : last;
  }

  /** The row count from {@code lower} to {@code upper} inclusive, saturated; 0 when empty. */
  static long rowCount(long lower, long upper) {
    if (upper < lower) {
      return 0;
    }
    long n = upper - lower;
    return n == Long.MAX_VALUE || n < 0 ? Long.MAX_VALUE : n + 1;
  }

  /** {@code lower + maxRows - 1}, saturated. */
  static long cap(long lower, long maxRows) {
    return lastRow(lower, maxRows);
  }
}

package no.likeperson.sdk.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A parsed PostgREST {@code Content-Range} response header: the zero-based range of rows returned
 * (absent when no rows came back) and the total count (absent when none was requested or the server
 * could not tell). Immutable.
 *
 * <pre>
 * ContentRange r = ContentRange.parse("0-24/3573");
 * r.first();   // OptionalLong[0]
 * r.last();    // OptionalLong[24]
 * r.total();   // OptionalLong[3573]
 * ContentRange.parse("*&#47;0").total();   // OptionalLong[0]: nothing matched
 * ContentRange.parse("*&#47;*").total();   // OptionalLong.empty(): no rows, no count
 * </pre>
 *
 * @param first index of the first row returned, empty for {@code *}
 * @param last index of the last row returned, empty for {@code *}
 * @param total the total count, empty for {@code *}
 */
public record ContentRange(OptionalLong first, OptionalLong last, OptionalLong total) {

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if only one of first/last is present, a value is negative, or
   *     first is greater than last
   * @throws NullPointerException if an argument is null
   */
  @JsonCreator
  public ContentRange(
      @JsonProperty("first") OptionalLong first,
      @JsonProperty("last") OptionalLong last,
      @JsonProperty("total") OptionalLong total) {
    // explicit, annotated canonical constructor: Android below API 34 cannot see record components
    Objects.requireNonNull(first, "first == null");
    Objects.requireNonNull(last, "last == null");
    Objects.requireNonNull(total, "total == null");
    if (first.isPresent() != last.isPresent()) {
      throw new IllegalArgumentException("first and last must both be present or both be absent");
    }
    if (first.isPresent() && (first.getAsLong() < 0 || last.getAsLong() < first.getAsLong())) {
      throw new IllegalArgumentException(
          "invalid range " + first.getAsLong() + "-" + last.getAsLong());
    }
    if (total.isPresent() && total.getAsLong() < 0) {
      throw new IllegalArgumentException("negative total");
    }
    this.first = first;
    this.last = last;
    this.total = total;
  }

  /**
   * Parses {@code <first>-<last>/<total>} where either side may be {@code *}: {@code 0-24/3573},
   * {@code 0-24/*}, <code>*&#47;0</code>, <code>*&#47;*</code>. A leading unit ({@code items
   * 0-24/3573}, RFC 9110 style) is accepted and ignored.
   *
   * @param header the header value
   * @return the parsed range
   * @throws IllegalArgumentException if the value is not in one of these forms
   * @throws NullPointerException if an argument is null
   */
  public static ContentRange parse(String header) {
    Objects.requireNonNull(header, "header == null");
    String s = header.trim();
    int space = s.indexOf(' ');
    if (space >= 0) {
      s = s.substring(space + 1).trim();
    }
    int slash = s.indexOf('/');
    if (slash < 0 || s.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("Content-Range without a single '/': " + header);
    }
    String range = s.substring(0, slash);
    String totalPart = s.substring(slash + 1);
    OptionalLong first;
    OptionalLong last;
    if (range.equals("*")) {
      first = OptionalLong.empty();
      last = OptionalLong.empty();
    } else {
      int dash = range.indexOf('-');
      if (dash <= 0) {
        throw new IllegalArgumentException("Content-Range range is not <first>-<last>: " + header);
      }
      first = OptionalLong.of(number(range.substring(0, dash), header));
      last = OptionalLong.of(number(range.substring(dash + 1), header));
    }
    OptionalLong total =
        totalPart.equals("*") ? OptionalLong.empty() : OptionalLong.of(number(totalPart, header));
    return new ContentRange(first, last, total);
  }

  private static long number(String s, String header) {
    if (s.isEmpty() || s.length() > 18) {
      throw new IllegalArgumentException("Content-Range number out of range: " + header);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("Content-Range is not numeric: " + header);
      }
    }
    return Long.parseLong(s);
  }

  /** Number of rows the range covers (0 for {@code *}). */
  public long length() {
    return first.isPresent() ? last.getAsLong() - first.getAsLong() + 1 : 0;
  }

  /** The header form, e.g. {@code 0-24/3573}. */
  @Override
  public String toString() {
    String r = first.isPresent() ? first.getAsLong() + "-" + last.getAsLong() : "*";
    return r + "/" + (total.isPresent() ? Long.toString(total.getAsLong()) : "*");
  }
}

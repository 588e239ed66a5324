package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * How much of the organisation tree a Bufdir aggregation covers. An enum, so a wrong scope string
 * can never be sent; the wire value is mapped here once.
 *
 * <pre>{@code
 * BufdirPayload p = service.aggregateActivities(chapterId, from, to, ScopeLevel.CHAPTER);
 * ScopeLevel s = ScopeLevel.fromWireValue("national");   // NATIONAL
 * }</pre>
 */
public enum ScopeLevel {
  /** The given organisation only (a chapter). */
  CHAPTER("chapter"),
  /** The given organisation and its whole subtree (a region or county). */
  REGION("region"),
  /** The given organisation and its whole subtree (the national root). */
  NATIONAL("national");

  private final String wireValue;

  ScopeLevel(String wireValue) {
    this.wireValue = wireValue;
  }

  /**
   * The value sent as {@code p_scope} and found in the payload's {@code scope}: {@code "chapter"}.
   */
  @JsonValue
  public String wireValue() {
    return wireValue;
  }

  /**
   * The scope for a wire value ({@code "chapter"}, {@code "region"}, {@code "national"}; case
   * ignored).
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if it is none of the three
   */
  @JsonCreator
  public static ScopeLevel fromWireValue(String value) {
    Objects.requireNonNull(value, "value == null");
    String v = value.toLowerCase(Locale.ROOT);
    for (ScopeLevel s : values()) {
      if (s.wireValue.equals(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "scope must be chapter, region or national, was \"" + value + "\"");
  }
}

package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import no.likeperson.sdk.core.error.InvalidRequestException;

/**
 * Turns Java values into the text PostgREST binds as an untyped parameter. Strings pass unchanged;
 * numbers in plain notation; dates and times in ISO-8601 (a {@code ZonedDateTime} as its offset
 * form, since PostgreSQL does not read region ids in brackets); enums by {@code name()}.
 *
 * <pre>{@code
 * FilterValues.text(new BigDecimal("1E+3"));              // "1000"
 * FilterValues.text(LocalDate.of(2026, 1, 1));            // "2026-01-01"
 * FilterValues.literal(List.of("a", "b c"), mapper);      // {a,"b c"}
 * }</pre>
 */
final class FilterValues {

  /**
   * The longest plain-notation decimal a filter or GET argument may carry: the request URL limit.
   * {@code new BigDecimal("1E+999999999")} is a few bytes, but its plain text is a billion
   * characters.
   */
  static final long MAX_PLAIN_DECIMAL_CHARS = 8_000;

  private FilterValues() {}

  /**
   * A decimal in plain notation ({@code 1E+3} becomes {@code 1000}), after checking from precision
   * and scale alone that the text stays within {@link #MAX_PLAIN_DECIMAL_CHARS}.
   *
   * @throws InvalidRequestException if the plain text would be longer
   */
  static String plainDecimal(BigDecimal d) {
    long precision = d.precision();
    long scale = d.scale();
    long length = (scale <= 0 ? precision - scale : Math.max(precision, scale) + 2) + 1;
    if (length > MAX_PLAIN_DECIMAL_CHARS) {
      throw new InvalidRequestException(
          "decimal with precision "
              + precision
              + " and scale "
              + scale
              + " would be about "
              + length
              + " characters in plain notation, over the limit of "
              + MAX_PLAIN_DECIMAL_CHARS);
    }
    return d.toPlainString();
  }

  /** True for the scalar types {@link #text(Object)} accepts. */
  static boolean isScalar(Object value) {
    return value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof UUID
        || value instanceof Enum<?>
        || value instanceof LocalDate
        || value instanceof LocalDateTime
        || value instanceof LocalTime
        || value instanceof OffsetDateTime
        || value instanceof OffsetTime
        || value instanceof Instant
        || value instanceof ZonedDateTime;
  }

  /**
   * The text of a scalar value.
   *
   * @throws InvalidRequestException for null, an unsupported type, or text containing NUL
   */
  static String text(Object value) {
    if (value == null) {
      throw new InvalidRequestException("filter value is null");
    }
    String s;
    if (value instanceof BigDecimal d) {
      s = plainDecimal(d);
    } else if (value instanceof Enum<?> e) {
      s = e.name();
    } else if (value instanceof ZonedDateTime z) {
      s = z.toOffsetDateTime().toString();
    } else if (isScalar(value)) {
      s = value.toString();
    } else {
      throw new InvalidRequestException(
          "unsupported filter value type "
              + value.getClass().getName()
              + " (use String, Number, Boolean, UUID, an enum or a java.time value)");
    }
    if (s.indexOf('\0') >= 0) {
      throw new InvalidRequestException("filter value contains a NUL character");
    }
    return s;
  }

  /** True for values {@link #literal(Object, ObjectMapper)} accepts (for {@code cs}/{@code cd}). */
  static boolean isLiteral(Object value) {
    return value instanceof Collection<?>
        || value instanceof Object[]
        || value instanceof Map<?, ?>
        || value instanceof JsonNode
        || isScalar(value);
  }

  /**
   * The literal of a containment operand: a collection or array becomes a PostgreSQL array literal
   * ({@code {a,"b c"}}), a map or {@link JsonNode} becomes JSON text (for {@code jsonb}), a string
   * is taken as a literal as it is (for ranges such as {@code [1,5)}).
   *
   * @throws InvalidRequestException for null, unsupported types or unserialisable JSON
   */
  static String literal(Object value, ObjectMapper mapper) {
    if (value instanceof Collection<?> c) {
      return arrayLiteral(c.toArray());
    }
    if (value instanceof Object[] a) {
      return arrayLiteral(a);
    }
    if (value instanceof Map<?, ?> || value instanceof JsonNode) {
      try {
        return mapper.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new InvalidRequestException("containment value cannot be written as JSON", e);
      }
    }
    return text(value);
  }

  private static String arrayLiteral(Object[] elements) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    for (Object e : elements) {
      j.add(UrlGrammar.arrayElement(e == null ? null : text(e)));
    }
    return j.toString();
  }
}

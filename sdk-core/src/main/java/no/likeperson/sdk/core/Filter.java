package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * One PostgREST row filter, or an {@code or}/{@code and} group of filters, possibly negated.
 * Immutable. The query builders have a shortcut for every operator ({@code eq}, {@code in}, ...);
 * build a {@code Filter} directly for groups:
 *
 * <pre>{@code
 * List<Activity> rows = client.from("activities")
 *     .eq("org_id", orgId)
 *     .or(Filter.isNull("duration_minutes"),
 *         Filter.and(Filter.gte("duration_minutes", 45), Filter.gte("participant_count", 3)))
 *     .list(Activity.class);
 * // GET /rest/v1/activities?org_id=eq.<id>&or=(duration_minutes.is.null,and(duration_minutes.gte.45,participant_count.gte.3))
 * }</pre>
 *
 * <p>Values are converted to text as PostgREST expects (numbers in plain notation, {@code
 * java.time} values in ISO-8601, enums by name) and quoted where the URL grammar requires it, so
 * values with commas, quotes, parentheses, backslashes or non-ASCII letters (æøå) are safe. Column
 * names that are not plain identifiers are quoted. {@link #toString()} never shows values.
 */
public final class Filter {

  /** PostgREST operators supported by this SDK. */
  enum Op {
    EQ("eq"),
    NEQ("neq"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    LIKE("like"),
    ILIKE("ilike"),
    IS("is"),
    IN("in"),
    CS("cs"),
    CD("cd");

    final String token;

    Op(String token) {
      this.token = token;
    }
  }

  private final @Nullable String column; // encoded column name; null for groups
  private final @Nullable Op op; // null for groups
  private final @Nullable Object
      value; // scalar, Boolean/null for IS, List<Object> for IN, literal for CS/CD
  private final @Nullable String logic; // "or"/"and" for groups, else null
  private final @Nullable List<Filter> children;
  private final boolean negated;

  private Filter(
      @Nullable String column,
      @Nullable Op op,
      @Nullable Object value,
      @Nullable String logic,
      @Nullable List<Filter> children,
      boolean negated) {
    this.column = column;
    this.op = op;
    this.value = value;
    this.logic = logic;
    this.children = children;
    this.negated = negated;
  }

  @SuppressWarnings("NullAway") // value is non-null for every operator but IS (checked first)
  private static Filter leaf(String column, Op op, @Nullable Object value) {
    Objects.requireNonNull(column, "column == null");
    String name;
    try {
      name = UrlGrammar.columnName(column);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "invalid column name for " + op.token + ": " + e.getMessage());
    }
    if (op != Op.IS && value == null) {
      throw new InvalidRequestException(
          op.token + "(" + column + ") value is null; use isNull(column) to match NULL");
    }
    switch (op) {
      case IS:
        break;
      case CS, CD:
        if (!FilterValues.isLiteral(value)) {
          throw new InvalidRequestException(
              "unsupported "
                  + op.token
                  + "("
                  + column
                  + ") value type "
                  + value.getClass().getName()
                  + " (use a Collection, an array, a Map or a String)");
        }
        break;
      case IN:
        for (Object e : (List<?>) value) {
          if (e == null) {
            throw new InvalidRequestException(
                "in(" + column + ") contains null; combine with isNull(column) in an or group");
          }
          FilterValues.text(e); // type check now, not at send time
        }
        break;
      default:
        FilterValues.text(value);
    }
    return new Filter(name, op, value, null, null, false);
  }

  /**
   * {@code column = value}.
   *
   * @throws InvalidRequestException if value is null or of an unsupported type
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter eq(String column, Object value) {
    return leaf(column, Op.EQ, value);
  }

  /**
   * {@code column <> value}.
   *
   * @throws InvalidRequestException if value is null or unsupported
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter neq(String column, Object value) {
    return leaf(column, Op.NEQ, value);
  }

  /**
   * {@code column > value}.
   *
   * @throws InvalidRequestException if value is null or unsupported
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter gt(String column, Object value) {
    return leaf(column, Op.GT, value);
  }

  /**
   * {@code column >= value}.
   *
   * @throws InvalidRequestException if value is null or unsupported
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter gte(String column, Object value) {
    return leaf(column, Op.GTE, value);
  }

  /**
   * {@code column < value}.
   *
   * @throws InvalidRequestException if value is null or unsupported
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter lt(String column, Object value) {
    return leaf(column, Op.LT, value);
  }

  /**
   * {@code column <= value}.
   *
   * @throws InvalidRequestException if value is null or unsupported
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter lte(String column, Object value) {
    return leaf(column, Op.LTE, value);
  }

  /**
   * {@code column LIKE pattern}; write {@code *} (or {@code %}) as the wildcard.
   *
   * @throws InvalidRequestException if the pattern is null
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter like(String column, String pattern) {
    return leaf(column, Op.LIKE, pattern);
  }

  /**
   * {@code column ILIKE pattern} (case-insensitive); {@code *} is the wildcard.
   *
   * @throws InvalidRequestException if the pattern is null
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter ilike(String column, String pattern) {
    return leaf(column, Op.ILIKE, pattern);
  }

  /**
   * {@code column IS NULL / TRUE / FALSE}: {@code null} means {@code IS NULL}.
   *
   * @throws InvalidRequestException if the column name is invalid
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter is(String column, Boolean value) {
    return leaf(column, Op.IS, value);
  }

  /**
   * {@code column IS NULL}.
   *
   * @throws InvalidRequestException if the column name is invalid
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter isNull(String column) {
    return leaf(column, Op.IS, null);
  }

  /**
   * {@code column IS NOT NULL} (sent as {@code not.is.null}, which every PostgREST version reads).
   *
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter isNotNull(String column) {
    return not(isNull(column));
  }

  /**
   * {@code column = ANY(values)}; an empty collection matches no row.
   *
   * @throws InvalidRequestException if values is null or contains null or unsupported elements
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter in(String column, Collection<?> values) {
    if (values == null) {
      throw new InvalidRequestException("in(" + column + ") values are null");
    }
    return leaf(column, Op.IN, Collections.unmodifiableList(new ArrayList<>(values)));
  }

  /**
   * {@code column @> value}: the column contains the value. A collection or array is sent as a
   * PostgreSQL array literal, a {@code Map} or {@code JsonNode} as JSON (for jsonb), a String as a
   * literal unchanged (e.g. a range {@code [1,5)}).
   *
   * @throws InvalidRequestException if value is null or of an unsupported type
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter contains(String column, Object value) {
    return leaf(column, Op.CS, value);
  }

  /**
   * {@code column <@ value}: the column is contained by the value (same value forms as {@link
   * #contains}).
   *
   * @throws InvalidRequestException if value is null or of an unsupported type
   * @throws NullPointerException if {@code column} is null
   */
  public static Filter containedBy(String column, Object value) {
    return leaf(column, Op.CD, value);
  }

  /**
   * The negation of a filter or group; {@code not(not(f))} is {@code f}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Filter not(Filter filter) {
    Objects.requireNonNull(filter, "filter == null");
    return new Filter(
        filter.column, filter.op, filter.value, filter.logic, filter.children, !filter.negated);
  }

  /**
   * Matches when any of the filters matches.
   *
   * @throws InvalidRequestException if no filter is given
   */
  public static Filter or(Filter... filters) {
    return group("or", filters);
  }

  /**
   * Matches when all of the filters match (useful inside {@link #or}).
   *
   * @throws InvalidRequestException if no filter is given
   */
  public static Filter and(Filter... filters) {
    return group("and", filters);
  }

  private static Filter group(String logic, Filter... filters) {
    Objects.requireNonNull(filters, "filters == null");
    if (filters.length == 0) {
      throw new InvalidRequestException(logic + "() needs at least one filter");
    }
    List<Filter> list = new ArrayList<>(filters.length);
    for (Filter f : filters) {
      list.add(Objects.requireNonNull(f, "filter == null"));
    }
    return new Filter(null, null, null, logic, List.copyOf(list), false);
  }

  // ---- rendering (package-private, used by the request builders) ----

  /** The query key at top level: the column, or {@code or}/{@code and}/{@code not.or}/... */
  @SuppressWarnings("NullAway") // leaf fields are set for leaves, logic and children for groups
  String queryKey() {
    if (logic != null) {
      return negated ? "not." + logic : logic;
    }
    return column;
  }

  /** The (unencoded) query value at top level. */
  @SuppressWarnings("NullAway") // leaf fields are set for leaves, logic and children for groups
  String queryValue(ObjectMapper mapper) {
    if (logic != null) {
      return childrenList(mapper);
    }
    return (negated ? "not." : "") + op.token + "." + operand(mapper, false);
  }

  /** This filter as an element of a logic tree: {@code col.op.value} or {@code or(...)}. */
  @SuppressWarnings("NullAway") // leaf fields are set for leaves, logic and children for groups
  String treeElement(ObjectMapper mapper) {
    if (logic != null) {
      return (negated ? "not." : "") + logic + childrenList(mapper);
    }
    return column + "." + (negated ? "not." : "") + op.token + "." + operand(mapper, true);
  }

  @SuppressWarnings("NullAway") // leaf fields are set for leaves, logic and children for groups
  private String childrenList(ObjectMapper mapper) {
    StringJoiner j = new StringJoiner(",", "(", ")");
    for (Filter c : children) {
      j.add(c.treeElement(mapper));
    }
    return j.toString();
  }

  @SuppressWarnings("NullAway") // leaf fields are set for leaves, logic and children for groups
  private String operand(ObjectMapper mapper, boolean inTree) {
    switch (op) {
      case IS:
        return value == null ? "null" : value.toString();
      case IN:
        {
          StringJoiner j = new StringJoiner(",", "(", ")");
          for (Object e : (List<?>) value) {
            j.add(UrlGrammar.quoteListValue(FilterValues.text(e)));
          }
          return j.toString();
        }
      case CS, CD:
        {
          String literal = FilterValues.literal(value, mapper);
          return inTree ? UrlGrammar.quoteListValue(literal) : literal;
        }
      default:
        {
          String text = FilterValues.text(value);
          return inTree ? UrlGrammar.quoteListValue(text) : text;
        }
    }
  }

  /** Shows the structure (columns and operators), never the values. */
  @SuppressWarnings("NullAway") // leaf fields are set for leaves, logic and children for groups
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (negated) {
      sb.append("not ");
    }
    if (logic != null) {
      StringJoiner j = new StringJoiner(", ", logic + "(", ")");
      children.forEach(c -> j.add(c.toString()));
      return sb.append(j).toString();
    }
    return sb.append(op.token).append('(').append(column).append(')').toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Filter f
        && negated == f.negated
        && Objects.equals(column, f.column)
        && op == f.op
        && Objects.equals(value, f.value)
        && Objects.equals(logic, f.logic)
        && Objects.equals(children, f.children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, op, value, logic, children, negated);
  }
}

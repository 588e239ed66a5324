package no.likeperson.sdk.core;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * The filters, order and paging of one embedded (referenced) resource of a read; configure it in
 * {@link TableQuery#referenced(String, java.util.function.Consumer)}. Every filter and modifier is
 * sent with the embed's path as a prefix ({@code activities.org_id=eq.<id>}, {@code
 * activities.order=activity_date.desc}, {@code activities.limit=5}, {@code activities.offset=10})
 * and applies to the embedded rows only: a parent whose embedded rows are all filtered away keeps
 * an empty array (to-many) or {@code null} (to-one). Column names are quoted exactly as for
 * top-level filters, so a column named {@code offset} is sent as {@code activities."offset"=eq.5},
 * never as the offset parameter.
 *
 * <pre>{@code
 * client.from("organisations")
 *     .select("id,name,activities(id,activity_date,activity_types(name))")
 *     .referenced("activities", a -> a.order("activity_date", Order.DESC).range(0, 9))
 *     .referenced("activities.activity_types", t -> t.eq("name", "Samtale"))
 *     .list(Org.class);
 * }</pre>
 *
 * <p>Mutable and not thread-safe, like the query that owns it.
 */
public final class ReferencedTable extends FilterBuilder<ReferencedTable> {

  private final String path;
  private final Paging paging = new Paging();

  ReferencedTable(String path) {
    this.path = path;
  }

  /**
   * Sorts the embedded rows by {@code column} ascending ({@code <path>.order=column.asc}); call
   * again for further keys.
   *
   * <pre>{@code
   * .referenced("activities", a -> a.order("activity_date"))
   * }</pre>
   *
   * @throws NullPointerException if {@code column} is null
   * @throws InvalidRequestException if the column name is invalid
   */
  public ReferencedTable order(String column) {
    return order(column, Order.ASC, null);
  }

  /**
   * Sorts the embedded rows by {@code column} in {@code direction}.
   *
   * <pre>{@code
   * .referenced("activities", a -> a.order("activity_date", Order.DESC))
   * }</pre>
   *
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException if the column name is invalid
   */
  public ReferencedTable order(String column, Order direction) {
    return order(column, direction, null);
  }

  /**
   * Sorts the embedded rows by {@code column} in {@code direction} with NULLs first or last ({@code
   * nulls} may be null for PostgreSQL's default).
   *
   * <pre>{@code
   * .referenced("activities", a -> a.order("duration_minutes", Order.DESC, NullsOrder.LAST))
   * }</pre>
   *
   * @throws NullPointerException if {@code column} or {@code direction} is null
   * @throws InvalidRequestException if the column name is invalid
   */
  public ReferencedTable order(String column, Order direction, @Nullable NullsOrder nulls) {
    paging.order(column, direction, nulls);
    return this;
  }

  /**
   * At most {@code count} embedded rows per parent ({@code <path>.limit=count}).
   *
   * <pre>{@code
   * .referenced("activities", a -> a.order("activity_date", Order.DESC).limit(3))   // latest three
   * }</pre>
   *
   * @throws InvalidRequestException if {@code count} is negative
   */
  public ReferencedTable limit(long count) {
    paging.limit(count);
    return this;
  }

  /**
   * Skips the first {@code count} embedded rows of each parent ({@code <path>.offset=count}).
   *
   * <pre>{@code
   * .referenced("activities", a -> a.order("id").offset(10))
   * }</pre>
   *
   * @throws InvalidRequestException if {@code count} is negative
   */
  public ReferencedTable offset(long count) {
    paging.offset(count);
    return this;
  }

  /**
   * Embedded rows {@code from} to {@code to} of each parent, both inclusive and zero-based: sent as
   * {@code <path>.offset=from&<path>.limit=to-from+1}.
   *
   * <pre>{@code
   * .referenced("activities", a -> a.order("id").range(10, 19))   // the second ten
   * }</pre>
   *
   * @throws InvalidRequestException if {@code from} is negative or {@code to < from}
   */
  public ReferencedTable range(long from, long to) {
    paging.range(from, to);
    return this;
  }

  void addParams(ClientContext ctx, ClientContext.Spec spec) {
    String prefix = path + ".";
    for (Filter f : filters) {
      spec.param(prefix + f.queryKey(), f.queryValue(ctx.mapper));
    }
    paging.addParams(spec, prefix);
  }

  /**
   * Checks that every path names an embedded resource of {@code select} (its alias, else its name,
   * at the right depth), as PostgREST does with 400 PGRST108.
   *
   * @throws InvalidRequestException naming the first path the select does not embed
   */
  static void requireEmbedded(@Nullable String select, Collection<String> paths) {
    Set<String> embedded = select == null ? Set.of() : embedPaths(select);
    for (String p : paths) {
      if (!embedded.contains(p)) {
        throw new InvalidRequestException(
            "referenced table '"
                + p
                + "' is not an embedded resource"
                + " of the select; embed it there, e.g. select(\"*,"
                + p.substring(p.lastIndexOf('.') + 1)
                + "(*)\"), and name it by its alias if it has one");
      }
    }
  }

  /**
   * The dotted paths of the embedded resources in a normalised select list: for each {@code
   * [...][alias:]name[!hint...](...)}, the alias or else the name, prefixed by its parents'.
   * Lenient: an aggregate such as {@code count()} also yields a path, which only means such a path
   * is not refused here.
   */
  static Set<String> embedPaths(String select) {
    Set<String> paths = new HashSet<>();
    Deque<String> stack = new ArrayDeque<>();
    boolean quoted = false;
    int itemStart = 0;
    for (int i = 0; i < select.length(); i++) {
      char c = select.charAt(i);
      if (c == '"' && (i == 0 || select.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (c == ',') {
        itemStart = i + 1;
      } else if (c == '(') {
        String key = embedKey(select.substring(itemStart, i));
        String p = stack.isEmpty() ? key : stack.peek() + "." + key;
        paths.add(p);
        stack.push(p);
        itemStart = i + 1;
      } else if (c == ')' && !stack.isEmpty()) {
        stack.pop();
        itemStart = i + 1;
      }
    }
    return paths;
  }

  private static String embedKey(String item) {
    String s = item.startsWith("...") ? item.substring(3) : item;
    int colon = s.indexOf(':');
    if (colon > 0 && !s.startsWith("::", colon)) {
      return s.substring(0, colon);
    }
    int bang = s.indexOf('!');
    return bang >= 0 ? s.substring(0, bang) : s;
  }

  /** The path and the filter structure, never filter values. */
  @Override
  public String toString() {
    return path + "{filters=" + filters + "}";
  }
}

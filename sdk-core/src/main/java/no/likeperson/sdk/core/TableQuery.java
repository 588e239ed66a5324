package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.JavaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A read of one table or view ({@code GET /rest/v1/<relation>}), and the starting point of writes
 * to it. Get one from {@link SupabaseClient#from(String)}.
 *
 * <pre>{@code
 * List<Activity> rows =
 *     client
 *         .from("activities")
 *         .select("id,org_id,activity_date")
 *         .eq("org_id", orgId)
 *         .gte("activity_date", LocalDate.of(2026, 1, 1))
 *         .order("activity_date", Order.DESC)
 *         .limit(25)
 *         .list(Activity.class);
 *
 * long n = client.from("activities").eq("org_id", orgId).count(CountMode.EXACT); // HEAD
 * Optional<Org> org = client.from("organisations").eq("id", id).maybeSingle(Org.class);
 * Org one = client.from("organisations").eq("id", id).single(Org.class); // 406 PGRST116 if not 1
 * CompletableFuture<List<Activity>> later = client.from("activities").listAsync(Activity.class);
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/CoreSnippets.java#table-query}.
 *
 * <p>Every read is sent as a replayable request: it is retried on connection failures and the
 * retryable statuses. Builders are mutable and not thread-safe.
 */
public final class TableQuery extends FilterBuilder<TableQuery> {

  private final ClientContext ctx;
  private final String relation;
  private @Nullable String select;
  private final Paging paging = new Paging();
  private final Map<String, ReferencedTable> referenced = new LinkedHashMap<>();
  private RequestOptions options = RequestOptions.defaults();

  TableQuery(ClientContext ctx, String relation) {
    this.ctx = ctx;
    this.relation = ClientContext.checkName("relation", relation);
  }

  /**
   * The columns to return, in PostgREST's {@code select} syntax ({@code "id,name"}, {@code
   * "alias:col"}, {@code "col::text"}, {@code "data->>k"}). White space outside double quotes is
   * removed. Default: all columns.
   *
   * @throws NullPointerException if {@code columns} is null
   * @throws InvalidRequestException if {@code columns} is blank
   */
  public TableQuery select(String columns) {
    this.select = normaliseSelect(columns);
    return this;
  }

  static String normaliseSelect(String columns) {
    Objects.requireNonNull(columns, "columns == null");
    StringBuilder sb = new StringBuilder(columns.length());
    boolean quoted = false;
    for (int i = 0; i < columns.length(); i++) {
      char c = columns.charAt(i);
      if (c == '"' && (i == 0 || columns.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      }
      if (!quoted && Character.isWhitespace(c)) {
        continue;
      }
      sb.append(c);
    }
    if (sb.length() == 0) {
      throw new InvalidRequestException("select columns are blank");
    }
    if (sb.indexOf("\0") >= 0) {
      throw new InvalidRequestException("select columns contain a NUL character");
    }
    return sb.toString();
  }

  /**
   * Sorts by {@code column} ascending; call again for further keys.
   *
   * @throws InvalidRequestException if the column name is invalid
   */
  public TableQuery order(String column) {
    return order(column, Order.ASC, null);
  }

  /**
   * Sorts by {@code column} in {@code direction}.
   *
   * @throws InvalidRequestException if the column name is invalid
   */
  public TableQuery order(String column, Order direction) {
    return order(column, direction, null);
  }

  /**
   * Sorts by {@code column} in {@code direction} with NULLs first or last ({@code nulls} may be
   * null for PostgreSQL's default).
   *
   * @throws NullPointerException if {@code column} or {@code direction} is null
   * @throws InvalidRequestException if the column name is invalid
   */
  public TableQuery order(String column, Order direction, @Nullable NullsOrder nulls) {
    paging.order(column, direction, nulls);
    return this;
  }

  /**
   * At most {@code count} rows ({@code limit=}); 0 returns no rows but still counts.
   *
   * @throws InvalidRequestException if {@code count} is negative
   */
  public TableQuery limit(long count) {
    paging.limit(count);
    return this;
  }

  /**
   * Skips the first {@code count} rows ({@code offset=}).
   *
   * @throws InvalidRequestException if {@code count} is negative
   */
  public TableQuery offset(long count) {
    paging.offset(count);
    return this;
  }

  /**
   * Rows {@code from} to {@code to}, both inclusive and zero-based: sent as {@code
   * offset=from&limit=to-from+1} (query parameters, no {@code Range} header); {@code range(0,
   * Long.MAX_VALUE)}, whose row count does not fit a {@code long}, sends {@code
   * limit=9223372036854775807}.
   *
   * @throws InvalidRequestException if {@code from} is negative or {@code to < from}
   */
  public TableQuery range(long from, long to) {
    paging.range(from, to);
    return this;
  }

  /**
   * Filters, sorts and pages the rows of an embedded (referenced) resource, as postgrest-js's
   * {@code referencedTable} option and supabase-kt's {@code referencedTable} parameter do. {@code
   * path} names the embed as the select names it (its alias if it has one), dot-separated for
   * nested embeds ({@code "activities.activity_types"}); {@code spec} sets filters, {@code order},
   * {@code limit}, {@code offset} or {@code range} on it, each sent with the path as a prefix
   * ({@code activities.order=...}). Calling again with the same path adds to the same embed.
   * Filters here narrow the embedded rows, not the parents. To keep only the parents that have (or
   * lack) a matching embedded row, filter the embed itself on this query: {@code
   * .isNotNull("activities")} ({@code activities=not.is.null}) or {@code .isNull("activities")}
   * ({@code activities=is.null}).
   *
   * <pre>{@code
   * List<Org> orgs = client.from("organisations")
   *     .select("id,name,activities(id,activity_date)")
   *     .referenced("activities", a -> a
   *         .gte("activity_date", LocalDate.of(2026, 1, 1))
   *         .order("activity_date", Order.DESC)
   *         .limit(5))
   *     .list(Org.class);
   * // GET /rest/v1/organisations?select=id,name,activities(id,activity_date)
   * //     &activities.activity_date=gte.2026-01-01&activities.order=activity_date.desc&activities.limit=5
   * }</pre>
   *
   * <p>When the request is built, every path must name an embedded resource of the select ({@link
   * InvalidRequestException} otherwise, nothing is sent; PostgREST would answer 400 PGRST108).
   *
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException if {@code path} is blank or a segment is not a plain name
   */
  public TableQuery referenced(String path, Consumer<ReferencedTable> spec) {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(spec, "spec == null");
    String p;
    try {
      p = UrlGrammar.embedPath(path);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid referenced table: " + e.getMessage());
    }
    ReferencedTable table = referenced.get(p);
    if (table == null) {
      table = new ReferencedTable(p);
      spec.accept(table);
      referenced.put(
          p, table); // only once spec succeeded: a refused call leaves no empty embed behind
    } else {
      spec.accept(table);
    }
    return this;
  }

  /**
   * Per-call options (schema, count mode, token).
   *
   * @throws NullPointerException if {@code options} is null
   */
  public TableQuery options(RequestOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
    return this;
  }

  // ---- reads ----

  private ClientContext.Spec readSpec(String method, @Nullable CountMode count) {
    ClientContext.Spec spec = new ClientContext.Spec(method);
    spec.path.add(relation);
    spec.options = options;
    spec.replayable = true;
    if (select != null) {
      spec.param("select", select);
    }
    addFilterParams(ctx, spec);
    paging.addParams(spec, "");
    if (!referenced.isEmpty()) {
      ReferencedTable.requireEmbedded(select, referenced.keySet());
      for (ReferencedTable r : referenced.values()) {
        r.addParams(ctx, spec);
      }
    }
    if (count != null) {
      spec.prefer.add(count.preferToken());
    }
    return spec;
  }

  private JavaType type(Class<?> type) {
    return ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
  }

  /**
   * The matching rows, stream-parsed into {@code type}.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the request is invalid (e.g. the URL is too long); nothing
   *     is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer from the
   *     server
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> List<T> list(Class<T> type) {
    JavaType t = type(type);
    return ctx.execute(
        readSpec("GET", options.count().orElse(null)), op -> Bodies.list(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #list(Class)}; failures complete the future exceptionally with the same
   * types.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<List<T>> listAsync(Class<T> type) {
    JavaType t = type(type);
    return ctx.executeAsync(
        () -> readSpec("GET", options.count().orElse(null)), op -> Bodies.list(ctx.mapper, t, op));
  }

  /**
   * The matching rows with the {@code Content-Range} (total count when one was requested in the
   * options).
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the request is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer (416
   *     included)
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> Page<T> page(Class<T> type) {
    JavaType t = type(type);
    return ctx.execute(
        readSpec("GET", options.count().orElse(null)), op -> Bodies.page(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #page(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<Page<T>> pageAsync(Class<T> type) {
    JavaType t = type(type);
    return ctx.executeAsync(
        () -> readSpec("GET", options.count().orElse(null)), op -> Bodies.page(ctx.mapper, t, op));
  }

  /**
   * The matching rows and their total counted with {@code mode}.
   *
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException if the request is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer (416
   *     included)
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> Page<T> page(Class<T> type, CountMode mode) {
    Objects.requireNonNull(mode, "mode == null");
    JavaType t = type(type);
    return ctx.execute(readSpec("GET", mode), op -> Bodies.page(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #page(Class, CountMode)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<Page<T>> pageAsync(Class<T> type, CountMode mode) {
    Objects.requireNonNull(mode, "mode == null");
    JavaType t = type(type);
    return ctx.executeAsync(() -> readSpec("GET", mode), op -> Bodies.page(ctx.mapper, t, op));
  }

  /**
   * Exactly one row ({@code Accept: application/vnd.pgrst.object+json}); the server answers 406
   * PGRST116 otherwise.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the request is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.NotExactlyOneRowException if zero or several rows match
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for other error answers
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> T single(Class<T> type) {
    JavaType t = type(type);
    ClientContext.Spec spec = readSpec("GET", options.count().orElse(null));
    spec.accept = ClientContext.OBJECT_JSON;
    return ctx.execute(spec, op -> Bodies.single(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #single(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> singleAsync(Class<T> type) {
    JavaType t = type(type);
    return ctx.executeAsync(
        () -> {
          ClientContext.Spec spec = readSpec("GET", options.count().orElse(null));
          spec.accept = ClientContext.OBJECT_JSON;
          return spec;
        },
        op -> Bodies.single(ctx.mapper, t, op));
  }

  /**
   * Zero or one row: the rows are requested as an array and checked here (no dependence on the
   * server's PGRST116 wording).
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the request is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.NotExactlyOneRowException if several rows match
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for error answers
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> Optional<T> maybeSingle(Class<T> type) {
    JavaType t = type(type);
    return ctx.execute(
        readSpec("GET", options.count().orElse(null)),
        op -> Bodies.maybeSingleRow(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #maybeSingle(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<Optional<T>> maybeSingleAsync(Class<T> type) {
    JavaType t = type(type);
    return ctx.executeAsync(
        () -> readSpec("GET", options.count().orElse(null)),
        op -> Bodies.maybeSingleRow(ctx.mapper, t, op));
  }

  /**
   * Counts the matching rows with a {@code HEAD} request ({@code Prefer: count=<mode>}): no rows
   * are transferred.
   *
   * @throws NullPointerException if {@code mode} is null
   * @throws InvalidRequestException if the request is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it had no
   *     count
   */
  public long count(CountMode mode) {
    Objects.requireNonNull(mode, "mode == null");
    return ctx.execute(readSpec("HEAD", mode), Bodies::count);
  }

  /** {@link #count(CountMode)} with {@link CountMode#EXACT}. */
  public long count() {
    return count(CountMode.EXACT);
  }

  /** Async twin of {@link #count()}: {@link CountMode#EXACT}. */
  public CompletableFuture<Long> countAsync() {
    return countAsync(CountMode.EXACT);
  }

  /**
   * Async twin of {@link #count(CountMode)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public CompletableFuture<Long> countAsync(CountMode mode) {
    Objects.requireNonNull(mode, "mode == null");
    return ctx.executeAsync(() -> readSpec("HEAD", mode), Bodies::count);
  }

  // ---- writes ----

  /**
   * Inserts one row (a POJO, record, Map or JsonNode) or many (a Collection or array of them):
   * {@code POST}. Send with {@link Mutation#execute()} ({@code return=minimal}) or {@link
   * Mutation#list(Class)} ({@code return=representation}).
   *
   * @throws NullPointerException if {@code rows} is null
   * @throws InvalidRequestException if filters, order, limit or offset were set on this query
   */
  public Mutation insert(Object rows) {
    return new Mutation(
        ctx,
        relation,
        Mutation.Kind.INSERT,
        Objects.requireNonNull(rows, "rows == null"),
        options,
        checkNoReadModifiers("insert", true),
        select);
  }

  /**
   * Inserts or merges rows ({@code resolution=merge-duplicates}; see {@link Mutation#onConflict}
   * and {@link Mutation#ignoreDuplicates()}).
   *
   * @throws NullPointerException if {@code rows} is null
   * @throws InvalidRequestException if filters, order, limit or offset were set on this query
   */
  public Mutation upsert(Object rows) {
    return new Mutation(
        ctx,
        relation,
        Mutation.Kind.UPSERT,
        Objects.requireNonNull(rows, "rows == null"),
        options,
        checkNoReadModifiers("upsert", true),
        select);
  }

  /**
   * Sets every field of {@code patch} (a POJO, record or Map; nulls included as Jackson writes
   * them) on the rows matching the filters: {@code PATCH}. At least one filter is required (here or
   * on the returned {@link Mutation}).
   *
   * @throws NullPointerException if {@code patch} is null
   * @throws InvalidRequestException if order, limit or offset were set on this query
   */
  public Mutation update(Object patch) {
    return new Mutation(
        ctx,
        relation,
        Mutation.Kind.UPDATE,
        Objects.requireNonNull(patch, "patch == null"),
        options,
        checkNoReadModifiers("update", false),
        select);
  }

  /**
   * Deletes the rows matching the filters: {@code DELETE}. At least one filter is required.
   *
   * @throws InvalidRequestException if order, limit or offset were set on this query
   */
  public Mutation delete() {
    return new Mutation(
        ctx,
        relation,
        Mutation.Kind.DELETE,
        null,
        options,
        checkNoReadModifiers("delete", false),
        select);
  }

  private List<Filter> checkNoReadModifiers(String what, boolean noFilters) {
    if (!paging.isEmpty()) {
      throw new InvalidRequestException(what + " does not take order, limit, offset or range");
    }
    if (!referenced.isEmpty()) {
      throw new InvalidRequestException(what + " does not take referenced-table modifiers");
    }
    if (noFilters && !filters.isEmpty()) {
      throw new InvalidRequestException(what + " does not take filters");
    }
    return new ArrayList<>(filters);
  }

  /** The relation and the filter structure, never filter values. */
  @Override
  public String toString() {
    return "TableQuery{"
        + relation
        + ", filters="
        + filters
        + (referenced.isEmpty() ? "" : ", referenced=" + referenced.values())
        + "}";
  }
}

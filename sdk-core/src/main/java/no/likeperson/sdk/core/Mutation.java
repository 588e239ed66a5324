package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * An insert, upsert, update or delete of one table, built from {@link TableQuery#insert}, {@link
 * TableQuery#upsert}, {@link TableQuery#update} or {@link TableQuery#delete}.
 *
 * <pre>{@code
 * // POST, Prefer: return=minimal -> 201, nothing returned
 * client.from("activities").insert(newActivity).execute();
 *
 * // POST, Prefer: return=representation -> the stored rows (with generated ids)
 * List<Activity> saved = client.from("activities").insert(List.of(a, b)).list(Activity.class);
 *
 * // upsert on a unique key, keeping existing rows; safe to retry (client-generated ids)
 * client.from("proxy_activities").upsert(rows).onConflict("id").ignoreDuplicates()
 *     .options(RequestOptions.builder().idempotent(true).build()).execute();
 *
 * // PATCH / DELETE need at least one filter
 * client.from("reimbursements").update(Map.of("status", "approved")).eq("id", id).execute();
 * client.from("activities").delete().eq("id", id).execute();
 * }</pre>
 *
 * <p>Writes are never retried blindly: only a write declared idempotent in {@link RequestOptions}
 * and idempotent by construction (an upsert with {@link #ignoreDuplicates()} whose every row
 * carries its conflict key) is sent as replayable. Zero rows updated or deleted is not an error.
 * Builders are mutable and not thread-safe.
 */
public final class Mutation extends FilterBuilder<Mutation> {

  /**
   * The most rows one insert or upsert may carry: 1,000. Every row of activities and proxy
   * activities runs per-row triggers (attribution and audit checks, about 1.7 ms a row measured on
   * the local stack), so a batch of about 4,500 rows reaches Supabase's 8 s statement timeout for
   * signed-in users and fails as a whole; 1,000 keeps a margin of four for slower hosts. Split
   * larger imports into batches of this size (each batch is its own transaction).
   */
  public static final int MAX_BATCH_ROWS = 1_000;

  enum Kind {
    INSERT,
    UPSERT,
    UPDATE,
    DELETE
  }

  private final ClientContext ctx;
  private final String relation;
  private final Kind kind;
  private final @Nullable Object payload;
  private RequestOptions options;
  private @Nullable String select;
  private @Nullable List<String> onConflict;
  private boolean ignoreDuplicates;
  private boolean missingDefault;

  Mutation(
      ClientContext ctx,
      String relation,
      Kind kind,
      @Nullable Object payload,
      RequestOptions options,
      List<Filter> filters,
      @Nullable String select) {
    this.ctx = ctx;
    this.relation = relation;
    this.kind = kind;
    this.payload = payload;
    this.options = options;
    this.select = select;
    this.filters.addAll(filters);
  }

  /**
   * The columns returned by {@link #list} and {@link #single} ({@code select=}).
   *
   * @throws NullPointerException if {@code columns} is null
   * @throws InvalidRequestException if {@code columns} is blank
   */
  public Mutation select(String columns) {
    this.select = TableQuery.normaliseSelect(columns);
    return this;
  }

  /**
   * The unique columns an upsert resolves conflicts on ({@code on_conflict=}); default: the primary
   * key.
   *
   * @throws InvalidRequestException if this is not an upsert, no column is given or a name is
   *     invalid
   * @throws NullPointerException if an argument is null
   */
  public Mutation onConflict(String... columns) {
    requireUpsert("onConflict");
    Objects.requireNonNull(columns, "columns == null");
    if (columns.length == 0) {
      throw new InvalidRequestException("onConflict needs at least one column");
    }
    List<String> list = new ArrayList<>();
    for (String c : columns) {
      Objects.requireNonNull(c, "column == null");
      if (ClientContext.isBlank(c)) {
        throw new InvalidRequestException("onConflict column is blank");
      }
      list.add(c);
    }
    this.onConflict = List.copyOf(list);
    return this;
  }

  /**
   * Keeps existing rows on conflict ({@code resolution=ignore-duplicates}) instead of merging.
   *
   * @throws InvalidRequestException if this is not an upsert
   */
  public Mutation ignoreDuplicates() {
    requireUpsert("ignoreDuplicates");
    this.ignoreDuplicates = true;
    return this;
  }

  /**
   * For a batch whose rows have different keys (sent with {@code columns=} listing all keys): a key
   * missing from a row takes the column's default instead of NULL ({@code Prefer:
   * missing=default}).
   *
   * @throws InvalidRequestException if this is not an insert or upsert
   */
  public Mutation missingDefault() {
    if (kind != Kind.INSERT && kind != Kind.UPSERT) {
      throw new InvalidRequestException("missingDefault applies to insert and upsert only");
    }
    this.missingDefault = true;
    return this;
  }

  /**
   * Per-call options (schema, count, token, idempotent).
   *
   * @throws NullPointerException if {@code options} is null
   */
  public Mutation options(RequestOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
    return this;
  }

  private void requireUpsert(String what) {
    if (kind != Kind.UPSERT) {
      throw new InvalidRequestException(what + " applies to upsert only");
    }
  }

  // ---- terminals ----

  /**
   * Sends the write with {@code Prefer: return=minimal}; nothing is returned.
   *
   * @throws InvalidRequestException if the write is invalid (see the class notes); nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer (e.g. {@link
   *     no.likeperson.sdk.core.error.ConflictException} for 23505)
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived
   */
  public void execute() {
    ctx.execute(spec(false, false), op -> Bodies.discard());
  }

  /** Async twin of {@link #execute()}. */
  public CompletableFuture<Void> executeAsync() {
    return ctx.executeAsync(() -> spec(false, false), op -> Bodies.discard());
  }

  /**
   * Sends the write with {@code Prefer: return=representation} and returns the written rows.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the write is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> List<T> list(Class<T> type) {
    JavaType t = ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
    return ctx.execute(spec(true, false), op -> Bodies.list(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #list(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<List<T>> listAsync(Class<T> type) {
    JavaType t = ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
    return ctx.executeAsync(() -> spec(true, false), op -> Bodies.list(ctx.mapper, t, op));
  }

  /**
   * Sends the write expecting exactly one written row ({@code Accept:
   * application/vnd.pgrst.object+json}); otherwise the server rolls it back and answers 406
   * PGRST116.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the write is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.NotExactlyOneRowException if not exactly one row was
   *     written
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for other error answers
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> T single(Class<T> type) {
    JavaType t = ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
    return ctx.execute(spec(true, true), op -> Bodies.single(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #single(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> singleAsync(Class<T> type) {
    JavaType t = ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
    return ctx.executeAsync(() -> spec(true, true), op -> Bodies.single(ctx.mapper, t, op));
  }

  private ClientContext.Spec spec(boolean representation, boolean one) {
    String method =
        switch (kind) {
          case INSERT, UPSERT -> "POST";
          case UPDATE -> "PATCH";
          case DELETE -> "DELETE";
        };
    ClientContext.Spec spec = new ClientContext.Spec(method);
    spec.path.add(relation);
    spec.options = options;
    if (one) {
      spec.accept = ClientContext.OBJECT_JSON;
    }
    Object body = payload;
    JsonNode tree = body == null ? null : tree(body);
    if (kind == Kind.UPDATE || kind == Kind.DELETE) {
      if (filters.isEmpty()) {
        throw new InvalidRequestException(
            kind.name().toLowerCase(java.util.Locale.ROOT)
                + " of "
                + relation
                + " without a filter would touch every row; add a filter");
      }
    } else if (!filters.isEmpty()) {
      throw new InvalidRequestException(
          kind.name().toLowerCase(java.util.Locale.ROOT) + " does not take filters");
    }
    if (representation && select != null) {
      spec.param("select", select);
    }
    addFilterParams(ctx, spec);
    if (tree instanceof ArrayNode array) {
      // columns= only when the rows' keys differ (or missing=default asks for it): with uniform
      // keys
      // it changes nothing in PostgREST, and leaving it out keeps simple gateways working
      Set<String> keys = new LinkedHashSet<>();
      boolean uniform = true;
      Set<String> firstKeys = null;
      for (JsonNode row : array) {
        Set<String> rowKeys = new LinkedHashSet<>();
        row.fieldNames().forEachRemaining(rowKeys::add);
        keys.addAll(rowKeys);
        if (firstKeys == null) {
          firstKeys = rowKeys;
        } else if (!firstKeys.equals(rowKeys)) {
          uniform = false;
        }
      }
      if (!keys.isEmpty() && (!uniform || missingDefault)) {
        StringJoiner j = new StringJoiner(",");
        keys.forEach(k -> j.add(columnName(k)));
        spec.param("columns", j.toString());
      }
    }
    if (onConflict != null) {
      StringJoiner j = new StringJoiner(",");
      onConflict.forEach(c -> j.add(columnName(c)));
      spec.param("on_conflict", j.toString());
    }
    if (kind == Kind.UPSERT) {
      spec.prefer.add(
          ignoreDuplicates ? "resolution=ignore-duplicates" : "resolution=merge-duplicates");
    }
    if (missingDefault) {
      spec.prefer.add("missing=default");
    }
    spec.prefer.add(representation ? "return=representation" : "return=minimal");
    options.count().ifPresent(c -> spec.prefer.add(c.preferToken()));
    if (options.rollback()) {
      spec.prefer.add("tx=rollback");
    }
    if (tree != null) {
      try {
        spec.body = ctx.mapper.writeValueAsBytes(tree);
      } catch (JsonProcessingException e) {
        throw new InvalidRequestException(
            "the " + relation + " payload cannot be written as JSON", e);
      }
    }
    spec.replayable = options.idempotent() && checkIdempotent(tree);
    return spec;
  }

  private static String columnName(String name) {
    try {
      return UrlGrammar.columnName(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid column name: " + e.getMessage());
    }
  }

  private JsonNode tree(Object payload) {
    JsonNode tree = JsonTrees.toTree(ctx.mapper, payload, "the " + relation + " payload");
    if (kind == Kind.UPDATE) {
      if (!(tree instanceof ObjectNode o)) {
        throw new InvalidRequestException(
            "update needs one JSON object (a POJO, record or Map), got " + nodeKind(tree));
      }
      if (o.isEmpty()) {
        throw new InvalidRequestException("update has no fields to set");
      }
      return tree;
    }
    if (tree instanceof ObjectNode) {
      return tree;
    }
    if (tree instanceof ArrayNode array) {
      if (array.size() > MAX_BATCH_ROWS) {
        throw new InvalidRequestException(
            "a batch of "
                + array.size()
                + " rows is over the limit of "
                + MAX_BATCH_ROWS
                + " rows per request (larger batches run into the statement timeout);"
                + " split it into batches of at most "
                + MAX_BATCH_ROWS);
      }
      for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
        JsonNode row = it.next();
        if (!(row instanceof ObjectNode)) {
          throw new InvalidRequestException(
              "every row of a batch must be a JSON object, got " + nodeKind(row));
        }
      }
      return tree;
    }
    throw new InvalidRequestException(
        kind.name().toLowerCase(java.util.Locale.ROOT)
            + " needs a JSON object or an array of objects, got "
            + nodeKind(tree));
  }

  private static String nodeKind(JsonNode n) {
    return n == null ? "null" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Idempotent by construction: an ignore-duplicates upsert whose rows all carry their key. */
  private boolean checkIdempotent(@Nullable JsonNode tree) {
    if (kind != Kind.UPSERT || !ignoreDuplicates) {
      throw new InvalidRequestException(
          "only an upsert with ignoreDuplicates() whose rows carry "
              + "client-generated keys can be declared idempotent; this "
              + kind.name().toLowerCase(java.util.Locale.ROOT)
              + " would be repeated if retried");
    }
    List<String> key = onConflict != null ? onConflict : List.of("id");
    List<JsonNode> rows = new ArrayList<>();
    if (tree instanceof ArrayNode a) {
      a.forEach(rows::add);
    } else {
      rows.add(tree);
    }
    for (JsonNode row : rows) {
      for (String k : key) {
        JsonNode v = row.get(k);
        if (v == null || v.isNull()) {
          throw new InvalidRequestException(
              "idempotent upsert: a row lacks its conflict key "
                  + k
                  + " (a client-generated key is required for a safe retry)");
        }
      }
    }
    return true;
  }

  /** The relation, kind and filter structure; never the payload or filter values. */
  @Override
  public String toString() {
    return "Mutation{" + kind + " " + relation + ", filters=" + filters + "}";
  }
}

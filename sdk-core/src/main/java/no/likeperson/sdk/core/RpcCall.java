package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A call of a PostgreSQL function exposed by PostgREST ({@code /rest/v1/rpc/<fn>}), built by {@link
 * SupabaseClient#rpc(String, Object)}. By default a {@code POST} with the arguments as a JSON
 * object of named arguments; {@link #readOnly()} sends a {@code GET} with the arguments as query
 * parameters instead, which PostgREST runs in a read-only transaction and which the SDK may retry.
 *
 * <pre>{@code
 * JsonNode payload =
 *     client
 *         .rpc(
 *             "aggregate_activities_for_org",
 *             Map.of(
 *                 "p_org_id", chapterId,
 *                 "p_period_start", "2026-01-01",
 *                 "p_period_end", "2026-12-31",
 *                 "p_scope", "chapter")) // chapter, region or national
 *         .single(JsonNode.class); // object (or scalar) result
 * long marker =
 *     client
 *         .rpc("stats_change_marker", Map.of("p_org_id", chapterId))
 *         .readOnly() // GET: a read-only transaction, retried like a read
 *         .single(Long.class);
 * List<UUID> subtree = admin.rpc("admin_org_subtree").list(UUID.class); // array result
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/CoreSnippets.java#rpc-call}.
 *
 * <p>Result shapes: a scalar ({@code 3}, {@code "text"}) or an object map through {@link
 * #single(Class)}; JSON {@code null} through {@link #maybeSingle(Class)}; an array through {@link
 * #list(Class)}; {@code void} (204, no body) through {@link #execute()}. A POST is never retried
 * (the function may write) unless {@link RequestOptions.Builder#idempotent(boolean)} declares the
 * function read-only or idempotent; mark a function that only reads with {@link #readOnly()} (GET),
 * or keep POST with {@code idempotent(true)} when its arguments are too large for a URL. Builders
 * are mutable and not thread-safe.
 */
public final class RpcCall {

  /** Values PostgREST would read as a filter ({@code op.value}) instead of an argument over GET. */
  private static final Pattern FILTER_LIKE =
      Pattern.compile(
          "^(not\\.)?(eq|neq|gt|gte|lt|lte|like|ilike|match|imatch|in|is|isdistinct|fts|plfts|phfts|wfts"
              + "|cs|cd|ov|sl|sr|nxr|nxl|adj)(\\([^)]*\\))?\\..*",
          Pattern.DOTALL);

  /** Query keys PostgREST reserves (exact or as the last dot segment). */
  private final ClientContext ctx;

  private final String function;
  private final ObjectNode args;
  private boolean readOnly;
  private RequestOptions options = RequestOptions.defaults();

  RpcCall(ClientContext ctx, String function, @Nullable Object params) {
    this.ctx = ctx;
    this.function = ClientContext.checkName("function", function);
    JsonNode tree;
    if (params == null) {
      tree = ctx.mapper.createObjectNode();
    } else {
      tree = JsonTrees.toTree(ctx.mapper, params, "arguments of " + function);
    }
    if (!(tree instanceof ObjectNode o)) {
      throw new InvalidRequestException(
          "arguments of "
              + function
              + " must be a JSON object of named arguments (a Map, record or POJO), got "
              + (tree == null
                  ? "null"
                  : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    this.args = o;
  }

  /**
   * Sends the call as {@code GET} with the arguments in the query string: for functions that only
   * read (PostgREST runs GET read-only). Such a call is replayable and so retried on transient
   * failures. Arguments must be scalars, arrays of scalars (sent as PostgreSQL array literals) or
   * objects (sent as JSON text); nulls, reserved names and values PostgREST would take for a filter
   * are rejected when sent.
   */
  public RpcCall readOnly() {
    this.readOnly = true;
    return this;
  }

  /**
   * Per-call options (schema, token, count, and {@code idempotent(true)} to let a POST of a
   * read-only function be retried).
   *
   * @throws NullPointerException if {@code options} is null
   */
  public RpcCall options(RequestOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
    return this;
  }

  // ---- terminals ----

  /**
   * One result: a scalar, an object, or the only element of a one-row set.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the call is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.NotExactlyOneRowException if a set result has several rows
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer (e.g. {@link
   *     no.likeperson.sdk.core.error.NotFoundException} for PGRST202)
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived, it was
   *     unparseable, or it was empty or JSON null
   */
  public <T> T single(Class<T> type) {
    JavaType t = type(type);
    return ctx.execute(spec(), op -> Bodies.single(ctx.mapper, t, op));
  }

  /**
   * {@link #single(Class)} for generic result types, e.g. {@code new TypeReference<Map<String,
   * Long>>() {}}.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the call is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> T single(TypeReference<T> type) {
    JavaType t = ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
    return ctx.execute(spec(), op -> Bodies.single(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #single(TypeReference)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> singleAsync(TypeReference<T> type) {
    JavaType t = ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
    return ctx.executeAsync(this::spec, op -> Bodies.single(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #single(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> singleAsync(Class<T> type) {
    JavaType t = type(type);
    return ctx.executeAsync(this::spec, op -> Bodies.single(ctx.mapper, t, op));
  }

  /**
   * Zero or one result: JSON {@code null}, an empty body or an empty set give {@link
   * Optional#empty()}.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the call is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.NotExactlyOneRowException if a set result has several rows
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> Optional<T> maybeSingle(Class<T> type) {
    JavaType t = type(type);
    return ctx.execute(spec(), op -> Bodies.maybeSingle(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #maybeSingle(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<Optional<T>> maybeSingleAsync(Class<T> type) {
    JavaType t = type(type);
    return ctx.executeAsync(this::spec, op -> Bodies.maybeSingle(ctx.mapper, t, op));
  }

  /**
   * A set result ({@code setof}, {@code returns table}), stream-parsed element by element.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InvalidRequestException if the call is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived or it was
   *     unparseable
   */
  public <T> List<T> list(Class<T> type) {
    JavaType t = type(type);
    return ctx.execute(spec(), op -> Bodies.list(ctx.mapper, t, op));
  }

  /**
   * Async twin of {@link #list(Class)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<List<T>> listAsync(Class<T> type) {
    JavaType t = type(type);
    return ctx.executeAsync(this::spec, op -> Bodies.list(ctx.mapper, t, op));
  }

  /**
   * Streams the result: {@code reader} gets a parser over the response body and reads it as it
   * arrives, so a large document is never held as a whole (see {@link JsonBodyReader}). Error
   * answers never reach the reader; they are thrown as for {@link #single(Class)}.
   *
   * <pre>{@code
   * BufdirSummary s = client.rpc("aggregate_activities_for_org", args).read(parser -> parse(parser, sink));
   * }</pre>
   *
   * @throws NullPointerException if {@code reader} is null
   * @throws InvalidRequestException if the call is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived, the body
   *     broke off, or it was not valid JSON
   */
  public <T> @Nullable T read(JsonBodyReader<T> reader) {
    Objects.requireNonNull(reader, "reader == null");
    return ctx.execute(spec(), op -> Bodies.stream(ctx.mapper, reader));
  }

  /**
   * Async twin of {@link #read(JsonBodyReader)}; the reader runs on the thread that receives the
   * response.
   *
   * @throws NullPointerException if {@code reader} is null
   */
  public <T> CompletableFuture<T> readAsync(JsonBodyReader<T> reader) {
    Objects.requireNonNull(reader, "reader == null");
    return ctx.executeAsync(this::spec, op -> Bodies.stream(ctx.mapper, reader));
  }

  /**
   * Calls the function and ignores any result ({@code returns void} answers 204).
   *
   * @throws InvalidRequestException if the call is invalid; nothing is sent
   * @throws no.likeperson.sdk.core.error.SupabaseServiceException for an error answer
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if no answer arrived
   */
  public void execute() {
    ctx.execute(spec(), op -> Bodies.discard());
  }

  /** Async twin of {@link #execute()}. */
  public CompletableFuture<Void> executeAsync() {
    return ctx.executeAsync(this::spec, op -> Bodies.discard());
  }

  private JavaType type(Class<?> type) {
    return ctx.mapper.constructType(Objects.requireNonNull(type, "type == null"));
  }

  private ClientContext.Spec spec() {
    ClientContext.Spec spec = new ClientContext.Spec(readOnly ? "GET" : "POST");
    spec.path.add("rpc");
    spec.path.add(function);
    spec.options = options;
    options.count().ifPresent(c -> spec.prefer.add(c.preferToken()));
    if (options.rollback()) {
      spec.prefer.add("tx=rollback");
    }
    if (readOnly) {
      spec.replayable = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        spec.param(e.getKey(), queryArgument(e.getKey(), e.getValue()));
      }
    } else {
      // a POST is replayable only when the caller declares the function read-only/idempotent
      // (e.g. a STABLE aggregate whose arguments are too big for a URL)
      spec.replayable = options.idempotent();
      try {
        spec.body = ctx.mapper.writeValueAsBytes(args);
      } catch (JsonProcessingException e) {
        throw new InvalidRequestException(
            "arguments of " + function + " cannot be written as JSON", e);
      }
    }
    return spec;
  }

  private String queryArgument(String name, JsonNode value) {
    if (UrlGrammar.isReservedKey(name)) {
      throw new InvalidRequestException(
          "argument name "
              + name
              + " of "
              + function
              + " is reserved by PostgREST in a query string; call it without readOnly() (POST)");
    }
    String text;
    if (value.isNull()) {
      throw new InvalidRequestException(
          "argument "
              + name
              + " of "
              + function
              + " is null, which a GET cannot express; omit it (default) or call it without readOnly()");
    } else if (value.isArray()) {
      StringJoiner j = new StringJoiner(",", "{", "}");
      for (JsonNode e : value) {
        if (e.isContainerNode()) {
          throw new InvalidRequestException(
              "argument "
                  + name
                  + " of "
                  + function
                  + " nests arrays or objects inside an array; call it without readOnly()");
        }
        j.add(UrlGrammar.arrayElement(e.isNull() ? null : scalarText(e)));
      }
      text = j.toString();
    } else if (value.isObject()) {
      text = value.toString();
    } else {
      text = scalarText(value);
    }
    if (FILTER_LIKE.matcher(text).matches()) {
      throw new InvalidRequestException(
          "argument "
              + name
              + " of "
              + function
              + " looks like a PostgREST filter (operator.value) and would be read as one over GET; "
              + "call it without readOnly()");
    }
    if (text.indexOf('\0') >= 0) {
      throw new InvalidRequestException(
          "argument " + name + " of " + function + " contains a NUL character");
    }
    return text;
  }

  /**
   * A scalar argument as text; a {@code BigDecimal} in plain notation ({@code 1000}, not {@code
   * 1E+3}, which PostgreSQL rejects for integer parameters), as filter values are.
   */
  private static String scalarText(JsonNode value) {
    return value.isBigDecimal() ? FilterValues.plainDecimal(value.decimalValue()) : value.asText();
  }

  /** The function name and mode; never the arguments. */
  @Override
  public String toString() {
    return "RpcCall{" + function + (readOnly ? ", readOnly" : "") + ", args=" + args.size() + "}";
  }
}

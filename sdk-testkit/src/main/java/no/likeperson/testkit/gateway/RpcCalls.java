package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import no.likeperson.testkit.gateway.JwtAuthenticator.Principal;
import no.likeperson.testkit.gateway.ResponseParts.Range;
import no.likeperson.testkit.gateway.SchemaCache.Arg;
import no.likeperson.testkit.gateway.SchemaCache.Routine;
import no.likeperson.testkit.gateway.TransactionRunner.MainRow;
import no.likeperson.testkit.gateway.TransactionRunner.Outcome;
import org.jspecify.annotations.NullUnmarked;

/**
 * {@code /rpc/<fn>}: overload resolution by argument names, the call, and its return shapes
 * (reference §3.11).
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class RpcCalls extends ApiHandler {
  RpcCalls(
      GatewayConfig config,
      Supplier<SchemaCache> cache,
      ObjectMapper json,
      TransactionRunner runner,
      ResponseParts parts) {
    super(config, cache, json, runner, parts);
  }

  ApiResponse call(
      ApiRequest req,
      Principal principal,
      String schema,
      String name,
      SchemaCache sc,
      Preferences prefs,
      Media media) {
    boolean get = !req.method().equals("POST");
    QueryParams p = QueryParams.parse(req.query(), get);
    p.checkAggregates(config, false);
    ObjectNode args;
    JsonNode wholeBody = null;
    if (get) {
      args = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, List<String>> e : p.args.entrySet()) {
        List<String> vs = e.getValue();
        args.put(e.getKey(), vs.get(vs.size() - 1));
      }
    } else if (textBody(req)) {
      args = null; // a text/plain body goes whole to a single unnamed text parameter
    } else if (req.body().length == 0) {
      args = JsonNodeFactory.instance.objectNode();
    } else {
      JsonNode body = req.payload(json);
      wholeBody = body;
      args = body.isObject() ? (ObjectNode) body : null;
    }
    List<Routine> candidates = sc.routines(schema, name);
    Set<String> keys = new TreeSet<>();
    if (args != null) args.fieldNames().forEachRemaining(keys::add);
    Routine match = null;
    boolean unnamedJson = false;
    boolean text = !get && textBody(req);
    List<Routine> matches = new ArrayList<>();
    if (args != null) {
      for (Routine r : candidates) {
        if (matchesKeys(r, keys)) matches.add(r);
      }
    }
    if (matches.size() > 1) {
      StringBuilder b = new StringBuilder();
      for (Routine r : matches) {
        if (b.length() > 0) b.append(", ");
        List<String> sig = new ArrayList<>();
        r.args().forEach(a -> sig.add(a.name() + " => " + a.type()));
        b.append(schema)
            .append('.')
            .append(name)
            .append('(')
            .append(String.join(", ", sig))
            .append(')');
      }
      throw new GatewayException(
          300,
          "PGRST203",
          "Could not choose the best candidate function between: " + b,
          null,
          "Try renaming the parameters or the function itself in the database so function overloading can be resolved");
    }
    if (matches.size() == 1) {
      match = matches.get(0);
    } else if (!get && (wholeBody != null || text)) {
      for (Routine r : candidates) {
        String type =
            r.args().size() == 1 && r.args().get(0).name().isEmpty() ? r.args().get(0).type() : "";
        if (text ? type.equals("text") : type.equals("json") || type.equals("jsonb")) {
          match = r;
          unnamedJson = true;
          if (text)
            wholeBody =
                JsonNodeFactory.instance.textNode(new String(req.body(), StandardCharsets.UTF_8));
        }
      }
    }
    if (match == null) {
      throw noFunction(sc, schema, name, keys, get, text, candidates);
    }
    final Routine fn = match;
    if (get) {
      for (Arg a : fn.args()) {
        List<String> vs = p.args.get(a.name());
        if (a.variadic() && vs != null) {
          ArrayNode arr = args.putArray(a.name());
          vs.forEach(arr::add);
        }
      }
    }
    boolean head = req.method().equals("HEAD");
    boolean readOnly = get || !fn.volatileFn();
    String call = SqlWriter.ident(schema) + "." + SqlWriter.ident(name);

    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (SELECT ");
    w.append(fn.returnsComposite() ? "pgrst_call.*" : "pgrst_call.pgrst_scalar");
    w.append(" FROM ");
    List<Arg> used = new ArrayList<>();
    for (Arg a : fn.args()) {
      if (keys.contains(a.name())) used.add(a);
    }
    StringBuilder callArgs = new StringBuilder();
    if (unnamedJson) {
      w.append("(SELECT CAST(")
          .text(wholeBody.isTextual() ? wholeBody.asText() : wholeBody.toString())
          .append(" AS ")
          .append(fn.args().get(0).type())
          .append(") AS pgrst_arg) pgrst_body, ");
      callArgs.append("pgrst_body.pgrst_arg");
    } else if (!used.isEmpty()) {
      w.append("(SELECT CAST(")
          .text(args.toString())
          .append(" AS json) AS json_data) pgrst_payload, LATERAL (SELECT ");
      for (int i = 0; i < used.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(used.get(i).name()));
      }
      w.append(" FROM pg_catalog.json_to_record(pgrst_payload.json_data) AS _(");
      for (int i = 0; i < used.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(used.get(i).name())).append(" ").append(used.get(i).type());
      }
      w.append(") LIMIT 1) pgrst_body, ");
      for (int i = 0; i < used.size(); i++) {
        if (i > 0) callArgs.append(", ");
        Arg a = used.get(i);
        if (a.variadic()) callArgs.append("VARIADIC ");
        callArgs
            .append(SqlWriter.ident(a.name()))
            .append(" := pgrst_body.")
            .append(SqlWriter.ident(a.name()));
      }
    }
    if (fn.returnsComposite()) {
      w.append("LATERAL ")
          .append(call)
          .append("(")
          .append(callArgs.toString())
          .append(") pgrst_call");
    } else {
      w.append("LATERAL (SELECT ")
          .append(call)
          .append("(")
          .append(callArgs.toString())
          .append(") pgrst_scalar) pgrst_call");
    }
    w.append(")");

    SqlWriter.Columns resultCols =
        c -> {
          if (fn.returnsComposite()
              && (fn.resultColumns().isEmpty() || fn.resultColumns().contains(c))) return null;
          throw GatewayException.undefinedColumn("pgrst_source", c);
        };
    Range range = fn.returnsSet() ? parts.range(req, p, true) : new Range(0, null);
    SqlWriter inner = new SqlWriter().append("SELECT ");
    SqlWriter filters = new SqlWriter();
    SchemaCache.Relation returned = sc.relation(fn.returnsRelation());
    Function<QueryGrammar.OrderTerm, String> related =
        t -> { // order=rel(col): only where the rows embed rel
          throw Embedding.notEmbedded(t.relation());
        };
    if (fn.returnsComposite() && returned != null && Embedding.embeds(p.select, p)) {
      // rows of a table type: embedding as on the table itself, read through pgrst_source
      Embedding.Level top =
          new Embedding(sc, p).top(returned, "pgrst_source", p.select, p.conditions, p.order);
      related = top::related;
      inner.append(top.select()).append(" FROM pgrst_source").append(top.joins());
      filters.append(top.joins()).append(top.where("pgrst_source", resultCols));
      inner.append(top.where("pgrst_source", resultCols));
      inner.groupBy("pgrst_source", p.select, resultCols);
    } else if (fn.returnsComposite()) {
      // rows of a composite type are read like a table's, aggregates included (PostgREST's read
      // plan)
      inner.selectList(null, p.select, resultCols, sc::isKnownType);
      inner.append(" FROM pgrst_source");
      filters.where(null, p.conditions, resultCols);
      inner.append(filters);
      inner.groupBy("pgrst_source", p.select, resultCols);
    } else {
      if (p.explicitSelect && !(p.select.size() == 1 && p.select.get(0).star())) {
        throw GatewayException.notImplemented(
            "select on a function returning a scalar is not supported by the local gateway");
      }
      inner.append("pgrst_scalar");
      inner.append(" FROM pgrst_source");
      filters.where(null, p.conditions, resultCols);
      inner.append(filters);
    }
    inner.orderBy(null, p.order, resultCols, p.select, related);
    ResponseParts.appendLimitOffset(inner, range);

    String count = fn.returnsVoid() ? null : prefs.count();
    if (count != null) {
      w.append(", pgrst_source_count AS (SELECT 1 FROM pgrst_source").append(filters).append(")");
    }
    String rowExpr = fn.returnsComposite() ? "_postgrest_t" : "_postgrest_t.pgrst_scalar";
    Media bodyMedia = media;
    if (!fn.returnsSet() && !Media.singular(media)) {
      bodyMedia = media == Media.ARRAY_STRIPPED ? Media.OBJECT_STRIPPED : Media.OBJECT;
    }
    w.append(" SELECT ")
        .append(
            count != null ? "(SELECT pg_catalog.count(*) FROM pgrst_source_count)" : "NULL::bigint")
        .append(fn.returnsSet() ? ", pg_catalog.count(_postgrest_t), " : ", 1, ")
        .append(fn.returnsVoid() ? "NULL::text" : Media.bodyAggregate(bodyMedia, rowExpr, head))
        .append(
            ", nullif(pg_catalog.current_setting('response.headers', true), '')"
                + ", nullif(pg_catalog.current_setting('response.status', true), '') FROM (")
        .append(inner)
        .append(") _postgrest_t");

    // handling=strict + max-affected: the rows the function returned (PostgREST v13), rolled back
    // when more
    Long maxAffected = prefs.strict() && !fn.returnsVoid() ? prefs.maxAffected() : null;
    boolean oneTrip =
        !Media.singular(media) && maxAffected == null && !runner.rollbackRequested(prefs);
    MainRow row =
        runner.inTransaction(
            req,
            principal,
            schema,
            readOnly,
            prefs,
            tx -> {
              MainRow r = TransactionRunner.main(tx, w, oneTrip);
              return new Outcome<>(
                  r,
                  (Media.singular(media) && r.pageTotal() != 1)
                      || (maxAffected != null && r.pageTotal() > maxAffected));
            });
    if (Media.singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    if (maxAffected != null && row.pageTotal() > maxAffected) {
      throw GatewayException.maxAffected(row.pageTotal());
    }
    Map<String, String> h = new LinkedHashMap<>();
    String applied =
        parts.preferenceApplied(prefs, false, false, false, !fn.returnsVoid(), maxAffected != null);
    if (applied != null) h.put("Preference-Applied", applied);
    if (fn.returnsVoid()) {
      int[] status = {204};
      parts.responseGucs(row, h, status);
      return new ApiResponse(status[0], h, null);
    }
    h.put("Content-Type", Media.contentType(media));
    int[] status = {ResponseParts.readStatus(h, range.lower(), row.pageTotal(), row.total())};
    parts.responseGucs(row, h, status);
    return new ApiResponse(status[0], h, head ? null : row.body());
  }

  private static boolean textBody(ApiRequest req) {
    String ct = req.header("content-type");
    return ct != null && ct.split(";")[0].trim().equalsIgnoreCase("text/plain");
  }

  /**
   * PGRST202 in PostgREST's words: parameter(s), the single-unnamed-parameter clause, the "Perhaps"
   * hint.
   */
  private static GatewayException noFunction(
      SchemaCache sc,
      String schema,
      String name,
      Set<String> keys,
      boolean get,
      boolean text,
      List<Routine> overloads) {
    String fn = schema + "." + name;
    String list = String.join(", ", keys);
    String params =
        keys.isEmpty()
            ? " without parameters"
            : " with parameter" + (keys.size() > 1 ? "s " : " ") + list;
    String message =
        "Could not find the function "
            + fn
            + (text ? "" : keys.isEmpty() ? " without parameters" : "(" + list + ")")
            + " in the schema cache";
    String searched =
        text
            ? " with a single unnamed text parameter"
            : get ? params : params + " or with a single unnamed json/jsonb parameter";
    String hint = null;
    if (!text) {
      String best;
      if (overloads.isEmpty()) {
        best = closest(name, sc.routineNames(schema));
      } else {
        List<String> lists = new ArrayList<>();
        for (Routine r : overloads) {
          List<String> names = new ArrayList<>();
          r.args().forEach(a -> names.add(a.name()));
          lists.add("(" + String.join(", ", names) + ")");
        }
        String b = closest("(" + list + ")", lists);
        best = b == null ? null : name + b;
      }
      hint = best == null ? null : "Perhaps you meant to call the function " + schema + "." + best;
    }
    return new GatewayException(
        404,
        "PGRST202",
        message,
        "Searched for the function "
            + fn
            + searched
            + ", but no matches were found in the schema cache.",
        hint);
  }

  /**
   * The most similar string (Levenshtein), if similar enough (a third of its characters in common).
   */
  static String closest(String s, List<String> options) {
    String best = null;
    double bestScore = 0;
    for (String o : options) {
      double score =
          1.0 - (double) levenshtein(s, o) / Math.max(1, Math.max(s.length(), o.length()));
      if (score > bestScore) {
        best = o;
        bestScore = score;
      }
    }
    return bestScore >= 0.33 ? best : null;
  }

  private static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static boolean matchesKeys(Routine r, Set<String> keys) {
    Set<String> all = new java.util.HashSet<>();
    for (Arg a : r.args()) {
      if (a.name().isEmpty()) return keys.isEmpty() && r.args().stream().allMatch(Arg::hasDefault);
      all.add(a.name());
      if (!a.hasDefault() && !keys.contains(a.name())) return false;
    }
    return all.containsAll(keys);
  }
}

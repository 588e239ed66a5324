package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import no.likeperson.testkit.gateway.JwtAuthenticator.Principal;
import no.likeperson.testkit.gateway.QueryGrammar.Field;
import no.likeperson.testkit.gateway.QueryGrammar.SelectItem;
import no.likeperson.testkit.gateway.SchemaCache.Relation;
import no.likeperson.testkit.gateway.TransactionRunner.MainRow;
import no.likeperson.testkit.gateway.TransactionRunner.Outcome;
import org.jspecify.annotations.NullUnmarked;

/** POST (insert, upsert), PATCH and DELETE on a table or view (reference §3). */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class TableWrites extends ApiHandler {
  /** The body of a representation that has no rows. */
  private static final byte[] EMPTY_ARRAY = {'[', ']'};

  TableWrites(
      GatewayConfig config,
      Supplier<SchemaCache> cache,
      ObjectMapper json,
      TransactionRunner runner,
      ResponseParts parts) {
    super(config, cache, json, runner, parts);
  }

  // ---------------------------------------------------------------- payloads

  /** Rows of an insert payload and their common column list (PGRST102 when the key sets differ). */
  private static List<String> payloadColumns(ArrayNode rows, QueryParams p, Relation rel) {
    List<String> keys;
    if (p.columns != null) {
      keys = p.columns;
    } else {
      keys = new ArrayList<>();
      Set<String> first = null;
      for (JsonNode r : rows) {
        if (!r.isObject()) {
          throw GatewayException.invalidBody("All object keys must match");
        }
        Set<String> ks = new LinkedHashSet<>();
        r.fieldNames().forEachRemaining(ks::add);
        if (first == null) {
          first = ks;
          keys.addAll(ks);
        } else if (!first.equals(ks)) {
          throw GatewayException.invalidBody("All object keys must match");
        }
      }
    }
    for (String k : keys) {
      if (!rel.hasColumn(k)) {
        throw GatewayException.columnNotFound(k, rel.name());
      }
    }
    return keys;
  }

  private static void recordDefinition(SqlWriter w, Relation rel, List<String> cols) {
    w.append(" AS _(");
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) w.append(", ");
      w.append(SqlWriter.ident(cols.get(i)))
          .append(" ")
          .append(rel.columns().get(cols.get(i)).type());
    }
    w.append(")");
  }

  // ---------------------------------------------------------------- POST

  ApiResponse insert(
      ApiRequest req, Principal principal, Relation rel, Preferences prefs, Media media) {
    QueryParams p = QueryParams.parse(req.query(), false);
    p.checkAggregates(config, false);
    JsonNode body = req.payload(json);
    ArrayNode rows;
    if (body.isArray()) {
      rows = (ArrayNode) body;
    } else if (body.isObject()) {
      rows = JsonNodeFactory.instance.arrayNode().add(body);
    } else {
      rows = JsonNodeFactory.instance.arrayNode();
    }
    List<String> cols = payloadColumns(rows, p, rel);
    List<String> conflict = p.onConflict != null ? p.onConflict : rel.primaryKey();
    for (String c : conflict) {
      if (!rel.hasColumn(c)) throw GatewayException.undefinedColumn(rel.name(), c);
    }
    boolean upsert = prefs.resolution() != null && !conflict.isEmpty();
    boolean merge = upsert && prefs.resolution().equals("merge-duplicates") && !cols.isEmpty();
    boolean representation = prefs.representation();
    boolean headersOnly = "headers-only".equals(prefs.returnPref()) && !rel.primaryKey().isEmpty();
    boolean missingDefault = "default".equals(prefs.missing());
    String table = SqlWriter.qualified(rel);
    SqlWriter.Columns relCols = SqlWriter.columnsOf(rel);

    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (INSERT INTO ").append(table);
    if (cols.isEmpty()) {
      w.append(" SELECT FROM pg_catalog.json_array_elements(CAST(")
          .text(rows.toString())
          .append(" AS json))");
    } else {
      w.append("(");
      for (int i = 0; i < cols.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(cols.get(i)));
      }
      w.append(") SELECT ");
      for (int i = 0; i < cols.size(); i++) {
        if (i > 0) w.append(", ");
        SchemaCache.Column col = rel.columns().get(cols.get(i));
        if (missingDefault && p.columns != null && col.defaultExpr() != null) {
          w.append("CASE WHEN pg_catalog.jsonb_exists(pgrst_body.pgrst_elem::jsonb, ")
              .text(col.name())
              .append(") THEN pgrst_body.")
              .append(SqlWriter.ident(col.name()))
              .append(" ELSE ")
              .append(col.defaultExpr())
              .append(" END");
        } else {
          w.append("pgrst_body.").append(SqlWriter.ident(col.name()));
        }
      }
      w.append(" FROM (SELECT CAST(")
          .text(rows.toString())
          .append(
              " AS json) AS json_data) pgrst_payload,"
                  + " LATERAL (SELECT pgrst_elem, _.* FROM pg_catalog.json_array_elements(pgrst_payload.json_data) pgrst_elem,"
                  + " LATERAL pg_catalog.json_to_record(pgrst_elem)");
      recordDefinition(w, rel, cols);
      w.append(") pgrst_body");
    }
    if (upsert) {
      w.append(" ON CONFLICT (");
      for (int i = 0; i < conflict.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(conflict.get(i)));
      }
      w.append(")");
      if (merge) {
        w.append(" DO UPDATE SET ");
        for (int i = 0; i < cols.size(); i++) {
          if (i > 0) w.append(", ");
          w.append(SqlWriter.ident(cols.get(i)))
              .append(" = EXCLUDED.")
              .append(SqlWriter.ident(cols.get(i)));
        }
        w.append(
            " WHERE pg_catalog.set_config('pgrst.updated_rows', (coalesce(nullif(pg_catalog.current_setting("
                + "'pgrst.updated_rows', true), '')::int, 0) + 1)::text, true) IS NOT NULL");
      } else {
        w.append(" DO NOTHING");
      }
    }
    List<SelectItem> select = p.select;
    if (headersOnly && !representation) {
      select = new ArrayList<>();
      for (String k : rel.primaryKey()) {
        select.add(new SelectItem(false, null, new Field(k, List.of()), null));
      }
    }
    boolean returning = representation || headersOnly;
    w.append(returning ? " RETURNING " + table + ".*)" : " RETURNING 1)");
    w.append(" SELECT NULL::bigint, pg_catalog.count(_postgrest_t), ")
        .append(
            returning
                ? Media.bodyAggregate(
                    headersOnly && !representation ? Media.ARRAY : media, "_postgrest_t", false)
                : "NULL::text")
        .append(
            ", nullif(pg_catalog.current_setting('response.headers', true), '')"
                + ", nullif(pg_catalog.current_setting('response.status', true), '') FROM (SELECT ");
    if (returning) {
      Embedding.overSource(w, cache.get(), p, rel, select, relCols);
      w.groupBy("pgrst_source", select, relCols);
    } else {
      w.append("1 FROM pgrst_source");
    }
    w.append(") _postgrest_t");

    long[] updated = {0};
    MainRow row =
        runner.inTransaction(
            req,
            principal,
            rel.schema(),
            false,
            prefs,
            tx -> {
              if (rows.isEmpty()) {
                return new Outcome<>(
                    new MainRow(null, 0, representation ? EMPTY_ARRAY : null, null, null), false);
              }
              MainRow r =
                  TransactionRunner.main(
                      tx, w, !merge && !Media.singular(media) && !runner.rollbackRequested(prefs));
              if (merge) {
                try (PreparedStatement ps =
                        tx.c.prepareStatement(
                            "SELECT coalesce(nullif(pg_catalog.current_setting('pgrst.updated_rows', true), '')::int, 0)");
                    ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  updated[0] = rs.getLong(1);
                }
              }
              return new Outcome<>(r, Media.singular(media) && r.pageTotal() != 1);
            });
    if (Media.singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    Map<String, String> h = new LinkedHashMap<>();
    long affected = row.pageTotal();
    h.put("Content-Range", "*/" + (prefs.count() != null ? String.valueOf(affected) : "*"));
    if (headersOnly && affected == 1 && row.body() != null) {
      h.put("Location", location(rel, new String(row.body(), StandardCharsets.UTF_8)));
    }
    String applied =
        parts.preferenceApplied(
            prefs, upsert, p.columns != null || prefs.missing() != null, true, true, false);
    if (applied != null) h.put("Preference-Applied", applied);
    long inserted = affected - updated[0];
    // PostgREST: 200 only when a merge updated every row; an ignore-duplicates upsert that inserted
    // nothing is still 201 (with [] as its representation)
    int[] status = {merge && inserted == 0 && affected > 0 ? 200 : 201};
    byte[] out = null;
    if (representation) {
      h.put("Content-Type", Media.contentType(media));
      out = row.body();
    }
    parts.responseGucs(row, h, status);
    return new ApiResponse(status[0], h, out);
  }

  private String location(Relation rel, String body) {
    try {
      JsonNode first = json.readTree(body);
      if (first.isArray()) first = first.get(0);
      StringBuilder b = new StringBuilder("/").append(rel.name()).append('?');
      boolean f = true;
      for (String k : rel.primaryKey()) {
        if (!f) b.append('&');
        f = false;
        JsonNode v = first.get(k);
        b.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8))
            .append("=eq.")
            .append(
                java.net.URLEncoder.encode(
                    v == null || v.isNull() ? "null" : v.asText(), StandardCharsets.UTF_8));
      }
      return b.toString();
    } catch (Exception e) {
      return "/" + rel.name();
    }
  }

  // ---------------------------------------------------------------- PATCH / DELETE

  ApiResponse update(
      ApiRequest req, Principal principal, Relation rel, Preferences prefs, Media media) {
    QueryParams p = QueryParams.parse(req.query(), false);
    p.checkAggregates(config, false);
    rejectLimited(p);
    JsonNode body = req.payload(json);
    if (!body.isObject()) {
      throw GatewayException.invalidBody("Empty or invalid json");
    }
    List<String> cols = new ArrayList<>();
    body.fieldNames().forEachRemaining(cols::add);
    if (p.columns != null) {
      cols.retainAll(p.columns);
    }
    for (String k : cols) {
      if (!rel.hasColumn(k)) throw GatewayException.columnNotFound(k, rel.name());
    }
    String table = SqlWriter.qualified(rel);
    SqlWriter.Columns relCols = SqlWriter.columnsOf(rel);
    boolean representation = prefs.representation();
    SqlWriter w =
        new SqlWriter().append("WITH pgrst_source AS (UPDATE ").append(table).append(" SET ");
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) w.append(", ");
      w.append(SqlWriter.ident(cols.get(i)))
          .append(" = pgrst_body.")
          .append(SqlWriter.ident(cols.get(i)));
    }
    w.append(" FROM (SELECT CAST(")
        .text(body.toString())
        .append(" AS json) AS json_data) pgrst_payload, LATERAL (SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) w.append(", ");
      w.append(SqlWriter.ident(cols.get(i)));
    }
    w.append(" FROM pg_catalog.json_to_record(pgrst_payload.json_data)");
    recordDefinition(w, rel, cols);
    w.append(") pgrst_body");
    w.where(table, p.conditions, relCols);
    return mutationResponse(
        req, principal, rel, prefs, media, w, p, representation, cols.isEmpty(), true);
  }

  ApiResponse delete(
      ApiRequest req, Principal principal, Relation rel, Preferences prefs, Media media) {
    QueryParams p = QueryParams.parse(req.query(), false);
    p.checkAggregates(config, false);
    rejectLimited(p);
    String table = SqlWriter.qualified(rel);
    boolean representation = prefs.representation();
    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (DELETE FROM ").append(table);
    w.where(table, p.conditions, SqlWriter.columnsOf(rel));
    return mutationResponse(req, principal, rel, prefs, media, w, p, representation, false, false);
  }

  private static void rejectLimited(QueryParams p) {
    if (p.limitGiven || p.offsetGiven) {
      throw GatewayException.notImplemented(
          "limit/offset on PATCH or DELETE is not supported by the local gateway");
    }
  }

  private ApiResponse mutationResponse(
      ApiRequest req,
      Principal principal,
      Relation rel,
      Preferences prefs,
      Media media,
      SqlWriter w,
      QueryParams p,
      boolean representation,
      boolean noop,
      boolean patch) {
    String table = SqlWriter.qualified(rel);
    w.append(representation ? " RETURNING " + table + ".*)" : " RETURNING 1)");
    w.append(" SELECT NULL::bigint, pg_catalog.count(_postgrest_t), ")
        .append(representation ? Media.bodyAggregate(media, "_postgrest_t", false) : "NULL::text")
        .append(
            ", nullif(pg_catalog.current_setting('response.headers', true), '')"
                + ", nullif(pg_catalog.current_setting('response.status', true), '') FROM (SELECT ");
    if (representation) {
      Embedding.overSource(w, cache.get(), p, rel, p.select, SqlWriter.columnsOf(rel));
      w.groupBy("pgrst_source", p.select, SqlWriter.columnsOf(rel));
    } else {
      w.append("1 FROM pgrst_source");
    }
    w.append(") _postgrest_t");
    Long maxAffected = prefs.strict() ? prefs.maxAffected() : null;
    MainRow row =
        runner.inTransaction(
            req,
            principal,
            rel.schema(),
            false,
            prefs,
            tx -> {
              boolean oneTrip =
                  !Media.singular(media) && maxAffected == null && !runner.rollbackRequested(prefs);
              MainRow r =
                  noop
                      ? new MainRow(null, 0, EMPTY_ARRAY, null, null)
                      : TransactionRunner.main(tx, w, oneTrip);
              boolean bad =
                  (Media.singular(media) && r.pageTotal() != 1)
                      || (maxAffected != null && r.pageTotal() > maxAffected);
              return new Outcome<>(r, bad);
            });
    if (Media.singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    if (maxAffected != null && row.pageTotal() > maxAffected) {
      throw GatewayException.maxAffected(row.pageTotal());
    }
    Map<String, String> h = new LinkedHashMap<>();
    long n = row.pageTotal();
    String totalString = prefs.count() != null ? String.valueOf(n) : "*";
    if (patch) {
      h.put("Content-Range", (n > 0 ? "0-" + (n - 1) : "*") + "/" + totalString);
    } else {
      h.put("Content-Range", "*/" + totalString);
    }
    String applied = parts.preferenceApplied(prefs, false, patch, true, true, true);
    if (applied != null) h.put("Preference-Applied", applied);
    int[] status = {representation ? 200 : 204};
    byte[] out = null;
    if (representation) {
      h.put("Content-Type", Media.contentType(media));
      out = row.body();
    }
    parts.responseGucs(row, h, status);
    return new ApiResponse(status[0], h, out);
  }
}

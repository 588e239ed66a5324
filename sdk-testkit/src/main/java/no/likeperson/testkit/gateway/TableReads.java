package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import no.likeperson.testkit.gateway.JwtAuthenticator.Principal;
import no.likeperson.testkit.gateway.ResponseParts.Range;
import no.likeperson.testkit.gateway.SchemaCache.Relation;
import no.likeperson.testkit.gateway.TransactionRunner.MainRow;
import no.likeperson.testkit.gateway.TransactionRunner.Outcome;
import org.jspecify.annotations.NullUnmarked;

/**
 * GET / HEAD on a table or view: filters, select, order, limit/offset/Range, counts (reference §2,
 * §4).
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class TableReads extends ApiHandler {
  TableReads(
      GatewayConfig config,
      Supplier<SchemaCache> cache,
      ObjectMapper json,
      TransactionRunner runner,
      ResponseParts parts) {
    super(config, cache, json, runner, parts);
  }

  ApiResponse read(
      ApiRequest req, Principal principal, Relation rel, Preferences prefs, Media media) {
    QueryParams p = QueryParams.parse(req.query(), false);
    p.checkAggregates(config, true);
    Range range = parts.range(req, p, true);
    boolean head = req.method().equals("HEAD");
    SqlWriter.Columns cols = SqlWriter.columnsOf(rel, cache.get());
    String from = SqlWriter.qualified(rel);

    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (SELECT ");
    SqlWriter list = new SqlWriter();
    SqlWriter filters = new SqlWriter(); // joins of embedded resources, then WHERE
    Function<QueryGrammar.OrderTerm, String> related; // order=rel(col): a to-one resource's column
    if (Embedding.embeds(p.select, p)) {
      Embedding.Level top =
          new Embedding(cache.get(), p).top(rel, from, p.select, p.conditions, p.order);
      list.append(top.select());
      filters.append(top.joins()).append(top.where(from, cols));
      related = top::related;
    } else {
      list.selectList(from, p.select, cols, cache.get()::isKnownType);
      filters.where(from, p.conditions, cols);
      related =
          t -> {
            throw Embedding.notEmbedded(t.relation());
          };
    }
    w.append(list).append(" FROM ").append(from).append(filters);
    w.groupBy(from, p.select, cols);
    w.orderBy(from, p.order, cols, p.select, related);
    ResponseParts.appendLimitOffset(w, range);
    w.append(")");
    // PostgREST's count query has no GROUP BY: with aggregates it counts the rows, not the groups
    // (PostgREST/postgrest#3800), and a suite must see here what it sees on Supabase
    SqlWriter countQuery = new SqlWriter().append("SELECT 1 FROM ").append(from).append(filters);
    // the planner's estimate ignores row-level security, so it would tell a client how many rows of
    // other organisations match its filter: a role under RLS gets the exact count of what it may
    // see
    boolean guess = "planned".equals(prefs.count()) || "estimated".equals(prefs.count());
    String count = guess && !runner.bypassesRls(principal.role()) ? "exact" : prefs.count();
    boolean estimated = "estimated".equals(count) && config.maxRows() != null;
    if ("exact".equals(count) || "estimated".equals(count)) {
      w.append(", pgrst_source_count AS (").append(countQuery);
      if (estimated) {
        w.append(" LIMIT ").longValue(config.maxRows() + 1L);
      }
      w.append(")");
    }
    String total =
        "exact".equals(count) || "estimated".equals(count)
            ? "(SELECT pg_catalog.count(*) FROM pgrst_source_count)"
            : "NULL::bigint";
    w.append(" SELECT ")
        .append(total)
        .append(", pg_catalog.count(_postgrest_t), ")
        .append(Media.bodyAggregate(media, "_postgrest_t", head))
        .append(
            ", nullif(pg_catalog.current_setting('response.headers', true), '')"
                + ", nullif(pg_catalog.current_setting('response.status', true), '')"
                + " FROM (SELECT * FROM pgrst_source) _postgrest_t");

    boolean oneTrip =
        !Media.singular(media)
            && !"planned".equals(count)
            && !estimated
            && !runner.rollbackRequested(prefs);
    MainRow row =
        runner.inTransaction(
            req,
            principal,
            rel.schema(),
            true,
            prefs,
            tx -> {
              MainRow r = TransactionRunner.main(tx, w, oneTrip);
              Long t = r.total();
              if ("planned".equals(count)) {
                t = runner.planned(tx, countQuery);
              } else if (estimated && t != null && t > config.maxRows()) {
                t = Math.max(t, runner.planned(tx, countQuery));
              }
              MainRow res =
                  new MainRow(t, r.pageTotal(), r.body(), r.responseHeaders(), r.responseStatus());
              return new Outcome<>(res, Media.singular(media) && r.pageTotal() != 1);
            });
    if (Media.singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", Media.contentType(media));
    String applied = parts.preferenceApplied(prefs, false, false, false, true, false);
    if (applied != null) h.put("Preference-Applied", applied);
    int[] status = {ResponseParts.readStatus(h, range.lower(), row.pageTotal(), row.total())};
    parts.responseGucs(row, h, status);
    return new ApiResponse(status[0], h, head ? null : row.body());
  }
}

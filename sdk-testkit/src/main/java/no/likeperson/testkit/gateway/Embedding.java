package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import no.likeperson.testkit.gateway.QueryGrammar.Condition;
import no.likeperson.testkit.gateway.QueryGrammar.Embed;
import no.likeperson.testkit.gateway.QueryGrammar.Filter;
import no.likeperson.testkit.gateway.QueryGrammar.SelectItem;
import no.likeperson.testkit.gateway.SchemaCache.ForeignKey;
import no.likeperson.testkit.gateway.SchemaCache.Relation;
import org.jspecify.annotations.NullUnmarked;

/**
 * Resource embedding as PostgREST does it: relationships found from foreign keys in the schema cache,
 * each embedded resource a {@code LEFT JOIN LATERAL} subquery of the same statement ({@code row_to_json}
 * for to-one, {@code json_agg} for to-many, plain columns for a spread), so row-level security of every
 * embedded table applies as for a direct read. Names are checked against the schema cache and quoted;
 * values (filters, limits) are bound by {@link SqlWriter}.
 *
 * <p>One instance plans one statement (it numbers the subquery aliases).
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class Embedding {

  /** A relationship from a source relation to an embedded one. {@code junction} only for many-to-many. */
  record Relationship(String cardinality, ForeignKey fk, boolean forward, Relation junction, ForeignKey junctionTarget,
      Relation source, Relation target) {
    boolean toOne() {
      return cardinality.equals("many-to-one") || cardinality.equals("one-to-one");
    }
  }

  /**
   * One level of the select: its select list, its lateral joins (to put after its FROM), the column
   * conditions left for its WHERE and the predicates on embedded resources ({@code !inner}, {@code is.null}).
   */
  record Level(SqlWriter select, SqlWriter joins, List<Condition> conditions, List<String> predicates,
      List<String> outputNames) {
    /** {@code WHERE} of this level: the column conditions, then the embedding predicates. */
    SqlWriter where(String qualifier, SqlWriter.Columns columns) {
      SqlWriter w = new SqlWriter();
      w.where(qualifier, conditions, columns);
      for (String p : predicates) {
        w.append(w.sql.length() == 0 ? " WHERE " : " AND ").append(p);
      }
      return w;
    }

    boolean embeds() {
      return joins.sql.length() > 0;
    }
  }

  private final SchemaCache cache;
  private final Map<String, QueryParams.Nested> nested;
  private final Function<String, Boolean> knownType;
  private final Set<String> usedPaths = new HashSet<>();
  private int counter;

  Embedding(SchemaCache cache, QueryParams params) {
    this.cache = cache;
    this.nested = params.embedded;
    this.knownType = cache::isKnownType;
  }

  /**
   * Plans the top level: {@code items} of {@code rel} read through {@code qualifier}, with the request's
   * top-level {@code conditions}. Throws PGRST200/PGRST201 for relationships, PGRST108 for parameters of
   * a resource the select list does not embed.
   */
  Level top(Relation rel, String qualifier, List<SelectItem> items, List<Condition> conditions) {
    Level l = level(rel, qualifier, items, "", conditions);
    for (String path : nested.keySet()) {
      if (!usedPaths.contains(path)) {
        String last = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        throw new GatewayException(400, "PGRST108",
            "'" + last + "' is not an embedded resource in this request", null,
            "Verify that '" + last + "' is included in the 'select' query parameter.");
      }
    }
    return l;
  }

  /**
   * {@code <select list> FROM pgrst_source [joins]}: the representation of rows a write returned (or an
   * RPC produced) in the CTE {@code pgrst_source}, with embedded resources when the select list has any.
   */
  static void overSource(SqlWriter w, SchemaCache cache, QueryParams p, Relation rel, List<SelectItem> select,
      SqlWriter.Columns columns) {
    if (rel != null && embeds(select, p)) {
      Level l = new Embedding(cache, p).top(rel, "pgrst_source", select, List.of());
      w.append(l.select()).append(" FROM pgrst_source").append(l.joins());
    } else {
      w.selectList(null, select, columns, cache::isKnownType);
      w.append(" FROM pgrst_source");
    }
  }

  /** Whether a select list embeds anything (the plain path keeps its simpler SQL). */
  static boolean embeds(List<SelectItem> items, QueryParams p) {
    return !p.embedded.isEmpty() || items.stream().anyMatch(i -> i.embed() != null);
  }

  private Level level(Relation rel, String q, List<SelectItem> items, String path, List<Condition> conditions) {
    SqlWriter select = new SqlWriter();
    SqlWriter joins = new SqlWriter();
    List<String> predicates = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Map<String, String> markers = new HashMap<>();
    SqlWriter.Columns cols = SqlWriter.columnsOf(rel, cache);
    for (SelectItem item : items) {
      if (item.embed() == null) {
        comma(select);
        select.selectList(q, List.of(item), cols, knownType);
        if (item.star()) {
          names.addAll(rel.columns().keySet());
        } else {
          names.add(item.alias() != null ? item.alias() : item.field().outputName());
        }
        continue;
      }
      Embed e = item.embed();
      Relationship r = resolve(rel, e);
      String key = item.embedKey();
      String childPath = path.isEmpty() ? key : path + "." + key;
      usedPaths.add(childPath);
      QueryParams.Nested np = nested.get(childPath);
      int n = ++counter;
      String alias = SqlWriter.ident("pgrst_e" + n);
      String t = SqlWriter.ident("pgrst_t" + n);
      Level child = level(r.target(), t, e.select(), childPath, np == null ? List.of() : np.conditions);
      SqlWriter inner = new SqlWriter().append("SELECT ");
      if (child.select().sql.length() == 0) {
        inner.append("1 AS pgrst_none");
      } else {
        inner.append(child.select());
      }
      inner.append(" FROM ").append(SqlWriter.qualified(r.target())).append(" AS ").append(t);
      String junction = null;
      if (r.junction() != null) {
        junction = SqlWriter.ident("pgrst_j" + n);
        inner.append(" JOIN ").append(SqlWriter.qualified(r.junction())).append(" AS ").append(junction).append(" ON ");
        equalities(inner, junction, r.junctionTarget().columns(), t, r.junctionTarget().refColumns());
      }
      inner.append(child.joins());
      SqlWriter where = child.where(t, SqlWriter.columnsOf(r.target(), cache));
      inner.append(where).append(where.sql.length() == 0 ? " WHERE " : " AND ");
      if (r.junction() != null) {
        equalities(inner, junction, r.fk().columns(), q, r.fk().refColumns());
      } else if (r.forward()) {
        equalities(inner, t, r.fk().refColumns(), q, r.fk().columns());
      } else {
        equalities(inner, t, r.fk().columns(), q, r.fk().refColumns());
      }
      if (np != null) {
        inner.orderBy(t, np.order, SqlWriter.columnsOf(r.target(), cache));
        if (np.limit != null) inner.append(" LIMIT ").longValue(np.limit);
        if (np.offset != null && np.offset > 0) inner.append(" OFFSET ").longValue(np.offset);
      }
      boolean toOne = r.toOne();
      String marker;
      joins.append(" LEFT JOIN LATERAL (SELECT ");
      if (e.spread()) {
        for (String c : child.outputNames()) {
          String qc = SqlWriter.ident(c);
          joins.append(toOne ? "pgrst_r." + qc : "pg_catalog.json_agg(pgrst_r." + qc + ")").append(" AS ").append(qc).append(", ");
          comma(select);
          select.append(toOne ? alias + "." + qc : "coalesce(" + alias + "." + qc + ", '[]')").append(" AS ").append(qc);
          names.add(c);
        }
        joins.append(toOne ? "1" : "nullif(pg_catalog.count(*), 0)").append(" AS pgrst_found");
        marker = alias + ".pgrst_found";
      } else {
        joins.append(toOne ? "pg_catalog.row_to_json(pgrst_r)" : "pg_catalog.json_agg(pgrst_r)").append(" AS pgrst_body");
        marker = alias + ".pgrst_body";
        if (!e.select().isEmpty()) {
          comma(select);
          select.append(toOne ? marker : "coalesce(" + marker + ", '[]')").append(" AS ").append(SqlWriter.ident(key));
          names.add(key);
        }
      }
      joins.append(" FROM (").append(inner).append(") pgrst_r) AS ").append(alias).append(" ON TRUE");
      if (e.inner()) {
        predicates.add(marker + " IS NOT NULL");
      }
      markers.put(key, marker);
    }
    List<Condition> columnConditions = new ArrayList<>();
    for (Condition c : conditions) {
      if (c instanceof Filter f && f.op().equals("is") && f.field().path().isEmpty()
          && markers.containsKey(f.field().name()) && !rel.hasColumn(f.field().name())
          && (f.value().equals("null") || f.value().equals("not_null"))) {
        boolean isNull = f.value().equals("null") != f.negated();
        predicates.add(markers.get(f.field().name()) + (isNull ? " IS NULL" : " IS NOT NULL"));
      } else {
        columnConditions.add(c);
      }
    }
    return new Level(select, joins, columnConditions, predicates, names);
  }

  private static void comma(SqlWriter w) {
    if (w.sql.length() > 0) w.append(", ");
  }

  /** {@code a.x1 = b.y1 AND a.x2 = b.y2} */
  private static void equalities(SqlWriter w, String a, List<String> xs, String b, List<String> ys) {
    for (int i = 0; i < xs.size(); i++) {
      if (i > 0) w.append(" AND ");
      w.append(a).append(".").append(SqlWriter.ident(xs.get(i))).append(" = ").append(b).append(".")
          .append(SqlWriter.ident(ys.get(i)));
    }
  }

  // ---------------------------------------------------------------- relationships

  /** The one relationship {@code e} names from {@code source} (PGRST200 none, PGRST201 more than one). */
  Relationship resolve(Relation source, Embed e) {
    Relation target = cache.relation(source.schema(), e.name());
    List<Relationship> all = target == null ? List.of() : candidates(source, target);
    List<Relationship> matching = new ArrayList<>();
    for (Relationship r : all) {
      if (e.hint() == null || matchesHint(r, e.hint())) matching.add(r);
    }
    if (matching.size() == 1) {
      return matching.get(0);
    }
    if (matching.isEmpty()) {
      String using = e.hint() == null ? "" : " using the hint '" + e.hint() + "'";
      throw new GatewayException(400, "PGRST200",
          "Could not find a relationship between '" + source.name() + "' and '" + e.name() + "' in the schema cache",
          "Searched for a foreign key relationship between '" + source.name() + "' and '" + e.name() + "'" + using
              + " in the schema '" + source.schema() + "', but no matches were found.", null);
    }
    ArrayNode details = JsonNodeFactory.instance.arrayNode();
    List<String> options = new ArrayList<>();
    for (Relationship r : matching) {
      ObjectNode o = details.addObject();
      o.put("cardinality", r.cardinality());
      o.put("embedding", source.name() + " with " + target.name());
      if (r.junction() != null) {
        o.put("relationship", r.junction().name() + " using " + r.fk().name() + list(r.fk().columns()) + " and "
            + r.junctionTarget().name() + list(r.junctionTarget().columns()));
        options.add("'" + e.name() + "!" + r.junction().name() + "'");
      } else {
        List<String> sourceCols = r.forward() ? r.fk().columns() : r.fk().refColumns();
        List<String> targetCols = r.forward() ? r.fk().refColumns() : r.fk().columns();
        o.put("relationship", r.fk().name() + " using " + source.name() + list(sourceCols) + " and "
            + target.name() + list(targetCols));
        options.add("'" + e.name() + "!" + r.fk().name() + "'");
      }
    }
    throw new GatewayException(300, "PGRST201",
        "Could not embed because more than one relationship was found for '" + source.name() + "' and '"
            + e.name() + "'", null,
        "Try changing '" + e.name() + "' to one of the following: " + String.join(", ", options)
            + ". Find the desired relationship in the 'details' key.").details(details);
  }

  private static String list(List<String> cols) {
    return "(" + String.join(", ", cols) + ")";
  }

  private List<Relationship> candidates(Relation s, Relation t) {
    List<Relationship> out = new ArrayList<>();
    Map<String, List<ForeignKey>> byTable = new LinkedHashMap<>();
    for (ForeignKey fk : cache.foreignKeys()) {
      if (refersTo(fk, s, true) && refersTo(fk, t, false)) {
        out.add(new Relationship(s.isUnique(fk.columns()) ? "one-to-one" : "many-to-one", fk, true, null, null, s, t));
      }
      if (refersTo(fk, t, true) && refersTo(fk, s, false)) {
        out.add(new Relationship(t.isUnique(fk.columns()) ? "one-to-one" : "one-to-many", fk, false, null, null, s, t));
      }
      byTable.computeIfAbsent(fk.schema() + "\0" + fk.table(), k -> new ArrayList<>()).add(fk);
    }
    for (List<ForeignKey> fks : byTable.values()) {
      Relation j = cache.relation(fks.get(0).schema(), fks.get(0).table());
      if (j == null) continue;
      for (ForeignKey a : fks) {
        for (ForeignKey b : fks) {
          if (a != b && refersTo(a, s, false) && refersTo(b, t, false)
              && j.primaryKey().containsAll(a.columns()) && j.primaryKey().containsAll(b.columns())) {
            out.add(new Relationship("many-to-many", a, false, j, b, s, t));
          }
        }
      }
    }
    return out;
  }

  /** {@code side}: the FK's own table ({@code true}) or the table it references. */
  private static boolean refersTo(ForeignKey fk, Relation r, boolean side) {
    return side ? fk.schema().equals(r.schema()) && fk.table().equals(r.name())
        : fk.refSchema().equals(r.schema()) && fk.refTable().equals(r.name());
  }

  private static boolean matchesHint(Relationship r, String hint) {
    if (r.junction() != null) {
      return hint.equals(r.junction().name()) || hint.equals(r.fk().name()) || hint.equals(r.junctionTarget().name());
    }
    ForeignKey fk = r.fk();
    if (fk.columns().size() != 1) {
      return hint.equals(fk.name());
    }
    if (r.source().equals(r.target())) {
      // a self-reference is both directions of one key: the referencing column picks the to-one side
      // (parent_id: the parent), the referenced column the to-many side (id: the children)
      return hint.equals(r.forward() ? fk.columns().get(0) : fk.refColumns().get(0));
    }
    return hint.equals(fk.name()) || hint.equals(fk.columns().get(0)) || hint.equals(fk.refColumns().get(0));
  }
}

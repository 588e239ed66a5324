package no.likeperson.testkit.gateway;

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
import no.likeperson.testkit.gateway.QueryGrammar.OrderTerm;
import no.likeperson.testkit.gateway.QueryGrammar.SelectItem;
import no.likeperson.testkit.gateway.Relationships.Relationship;
import no.likeperson.testkit.gateway.SchemaCache.Relation;
import org.jspecify.annotations.NullUnmarked;

/**
 * Resource embedding as PostgREST does it: relationships found by {@link Relationships} (foreign
 * keys, also through views, and computed relationships), each embedded resource a {@code LEFT JOIN
 * LATERAL} subquery of the same statement ({@code row_to_json} for to-one, {@code json_agg} for
 * to-many, plain columns for a spread), so row-level security of every embedded table applies as
 * for a direct read. Names are checked against the schema cache and quoted; values (filters,
 * limits) are bound by {@link SqlWriter}. Also the parents' order by a to-one embedded column
 * ({@code order=rel(col)}) and aggregates inside an embedded resource (grouped by its plain
 * columns).
 *
 * <p>One instance plans one statement (it numbers the subquery aliases).
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class Embedding {

  /**
   * One level of the select: its select list, its lateral joins (to put after its FROM), the column
   * conditions left for its WHERE, the predicates on embedded resources ({@code !inner}, {@code
   * is.null}) and the expressions its related order terms ({@code rel(col)}) sort by.
   */
  record Level(
      SqlWriter select,
      SqlWriter joins,
      List<Condition> conditions,
      List<String> predicates,
      List<String> outputNames,
      Map<OrderTerm, String> relatedOrder) {
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

    /** The expression a related order term of this level sorts by (planned with the level). */
    String related(OrderTerm t) {
      String expr = relatedOrder.get(t);
      if (expr == null) throw notEmbedded(t.relation());
      return expr;
    }
  }

  private final SchemaCache cache;
  private final Relationships relationships;
  private final Map<String, QueryParams.Nested> nested;
  private final Function<String, Boolean> knownType;
  private final Set<String> usedPaths = new HashSet<>();
  private int counter;

  Embedding(SchemaCache cache, QueryParams params) {
    this.cache = cache;
    this.relationships = new Relationships(cache);
    this.nested = params.embedded;
    this.knownType = cache::isKnownType;
  }

  /**
   * PostgREST's PGRST108 for a parameter or order term naming a resource the select does not embed.
   */
  static GatewayException notEmbedded(String name) {
    return new GatewayException(
        400,
        "PGRST108",
        "'" + name + "' is not an embedded resource in this request",
        null,
        "Verify that '" + name + "' is included in the 'select' query parameter.");
  }

  /** {@link #top(Relation, String, List, List, List)} without related order terms. */
  Level top(Relation rel, String qualifier, List<SelectItem> items, List<Condition> conditions) {
    return top(rel, qualifier, items, conditions, List.of());
  }

  /**
   * Plans the top level: {@code items} of {@code rel} read through {@code qualifier}, with the
   * request's top-level {@code conditions} and {@code order} (its related terms are planned here).
   * Throws PGRST200/PGRST201 for relationships, PGRST108 for parameters of a resource the select
   * list does not embed, PGRST118 for a related order on a to-many resource.
   */
  Level top(
      Relation rel,
      String qualifier,
      List<SelectItem> items,
      List<Condition> conditions,
      List<OrderTerm> order) {
    Level l = level(rel, qualifier, items, "", conditions, order);
    for (String path : nested.keySet()) {
      if (!usedPaths.contains(path)) {
        throw notEmbedded(path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path);
      }
    }
    return l;
  }

  /**
   * {@code <select list> FROM pgrst_source [joins]}: the representation of rows a write returned
   * (or an RPC produced) in the CTE {@code pgrst_source}, with embedded resources when the select
   * list has any.
   */
  static void overSource(
      SqlWriter w,
      SchemaCache cache,
      QueryParams p,
      Relation rel,
      List<SelectItem> select,
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

  private Level level(
      Relation rel,
      String q,
      List<SelectItem> items,
      String path,
      List<Condition> conditions,
      List<OrderTerm> order) {
    SqlWriter select = new SqlWriter();
    SqlWriter joins = new SqlWriter();
    List<String> predicates = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Map<String, String> markers = new HashMap<>();
    Map<OrderTerm, String> relatedOrder = new LinkedHashMap<>();
    Map<String, List<OrderTerm>> orderByKey = new LinkedHashMap<>();
    for (OrderTerm t : order) {
      if (t.relation() != null)
        orderByKey.computeIfAbsent(t.relation(), k -> new ArrayList<>()).add(t);
    }
    boolean aggregates = items.stream().anyMatch(i -> i.aggregate() != null);
    if (aggregates && items.stream().anyMatch(i -> i.embed() != null)) {
      throw GatewayException.notImplemented(
          "aggregates beside an embedded resource are not supported");
    }
    SqlWriter.Columns cols = SqlWriter.columnsOf(rel, cache);
    for (SelectItem item : items) {
      if (item.embed() == null) {
        comma(select);
        select.selectList(q, List.of(item), cols, knownType);
        if (item.star()) {
          names.addAll(rel.columns().keySet());
        } else if (item.aggregate() != null) {
          names.add(item.alias() != null ? item.alias() : item.aggregate());
        } else {
          names.add(item.alias() != null ? item.alias() : item.field().outputName());
        }
        continue;
      }
      Embed e = item.embed();
      Relationship r = relationships.resolve(rel, e);
      String key = item.embedKey();
      String childPath = path.isEmpty() ? key : path + "." + key;
      usedPaths.add(childPath);
      QueryParams.Nested np = nested.get(childPath);
      List<OrderTerm> childOrder = np == null ? List.of() : np.order;
      boolean toOne = r.toOne();
      List<OrderTerm> keys = orderByKey.remove(key);
      if (keys != null && !toOne) {
        throw new GatewayException(
            400,
            "PGRST118",
            "A related order on '" + key + "' is not possible",
            "'"
                + rel.name()
                + "' and '"
                + key
                + "' do not form a many-to-one or one-to-one relationship",
            null);
      }
      boolean childAggregates = e.select().stream().anyMatch(i -> i.aggregate() != null);
      if (childAggregates && e.spread()) {
        throw GatewayException.notImplemented(
            "aggregates inside a spread embedded resource are not supported");
      }
      int n = ++counter;
      String alias = SqlWriter.ident("pgrst_e" + n);
      String t = SqlWriter.ident("pgrst_t" + n);
      SqlWriter.Columns targetCols = SqlWriter.columnsOf(r.target(), cache);
      Level child =
          level(
              r.target(),
              t,
              e.select(),
              childPath,
              np == null ? List.of() : np.conditions,
              childOrder);
      SqlWriter childSelect = new SqlWriter();
      if (child.select().sql.length() == 0) {
        childSelect.append("1 AS pgrst_none");
      } else {
        childSelect.append(child.select());
      }
      // the order keys of a to-one resource travel beside its row: pgrst_o1, pgrst_o2, ...
      SqlWriter orderKeys = new SqlWriter();
      List<String> keyNames = new ArrayList<>();
      if (keys != null) {
        for (OrderTerm term : keys) {
          String kn = "pgrst_o" + (keyNames.size() + 1);
          orderKeys.append(", ");
          orderKeys.field(t, term.field(), targetCols);
          orderKeys.append(" AS ").append(kn);
          keyNames.add(kn);
          relatedOrder.put(term, alias + "." + kn);
        }
      }
      boolean rowBeside = !keyNames.isEmpty() && !e.spread();
      SqlWriter inner = new SqlWriter().append("SELECT ");
      if (rowBeside) {
        inner.append("pgrst_x AS pgrst_row").append(orderKeys);
      } else {
        inner.append(childSelect).append(orderKeys);
      }
      inner.append(" FROM ");
      if (r.function() != null) {
        // rows a write returned or an RPC produced are records of the relation's columns: cast them
        // to its type
        String row =
            q.equals("pgrst_source")
                ? "CAST(pgrst_source AS " + SqlWriter.qualified(rel) + ")"
                : SqlWriter.rowOf(q);
        inner
            .append(SqlWriter.ident(r.function().schema()))
            .append(".")
            .append(SqlWriter.ident(r.function().name()))
            .append("(")
            .append(row)
            .append(")");
      } else {
        inner.append(SqlWriter.qualified(r.target()));
      }
      inner.append(" AS ").append(t);
      String junction = null;
      if (r.junction() != null) {
        junction = SqlWriter.ident("pgrst_j" + n);
        inner
            .append(" JOIN ")
            .append(SqlWriter.qualified(r.junction()))
            .append(" AS ")
            .append(junction)
            .append(" ON ");
        equalities(
            inner, junction, r.junctionTarget().columns(), t, r.junctionTarget().refColumns());
      }
      inner.append(child.joins());
      if (rowBeside) {
        inner.append(" CROSS JOIN LATERAL (SELECT ").append(childSelect).append(") AS pgrst_x");
      }
      SqlWriter where = child.where(t, targetCols);
      inner.append(where);
      if (r.function() == null) {
        inner.append(where.sql.length() == 0 ? " WHERE " : " AND ");
        if (r.junction() != null) {
          equalities(inner, junction, r.fk().columns(), q, r.fk().refColumns());
        } else if (r.forward()) {
          equalities(inner, t, r.fk().refColumns(), q, r.fk().columns());
        } else {
          equalities(inner, t, r.fk().columns(), q, r.fk().refColumns());
        }
      }
      if (childAggregates) {
        inner.groupBy(t, e.select(), targetCols, false);
      }
      inner.orderBy(t, childOrder, targetCols, List.of(), child::related);
      if (np != null) {
        if (np.limit != null) inner.append(" LIMIT ").longValue(np.limit);
        if (np.offset != null && np.offset > 0) inner.append(" OFFSET ").longValue(np.offset);
      }
      String marker;
      joins.append(" LEFT JOIN LATERAL (SELECT ");
      if (e.spread()) {
        for (String c : child.outputNames()) {
          String qc = SqlWriter.ident(c);
          joins
              .append(toOne ? "pgrst_r." + qc : "pg_catalog.json_agg(pgrst_r." + qc + ")")
              .append(" AS ")
              .append(qc)
              .append(", ");
          comma(select);
          select
              .append(toOne ? alias + "." + qc : "coalesce(" + alias + "." + qc + ", '[]')")
              .append(" AS ")
              .append(qc);
          names.add(c);
        }
        joins.append(toOne ? "1" : "nullif(pg_catalog.count(*), 0)").append(" AS pgrst_found");
        marker = alias + ".pgrst_found";
      } else {
        joins
            .append(
                rowBeside
                    ? "pg_catalog.row_to_json(pgrst_r.pgrst_row)"
                    : toOne ? "pg_catalog.row_to_json(pgrst_r)" : "pg_catalog.json_agg(pgrst_r)")
            .append(" AS pgrst_body");
        marker = alias + ".pgrst_body";
        if (!e.select().isEmpty()) {
          comma(select);
          select
              .append(toOne ? marker : "coalesce(" + marker + ", '[]')")
              .append(" AS ")
              .append(SqlWriter.ident(key));
          names.add(key);
        }
      }
      for (String kn : keyNames) {
        joins.append(", pgrst_r.").append(kn);
      }
      joins
          .append(" FROM (")
          .append(inner)
          .append(") pgrst_r) AS ")
          .append(alias)
          .append(" ON TRUE");
      if (e.inner()) {
        predicates.add(marker + " IS NOT NULL");
      }
      markers.put(key, marker);
    }
    if (!orderByKey.isEmpty()) {
      throw notEmbedded(orderByKey.keySet().iterator().next());
    }
    List<Condition> columnConditions = new ArrayList<>();
    for (Condition c : conditions) {
      if (c instanceof Filter f
          && f.op().equals("is")
          && f.field().path().isEmpty()
          && markers.containsKey(f.field().name())
          && !rel.hasColumn(f.field().name())
          && (f.value().equals("null") || f.value().equals("not_null"))) {
        boolean isNull = f.value().equals("null") != f.negated();
        predicates.add(markers.get(f.field().name()) + (isNull ? " IS NULL" : " IS NOT NULL"));
      } else {
        columnConditions.add(c);
      }
    }
    return new Level(select, joins, columnConditions, predicates, names, relatedOrder);
  }

  private static void comma(SqlWriter w) {
    if (w.sql.length() > 0) w.append(", ");
  }

  /** {@code a.x1 = b.y1 AND a.x2 = b.y2} */
  private static void equalities(
      SqlWriter w, String a, List<String> xs, String b, List<String> ys) {
    for (int i = 0; i < xs.size(); i++) {
      if (i > 0) w.append(" AND ");
      w.append(a)
          .append(".")
          .append(SqlWriter.ident(xs.get(i)))
          .append(" = ")
          .append(b)
          .append(".")
          .append(SqlWriter.ident(ys.get(i)));
    }
  }
}

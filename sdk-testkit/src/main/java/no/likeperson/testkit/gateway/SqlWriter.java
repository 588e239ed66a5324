package no.likeperson.testkit.gateway;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import no.likeperson.testkit.gateway.QueryGrammar.Condition;
import no.likeperson.testkit.gateway.QueryGrammar.Field;
import no.likeperson.testkit.gateway.QueryGrammar.Filter;
import no.likeperson.testkit.gateway.QueryGrammar.JsonStep;
import no.likeperson.testkit.gateway.QueryGrammar.OrderTerm;
import no.likeperson.testkit.gateway.QueryGrammar.SelectItem;
import no.likeperson.testkit.gateway.QueryGrammar.Tree;
import org.jspecify.annotations.NullUnmarked;

/**
 * Builds SQL text and its parameter list. Identifiers are only ever emitted through {@link #ident}
 * after the caller checked them against the schema cache; values are only ever emitted as {@code
 * ?}.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class SqlWriter {

  /**
   * A bound value; {@code UNTYPED} lets PostgreSQL infer the type like PostgREST's unknown encoder.
   */
  enum Kind {
    UNTYPED,
    TEXT,
    INT,
    LONG
  }

  record Param(Kind kind, Object value) {}

  final StringBuilder sql = new StringBuilder(256);
  final List<Param> params = new ArrayList<>();

  static String ident(String name) {
    int nul = name.indexOf('\0');
    String n = nul >= 0 ? name.substring(0, nul) : name;
    return '"' + n.replace("\"", "\"\"") + '"';
  }

  SqlWriter append(String s) {
    sql.append(s);
    return this;
  }

  SqlWriter untyped(String value) {
    sql.append('?');
    params.add(new Param(Kind.UNTYPED, value));
    return this;
  }

  SqlWriter text(String value) {
    sql.append('?');
    params.add(new Param(Kind.TEXT, value));
    return this;
  }

  SqlWriter longValue(long value) {
    sql.append('?');
    params.add(new Param(Kind.LONG, value));
    return this;
  }

  /**
   * Appends another writer's SQL and parameters (used to repeat the filters in the count query).
   */
  SqlWriter append(SqlWriter other) {
    sql.append(other.sql);
    params.addAll(other.params);
    return this;
  }

  void bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    for (Param p : params) {
      switch (p.kind()) {
        case UNTYPED -> ps.setObject(i, p.value(), Types.OTHER);
        case TEXT -> ps.setString(i, (String) p.value());
        case INT -> ps.setInt(i, (Integer) p.value());
        case LONG -> ps.setLong(i, (Long) p.value());
        default -> throw new IllegalStateException();
      }
      i++;
    }
  }

  @Override
  public String toString() {
    return sql.toString(); // parameters deliberately left out: they may hold filter values
  }

  /** {@code "schema"."name"} of a relation from the schema cache. */
  static String qualified(SchemaCache.Relation rel) {
    return ident(rel.schema()) + "." + ident(rel.name());
  }

  /** The columns of a relation from the schema cache (PostgreSQL's 42703 for an unknown one). */
  static Columns columnsOf(SchemaCache.Relation rel) {
    return c -> {
      SchemaCache.Column col = rel.columns().get(c);
      if (col == null) throw GatewayException.undefinedColumn(rel.name(), c);
      return col.type();
    };
  }

  // ---------------------------------------------------------------- fields

  /**
   * Resolves column names of one relation (or function result): returns the column type, or throws
   * the error PostgREST/PostgreSQL would give for an unknown column.
   */
  interface Columns {
    /**
     * @return the column's type, or null when the type is not known (still a valid column)
     */
    String typeOf(String column);

    /**
     * @return the quoted function of a computed field of this name (PostgREST), or null for a
     *     column
     */
    default String computed(String column) {
      return null;
    }
  }

  /** The columns and the computed fields ({@code fn(table_row)}) of a relation read by name. */
  static Columns columnsOf(SchemaCache.Relation rel, SchemaCache cache) {
    Columns plain = columnsOf(rel);
    return new Columns() {
      @Override
      public String typeOf(String c) {
        SchemaCache.Routine fn = rel.hasColumn(c) ? null : cache.computedField(rel, c);
        return fn != null ? null : plain.typeOf(c);
      }

      @Override
      public String computed(String c) {
        SchemaCache.Routine fn = rel.hasColumn(c) ? null : cache.computedField(rel, c);
        return fn == null ? null : ident(fn.schema()) + "." + ident(fn.name());
      }
    };
  }

  /**
   * The whole-row reference of a qualifier, for a function taking the row (computed fields and
   * relationships): {@code "schema"."table"} is referenced by its last name, an alias as it is.
   */
  static String rowOf(String qualifier) {
    int dot = qualifier.lastIndexOf("\".\"");
    return dot < 0 ? qualifier : qualifier.substring(dot + 2);
  }

  void field(String qualifier, Field f, Columns columns) {
    columns.typeOf(f.name()); // validates
    String fn = columns.computed(f.name());
    if (fn != null) {
      // the row goes in by the last name of the qualifier: "schema"."table" -> "table", or the
      // alias
      if (qualifier == null) {
        throw GatewayException.notImplemented("computed field " + f.name() + " on this result");
      }
      sql.append(fn).append("(").append(rowOf(qualifier)).append(")");
    } else {
      if (qualifier != null) {
        sql.append(qualifier).append('.');
      }
      sql.append(ident(f.name()));
    }
    for (JsonStep step : f.path()) {
      sql.append(step.asText() ? "->>" : "->");
      if (step.index() != null) {
        sql.append('?');
        params.add(new Param(Kind.INT, step.index()));
      } else {
        text(step.key());
      }
    }
  }

  // ---------------------------------------------------------------- select

  void selectList(
      String qualifier,
      List<SelectItem> items,
      Columns columns,
      Function<String, Boolean> knownType) {
    boolean first = true;
    for (SelectItem item : items) {
      if (!first) sql.append(", ");
      first = false;
      if (item.star()) {
        sql.append(qualifier == null ? "*" : qualifier + ".*");
        continue;
      }
      if (item.aggregate() != null) {
        aggregate(qualifier, item, columns, knownType);
        continue;
      }
      if (item.cast() != null) {
        String cast = checkedCast(item.cast(), knownType);
        sql.append("CAST(");
        field(qualifier, item.field(), columns);
        sql.append(" AS ").append(cast).append(')');
      } else {
        field(qualifier, item.field(), columns);
      }
      String out = item.alias() != null ? item.alias() : item.field().outputName();
      sql.append(" AS ").append(ident(out));
    }
  }

  private void aggregate(
      String qualifier, SelectItem item, Columns columns, Function<String, Boolean> knownType) {
    String cast = item.cast() == null ? null : checkedCast(item.cast(), knownType);
    if (cast != null) sql.append("CAST(");
    sql.append("pg_catalog.").append(item.aggregate()).append('(');
    if (item.field() == null) {
      sql.append('*');
    } else {
      field(qualifier, item.field(), columns);
    }
    sql.append(')');
    if (cast != null) sql.append(" AS ").append(cast).append(')');
    sql.append(" AS ").append(ident(item.alias() != null ? item.alias() : item.aggregate()));
  }

  private static String checkedCast(String raw, Function<String, Boolean> knownType) {
    String cast = raw.toLowerCase(Locale.ROOT);
    String base = cast.endsWith("[]") ? cast.substring(0, cast.length() - 2) : cast;
    if (!base.matches("[a-z_][a-z0-9_]*( [a-z]+)*") || !knownType.apply(base)) {
      throw new GatewayException(400, "42704", "type \"" + raw + "\" does not exist", null, null);
    }
    return cast;
  }

  /**
   * {@code GROUP BY} the selected plain columns when the select list has aggregates (PostgREST). By
   * position when every item is one column of the select list: a JSON path's keys are bound values,
   * and two parameters never compare equal in PostgreSQL's grouping check (PostgREST writes the
   * keys as literals and groups by the alias, which names the same output column).
   */
  void groupBy(String qualifier, List<SelectItem> items, Columns columns) {
    groupBy(qualifier, items, columns, true);
  }

  /**
   * {@code GROUP BY} as above; without {@code positional} always by column (inside an embedded
   * resource, whose select list is the child level's, not the items one by one).
   */
  void groupBy(String qualifier, List<SelectItem> items, Columns columns, boolean positional) {
    if (items.stream().noneMatch(i -> i.aggregate() != null)) {
      return;
    }
    boolean byPosition = positional && groupedByPosition(items);
    boolean first = true;
    for (int n = 0; n < items.size(); n++) {
      SelectItem item = items.get(n);
      if (item.aggregate() != null || item.embed() != null || item.star()) continue;
      sql.append(first ? " GROUP BY " : ", ");
      first = false;
      if (byPosition) {
        sql.append(n + 1);
      } else {
        field(qualifier, item.field(), columns);
      }
    }
  }

  private static boolean groupedByPosition(List<SelectItem> items) {
    return items.stream().anyMatch(i -> i.aggregate() != null)
        && items.stream().noneMatch(i -> i.embed() != null || i.star());
  }

  // ---------------------------------------------------------------- order

  void orderBy(String qualifier, List<OrderTerm> terms, Columns columns) {
    orderBy(qualifier, terms, columns, List.of(), null);
  }

  /**
   * {@code ORDER BY}. A related order term ({@code rel(col)}) is written as the expression {@code
   * related} gives for it (null: the caller cannot order by embedded resources, PGRST127). With the
   * select list grouped by position, a term that is a selected grouping column (same field, no
   * cast) is ordered by that position too, since its bound JSON-path keys would not match the
   * grouped expression.
   */
  void orderBy(
      String qualifier,
      List<OrderTerm> terms,
      Columns columns,
      List<SelectItem> items,
      Function<OrderTerm, String> related) {
    if (terms.isEmpty()) {
      return;
    }
    sql.append(" ORDER BY ");
    boolean first = true;
    for (OrderTerm t : terms) {
      if (!first) sql.append(", ");
      first = false;
      int position = groupedByPosition(items) ? positionOf(items, t.field()) : 0;
      if (t.relation() != null) {
        if (related == null) {
          throw GatewayException.notImplemented(
              "ordering by an embedded resource is not supported here");
        }
        sql.append(related.apply(t));
      } else if (position > 0) {
        sql.append(position);
      } else {
        field(qualifier, t.field(), columns);
      }
      if (t.descending() != null) sql.append(t.descending() ? " DESC" : " ASC");
      if (t.nullsFirst() != null) sql.append(t.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
    }
  }

  /** 1-based position of the plain, uncast select item of this field, or 0. */
  private static int positionOf(List<SelectItem> items, Field f) {
    for (int n = 0; n < items.size(); n++) {
      SelectItem i = items.get(n);
      if (i.aggregate() == null && i.cast() == null && f.equals(i.field())) return n + 1;
    }
    return 0;
  }

  // ---------------------------------------------------------------- conditions

  void where(String qualifier, Collection<Condition> conditions, Columns columns) {
    if (conditions.isEmpty()) {
      return;
    }
    sql.append(" WHERE ");
    conjunction(qualifier, conditions, columns, " AND ");
  }

  private void conjunction(
      String qualifier, Collection<Condition> conditions, Columns columns, String op) {
    boolean first = true;
    for (Condition c : conditions) {
      if (!first) sql.append(op);
      first = false;
      condition(qualifier, c, columns);
    }
  }

  void condition(String qualifier, Condition c, Columns columns) {
    if (c instanceof Tree t) {
      sql.append(t.negated() ? "NOT (" : "(");
      conjunction(qualifier, t.children(), columns, t.or() ? " OR " : " AND ");
      sql.append(')');
      return;
    }
    Filter f = (Filter) c;
    if (f.negated()) sql.append("NOT ");
    sql.append('(');
    String type = columns.typeOf(f.field().name());
    switch (f.op()) {
      case "is" -> {
        field(qualifier, f.field(), columns);
        sql.append(
            switch (f.value()) {
              case "null" -> " IS NULL";
              case "not_null" -> " IS NOT NULL";
              case "true" -> " IS TRUE";
              case "false" -> " IS FALSE";
              default -> " IS UNKNOWN";
            });
      }
      case "in" -> {
        field(qualifier, f.field(), columns);
        sql.append(" = ANY (");
        untyped(pgArrayLiteral(f.values()));
        sql.append(')');
      }
      case "fts", "plfts", "phfts", "wfts" -> {
        String fn =
            switch (f.op()) {
              case "fts" -> "to_tsquery";
              case "plfts" -> "plainto_tsquery";
              case "phfts" -> "phraseto_tsquery";
              default -> "websearch_to_tsquery";
            };
        boolean tsvector = f.field().path().isEmpty() && "tsvector".equals(type);
        if (!tsvector) {
          sql.append("pg_catalog.to_tsvector(");
          if (f.modifier() != null) {
            untyped(f.modifier());
            sql.append(", ");
          }
        }
        field(qualifier, f.field(), columns);
        if (!tsvector) sql.append(')');
        sql.append(" @@ pg_catalog.").append(fn).append('(');
        if (f.modifier() != null) {
          untyped(f.modifier());
          sql.append(", ");
        }
        untyped(f.value());
        sql.append(')');
      }
      default -> {
        field(qualifier, f.field(), columns);
        sql.append(' ').append(operator(f.op())).append(' ');
        String v =
            f.op().equals("like") || f.op().equals("ilike")
                ? f.value().replace('*', '%')
                : f.value();
        if (f.modifier() != null) {
          sql.append(f.modifier().equals("any") ? "ANY (" : "ALL (");
          untyped(f.op().equals("like") || f.op().equals("ilike") ? v : f.value());
          sql.append(')');
        } else {
          untyped(v);
        }
      }
    }
    sql.append(')');
  }

  private static String operator(String op) {
    return switch (op) {
      case "eq" -> "=";
      case "neq" -> "<>";
      case "gt" -> ">";
      case "gte" -> ">=";
      case "lt" -> "<";
      case "lte" -> "<=";
      case "like" -> "LIKE";
      case "ilike" -> "ILIKE";
      case "match" -> "~";
      case "imatch" -> "~*";
      case "isdistinct" -> "IS DISTINCT FROM";
      case "cs" -> "@>";
      case "cd" -> "<@";
      case "ov" -> "&&";
      case "sl" -> "<<";
      case "sr" -> ">>";
      case "nxr" -> "&<";
      case "nxl" -> "&>";
      case "adj" -> "-|-";
      default -> throw new IllegalArgumentException("operator " + op);
    };
  }

  /**
   * {@code {"a","b \"c\""}}: every element quoted, backslash and quote escaped (PostgREST's in.()
   * encoding).
   */
  static String pgArrayLiteral(List<String> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) b.append(',');
      b.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append('}').toString();
  }
}

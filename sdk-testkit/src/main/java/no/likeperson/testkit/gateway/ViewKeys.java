package no.likeperson.testkit.gateway;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.likeperson.testkit.gateway.SchemaCache.ForeignKey;
import org.jspecify.annotations.NullUnmarked;

/**
 * Relationships of views, as PostgREST derives them: a view column that is a plain reference to a
 * base table column (followed through chains of views) carries that column's foreign keys, so a
 * view can embed and be embedded like its base tables. The origin of each view column is read from
 * the view's stored query ({@code pg_rewrite.ev_action}): the top-level target list records {@code
 * resorigtbl} / {@code resorigcol} for every column PostgreSQL could trace to a table column;
 * computed columns and columns of a {@code UNION} have none (so, as in PostgREST, such views get no
 * relationships).
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class ViewKeys {
  private ViewKeys() {}

  /**
   * A base foreign key with the attribute numbers of its columns, read from {@code pg_constraint}.
   */
  record BaseKey(ForeignKey fk, long table, int[] columns, long refTable, int[] refColumns) {}

  /**
   * A view of the exposed schemas: its column names and column origins ({oid, attnum}) by attribute
   * number.
   */
  private record View(
      String schema, String name, Map<Integer, String> names, Map<Integer, long[]> origins) {}

  /**
   * The foreign keys {@code keys} carry over to the exposed views: view to table, table to view and
   * view to view, each under the base key's name. {@code exposed}: the relations of the exposed
   * schemas by oid.
   */
  static List<ForeignKey> derive(
      Connection c, Array schemas, List<BaseKey> keys, Map<Long, SchemaCache.Relation> exposed)
      throws SQLException {
    Map<Long, View> views = views(c, schemas);
    if (views.isEmpty()) return List.of();
    primaryKeys(c, views, exposed);
    List<ForeignKey> out = new ArrayList<>();
    for (BaseKey k : keys) {
      SchemaCache.Relation table = exposed.get(k.table());
      SchemaCache.Relation ref = exposed.get(k.refTable());
      for (View v : views.values()) {
        List<String> vcols = columnsOver(views, v, k.table(), k.columns());
        if (vcols != null && ref != null) {
          out.add(
              new ForeignKey(
                  k.fk().name(),
                  v.schema(),
                  v.name(),
                  vcols,
                  ref.schema(),
                  ref.name(),
                  k.fk().refColumns(),
                  k.fk().oneToOne()));
        }
        List<String> wcols = columnsOver(views, v, k.refTable(), k.refColumns());
        if (wcols != null && table != null) {
          out.add(
              new ForeignKey(
                  k.fk().name(),
                  table.schema(),
                  table.name(),
                  k.fk().columns(),
                  v.schema(),
                  v.name(),
                  wcols,
                  k.fk().oneToOne()));
        }
      }
      for (View v : views.values()) {
        List<String> vcols = columnsOver(views, v, k.table(), k.columns());
        if (vcols == null) continue;
        for (View w : views.values()) {
          List<String> wcols = columnsOver(views, w, k.refTable(), k.refColumns());
          if (wcols != null) {
            out.add(
                new ForeignKey(
                    k.fk().name(),
                    v.schema(),
                    v.name(),
                    vcols,
                    w.schema(),
                    w.name(),
                    wcols,
                    k.fk().oneToOne()));
          }
        }
      }
    }
    return out;
  }

  /**
   * A view's primary key, as PostgREST gives it: for every base table whose whole primary key the
   * view shows, those view columns (so a view can be the join table of a many-to-many
   * relationship). Added to the (still mutable) primary key lists of {@code exposed}.
   */
  private static void primaryKeys(
      Connection c, Map<Long, View> views, Map<Long, SchemaCache.Relation> exposed)
      throws SQLException {
    List<Long> tables = new ArrayList<>();
    List<int[]> pks = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT k.conrelid, k.conkey::int[] FROM pg_catalog.pg_constraint k WHERE k.contype = 'p'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        tables.add(rs.getLong(1));
        Integer[] boxed = (Integer[]) rs.getArray(2).getArray();
        int[] cols = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) cols[i] = boxed[i];
        pks.add(cols);
      }
    }
    for (Map.Entry<Long, View> v : views.entrySet()) {
      SchemaCache.Relation rel = exposed.get(v.getKey());
      if (rel == null || !rel.primaryKey().isEmpty()) continue;
      for (int i = 0; i < tables.size(); i++) {
        List<String> cols = columnsOver(views, v.getValue(), tables.get(i), pks.get(i));
        if (cols == null) continue;
        for (String col : cols) {
          if (!rel.primaryKey().contains(col)) rel.primaryKey().add(col);
        }
      }
    }
  }

  /**
   * The view's columns over {@code table}'s attributes {@code attnums}, in their order; null unless
   * all are there.
   */
  private static List<String> columnsOver(
      Map<Long, View> views, View v, long table, int[] attnums) {
    List<String> out = new ArrayList<>();
    for (int attnum : attnums) {
      String found = null;
      for (Map.Entry<Integer, long[]> e : v.origins().entrySet()) {
        long[] base = base(views, e.getValue(), 0);
        if (base != null && base[0] == table && base[1] == attnum) {
          found = v.names().get(e.getKey());
          break;
        }
      }
      if (found == null) return null;
      out.add(found);
    }
    return out;
  }

  /** Follows an origin through views to a base relation's column. */
  private static long[] base(Map<Long, View> views, long[] origin, int depth) {
    View inner = views.get(origin[0]);
    if (inner == null) return origin;
    if (depth > 32) return null;
    long[] next = inner.origins().get((int) origin[1]);
    return next == null ? null : base(views, next, depth + 1);
  }

  private static Map<Long, View> views(Connection c, Array schemas) throws SQLException {
    Map<Long, View> views = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.oid, n.nspname, c.relname, r.ev_action::text, "
                + "ARRAY(SELECT a.attnum::int FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 "
                + "  AND NOT a.attisdropped ORDER BY a.attnum), "
                + "ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 "
                + "  AND NOT a.attisdropped ORDER BY a.attnum) "
                + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN' "
                + "WHERE c.relkind IN ('v','m') AND n.nspname = ANY(?)")) {
      ps.setArray(1, schemas);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Integer[] nums = (Integer[]) rs.getArray(5).getArray();
          String[] names = (String[]) rs.getArray(6).getArray();
          Map<Integer, String> byNum = new HashMap<>();
          for (int i = 0; i < nums.length; i++) byNum.put(nums[i], names[i]);
          views.put(
              rs.getLong(1),
              new View(rs.getString(2), rs.getString(3), byNum, origins(rs.getString(4))));
        }
      }
    }
    return views;
  }

  /**
   * Column origins from a stored view query in PostgreSQL's node-tree text: the {@code :targetList}
   * of the outermost {@code QUERY} node, each {@code TARGETENTRY}'s {@code :resno} with its {@code
   * :resorigtbl} and {@code :resorigcol} (0 when the column is not a plain table column). Nested
   * queries (subqueries, CTEs) have target lists of their own at deeper levels and are skipped.
   */
  static Map<Integer, long[]> origins(String tree) {
    Map<Integer, long[]> out = new HashMap<>();
    int depth = 0;
    int listDepth = -1; // depth of the outermost target list's parentheses once found
    Integer resno = null;
    long tbl = 0;
    boolean quoted = false;
    int n = tree.length();
    for (int i = 0; i < n; i++) {
      char ch = tree.charAt(i);
      if (ch == '\\') {
        i++;
        continue;
      }
      if (quoted) {
        if (ch == '"') quoted = false;
        continue;
      }
      switch (ch) {
        case '"' -> quoted = true;
        case '(', '{' -> depth++;
        case ')', '}' -> {
          depth--;
          if (listDepth >= 0 && depth < listDepth) return out; // end of the outermost target list
        }
        case ':' -> {
          int end = i + 1;
          while (end < n && tree.charAt(end) != ' ') end++;
          String key = tree.substring(i + 1, end);
          if (listDepth < 0) {
            // the outermost QUERY node sits at depth 2: "({QUERY ..."
            if (depth == 2 && key.equals("targetList")) listDepth = depth + 1;
          } else if (depth == listDepth + 1) {
            // a field of one TARGETENTRY of the outermost list
            String value = token(tree, end + 1);
            switch (key) {
              case "resno" -> resno = Integer.valueOf(value);
              case "resorigtbl" -> tbl = Long.parseLong(value);
              case "resorigcol" -> {
                if (resno != null && tbl != 0)
                  out.put(resno, new long[] {tbl, Long.parseLong(value)});
                resno = null;
                tbl = 0;
              }
              default -> {}
            }
          }
          i = end - 1;
        }
        default -> {}
      }
    }
    return out;
  }

  private static String token(String s, int from) {
    int end = from;
    while (end < s.length() && " ){}".indexOf(s.charAt(end)) < 0) end++;
    return s.substring(from, end);
  }
}

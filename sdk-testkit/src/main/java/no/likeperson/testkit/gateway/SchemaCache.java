package no.likeperson.testkit.gateway;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway knows about the exposed schemas, read once from the catalogs (and again on
 * {@link PostgrestGateway#reloadSchemaCache()}), so no request runs a catalog query. Every
 * identifier a request names is checked against this before it is quoted into SQL.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class SchemaCache {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaCache.class);

  record Column(String name, String type, String defaultExpr, boolean generated) {}

  /** A table or view; a view's primary key is derived from its base tables' ({@link ViewKeys}). */
  record Relation(
      String schema, String name, char kind, Map<String, Column> columns, List<String> primaryKey) {
    boolean hasColumn(String c) {
      return columns.containsKey(c);
    }
  }

  /**
   * A foreign key between two exposed relations: {@code table(columns)} references {@code
   * refTable(refColumns)}; {@code oneToOne} when its columns are a primary or unique key of their
   * table. For a view, one derived from its base table's key ({@link ViewKeys}).
   */
  record ForeignKey(
      String name,
      String schema,
      String table,
      List<String> columns,
      String refSchema,
      String refTable,
      List<String> refColumns,
      boolean oneToOne) {}

  /** One input argument of a routine. */
  record Arg(String name, String type, boolean hasDefault, boolean variadic) {}

  /**
   * {@code returnsRelation}: the exposed table or view whose row type the routine returns, else
   * null.
   */
  record Routine(
      String schema,
      String name,
      List<Arg> args,
      char volatility,
      boolean returnsSet,
      boolean returnsVoid,
      boolean returnsComposite,
      List<String> resultColumns,
      String returnsRelation,
      boolean singleRow) {
    boolean volatileFn() {
      return volatility == 'v';
    }
  }

  private final Map<String, Relation> relations; // key schema + "\0" + name
  private final Map<String, List<Routine>> routines;
  private final Set<String> typeNames;
  private final Map<String, List<String[]>> roleSettings;
  private final List<ForeignKey> foreignKeys;

  /** {@code pgrst.db_pre_request} of the connecting role: null when not set (or not read). */
  private final @Nullable String inDatabasePreRequest;

  private SchemaCache(
      Map<String, Relation> relations,
      Map<String, List<Routine>> routines,
      Set<String> typeNames,
      Map<String, List<String[]>> roleSettings,
      List<ForeignKey> foreignKeys,
      @Nullable String inDatabasePreRequest) {
    this.foreignKeys = foreignKeys;
    this.inDatabasePreRequest = inDatabasePreRequest;
    this.relations = relations;
    this.routines = routines;
    this.typeNames = typeNames;
    this.roleSettings = roleSettings;
  }

  Relation relation(String schema, String name) {
    return relations.get(schema + "\0" + name);
  }

  /** The relation a routine returns rows of ({@link Routine#returnsRelation()}), or null. */
  Relation relation(String key) {
    return key == null ? null : relations.get(key);
  }

  List<Routine> routines(String schema, String name) {
    return routines.getOrDefault(schema + "\0" + name, List.of());
  }

  /**
   * A computed field of {@code rel} (PostgREST): a function in the relation's schema with one
   * parameter of the relation's row type, returning one value (not a set); else null.
   */
  Routine computedField(Relation rel, String name) {
    for (Routine r : routines(rel.schema(), name)) {
      if (r.args().size() == 1 && !r.returnsSet() && !r.returnsVoid() && takesRow(r, rel)) {
        return r;
      }
    }
    return null;
  }

  /**
   * A computed relationship of {@code rel} (PostgREST): a function in the relation's schema with
   * one parameter of the relation's row type, returning rows of an exposed relation ({@code SETOF
   * t}: to-many, {@code SETOF t ROWS 1} or a single {@code t}: to-one); else null.
   */
  Routine computedRelationship(Relation rel, String name) {
    for (Routine r : routines(rel.schema(), name)) {
      if (r.args().size() == 1 && r.returnsRelation() != null && takesRow(r, rel)) {
        return r;
      }
    }
    return null;
  }

  private static boolean takesRow(Routine r, Relation rel) {
    String type = r.args().get(0).type();
    return type.equals(rel.schema() + "." + rel.name())
        || type.equals(SqlWriter.ident(rel.schema()) + "." + SqlWriter.ident(rel.name()));
  }

  /** Names of the functions of a schema (for PGRST202's "Perhaps you meant" hint). */
  List<String> routineNames(String schema) {
    List<String> out = new ArrayList<>();
    for (String k : routines.keySet()) {
      if (k.startsWith(schema + "\0")) out.add(k.substring(schema.length() + 1));
    }
    Collections.sort(out);
    return out;
  }

  /**
   * Type names a {@code ::cast} in a select list may use (built-in types and their SQL spellings).
   */
  boolean isKnownType(String lowerName) {
    return typeNames.contains(lowerName);
  }

  /**
   * {@code ALTER ROLE r SET k = v} settings of user context, applied per request like PostgREST
   * 11+.
   */
  List<String[]> roleSettings(String role) {
    return roleSettings.getOrDefault(role, List.of());
  }

  /** Foreign keys between exposed relations, in catalog order (constraint name, then table). */
  List<ForeignKey> foreignKeys() {
    return foreignKeys;
  }

  int relationCount() {
    return relations.size();
  }

  /**
   * The pre-request the database configures for the connecting role ({@code pgrst.db_pre_request},
   * read when {@link GatewayConfig#inDatabaseConfig()}): it overrides the configured one, as
   * PostgREST's in-database configuration does; an empty value means none.
   */
  @Nullable String preRequest(GatewayConfig config) {
    if (inDatabasePreRequest == null) {
      return config.preRequest();
    }
    return inDatabasePreRequest.isBlank() ? null : inDatabasePreRequest;
  }

  static SchemaCache load(Connection c, List<String> schemas, boolean inDatabaseConfig)
      throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (Statement st = c.createStatement()) {
        // format_type/pg_get_expr then qualify everything outside pg_catalog: safe under any
        // search_path.
        st.execute("SET LOCAL search_path = ''");
      }
      Array schemaArray = c.createArrayOf("text", schemas.toArray());
      Map<Long, Relation> byOid = new LinkedHashMap<>();
      Map<String, Relation> relations = new HashMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c "
                  + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                  + "WHERE c.relkind IN ('r','v','m','f','p') AND n.nspname = ANY(?)")) {
        ps.setArray(1, schemaArray);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Relation r =
                new Relation(
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4).charAt(0),
                    new LinkedHashMap<>(),
                    new ArrayList<>());
            byOid.put(rs.getLong(1), r);
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
                  // an identity column has no pg_attrdef row: its default is the next value of its
                  // sequence
                  // (found through pg_depend: pg_get_serial_sequence would need USAGE on the
                  // schema)
                  + "coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), CASE WHEN a.attidentity <> '' THEN "
                  + "  (SELECT pg_catalog.format('pg_catalog.nextval(%L::pg_catalog.regclass)', "
                  + "    pg_catalog.format('%I.%I', sn.nspname, s.relname)) FROM pg_catalog.pg_depend dep "
                  + "    JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S' "
                  + "    JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace "
                  + "    WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjid = a.attrelid "
                  + "    AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' LIMIT 1) END), a.attgenerated <> '' "
                  + "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                  + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                  + "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                  + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','v','m','f','p') "
                  + "AND n.nspname = ANY(?) ORDER BY a.attrelid, a.attnum")) {
        ps.setArray(1, schemaArray);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Relation r = byOid.get(rs.getLong(1));
            if (r != null) {
              r.columns()
                  .put(
                      rs.getString(2),
                      new Column(
                          rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT i.indrelid, a.attname FROM pg_catalog.pg_index i "
                  + "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
                  + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                  + "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) "
                  + "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                  + "WHERE i.indisprimary AND n.nspname = ANY(?) ORDER BY i.indrelid, k.ord")) {
        ps.setArray(1, schemaArray);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Relation r = byOid.get(rs.getLong(1));
            if (r != null) {
              r.primaryKey().add(rs.getString(2));
            }
          }
        }
      }
      // every foreign key (not only between exposed relations): a view's relationships come from
      // its base
      // tables' keys, which may live in a schema that is not exposed (PostgREST's allM2OandO2ORels)
      List<ForeignKey> foreignKeys = new ArrayList<>();
      List<ViewKeys.BaseKey> baseKeys = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT k.conname, ns.nspname, cs.relname, "
                  + "ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o) "
                  + "  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o), "
                  + "nt.nspname, ct.relname, "
                  + "ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o) "
                  + "  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o), "
                  + "k.conrelid, k.conkey::int[], k.confrelid, k.confkey::int[], "
                  + "EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = k.conrelid AND i.indisunique "
                  + "  AND i.indpred IS NULL AND i.indkey::int2[] @> k.conkey AND i.indkey::int2[] <@ k.conkey) "
                  + "FROM pg_catalog.pg_constraint k "
                  + "JOIN pg_catalog.pg_class cs ON cs.oid = k.conrelid JOIN pg_catalog.pg_namespace ns ON ns.oid = cs.relnamespace "
                  + "JOIN pg_catalog.pg_class ct ON ct.oid = k.confrelid JOIN pg_catalog.pg_namespace nt ON nt.oid = ct.relnamespace "
                  + "WHERE k.contype = 'f' AND k.conparentid = 0 ORDER BY k.conname, cs.relname")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ForeignKey fk =
                new ForeignKey(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    List.of((String[]) rs.getArray(4).getArray()),
                    rs.getString(5),
                    rs.getString(6),
                    List.of((String[]) rs.getArray(7).getArray()),
                    rs.getBoolean(12));
            if (byOid.containsKey(rs.getLong(8)) && byOid.containsKey(rs.getLong(10))) {
              foreignKeys.add(fk);
            }
            baseKeys.add(
                new ViewKeys.BaseKey(
                    fk,
                    rs.getLong(8),
                    ints(rs.getArray(9)),
                    rs.getLong(10),
                    ints(rs.getArray(11))));
          }
        }
      }
      foreignKeys.addAll(ViewKeys.derive(c, schemaArray, baseKeys, byOid));
      // frozen after the views got their primary keys from their base tables
      for (Relation r : byOid.values()) {
        relations.put(
            r.schema() + "\0" + r.name(),
            new Relation(
                r.schema(),
                r.name(),
                r.kind(),
                Collections.unmodifiableMap(r.columns()),
                List.copyOf(r.primaryKey())));
      }

      Map<String, List<Routine>> routines = new HashMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT n.nspname, p.proname, p.provolatile, p.proretset, p.provariadic <> 0, "
                  + "p.prorettype = 'pg_catalog.void'::pg_catalog.regtype, t.typtype, "
                  + "ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid "
                  + "  AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), "
                  + "p.pronargdefaults, "
                  + "ARRAY(SELECT pg_catalog.format_type(x, NULL) FROM unnest(coalesce(p.proallargtypes, "
                  + "  p.proargtypes::pg_catalog.oid[])) WITH ORDINALITY u(x, i) ORDER BY i), "
                  + "p.proargmodes::text[], p.proargnames, t.typrelid, p.prorows "
                  + "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                  + "JOIN pg_catalog.pg_type t ON t.oid = p.prorettype "
                  + "WHERE n.nspname = ANY(?) AND p.prokind = 'f' "
                  + "AND p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype")) {
        ps.setArray(1, schemaArray);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Relation ret = byOid.get(rs.getLong(13));
            Routine r = routine(rs, ret == null ? null : ret.schema() + "\0" + ret.name());
            routines.computeIfAbsent(r.schema() + "\0" + r.name(), k -> new ArrayList<>()).add(r);
          }
        }
      }

      Set<String> types =
          new HashSet<>(
              List.of(
                  "int",
                  "integer",
                  "bigint",
                  "smallint",
                  "boolean",
                  "real",
                  "double precision",
                  "decimal",
                  "character varying",
                  "character",
                  "timestamp with time zone",
                  "timestamp without time zone",
                  "time with time zone",
                  "time without time zone"));
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT t.typname FROM pg_catalog.pg_type t "
                      + "WHERE t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace AND t.typtype IN ('b','d','e','r','m') "
                      + "AND t.typname !~ '^_' AND t.typname !~ '^pg_'")) {
        while (rs.next()) {
          types.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }

      Map<String, List<String[]>> roleSettings = new HashMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT r.rolname, s.kv[1], s.kv[2] FROM pg_catalog.pg_roles r "
                      + "CROSS JOIN LATERAL (SELECT pg_catalog.regexp_match(x, '^([^=]+)=(.*)$') kv "
                      + "  FROM unnest(r.rolconfig) x) s "
                      + "JOIN pg_catalog.pg_settings g ON g.name = s.kv[1] AND g.context = 'user' "
                      + "WHERE r.rolconfig IS NOT NULL")) {
        while (rs.next()) {
          roleSettings
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new String[] {rs.getString(2), rs.getString(3)});
        }
      }
      String preRequest = inDatabaseConfig ? inDatabasePreRequest(c) : null;
      c.commit();
      Map<String, List<Routine>> frozen = new HashMap<>();
      routines.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new SchemaCache(
          Map.copyOf(relations),
          Map.copyOf(frozen),
          Set.copyOf(types),
          Map.copyOf(roleSettings),
          List.copyOf(foreignKeys),
          preRequest);
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * The connecting role's {@code pgrst.db_pre_request}, the setting for this database winning over
   * the one for all databases, as PostgREST reads it; null when neither is set. A malformed name is
   * left out with a warning (the configured pre-request stays), rather than failing every request.
   */
  private static @Nullable String inDatabasePreRequest(Connection c) throws SQLException {
    String value = null;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT substr(kv, length('pgrst.db_pre_request=') + 1)"
                    + " FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) kv"
                    + " WHERE s.setrole = (SELECT oid FROM pg_catalog.pg_roles"
                    + " WHERE rolname = current_user)"
                    + " AND s.setdatabase IN (0, (SELECT oid FROM pg_catalog.pg_database"
                    + " WHERE datname = current_database()))"
                    + " AND kv LIKE 'pgrst.db\\_pre\\_request=%'"
                    + " ORDER BY s.setdatabase")) {
      while (rs.next()) {
        value = rs.getString(1).strip(); // the database's own setting comes last and wins
      }
    }
    if (value != null && !value.isEmpty() && PreRequest.parts(value) == null) {
      LOG.warn("ignoring pgrst.db_pre_request '{}': not function or schema.function", value);
      return null;
    }
    return value;
  }

  private static int[] ints(Array a) throws SQLException {
    Integer[] boxed = (Integer[]) a.getArray();
    int[] out = new int[boxed.length];
    for (int i = 0; i < boxed.length; i++) out[i] = boxed[i];
    return out;
  }

  private static Routine routine(ResultSet rs, String relationKey) throws SQLException {
    String schema = rs.getString(1);
    String name = rs.getString(2);
    char vol = rs.getString(3).charAt(0);
    boolean retset = rs.getBoolean(4);
    boolean variadic = rs.getBoolean(5);
    boolean isVoid = rs.getBoolean(6);
    char typtype = rs.getString(7).charAt(0);
    String[] typeCols = (String[]) rs.getArray(8).getArray();
    int nDefaults = rs.getInt(9);
    String[] types = (String[]) rs.getArray(10).getArray();
    Array modesArr = rs.getArray(11);
    String[] modes = modesArr == null ? null : (String[]) modesArr.getArray();
    Array namesArr = rs.getArray(12);
    String[] names = namesArr == null ? null : (String[]) namesArr.getArray();

    List<Arg> inputs = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      String mode = modes == null ? "i" : modes[i];
      String argName = names == null || i >= names.length ? "" : names[i];
      if (mode.equals("i") || mode.equals("b") || mode.equals("v")) {
        inputs.add(new Arg(argName, types[i], false, mode.equals("v")));
      }
      if (mode.equals("o") || mode.equals("b") || mode.equals("t")) {
        outNames.add(argName);
      }
    }
    List<Arg> args = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Arg a = inputs.get(i);
      args.add(
          new Arg(
              a.name(),
              a.type(),
              i >= inputs.size() - nDefaults,
              a.variadic() || (variadic && i == inputs.size() - 1)));
    }
    boolean composite = typtype == 'c' || !outNames.isEmpty();
    List<String> resultColumns =
        !outNames.isEmpty() ? outNames : typtype == 'c' ? List.of(typeCols) : List.of();
    String returnsRelation = outNames.isEmpty() ? relationKey : null;
    return new Routine(
        schema,
        name,
        List.copyOf(args),
        vol,
        retset,
        isVoid,
        composite,
        List.copyOf(resultColumns),
        returnsRelation,
        !retset || rs.getFloat(14) == 1f);
  }
}

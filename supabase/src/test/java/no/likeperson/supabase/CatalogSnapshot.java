package no.likeperson.supabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Everything a migration can change, read from the catalog as sorted text lines with no OIDs in
 * them, so two snapshots of equal schemas are equal and a difference reads as a diff: schemas,
 * relations (kind, owner, RLS flags, options, ACL), columns (position among live columns, type,
 * default, not null, generated/identity, ACL), constraints, indexes, policies, functions and
 * procedures (full definition incl. SECURITY DEFINER and SET search_path, owner, ACL), triggers
 * (definition and enabled state), view definitions, rules, sequences, types (enum labels, domains),
 * extensions, comments, default privileges. System schemas are left out.
 */
final class CatalogSnapshot {

  private static final String USER_SCHEMA =
      "%s not in ('pg_catalog', 'information_schema', 'pg_toast') and %s not like 'pg_temp%%' "
          + "and %s not like 'pg_toast_temp%%'";

  private static String userSchema(String column) {
    return String.format(USER_SCHEMA, column, column, column);
  }

  private static final String SQL =
      String.join(
          "\nunion all\n",
          // schemas
          "select 'schema ' || n.nspname || ' owner=' || pg_get_userbyid(n.nspowner) || ' acl='"
              + " || coalesce(n.nspacl::text, '-') from pg_namespace n where "
              + userSchema("n.nspname"),
          // relations
          "select 'relation ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' owner='"
              + " || pg_get_userbyid(c.relowner) || ' rls=' || c.relrowsecurity || ' force=' || c.relforcerowsecurity"
              + " || ' persistence=' || c.relpersistence::text || ' options=' || coalesce(c.reloptions::text, '-')"
              + " || ' acl=' || coalesce(c.relacl::text, '-')"
              + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
              + " where c.relkind in ('r','p','v','m','f','S','c') and "
              + userSchema("n.nspname"),
          // columns
          "select 'column ' || n.nspname || '.' || c.relname || '#' || row_number() over (partition by c.oid order by a.attnum)"
              + " || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull"
              + " || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' generated=' || a.attgenerated::text"
              + " || ' identity=' || a.attidentity::text || ' collation=' || coalesce(co.collname, '-')"
              + " || ' acl=' || coalesce(a.attacl::text, '-')"
              + " from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace"
              + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
              + " left join pg_collation co on co.oid = a.attcollation and a.attcollation <> 100"
              + " where a.attnum > 0 and not a.attisdropped and c.relkind in ('r','p','v','m','f','c')"
              + " and "
              + userSchema("n.nspname"),
          // constraints (tables and domains)
          "select 'constraint ' || n.nspname || '.' || coalesce(c.relname, t.typname) || '.' || k.conname"
              + " || ' ' || pg_get_constraintdef(k.oid) || ' deferrable=' || k.condeferrable || ' validated=' || k.convalidated"
              + " from pg_constraint k join pg_namespace n on n.oid = k.connamespace"
              + " left join pg_class c on c.oid = k.conrelid left join pg_type t on t.oid = k.contypid"
              + " where "
              + userSchema("n.nspname"),
          // indexes
          "select 'index ' || pg_get_indexdef(i.indexrelid) || ' valid=' || i.indisvalid"
              + " from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace"
              + " where "
              + userSchema("n.nspname"),
          // policies
          "select 'policy ' || p.schemaname || '.' || p.tablename || '.' || p.policyname || ' ' || p.permissive"
              + " || ' ' || p.cmd || ' to=' || p.roles::text || ' using=' || coalesce(p.qual, '-')"
              + " || ' check=' || coalesce(p.with_check, '-') from pg_policies p",
          // functions and procedures: the full definition says volatility, security, config and
          // body
          "select 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)"
              + " || ') kind=' || p.prokind::text || ' owner=' || pg_get_userbyid(p.proowner) || ' acl='"
              + " || coalesce(p.proacl::text, '-') || E'\\n' || case when p.prokind in ('a') then '-'"
              + " else pg_get_functiondef(p.oid) end"
              + " from pg_proc p join pg_namespace n on n.oid = p.pronamespace where "
              + userSchema("n.nspname"),
          // triggers
          "select 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text"
              + " from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace"
              + " where not t.tgisinternal and "
              + userSchema("n.nspname"),
          // views and materialized views
          "select 'viewdef ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid)"
              + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
              + " where c.relkind in ('v','m') and "
              + userSchema("n.nspname"),
          // rules other than a view's own
          "select 'rule ' || pg_get_ruledef(r.oid) from pg_rewrite r join pg_class c on c.oid = r.ev_class"
              + " join pg_namespace n on n.oid = c.relnamespace where r.rulename <> '_RETURN' and "
              + userSchema("n.nspname"),
          // sequences
          "select 'sequence ' || n.nspname || '.' || c.relname || ' ' || format_type(s.seqtypid, null) || ' start='"
              + " || s.seqstart || ' inc=' || s.seqincrement || ' min=' || s.seqmin || ' max=' || s.seqmax"
              + " || ' cycle=' || s.seqcycle from pg_sequence s join pg_class c on c.oid = s.seqrelid"
              + " join pg_namespace n on n.oid = c.relnamespace where "
              + userSchema("n.nspname"),
          // types that are not a relation's row type or an array
          "select 'type ' || n.nspname || '.' || t.typname || ' typtype=' || t.typtype::text || ' base='"
              + " || coalesce(format_type(nullif(t.typbasetype, 0), t.typtypmod), '-') || ' labels='"
              + " || coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e"
              + " where e.enumtypid = t.oid), '-') || ' owner=' || pg_get_userbyid(t.typowner)"
              + " || ' acl=' || coalesce(t.typacl::text, '-')"
              + " from pg_type t join pg_namespace n on n.oid = t.typnamespace"
              + " where (t.typtype in ('e','d','r','m') or (t.typtype = 'c' and exists (select from pg_class c"
              + " where c.oid = t.typrelid and c.relkind = 'c'))) and "
              + userSchema("n.nspname"),
          // extensions
          "select 'extension ' || e.extname || ' ' || e.extversion || ' schema=' || n.nspname"
              + " from pg_extension e join pg_namespace n on n.oid = e.extnamespace",
          // comments on relations, columns, functions, types, schemas, policies, triggers,
          // constraints
          "select 'comment ' || d.classoid::regclass::text || ' ' || coalesce("
              + " pg_describe_object(d.classoid, d.objoid, d.objsubid), '?') || ' = ' || d.description"
              + " from pg_description d where d.classoid in ('pg_class'::regclass, 'pg_proc'::regclass,"
              + " 'pg_type'::regclass, 'pg_namespace'::regclass, 'pg_policy'::regclass, 'pg_trigger'::regclass,"
              + " 'pg_constraint'::regclass) and coalesce(pg_describe_object(d.classoid, d.objoid, d.objsubid), '')"
              + " !~ '^(function|type|table|view|index|schema|column|sequence) (pg_catalog|information_schema)\\.'"
              + " and d.objoid >= 16384",
          // default privileges
          "select 'default_acl ' || pg_get_userbyid(a.defaclrole) || ' ' || coalesce(n.nspname, '*') || ' '"
              + " || a.defaclobjtype::text || ' ' || a.defaclacl::text"
              + " from pg_default_acl a left join pg_namespace n on n.oid = a.defaclnamespace");

  private final List<String> lines;

  private CatalogSnapshot(List<String> lines) {
    this.lines = List.copyOf(lines);
  }

  /** Takes a snapshot over a new connection from the data source (superuser). */
  static CatalogSnapshot take(DataSource ds) throws SQLException {
    Objects.requireNonNull(ds, "ds == null");
    try (Connection c = ds.getConnection()) {
      return take(c);
    }
  }

  /** Takes a snapshot over the given connection (inside its current transaction, if any). */
  static CatalogSnapshot take(Connection c) throws SQLException {
    TreeSet<String> sorted = new TreeSet<>();
    List<String> duplicates = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(SQL)) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (line != null && !sorted.add(line)) {
          duplicates.add(line);
        }
      }
    }
    List<String> all = new ArrayList<>(sorted);
    all.addAll(duplicates);
    all.sort(null);
    return new CatalogSnapshot(all);
  }

  List<String> lines() {
    return lines;
  }

  /** Only the lines the predicate keeps. */
  CatalogSnapshot filter(java.util.function.Predicate<String> keep) {
    return new CatalogSnapshot(lines.stream().filter(keep).toList());
  }

  /** Every line rewritten (e.g. to normalise an owner name). */
  CatalogSnapshot map(java.util.function.UnaryOperator<String> f) {
    List<String> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      out.add(f.apply(l));
    }
    out.sort(null);
    return new CatalogSnapshot(out);
  }

  /** Lines only in this snapshot ("-") and only in the other ("+"), empty when equal. */
  String diff(CatalogSnapshot after) {
    TreeSet<String> before = new TreeSet<>(lines);
    TreeSet<String> now = new TreeSet<>(after.lines);
    StringBuilder out = new StringBuilder();
    for (String l : before) {
      if (!now.contains(l)) {
        out.append("- ").append(l).append('\n');
      }
    }
    for (String l : now) {
      if (!before.contains(l)) {
        out.append("+ ").append(l).append('\n');
      }
    }
    if (out.length() == 0 && !lines.equals(after.lines)) {
      out.append("(same lines, different multiplicity)\n");
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CatalogSnapshot && ((CatalogSnapshot) o).lines.equals(lines);
  }

  @Override
  public int hashCode() {
    return lines.hashCode();
  }

  @Override
  public String toString() {
    return "CatalogSnapshot{" + lines.size() + " lines}";
  }
}

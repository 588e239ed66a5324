package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.likeperson.testkit.gateway.QueryGrammar.Embed;
import no.likeperson.testkit.gateway.SchemaCache.ForeignKey;
import no.likeperson.testkit.gateway.SchemaCache.Relation;
import no.likeperson.testkit.gateway.SchemaCache.Routine;
import org.jspecify.annotations.NullUnmarked;

/**
 * Finds the relationship an embedded resource names, as PostgREST does: a computed relationship (a
 * function of the source's row type returning rows of an exposed relation) of that name first, it
 * overrides what foreign keys would give; else the foreign keys between the two relations (views
 * carry their base tables' keys, {@link ViewKeys}), disambiguated by a hint. PGRST200 when there is
 * none, PGRST201 when more than one is left.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class Relationships {

  /**
   * A relationship from a source relation to an embedded one. {@code junction} only for
   * many-to-many; {@code function} only for a computed relationship (then {@code fk} is null).
   */
  record Relationship(
      String cardinality,
      ForeignKey fk,
      boolean forward,
      Relation junction,
      ForeignKey junctionTarget,
      Relation source,
      Relation target,
      Routine function) {
    boolean toOne() {
      return cardinality.equals("many-to-one") || cardinality.equals("one-to-one");
    }
  }

  private final SchemaCache cache;

  Relationships(SchemaCache cache) {
    this.cache = cache;
  }

  /**
   * The one relationship {@code e} names from {@code source} (PGRST200 none, PGRST201 more than
   * one).
   */
  Relationship resolve(Relation source, Embed e) {
    Routine fn = cache.computedRelationship(source, e.name());
    if (fn != null) {
      // PostgREST keys relationships by (table, target name): the function's entry replaces the
      // foreign keys'
      return new Relationship(
          fn.singleRow() ? "many-to-one" : "one-to-many",
          null,
          true,
          null,
          null,
          source,
          cache.relation(fn.returnsRelation()),
          fn);
    }
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
      throw new GatewayException(
          400,
          "PGRST200",
          "Could not find a relationship between '"
              + source.name()
              + "' and '"
              + e.name()
              + "' in the schema cache",
          "Searched for a foreign key relationship between '"
              + source.name()
              + "' and '"
              + e.name()
              + "'"
              + using
              + " in the schema '"
              + source.schema()
              + "', but no matches were found.",
          null);
    }
    ArrayNode details = JsonNodeFactory.instance.arrayNode();
    List<String> options = new ArrayList<>();
    for (Relationship r : matching) {
      ObjectNode o = details.addObject();
      o.put("cardinality", r.cardinality());
      o.put("embedding", source.name() + " with " + target.name());
      if (r.junction() != null) {
        o.put(
            "relationship",
            r.junction().name()
                + " using "
                + r.fk().name()
                + list(r.fk().columns())
                + " and "
                + r.junctionTarget().name()
                + list(r.junctionTarget().columns()));
        options.add("'" + e.name() + "!" + r.junction().name() + "'");
      } else {
        List<String> sourceCols = r.forward() ? r.fk().columns() : r.fk().refColumns();
        List<String> targetCols = r.forward() ? r.fk().refColumns() : r.fk().columns();
        o.put(
            "relationship",
            r.fk().name()
                + " using "
                + source.name()
                + list(sourceCols)
                + " and "
                + target.name()
                + list(targetCols));
        options.add("'" + e.name() + "!" + r.fk().name() + "'");
      }
    }
    throw new GatewayException(
            300,
            "PGRST201",
            "Could not embed because more than one relationship was found for '"
                + source.name()
                + "' and '"
                + e.name()
                + "'",
            null,
            "Try changing '"
                + e.name()
                + "' to one of the following: "
                + String.join(", ", options)
                + ". Find the desired relationship in the 'details' key.")
        .details(details);
  }

  private static String list(List<String> cols) {
    return "(" + String.join(", ", cols) + ")";
  }

  private List<Relationship> candidates(Relation s, Relation t) {
    List<Relationship> out = new ArrayList<>();
    Map<String, List<ForeignKey>> byTable = new LinkedHashMap<>();
    for (ForeignKey fk : cache.foreignKeys()) {
      if (refersTo(fk, s, true) && refersTo(fk, t, false)) {
        out.add(
            new Relationship(
                fk.oneToOne() ? "one-to-one" : "many-to-one", fk, true, null, null, s, t, null));
      }
      if (refersTo(fk, t, true) && refersTo(fk, s, false)) {
        out.add(
            new Relationship(
                fk.oneToOne() ? "one-to-one" : "one-to-many", fk, false, null, null, s, t, null));
      }
      byTable.computeIfAbsent(fk.schema() + "\0" + fk.table(), k -> new ArrayList<>()).add(fk);
    }
    for (List<ForeignKey> fks : byTable.values()) {
      Relation j = cache.relation(fks.get(0).schema(), fks.get(0).table());
      if (j == null) continue;
      for (ForeignKey a : fks) {
        for (ForeignKey b : fks) {
          if (a != b
              && refersTo(a, s, false)
              && refersTo(b, t, false)
              && j.primaryKey().containsAll(a.columns())
              && j.primaryKey().containsAll(b.columns())) {
            out.add(new Relationship("many-to-many", a, false, j, b, s, t, null));
          }
        }
      }
    }
    return out;
  }

  /** {@code side}: the FK's own table ({@code true}) or the table it references. */
  private static boolean refersTo(ForeignKey fk, Relation r, boolean side) {
    return side
        ? fk.schema().equals(r.schema()) && fk.table().equals(r.name())
        : fk.refSchema().equals(r.schema()) && fk.refTable().equals(r.name());
  }

  private static boolean matchesHint(Relationship r, String hint) {
    if (r.junction() != null) {
      return hint.equals(r.junction().name())
          || hint.equals(r.fk().name())
          || hint.equals(r.junctionTarget().name());
    }
    ForeignKey fk = r.fk();
    if (fk.columns().size() != 1) {
      return hint.equals(fk.name());
    }
    if (r.source().equals(r.target())) {
      // a self-reference is both directions of one key: the referencing column picks the to-one
      // side
      // (parent_id: the parent), the referenced column the to-many side (id: the children)
      return hint.equals(r.forward() ? fk.columns().get(0) : fk.refColumns().get(0));
    }
    return hint.equals(fk.name())
        || hint.equals(fk.columns().get(0))
        || hint.equals(fk.refColumns().get(0));
  }
}

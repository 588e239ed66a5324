package no.likeperson.testkit.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.likeperson.testkit.gateway.QueryGrammar.Condition;
import no.likeperson.testkit.gateway.QueryGrammar.Field;
import no.likeperson.testkit.gateway.QueryGrammar.OrderTerm;
import no.likeperson.testkit.gateway.QueryGrammar.ParseFailure;
import no.likeperson.testkit.gateway.QueryGrammar.SelectItem;
import org.jspecify.annotations.NullUnmarked;

/**
 * The query string split into PostgREST's reserved parameters, filters and (for GET /rpc)
 * arguments.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class QueryParams {
  static final List<SelectItem> STAR = List.of(new SelectItem(true, null, null, null));

  List<SelectItem> select = STAR;
  boolean explicitSelect;
  List<String> columns;
  List<String> onConflict;
  List<OrderTerm> order = List.of();
  Long limit;
  long offset;
  boolean limitGiven;
  boolean offsetGiven;
  final List<Condition> conditions = new ArrayList<>();
  final Map<String, List<String>> args = new LinkedHashMap<>();

  /**
   * Filters, order, limit and offset of embedded resources, by dotted path ({@code clients}, {@code
   * clients.projects}).
   */
  final Map<String, Nested> embedded = new LinkedHashMap<>();

  /** Aggregates in the top-level select list / inside embedded resources. */
  boolean aggregates;

  boolean nestedAggregates;

  /**
   * Refuses aggregates where they cannot be served: PGRST123 while they are disabled (PostgREST's
   * {@code db-aggregates-enabled = false}), PGRST127 where the gateway has no GROUP BY for them.
   * The top-level select of a read, of an RPC's rows and of a write's representation is grouped
   * like PostgREST's read plan, which all three share; inside embedded resources only a read
   * groups.
   */
  void checkAggregates(GatewayConfig config, boolean nestedAllowed) {
    if (!aggregates && !nestedAggregates) return;
    if (!config.aggregatesEnabled()) throw QueryGrammar.aggregates();
    if (nestedAggregates && !nestedAllowed) {
      throw GatewayException.notImplemented(
          "aggregates inside embedded resources are only supported in the select of a read");
    }
  }

  private static boolean anyAggregate(List<SelectItem> items) {
    for (SelectItem i : items) {
      if (i.aggregate() != null) return true;
    }
    return false;
  }

  private static boolean nestedAggregate(List<SelectItem> items) {
    for (SelectItem i : items) {
      if (i.embed() != null
          && (anyAggregate(i.embed().select()) || nestedAggregate(i.embed().select()))) return true;
    }
    return false;
  }

  /**
   * {@code <path>.<column>=...}, {@code <path>.order}, {@code <path>.limit}, {@code <path>.offset},
   * {@code <path>.or}.
   */
  static final class Nested {
    final List<Condition> conditions = new ArrayList<>();
    List<OrderTerm> order = List.of();
    Long limit;
    Long offset;
  }

  static QueryParams parse(List<String[]> query, boolean rpcGet) {
    QueryParams p = new QueryParams();
    try {
      for (String[] kv : query) {
        String k = kv[0];
        String v = kv[1];
        String last = k.contains(".") ? k.substring(k.lastIndexOf('.') + 1) : k;
        switch (k) {
          case "select" -> {
            if (!v.isEmpty()) {
              p.select = QueryGrammar.parseSelect(v);
              p.aggregates = anyAggregate(p.select);
              p.nestedAggregates = nestedAggregate(p.select);
              p.explicitSelect = true;
            }
            continue;
          }
          case "columns" -> {
            p.columns = names(v);
            continue;
          }
          case "on_conflict" -> {
            p.onConflict = names(v);
            continue;
          }
          case "order" -> {
            if (!v.isEmpty()) p.order = QueryGrammar.parseOrder(v);
            continue;
          }
          case "limit" -> {
            p.limitGiven = true;
            try {
              p.limit = Long.parseLong(v);
            } catch (NumberFormatException e) {
              p.limit = null; // PostgREST ignores what readMaybe cannot read
            }
            if (p.limit != null && p.limit < 0) {
              throw GatewayException.range("Limit should be greater than or equal to zero.");
            }
            continue;
          }
          case "offset" -> {
            try {
              long o = Long.parseLong(v);
              if (o >= 0) {
                p.offset = o;
                p.offsetGiven = true;
              }
            } catch (NumberFormatException e) {
              // ignored like PostgREST's readMaybe
            }
            continue;
          }
          case "or", "and", "not.or", "not.and" -> {
            p.conditions.add(QueryGrammar.parseTree(k.startsWith("not."), last.equals("or"), v));
            continue;
          }
          default -> {}
        }
        int dot = lastUnquotedDot(k);
        if (dot > 0) {
          embeddedParam(p, k, v);
          continue;
        }
        if (Set.of("order", "limit", "offset", "or", "and", "select").contains(last)) {
          throw GatewayException.notImplemented("Unsupported parameter: " + k);
        }
        if (rpcGet && !QueryGrammar.looksLikeFilter(v)) {
          p.args.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
          continue;
        }
        if (v.isEmpty()) {
          continue;
        }
        Field f = QueryGrammar.parseKey(k);
        p.conditions.add(QueryGrammar.parseFilter(f, v));
      }
    } catch (ParseFailure e) {
      throw e.toGateway();
    }
    return p;
  }

  private static int lastUnquotedDot(String k) {
    boolean quote = false;
    int last = -1;
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c == '"') quote = !quote;
      if (c == '.' && !quote) last = i;
    }
    return last;
  }

  /**
   * A parameter of an embedded resource; the path is checked against the select list later
   * (PGRST108).
   */
  private static void embeddedParam(QueryParams p, String k, String v) throws ParseFailure {
    String path = k.substring(0, lastUnquotedDot(k));
    String word = k.substring(path.length() + 1);
    boolean negatedTree = false;
    if (path.endsWith(".not") && (word.equals("or") || word.equals("and"))) {
      path = path.substring(0, path.length() - 4);
      negatedTree = true;
    }
    Nested n = p.embedded.computeIfAbsent(path, x -> new Nested());
    switch (word) {
      case "order" -> {
        if (!v.isEmpty()) n.order = QueryGrammar.parseOrder(v);
      }
      case "limit" -> {
        try {
          n.limit = Long.parseLong(v);
        } catch (NumberFormatException e) {
          n.limit = null;
        }
        if (n.limit != null && n.limit < 0) {
          throw GatewayException.range("Limit should be greater than or equal to zero.");
        }
      }
      case "offset" -> {
        try {
          long o = Long.parseLong(v);
          n.offset = o >= 0 ? o : null;
        } catch (NumberFormatException e) {
          n.offset = null;
        }
      }
      case "or", "and" ->
          n.conditions.add(QueryGrammar.parseTree(negatedTree, word.equals("or"), v));
      case "select" -> throw GatewayException.notImplemented("Unsupported parameter: " + k);
      default -> {
        if (!v.isEmpty())
          n.conditions.add(QueryGrammar.parseFilter(QueryGrammar.parseKey(word), v));
      }
    }
  }

  static List<String> names(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      String t = s.trim();
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\""))
        t = t.substring(1, t.length() - 1);
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }
}

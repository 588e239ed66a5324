package no.likeperson.testkit.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.NullUnmarked;

/**
 * PostgREST's URL grammar (reference §3.1-§3.4) for the subset the gateway serves: fields with JSON
 * paths, horizontal filters, logic trees, select lists and order terms. Pure parsing: nothing here
 * touches SQL; {@link SqlWriter} checks every name against the schema cache before quoting it.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class QueryGrammar {
  private QueryGrammar() {}

  /** One step of a JSON path: {@code ->key}, {@code ->>key}, {@code ->0}. */
  record JsonStep(boolean asText, String key, Integer index) {}

  record Field(String name, List<JsonStep> path) {
    /** The output name PostgREST gives a selected field: the last JSON key, else the column. */
    String outputName() {
      if (path.isEmpty()) {
        return name;
      }
      JsonStep last = path.get(path.size() - 1);
      return last.index() != null ? name : last.key();
    }
  }

  /**
   * An embedded resource in a select list: {@code [alias:]name[!hint][!inner|!left](select)} or the
   * spread {@code ...name[!hint](select)}.
   */
  record Embed(String name, String hint, boolean inner, boolean spread, List<SelectItem> select) {}

  /**
   * A column ({@code field}), {@code *}, an embedded resource ({@code embed}), or an aggregate
   * ({@code aggregate}: sum, avg, max, min, count; {@code field} null for {@code count()}; {@code
   * cast} then applies to the aggregate's result).
   */
  record SelectItem(
      boolean star, String alias, Field field, String cast, Embed embed, String aggregate) {
    SelectItem(boolean star, String alias, Field field, String cast) {
      this(star, alias, field, cast, null, null);
    }

    SelectItem(boolean star, String alias, Field field, String cast, Embed embed) {
      this(star, alias, field, cast, embed, null);
    }

    /**
     * The key of an embedded resource in the response and in dotted parameters: alias, else name.
     */
    String embedKey() {
      return alias != null ? alias : embed.name();
    }
  }

  /**
   * {@code field[.asc|.desc][.nullsfirst|.nullslast]}; {@code relation} is set for PostgREST's
   * related order {@code rel(field)}: the field is then a column of the embedded (to-one) resource
   * {@code rel}.
   */
  record OrderTerm(Field field, Boolean descending, Boolean nullsFirst, String relation) {
    OrderTerm(Field field, Boolean descending, Boolean nullsFirst) {
      this(field, descending, nullsFirst, null);
    }
  }

  sealed interface Condition permits Filter, Tree {}

  /** {@code field=[not.]op[(modifier)].value}; {@code values} is set for {@code in}. */
  record Filter(
      Field field, boolean negated, String op, String modifier, String value, List<String> values)
      implements Condition {}

  record Tree(boolean negated, boolean or, List<Condition> children) implements Condition {}

  static final Set<String> OPERATORS =
      Set.of(
          "eq",
          "neq",
          "gt",
          "gte",
          "lt",
          "lte",
          "like",
          "ilike",
          "match",
          "imatch",
          "in",
          "is",
          "isdistinct",
          "cs",
          "cd",
          "ov",
          "sl",
          "sr",
          "nxr",
          "nxl",
          "adj",
          "fts",
          "plfts",
          "phfts",
          "wfts");
  private static final Set<String> QUANTIFIABLE =
      Set.of("eq", "like", "ilike", "gt", "gte", "lt", "lte", "match", "imatch");
  private static final Set<String> FTS = Set.of("fts", "plfts", "phfts", "wfts");
  private static final Set<String> IS_VALUES =
      Set.of("null", "not_null", "true", "false", "unknown");
  private static final Set<String> AGGREGATES = Set.of("sum", "avg", "max", "min", "count");

  /** Thrown when a value does not follow the grammar; becomes PGRST100. */
  static final class ParseFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final String details;

    ParseFailure(String message, String details) {
      super(message, null, false, false);
      this.details = details;
    }

    GatewayException toGateway() {
      return GatewayException.parse(getMessage(), details);
    }
  }

  // ---------------------------------------------------------------- cursor

  private static final class Cursor {
    final String s;
    int i;
    final String what;

    /** Nesting depth of logic trees, bounded so a hostile query cannot overflow the stack. */
    int depth;

    Cursor(String s, String what) {
      this.s = s;
      this.what = what;
    }

    boolean end() {
      return i >= s.length();
    }

    char peek() {
      return s.charAt(i);
    }

    boolean startsWith(String p) {
      return s.startsWith(p, i);
    }

    ParseFailure fail(String expecting) {
      String unexpected = end() ? "end of input" : "\"" + s.charAt(i) + "\"";
      return new ParseFailure(
          "\"failed to parse " + what + " (" + s + ")\" (line 1, column " + (i + 1) + ")",
          "unexpected " + unexpected + " expecting " + expecting);
    }
  }

  // ---------------------------------------------------------------- names and fields

  private static boolean nameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == ' ';
  }

  /**
   * An identifier: "quoted" (backslash escapes) or name characters joined by '-' not followed by
   * '>'.
   */
  private static String name(Cursor c) throws ParseFailure {
    if (!c.end() && c.peek() == '"') {
      return quoted(c);
    }
    int start = c.i;
    while (!c.end()) {
      char ch = c.peek();
      if (nameChar(ch)) {
        c.i++;
      } else if (ch == '-' && !c.startsWith("->") && c.i > start) {
        c.i++;
      } else {
        break;
      }
    }
    if (c.i == start) {
      throw c.fail("field name");
    }
    return c.s.substring(start, c.i);
  }

  private static String quoted(Cursor c) throws ParseFailure {
    c.i++; // opening quote
    StringBuilder b = new StringBuilder();
    while (!c.end()) {
      char ch = c.peek();
      if (ch == '\\' && c.i + 1 < c.s.length()) {
        b.append(c.s.charAt(c.i + 1));
        c.i += 2;
      } else if (ch == '"') {
        c.i++;
        return b.toString();
      } else {
        b.append(ch);
        c.i++;
      }
    }
    throw c.fail("closing quote");
  }

  private static Field field(Cursor c) throws ParseFailure {
    String n = name(c);
    List<JsonStep> path = new ArrayList<>();
    while (c.startsWith("->")) {
      boolean text = c.startsWith("->>");
      c.i += text ? 3 : 2;
      int start = c.i;
      if (!c.end() && c.peek() == '-') c.i++;
      int digitsStart = c.i;
      while (!c.end() && Character.isDigit(c.peek())) c.i++;
      if (c.i > digitsStart && (c.end() || !nameChar(c.peek()))) {
        try {
          path.add(new JsonStep(text, null, Integer.parseInt(c.s.substring(start, c.i))));
          continue;
        } catch (NumberFormatException e) {
          throw c.fail("JSON array index");
        }
      }
      c.i = start;
      path.add(new JsonStep(text, name(c), null));
    }
    return new Field(n, List.copyOf(path));
  }

  /** Parses a filter key such as {@code age} or {@code data->>name}; dots mean embedding. */
  static Field parseKey(String key) throws ParseFailure {
    Cursor c = new Cursor(key, "filter");
    Field f = field(c);
    if (!c.end()) {
      throw c.fail("\"->\" or end of input");
    }
    return f;
  }

  // ---------------------------------------------------------------- filters

  /** Parses {@code [not.]op[(modifier)].value}. */
  static Filter parseFilter(Field field, String value) throws ParseFailure {
    Cursor c = new Cursor(value, "filter");
    Filter f = operation(c, field, false);
    if (!c.end()) {
      throw c.fail("end of input");
    }
    return f;
  }

  /** Whether a GET /rpc parameter value is a filter (else it is a function argument). */
  static boolean looksLikeFilter(String value) {
    try {
      parseFilter(new Field("x", List.of()), value);
      return true;
    } catch (ParseFailure e) {
      return false;
    }
  }

  private static Filter operation(Cursor c, Field field, boolean inTree) throws ParseFailure {
    boolean negated = false;
    if (c.startsWith("not.")) {
      negated = true;
      c.i += 4;
    }
    int start = c.i;
    while (!c.end() && Character.isLetter(c.peek())) c.i++;
    String op = c.s.substring(start, c.i);
    if (!OPERATORS.contains(op)) {
      c.i = start;
      throw c.fail("\"not\" or operator (eq, gt, ...)");
    }
    String modifier = null;
    if (!c.end() && c.peek() == '(') {
      int close = c.s.indexOf(')', c.i);
      if (close < 0) {
        throw c.fail("\")\"");
      }
      modifier = c.s.substring(c.i + 1, close);
      if (QUANTIFIABLE.contains(op)) {
        if (!modifier.equals("any") && !modifier.equals("all")) {
          throw c.fail("\"any\" or \"all\"");
        }
      } else if (FTS.contains(op)) {
        if (modifier.isEmpty()) {
          throw c.fail("language");
        }
      } else {
        throw c.fail("\".\"");
      }
      c.i = close + 1;
    }
    if (c.end() || c.peek() != '.') {
      throw c.fail("\".\"");
    }
    c.i++;
    if (op.equals("in")) {
      List<String> items = list(c);
      return new Filter(field, negated, op, null, null, items);
    }
    String v = inTree ? treeValue(c) : c.s.substring(c.i);
    if (!inTree) {
      c.i = c.s.length();
    }
    if (op.equals("is")) {
      String lower = v.toLowerCase(Locale.ROOT);
      if (!IS_VALUES.contains(lower)) {
        throw new ParseFailure(
            "\"failed to parse filter (" + c.s + ")\" (line 1, column " + (c.i + 1) + ")",
            "unexpected \""
                + (v.isEmpty() ? "end of input" : v.substring(0, 1))
                + "\" expecting null or trilean value (unknown, true, false)");
      }
      v = lower;
    }
    return new Filter(field, negated, op, modifier, v, null);
  }

  private static List<String> list(Cursor c) throws ParseFailure {
    if (c.end() || c.peek() != '(') {
      throw c.fail("\"(\"");
    }
    c.i++;
    List<String> items = new ArrayList<>();
    if (!c.end() && c.peek() == ')') {
      c.i++;
      return items;
    }
    while (true) {
      if (!c.end() && c.peek() == '"') {
        items.add(quoted(c));
      } else {
        int start = c.i;
        while (!c.end() && c.peek() != ',' && c.peek() != ')') c.i++;
        items.add(c.s.substring(start, c.i));
      }
      if (c.end()) {
        throw c.fail("\",\" or \")\"");
      }
      if (c.peek() == ')') {
        c.i++;
        return items;
      }
      c.i++; // ','
    }
  }

  /** A value inside or=(...): "quoted", a {pg,array} or characters up to ',' or ')'. */
  private static String treeValue(Cursor c) throws ParseFailure {
    if (!c.end() && c.peek() == '"') {
      return quoted(c);
    }
    if (!c.end() && c.peek() == '{') {
      int depth = 0;
      int start = c.i;
      while (!c.end()) {
        char ch = c.peek();
        if (ch == '{') depth++;
        if (ch == '}') depth--;
        c.i++;
        if (depth == 0) {
          return c.s.substring(start, c.i);
        }
      }
      throw c.fail("\"}\"");
    }
    int start = c.i;
    while (!c.end() && c.peek() != ',' && c.peek() != ')') c.i++;
    return c.s.substring(start, c.i);
  }

  // ---------------------------------------------------------------- logic trees

  /** Parses the value of {@code or=} / {@code and=}: {@code (cond,cond,...)}. */
  static Tree parseTree(boolean negated, boolean or, String value) throws ParseFailure {
    Cursor c = new Cursor(value, "logic tree");
    List<Condition> children = treeBody(c);
    if (!c.end()) {
      throw c.fail("end of input");
    }
    return new Tree(negated, or, children);
  }

  /**
   * Deepest logic tree accepted ({@code or=(and(or(...)))}). PostgREST has no limit; here a deeper
   * tree (only ever seen in attacks) is a PGRST100 instead of a StackOverflowError in the parser.
   */
  static final int MAX_TREE_DEPTH = 100;

  private static List<Condition> treeBody(Cursor c) throws ParseFailure {
    if (c.end() || c.peek() != '(') {
      throw c.fail("\"(\"");
    }
    if (++c.depth > MAX_TREE_DEPTH) {
      throw new ParseFailure(
          "\"failed to parse " + c.what + "\"",
          "logic trees nested deeper than " + MAX_TREE_DEPTH + " levels are not supported");
    }
    c.i++;
    List<Condition> children = new ArrayList<>();
    while (true) {
      children.add(treeElement(c));
      if (c.end()) {
        throw c.fail("\",\" or \")\"");
      }
      if (c.peek() == ')') {
        c.i++;
        c.depth--;
        return children;
      }
      if (c.peek() != ',') {
        throw c.fail("\",\" or \")\"");
      }
      c.i++;
    }
  }

  private static Condition treeElement(Cursor c) throws ParseFailure {
    boolean negated = false;
    int save = c.i;
    if (c.startsWith("not.")) {
      negated = true;
      c.i += 4;
    }
    if (c.startsWith("or(") || c.startsWith("and(")) {
      boolean or = c.startsWith("or(");
      c.i += or ? 2 : 3;
      return new Tree(negated, or, treeBody(c));
    }
    c.i = save;
    Field f = field(c);
    if (c.end() || c.peek() != '.') {
      throw c.fail("\".\"");
    }
    c.i++;
    return operation(c, f, true);
  }

  // ---------------------------------------------------------------- select

  /** Splits on commas outside quotes and parentheses. */
  private static List<String> topLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quote = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quote) {
        if (ch == '\\') i++;
        else if (ch == '"') quote = false;
      } else if (ch == '"') {
        quote = true;
      } else if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  static List<SelectItem> parseSelect(String select) throws ParseFailure {
    List<SelectItem> items = new ArrayList<>();
    for (String raw : topLevel(select)) {
      String t = raw.trim();
      Cursor c = new Cursor(t, "select");
      if (t.isEmpty()) {
        throw c.fail("field name (* or [a..z0..9_$])");
      }
      if (t.equals("*")) {
        items.add(new SelectItem(true, null, null, null));
        continue;
      }
      boolean spread = t.startsWith("...");
      if (spread) {
        c.i = 3;
      }
      String alias = null;
      Field f;
      int save = c.i;
      String first = name(c);
      if (!spread && c.startsWith(":") && !c.startsWith("::")) {
        alias = first;
        c.i++;
      } else {
        c.i = save;
      }
      if (alias != null && c.startsWith("...")) {
        throw c.fail("field name (* or [a..z0..9_$])");
      }
      int embedStart = c.i;
      String embedName = name(c);
      if (!c.end()
          && (c.peek() == '!' || c.peek() == '(')
          && (c.peek() != '(' || !c.startsWith("()") || !embedName.equals("count"))) {
        items.add(new SelectItem(false, alias, null, null, embed(c, embedName, spread)));
        continue;
      }
      if (spread) {
        throw c.fail("\"(\" or \"!\"");
      }
      c.i = embedStart;
      f = field(c);
      if (!c.end()
          && c.peek() == '('
          && f.path().isEmpty()
          && f.name().equals("count")
          && c.startsWith("()")) {
        c.i += 2;
        items.add(new SelectItem(false, alias, null, aggregateCast(c), null, "count"));
        continue;
      }
      String cast = null;
      if (c.startsWith("::")) {
        c.i += 2;
        int start = c.i;
        while (!c.end()
            && (Character.isLetterOrDigit(c.peek()) || c.peek() == '_' || c.peek() == ' ')) c.i++;
        if (c.startsWith("[]")) c.i += 2;
        cast = c.s.substring(start, c.i).trim();
        if (cast.isEmpty()) {
          throw c.fail("type name");
        }
      }
      if (!c.end() && c.peek() == '.') {
        int dot = c.i;
        c.i++;
        int start = c.i;
        while (!c.end() && Character.isLetter(c.peek())) c.i++;
        String agg = c.s.substring(start, c.i);
        if (AGGREGATES.contains(agg) && c.startsWith("()")) {
          if (cast != null) {
            throw GatewayException.notImplemented(
                "a cast of an aggregate's input (col::type.agg()) is not supported");
          }
          c.i += 2;
          items.add(new SelectItem(false, alias, f, aggregateCast(c), null, agg));
          continue;
        }
        c.i = dot;
      }
      if (!c.end()) {
        throw c.fail("\",\", \"->\", \"::\" or end of input");
      }
      items.add(new SelectItem(false, alias, f, cast));
    }
    return List.copyOf(items);
  }

  /**
   * After the name of an embedded resource: {@code [!hint][!inner|!left](select)} up to the end of
   * the item.
   */
  private static Embed embed(Cursor c, String name, boolean spread) throws ParseFailure {
    String hint = null;
    Boolean inner = null;
    while (!c.end() && c.peek() == '!') {
      c.i++;
      String word = name(c);
      if ((word.equals("inner") || word.equals("left")) && inner == null) {
        inner = word.equals("inner");
      } else if (hint == null && inner == null) {
        hint = word;
      } else {
        throw c.fail("\"(\"");
      }
    }
    if (c.end() || c.peek() != '(') {
      throw c.fail("\"(\"");
    }
    int depth = 0;
    boolean quote = false;
    int open = c.i;
    int close = -1;
    for (int i = open; i < c.s.length(); i++) {
      char ch = c.s.charAt(i);
      if (quote) {
        if (ch == '\\') i++;
        else if (ch == '"') quote = false;
      } else if (ch == '"') {
        quote = true;
      } else if (ch == '(') {
        depth++;
      } else if (ch == ')' && --depth == 0) {
        close = i;
        break;
      }
    }
    if (close < 0) {
      c.i = c.s.length();
      throw c.fail("\")\"");
    }
    String inside = c.s.substring(open + 1, close).trim();
    c.i = close + 1;
    if (!c.end()) {
      throw c.fail("\",\" or end of input");
    }
    List<SelectItem> children = inside.isEmpty() ? List.of() : parseSelect(inside);
    return new Embed(name, hint, Boolean.TRUE.equals(inner), spread, children);
  }

  /** {@code ::type} after an aggregate, up to the end of the item. */
  private static String aggregateCast(Cursor c) throws ParseFailure {
    String cast = null;
    if (c.startsWith("::")) {
      c.i += 2;
      int start = c.i;
      while (!c.end()
          && (Character.isLetterOrDigit(c.peek()) || c.peek() == '_' || c.peek() == ' ')) c.i++;
      cast = c.s.substring(start, c.i).trim();
      if (cast.isEmpty()) throw c.fail("type name");
    }
    if (!c.end()) throw c.fail("\",\" or end of input");
    return cast;
  }

  static GatewayException aggregates() {
    return new GatewayException(
        400, "PGRST123", "Use of aggregate functions is not allowed", null, null);
  }

  // ---------------------------------------------------------------- order

  static List<OrderTerm> parseOrder(String order) throws ParseFailure {
    List<OrderTerm> terms = new ArrayList<>();
    for (String raw : topLevel(order)) {
      Cursor c = new Cursor(raw, "order");
      Field f = field(c);
      String relation = null;
      if (!c.end() && c.peek() == '(' && f.path().isEmpty()) {
        relation = f.name();
        c.i++;
        f = field(c);
        if (c.end() || c.peek() != ')') {
          throw c.fail("\")\"");
        }
        c.i++;
      }
      Boolean desc = null;
      Boolean nullsFirst = null;
      while (!c.end()) {
        if (c.peek() != '.') {
          throw c.fail("\".\" or \",\"");
        }
        c.i++;
        int start = c.i;
        while (!c.end() && Character.isLetter(c.peek())) c.i++;
        String word = c.s.substring(start, c.i);
        if (desc == null && nullsFirst == null && (word.equals("asc") || word.equals("desc"))) {
          desc = word.equals("desc");
        } else if (nullsFirst == null && (word.equals("nullsfirst") || word.equals("nullslast"))) {
          nullsFirst = word.equals("nullsfirst");
        } else {
          c.i = start;
          throw c.fail("\"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
        }
      }
      terms.add(new OrderTerm(f, desc, nullsFirst, relation));
    }
    return List.copyOf(terms);
  }
}

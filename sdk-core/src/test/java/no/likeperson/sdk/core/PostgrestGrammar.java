package no.likeperson.sdk.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-only reader of PostgREST's logic-tree grammar (QueryParams.hs: pLogicTree, pLogicFilter,
 * pOpExpr, pLogicSingleVal, pListVal, pQuotedValue, pFieldName), written from the reference
 * grammar, to check that what the SDK sends means what the caller built. Output is a canonical
 * string: {@code or[a eq <1>, not and[b is <null>, c in <x|y>]]}.
 */
final class PostgrestGrammar {

  private final String s;
  private int i;

  private PostgrestGrammar(String s) {
    this.s = s;
  }

  /**
   * Reads the value of an {@code or=}/{@code and=} parameter with its key, e.g. ("not.or",
   * "(...)").
   */
  static String readTree(String key, String value) {
    return readTree(key + value);
  }

  static String readTree(String text) {
    PostgrestGrammar g = new PostgrestGrammar(text);
    String out = g.tree();
    if (g.i != text.length()) {
      throw new IllegalArgumentException("trailing input at " + g.i + ": " + text);
    }
    return out;
  }

  private String tree() {
    boolean not = false;
    if (s.startsWith("not.", i)) {
      not = true;
      i += 4;
    }
    String logic;
    if (s.startsWith("and", i)) {
      logic = "and";
      i += 3;
    } else if (s.startsWith("or", i)) {
      logic = "or";
      i += 2;
    } else {
      throw new IllegalArgumentException("expected and/or at " + i);
    }
    expect('(');
    List<String> parts = new ArrayList<>();
    do {
      parts.add(element());
    } while (accept(','));
    expect(')');
    return (not ? "not " : "") + logic + parts;
  }

  private String element() {
    int start = i;
    try {
      return filter();
    } catch (IllegalArgumentException e) {
      i = start;
      return tree();
    }
  }

  private String filter() {
    String field = fieldName();
    expect('.');
    boolean not = false;
    if (s.startsWith("not.", i)) {
      not = true;
      i += 4;
    }
    int dot = s.indexOf('.', i);
    if (dot < 0) {
      throw new IllegalArgumentException("no operator at " + i);
    }
    String op = s.substring(i, dot);
    if (!op.matches("eq|neq|gt|gte|lt|lte|like|ilike|is|in|cs|cd")) {
      throw new IllegalArgumentException("not an operator: " + op);
    }
    i = dot + 1;
    String value;
    if (op.equals("in")) {
      expect('(');
      List<String> items = new ArrayList<>();
      do {
        items.add(listElement());
      } while (accept(','));
      expect(')');
      value = String.join("|", items);
    } else {
      value = singleValue();
    }
    return field + " " + (not ? "not." : "") + op + " <" + value + ">";
  }

  private String fieldName() {
    if (peek() == '"') {
      return quoted();
    }
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == ' ') {
        i++;
      } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '>') {
        i += s.startsWith("->>", i) ? 3 : 2;
      } else if (c == '-') {
        i++;
      } else {
        break;
      }
    }
    if (i == start) {
      throw new IllegalArgumentException("no field name at " + i);
    }
    return s.substring(start, i).strip();
  }

  private String singleValue() {
    if (peek() == '"') {
      int start = i;
      String q = quoted();
      if (i >= s.length() || s.charAt(i) == ',' || s.charAt(i) == ')') {
        return q;
      }
      i = start;
    }
    if (peek() == '{') {
      int end = s.indexOf('}', i);
      String v = s.substring(i, end + 1);
      i = end + 1;
      return v;
    }
    int start = i;
    while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ')') {
      i++;
    }
    return s.substring(start, i);
  }

  private String listElement() {
    if (peek() == '"') {
      int start = i;
      String q = quoted();
      if (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ')')) {
        return q;
      }
      i = start;
    }
    int start = i;
    while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ')') {
      i++;
    }
    return s.substring(start, i);
  }

  private String quoted() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (s.charAt(i) != '"') {
      if (s.charAt(i) == '\\') {
        i++;
      }
      sb.append(s.charAt(i++));
    }
    i++;
    return sb.toString();
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private boolean accept(char c) {
    if (peek() == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
    }
  }
}

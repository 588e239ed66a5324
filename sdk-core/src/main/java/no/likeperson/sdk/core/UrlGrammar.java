package no.likeperson.sdk.core;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * PostgREST's URL grammar: percent-encoding of query components, quoting of values inside {@code
 * in.(...)} lists and {@code or=(...)}/{@code and=(...)} trees, quoting of column names and
 * PostgreSQL array literals. Pure functions, no state.
 *
 * <p>Facts used (PostgREST {@code ApiRequest/QueryParams.hs}, v12 and v13 alike): the query string
 * is parsed with {@code +} meaning space, then percent-decoded; a list element or tree value is
 * either {@code "quoted"} (a backslash escapes the next character, the closing quote must be
 * followed by {@code ,} or {@code )}) or runs unquoted up to the next {@code ,} or {@code )}; field
 * names are letters, digits, {@code _ $ space} joined by {@code -} (and stripped), or a quoted
 * name.
 *
 * <pre>{@code
 * UrlGrammar.quoteListValue("Oslo, Norge");       // "\"Oslo, Norge\""
 * UrlGrammar.encodeQueryComponent("a+b æ");       // a%2Bb%20%C3%A6
 * UrlGrammar.columnName("information.cpe");       // "\"information.cpe\""
 * UrlGrammar.columnName("offset");                // "\"offset\"" (else read as the offset parameter)
 * }</pre>
 */
final class UrlGrammar {

  /** Characters left as they are in a query component; everything else is percent-encoded. */
  private static final boolean[] SAFE = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      SAFE[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      SAFE[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      SAFE[c] = true;
    }
    // RFC 3986 unreserved, plus the sub-delimiters PostgREST's grammar uses and that carry no
    // meaning
    // in a query string: they stay readable ("in.(a,b)", "or=(x.eq.1,y.eq.2)").
    for (char c : "-._~(),:*!$@/".toCharArray()) {
      SAFE[c] = true;
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A plain name (optionally with a JSON path) that PostgREST parses without quotes. */
  private static final String WORD = "[\\p{L}\\p{N}_$]+(?:-(?!>)[\\p{L}\\p{N}_$]+)*";

  private static final Pattern PLAIN_NAME =
      Pattern.compile(WORD + "(?:->>?(?:" + WORD + "|-?[0-9]+))*");

  /** One segment of an embedded resource path: a plain name without a JSON path. */
  private static final Pattern PLAIN_SEGMENT = Pattern.compile(WORD);

  /**
   * Query keys PostgREST reads as parameters, not as filters ({@code ApiRequest/QueryParams.hs}):
   * {@code select}, {@code columns} and {@code on_conflict} exactly, and keys whose last
   * dot-separated segment is {@code order}, {@code limit}, {@code offset}, {@code and} or {@code
   * or}.
   */
  static final Set<String> RESERVED_KEYS =
      Set.of("select", "columns", "on_conflict", "order", "limit", "offset", "and", "or");

  private UrlGrammar() {}

  /** Whether PostgREST would read this query key as a parameter instead of a filter. */
  static boolean isReservedKey(String key) {
    return RESERVED_KEYS.contains(key)
        || RESERVED_KEYS.contains(key.substring(key.lastIndexOf('.') + 1));
  }

  /**
   * Whether a plain column name must still be quoted: a reserved key (in any letter case, so that a
   * proxy folding case cannot turn it into a parameter either) or {@code not}, which begins a
   * negated group inside a logic tree.
   */
  private static boolean collidesWithGrammar(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return RESERVED_KEYS.contains(lower) || lower.equals("not");
  }

  /**
   * Percent-encodes a query key or value (UTF-8). Encodes {@code % & = # + ? " ' \ [ ] { } <> ^ `
   * |}, space (as {@code %20}, never {@code +}) and every non-ASCII character.
   *
   * @throws IllegalArgumentException if the text contains an unpaired surrogate
   */
  static String encodeQueryComponent(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128 || !SAFE[c]) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        appendEncoded(sb, s, i);
        return sb.toString();
      }
    }
    return s;
  }

  private static void appendEncoded(StringBuilder sb, String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128 && SAFE[c]) {
        sb.append(c);
        continue;
      }
      int cp = s.codePointAt(i);
      if (Character.isSupplementaryCodePoint(cp)) {
        i++;
      } else if (Character.isSurrogate(c)) {
        // UTF-8 cannot carry it; encoding would silently turn it into '?' and change the value
        throw new IllegalArgumentException("text contains an unpaired UTF-16 surrogate");
      }
      byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
  }

  /**
   * A value inside {@code in.(...)} or a logic tree: quoted (with {@code "} and {@code \} escaped)
   * when it is empty, has leading or trailing white space, or contains one of the reserved
   * characters {@code , . : ( ) " \ { }}; otherwise unchanged.
   */
  static String quoteListValue(String value) {
    if (needsQuoting(value)) {
      return quote(value);
    }
    return value;
  }

  private static boolean needsQuoting(String value) {
    if (value.isEmpty()) {
      return true;
    }
    if (Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1))) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      switch (value.charAt(i)) {
        case ',', '.', ':', '(', ')', '"', '\\', '{', '}':
          return true;
        default:
          break;
      }
    }
    return false;
  }

  /** {@code "..."} with {@code "} and {@code \} escaped by a backslash. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /**
   * A column name (optionally with a JSON path such as {@code data->>k}) as PostgREST's field
   * grammar reads it: plain names pass unchanged, anything else (dots, commas, spaces, quotes, ...)
   * is quoted so that it is taken as one literal name. A name PostgREST reserves as a query
   * parameter ({@link #RESERVED_KEYS}, any letter case) is quoted too: unquoted, {@code
   * offset=eq.5} would be read as the offset parameter and the filter silently dropped, so a
   * filtered delete would delete every row the caller may delete.
   *
   * @throws IllegalArgumentException if the name is empty or contains a NUL character
   */
  static String columnName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("column name is empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("column name contains a NUL character");
    }
    if (PLAIN_NAME.matcher(name).matches() && !collidesWithGrammar(name)) {
      return name;
    }
    return quote(name);
  }

  /**
   * The path of an embedded resource as it prefixes a query key ({@code activities}, {@code
   * activities.activity_types}): each dot-separated segment, the embed's alias if the select gives
   * one, else its relation name, must be a plain name. A segment is never the last one of a key, so
   * a reserved word there cannot be read as a parameter; the column after it goes through {@link
   * #columnName}. Segments are not quoted because PostgREST finds the path of {@code <path>.order},
   * {@code .limit} and {@code .offset} by splitting the key on dots, where a quoted segment would
   * keep its quotes and name no embed.
   *
   * <pre>{@code
   * UrlGrammar.embedPath("activities.activity_types");   // unchanged
   * UrlGrammar.embedPath("activities..x");               // IllegalArgumentException
   * }</pre>
   *
   * @throws IllegalArgumentException if the path is empty or a segment is not a plain name
   */
  static String embedPath(String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("embedded resource path is empty");
    }
    for (String segment : path.split("\\.", -1)) {
      if (!PLAIN_SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "embedded resource path segment is not a plain name"
                + " (letters, digits, _ and $ joined by -): "
                + quote(segment));
      }
    }
    return path;
  }

  /**
   * One element of a PostgreSQL array literal: {@code NULL} for null; quoted (with {@code "} and
   * {@code \} escaped) when empty, equal to {@code NULL} in any case, or containing {@code { } , "
   * \} or white space.
   */
  static String arrayElement(@Nullable String element) {
    if (element == null) {
      return "NULL";
    }
    boolean quote = element.isEmpty() || element.equalsIgnoreCase("NULL");
    for (int i = 0; !quote && i < element.length(); i++) {
      char c = element.charAt(i);
      quote =
          c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c);
    }
    return quote ? quote(element) : element;
  }
}

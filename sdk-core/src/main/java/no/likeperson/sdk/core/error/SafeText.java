package no.likeperson.sdk.core.error;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The part of a server's error message that may go into {@link Throwable#getMessage()}, which ends
 * up in logs and crash reports. PostgreSQL and this project's functions quote the values they
 * complain about ({@code invalid input syntax for type uuid: "..."}, {@code p_scope must be ...,
 * was "..."}, {@code peer mentor <uuid> is not ...}); identifiers are quoted after a word that
 * names them ({@code column "org_id" of relation "activities"}). So, by construction: a quoted text
 * is kept only after such a word, every other quoted text becomes {@code "<value>"}, ids become
 * {@code <id>}, dates and timestamps {@code <date>}; PGRST100 (a query string that does not parse,
 * which quotes the filter) keeps only what failed to parse and where. {@code details} are never
 * used: PostgreSQL puts row data there ({@code Key (email)=(a@b.no) already exists}, {@code Failing
 * row contains (...)}).
 */
final class SafeText {

  static final int MAX_CHARS = 300;

  /**
   * Words after which PostgreSQL quotes an identifier, never a value. Not "type": this project
   * writes {@code activity type "<code>"} with a row value.
   */
  private static final Set<String> IDENTIFIER_WORDS =
      Set.of(
          "column",
          "relation",
          "table",
          "constraint",
          "function",
          "schema",
          "view",
          "index",
          "role",
          "policy",
          "sequence",
          "trigger",
          "database",
          "extension",
          "parameter",
          "operator");

  private static final Pattern QUOTED =
      Pattern.compile("(?:([\\p{L}_]+)\\s+)?\"((?:[^\"]|\"\")*)\"");
  private static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  private static final Pattern DATE =
      Pattern.compile(
          "\\b\\d{4}-\\d{2}-\\d{2}(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?");
  private static final Pattern PARSE_ERROR =
      Pattern.compile(
          "^\"?failed to parse ([a-z_ ]+?) \\(.*\\)\"? \\((line \\d+, column \\d+)\\)$",
          Pattern.DOTALL);

  private SafeText() {}

  /** The safe form of {@code message}, or {@code null} when there is nothing to show. */
  static @Nullable String of(@Nullable String code, @Nullable String message) {
    if (message == null) {
      return null;
    }
    String m = message.replaceAll("\\s+", " ").trim();
    if (m.isEmpty()) {
      return null;
    }
    if ("PGRST100".equalsIgnoreCase(code)) {
      Matcher p = PARSE_ERROR.matcher(m);
      return p.matches()
          ? "failed to parse " + p.group(1) + " (" + p.group(2) + ")"
          : "the query string could not be parsed";
    }
    StringBuilder out = new StringBuilder();
    Matcher q = QUOTED.matcher(m);
    int last = 0;
    while (q.find()) {
      out.append(redactUnquoted(m.substring(last, q.start())));
      String word = q.group(1);
      if (word != null) {
        out.append(word).append(' ');
      }
      boolean identifier = word != null && IDENTIFIER_WORDS.contains(word.toLowerCase(Locale.ROOT));
      out.append('"').append(identifier ? q.group(2) : "<value>").append('"');
      last = q.end();
    }
    out.append(redactUnquoted(m.substring(last)));
    String s = out.toString();
    return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "…" : s;
  }

  private static String redactUnquoted(String s) {
    return DATE.matcher(UUID.matcher(s).replaceAll("<id>")).replaceAll("<date>");
  }

  /**
   * What happened and what to do, for a 401 or a JWT error: an expired token, a token the project
   * does not accept, or no signed-in user.
   */
  static String authAdvice(@Nullable String code, @Nullable String message) {
    String c = code == null ? "" : code.toUpperCase(Locale.ROOT);
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("expired")) {
      return "the access token has expired: give the client an AccessTokenProvider that refreshes "
          + "(e.g. SupabaseAuth's session; AccessTokenProvider.of(token) cannot) or sign in again";
    }
    if (c.equals("PGRST302") || m.contains("anonymous access")) {
      return "the request carried no user token and this project refuses anonymous access: sign in "
          + "and set an AccessTokenProvider";
    }
    if (c.equals("PGRST301") || c.equals("PGRST303") || m.contains("jwt")) {
      return "the server rejected the access token (not valid for this project: wrong project, "
          + "signature, audience or a malformed token): sign in again against this project's URL";
    }
    return "the server refused the credentials: check the API key and the access token, or sign in again";
  }
}

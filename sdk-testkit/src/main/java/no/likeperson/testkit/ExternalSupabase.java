package no.likeperson.testkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where an already running Supabase (for example one started with {@code supabase start}) lives,
 * read from the environment variables {@code SUPABASE_URL}, {@code SUPABASE_ANON_KEY}, {@code
 * SUPABASE_JWT_SECRET}, {@code SUPABASE_DB_URL} and optionally {@code SUPABASE_SERVICE_ROLE_KEY}.
 *
 * <p>Every check that can be made without a network call is made here, so a misconfigured CI job
 * fails with a message that names the variable instead of with a 401 halfway through a test suite.
 * Secrets never appear in {@link #toString()} or in exception messages.
 */
record ExternalSupabase(
    String apiUrl, String anonKey, String serviceRoleKey, String jwtSecret, Database database) {

  static final String URL = "SUPABASE_URL";
  static final String ANON_KEY = "SUPABASE_ANON_KEY";
  static final String JWT_SECRET = "SUPABASE_JWT_SECRET";
  static final String DB_URL = "SUPABASE_DB_URL";
  static final String SERVICE_ROLE_KEY = "SUPABASE_SERVICE_ROLE_KEY";

  /** PostgREST 13+ refuses to start with a shorter HMAC secret. */
  static final int MIN_SECRET_LENGTH = 32;

  /** A JDBC location split from the credentials that were embedded in a {@code SUPABASE_DB_URL}. */
  record Database(String jdbcUrl, String user, String password) {
    Database {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
      Objects.requireNonNull(user, "user == null");
      Objects.requireNonNull(password, "password == null");
    }

    @Override
    public String toString() {
      return "Database[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=<redacted>]";
    }
  }

  ExternalSupabase {
    Objects.requireNonNull(apiUrl, "apiUrl == null");
    Objects.requireNonNull(anonKey, "anonKey == null");
    Objects.requireNonNull(serviceRoleKey, "serviceRoleKey == null");
    Objects.requireNonNull(jwtSecret, "jwtSecret == null");
    Objects.requireNonNull(database, "database == null");
  }

  /**
   * Reads the configuration from {@code env} (normally {@link System#getenv()}).
   *
   * @return empty when none of the variables is set (the caller then starts an embedded stack)
   * @throws IllegalArgumentException when some but not all required variables are set, or a value
   *     is malformed; the message names the variable but never echoes a secret
   */
  @SuppressWarnings("NullAway") // every value is checked non-null (the missing list) before use
  static Optional<ExternalSupabase> fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env == null");
    String url = value(env, URL);
    String anonKey = value(env, ANON_KEY);
    String secret = value(env, JWT_SECRET);
    String dbUrl = value(env, DB_URL);
    String serviceKey = value(env, SERVICE_ROLE_KEY);
    if (url == null && anonKey == null && secret == null && dbUrl == null && serviceKey == null) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    if (url == null) missing.add(URL);
    if (anonKey == null) missing.add(ANON_KEY);
    if (secret == null) missing.add(JWT_SECRET);
    if (dbUrl == null) missing.add(DB_URL);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "External Supabase is only partly configured: "
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set. Set all of "
              + URL
              + ", "
              + ANON_KEY
              + ", "
              + JWT_SECRET
              + " and "
              + DB_URL
              + " (the values `supabase status -o env` prints), or none of them to use the embedded stack.");
    }
    String apiUrl = parseApiUrl(url);
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          JWT_SECRET
              + " must be at least "
              + MIN_SECRET_LENGTH
              + " characters long (PostgREST refuses shorter HMAC secrets); it has "
              + secret.length());
    }
    checkApiKey(ANON_KEY, anonKey, "anon", secret);
    String serviceRoleKey;
    if (serviceKey != null) {
      checkApiKey(SERVICE_ROLE_KEY, serviceKey, "service_role", secret);
      serviceRoleKey = serviceKey;
    } else {
      serviceRoleKey = Jwts.apiKey(secret, "service_role");
    }
    return Optional.of(
        new ExternalSupabase(apiUrl, anonKey, serviceRoleKey, secret, parseDatabaseUrl(dbUrl)));
  }

  private static @Nullable String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  static String parseApiUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(URL + " is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          URL + " must be an http or https URL, for example http://127.0.0.1:54321");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(URL + " has no host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          URL + " must not carry credentials, a query or a fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.endsWith("/rest/v1")) {
      throw new IllegalArgumentException(
          URL
              + " must be the project URL (API_URL of `supabase status`),"
              + " not its /rest/v1 endpoint");
    }
    return scheme + "://" + uri.getRawAuthority() + path;
  }

  private static void checkApiKey(String name, String key, String expectedRole, String secret) {
    if (key.startsWith("sb_")) {
      // New opaque keys (sb_publishable_..., sb_secret_...) are swapped for JWTs by the Supabase
      // gateway; nothing to verify locally.
      return;
    }
    String role;
    try {
      role = Jwts.verifiedRole(secret, key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage() + " with " + JWT_SECRET);
    }
    if (!expectedRole.equals(role)) {
      throw new IllegalArgumentException(
          name + " carries role '" + role + "', expected '" + expectedRole + "'");
    }
  }

  /**
   * Accepts the forms {@code postgresql://user:pw@host:port/db?opts}, {@code postgres://...} (as
   * printed by {@code supabase status}) and {@code
   * jdbc:postgresql://host:port/db?user=..&password=..}.
   */
  static Database parseDatabaseUrl(String url) {
    Objects.requireNonNull(url, "url == null");
    String rest;
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql://")) {
      rest = url.substring("jdbc:postgresql://".length());
    } else if (lower.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else if (lower.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException(
          DB_URL + " must start with postgresql://, postgres:// or jdbc:postgresql://");
    }
    String user = null;
    String password = null;
    int slash = rest.indexOf('/');
    int question = rest.indexOf('?');
    int authorityEnd = slash >= 0 ? slash : (question >= 0 ? question : rest.length());
    if (question >= 0 && question < authorityEnd) {
      authorityEnd = question;
    }
    String authority = rest.substring(0, authorityEnd);
    String tail = rest.substring(authorityEnd);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
      if (colon >= 0) {
        password = decode(userInfo.substring(colon + 1));
      }
    }
    if (authority.isEmpty() || authority.startsWith(":")) {
      throw new IllegalArgumentException(DB_URL + " has no host");
    }
    String path = tail;
    String query = "";
    int q = tail.indexOf('?');
    if (q >= 0) {
      path = tail.substring(0, q);
      query = tail.substring(q + 1);
    }
    List<String> kept = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
      String val = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
      if (key.equals("user")) {
        user = val;
      } else if (key.equals("password")) {
        password = val;
      } else {
        kept.add(pair);
      }
    }
    if (path.isEmpty() || path.equals("/")) {
      path = "/postgres";
    }
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException(
          DB_URL
              + " has no user name (expected postgresql://postgres:<password>@host:port/postgres)");
    }
    if (password == null) {
      password = "";
    }
    String jdbc =
        "jdbc:postgresql://"
            + authority
            + path
            + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    return new Database(jdbc, user, password);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(DB_URL + " contains an invalid percent-escape");
    }
  }

  @Override
  public String toString() {
    return "ExternalSupabase[apiUrl="
        + apiUrl
        + ", database="
        + database
        + ", anonKey=<redacted>, serviceRoleKey=<redacted>, jwtSecret=<redacted>]";
  }
}

package no.likeperson.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints access tokens the way Supabase Auth (GoTrue) does: the standard claims of the user in
 * {@code auth.users}, passed through the project's Custom Access Token Hook ({@code
 * public.custom_access_token_hook(event jsonb)}, input {@code {user_id, claims,
 * authentication_method}}, output {@code {claims}} or {@code {error:{http_code,message}}}), signed
 * HS256. The hook runs as {@code supabase_auth_admin} (GoTrue's login) when the connection may
 * switch to it.
 */
final class UserTokens {

  static final Duration LIFETIME = Duration.ofHours(1);
  static final String HOOK = "public.custom_access_token_hook(jsonb)";

  /** Opens a connection that may read {@code auth.users} and execute the hook (the superuser). */
  @FunctionalInterface
  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConnectionSource connections;
  private final String secret;
  private final String issuer;
  private final Clock clock;

  UserTokens(ConnectionSource connections, String secret, String issuer, Clock clock) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.secret = Objects.requireNonNull(secret, "secret == null");
    this.issuer = Objects.requireNonNull(issuer, "issuer == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * @throws IllegalArgumentException when there is no such user in {@code auth.users}
   * @throws IllegalStateException when the hook rejects the user or returns no claims, or the
   *     database cannot be reached
   */
  String tokenFor(UUID userId) {
    Objects.requireNonNull(userId, "userId == null");
    return Jwts.sign(secret, claimsFor(userId));
  }

  /**
   * A token of one Auth session ({@code session_id}), as the local {@code /auth/v1/token} issues.
   */
  String tokenFor(UUID userId, String sessionId) {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(sessionId, "sessionId == null");
    return Jwts.sign(secret, claimsFor(userId, sessionId));
  }

  Map<String, Object> claimsFor(UUID userId) {
    return claimsFor(userId, UUID.randomUUID().toString());
  }

  private Map<String, Object> claimsFor(UUID userId, String sessionId) {
    Objects.requireNonNull(userId, "userId == null");
    try (Connection c = connections.open()) {
      ObjectNode claims = standardClaims(c, userId, sessionId);
      ObjectNode out = callHookIfPresent(c, userId, claims);
      @SuppressWarnings("unchecked")
      Map<String, Object> map = JSON.convertValue(out, Map.class);
      return map;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not mint a token for user " + userId + ": database error " + e.getSQLState(), e);
    }
  }

  private ObjectNode standardClaims(Connection c, UUID userId, String sessionId)
      throws SQLException {
    String sql =
        "select email, phone, coalesce(raw_app_meta_data, '{}')::text, "
            + "coalesce(raw_user_meta_data, '{}')::text from auth.users where id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException(
              "No user "
                  + userId
                  + " in auth.users: Supabase Auth"
                  + " would not issue a token for it");
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", issuer);
        claims.put("sub", userId.toString());
        claims.put("aud", "authenticated");
        claims.put("exp", now + LIFETIME.toSeconds());
        claims.put("iat", now);
        claims.put("email", nullToEmpty(rs.getString(1)));
        claims.put("phone", nullToEmpty(rs.getString(2)));
        // GoTrue records the sign-in provider in app_metadata; rows inserted by a seed may lack it
        ObjectNode appMetadata = JSON.createObjectNode();
        appMetadata.put("provider", "email");
        appMetadata.putArray("providers").add("email");
        appMetadata.setAll((ObjectNode) object(rs.getString(3)));
        claims.set("app_metadata", appMetadata);
        claims.set("user_metadata", object(rs.getString(4)));
        claims.put("role", "authenticated");
        claims.put("aal", "aal1");
        ArrayNode amr = claims.putArray("amr");
        amr.addObject().put("method", "password").put("timestamp", now);
        claims.put("session_id", sessionId);
        claims.put("is_anonymous", false);
        return claims;
      }
    }
  }

  private ObjectNode callHookIfPresent(Connection c, UUID userId, ObjectNode claims)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select to_regprocedure(?) is not null")) {
      ps.setString(1, HOOK);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          // Like Supabase Auth with no hook configured (e.g. a stack without the project's
          // migrations): the standard claims go out unchanged.
          return claims;
        }
      }
    }
    ObjectNode event = JSON.createObjectNode();
    event.put("user_id", userId.toString());
    event.set("claims", claims);
    event.put("authentication_method", "password");
    String result;
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      // Supabase Auth calls the hook logged in as supabase_auth_admin: do the same when we may, so
      // a hook that only works with more privileges fails here as it would on Supabase.
      try (PreparedStatement ps =
          c.prepareStatement(
              "select exists (select from pg_catalog.pg_roles"
                  + " where rolname = 'supabase_auth_admin') and pg_catalog.pg_has_role('supabase_auth_admin', 'MEMBER')")) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            try (PreparedStatement role =
                c.prepareStatement("set local role supabase_auth_admin")) {
              role.execute();
            }
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("select public.custom_access_token_hook(?::jsonb)::text")) {
        ps.setString(1, event.toString());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          result = rs.getString(1);
        }
      }
    } finally {
      c.rollback(); // the hook only reads; SET LOCAL ROLE ends with the transaction
      c.setAutoCommit(autoCommit);
    }
    JsonNode output = parse(result);
    JsonNode error = output.get("error");
    if (error != null && !error.isNull()) {
      throw new IllegalStateException(
          "The custom access token hook refused user "
              + userId
              + ": "
              + error.path("message").asText("(no message)")
              + " (http_code "
              + error.path("http_code").asText("?")
              + ")");
    }
    JsonNode out = output.get("claims");
    if (out == null || !out.isObject()) {
      throw new IllegalStateException(
          "The custom access token hook returned no claims object for user " + userId);
    }
    return (ObjectNode) out;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      throw new IllegalStateException("The custom access token hook returned SQL NULL");
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The custom access token hook returned invalid JSON", e);
    }
  }

  private static JsonNode object(String json) {
    JsonNode node = parse(json);
    return node.isObject() ? node : JSON.createObjectNode();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

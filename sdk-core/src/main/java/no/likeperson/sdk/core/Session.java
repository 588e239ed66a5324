package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A signed-in user's Supabase Auth session: the access token (a JWT, about an hour), the refresh
 * token that replaces it (used once: each refresh returns a new one), when the access token expires
 * and the user's id. Immutable. {@link #toString()} never prints a token; {@link #toJson()} does
 * (it is for a {@link SessionStore}, e.g. Android's encrypted SharedPreferences), so keep that text
 * secret.
 *
 * <pre>{@code
 * Session s = auth.signInWithPassword(email, password);
 * prefs.edit().putString("session", s.toJson()).apply();       // in a SessionStore
 * Session back = Session.fromJson(prefs.getString("session", null));
 * }</pre>
 */
public final class Session {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String accessToken;
  private final String refreshToken;
  private final Instant expiresAt;
  private final @Nullable String userId;

  /**
   * @param accessToken the access token (JWT)
   * @param refreshToken the refresh token
   * @param expiresAt when the access token expires
   * @param userId the user's id ({@code sub}), nullable when unknown
   * @throws NullPointerException if a token or {@code expiresAt} is null
   */
  public Session(
      String accessToken, String refreshToken, Instant expiresAt, @Nullable String userId) {
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken == null");
    this.refreshToken = Objects.requireNonNull(refreshToken, "refreshToken == null");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt == null");
    this.userId = userId;
  }

  /** The access token (JWT) to send as bearer. */
  public String accessToken() {
    return accessToken;
  }

  /** The refresh token; valid for one refresh only. */
  public String refreshToken() {
    return refreshToken;
  }

  /** When the access token expires. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The user's id, or {@code null} when unknown. */
  public @Nullable String userId() {
    return userId;
  }

  /**
   * The session as JSON (tokens included) for a {@link SessionStore}; read back with {@link
   * #fromJson(String)}.
   */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("access_token", accessToken);
    o.put("refresh_token", refreshToken);
    o.put("expires_at", expiresAt.getEpochSecond());
    if (userId != null) {
      o.put("user_id", userId);
    }
    return o.toString();
  }

  /**
   * Reads what {@link #toJson()} wrote.
   *
   * @throws NullPointerException if {@code json} is null
   * @throws InvalidRequestException if it is not such JSON (the message never quotes it)
   */
  public static Session fromJson(String json) {
    Objects.requireNonNull(json, "json == null");
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidRequestException("stored session is not JSON");
    }
    if (n == null
        || !n.path("access_token").isTextual()
        || !n.path("refresh_token").isTextual()
        || !n.path("expires_at").canConvertToLong()) {
      throw new InvalidRequestException(
          "stored session lacks access_token, refresh_token or expires_at");
    }
    return new Session(
        n.get("access_token").asText(),
        n.get("refresh_token").asText(),
        Instant.ofEpochSecond(n.get("expires_at").asLong()),
        n.path("user_id").isTextual() ? n.get("user_id").asText() : null);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Session s
        && accessToken.equals(s.accessToken)
        && refreshToken.equals(s.refreshToken)
        && expiresAt.equals(s.expiresAt)
        && Objects.equals(userId, s.userId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessToken, refreshToken, expiresAt, userId);
  }

  /** The user and expiry only; never a token. */
  @Override
  public String toString() {
    return "Session{user=" + userId + ", expiresAt=" + expiresAt + ", tokens=<redacted>}";
  }
}

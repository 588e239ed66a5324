package no.likeperson.testkit;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** HS256 signing and checking of Supabase-style API keys and access tokens (java-jwt). */
final class Jwts {

  /** Supabase's local default JWT secret, the one {@code supabase start} uses. */
  static final String DEFAULT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

  /**
   * The expiry (2032-11-11) that {@code supabase start} puts into its demo anon / service-role
   * keys.
   */
  static final long DEMO_KEY_EXPIRY = 1983812996L;

  private Jwts() {}

  /**
   * An API key exactly like the ones {@code supabase start} prints: payload {@code
   * {"iss":"supabase-demo","role":<role>,"exp":1983812996}}. With the default secret the result is
   * byte-for-byte the well-known demo key.
   */
  static String apiKey(String secret, String role) {
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(role, "role == null");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "supabase-demo");
    claims.put("role", role);
    claims.put("exp", DEMO_KEY_EXPIRY);
    return sign(secret, claims);
  }

  /**
   * Signs {@code claims} (JSON-compatible values: maps, lists, strings, numbers, booleans, null).
   */
  static String sign(String secret, Map<String, ?> claims) {
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(claims, "claims == null");
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "HS256");
    header.put("typ", "JWT");
    return JWT.create().withHeader(header).withPayload(claims).sign(Algorithm.HMAC256(secret));
  }

  /**
   * Verifies the HS256 signature of {@code token} with {@code secret} (not its expiry) and returns
   * its {@code role} claim.
   *
   * @throws IllegalArgumentException "is not a JWT" / "is not signed" (the caller prefixes the
   *     name)
   */
  static String verifiedRole(String secret, String token) {
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token);
    } catch (JWTDecodeException e) {
      throw new IllegalArgumentException(
          "is not a JWT (expected three base64url parts) and so cannot be checked");
    }
    try {
      Algorithm.HMAC256(secret).verify(jwt);
    } catch (SignatureVerificationException e) {
      throw new IllegalArgumentException("is not signed (HS256)");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot be verified (HS256)");
    }
    String role = jwt.getClaim("role").asString();
    return role == null ? "" : role;
  }
}

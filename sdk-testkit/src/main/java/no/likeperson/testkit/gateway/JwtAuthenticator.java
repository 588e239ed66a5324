package no.likeperson.testkit.gateway;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.NullUnmarked;

/**
 * PostgREST's JWT handling (reference §1.2, v13+ error shapes): Bearer only, HMAC with the raw
 * secret bytes, exp/nbf/iat with 30 s skew, optional aud, role claim or the anonymous role.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class JwtAuthenticator {
  static final long SKEW_SECONDS = 30;

  /** Who a request runs as. {@code claimsJson} is what {@code request.jwt.claims} is set to. */
  record Principal(String role, String claimsJson, boolean authenticated) {
    @Override
    public String toString() {
      return "Principal{role=" + role + "}"; // claims never printed
    }
  }

  private final byte[] secret;
  private final String audience;
  private final String anonRole;
  private final ObjectMapper json;
  private final Clock clock;

  JwtAuthenticator(
      String secret, String audience, String anonRole, ObjectMapper json, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.audience = audience;
    this.anonRole = anonRole;
    this.json = json;
    this.clock = clock;
  }

  Principal authenticate(String authorization) {
    String token = bearerToken(authorization);
    if (token == null) {
      if (anonRole == null) {
        throw new GatewayException(401, "PGRST302", "Anonymous access is disabled", null, null)
            .header("WWW-Authenticate", "Bearer");
      }
      return new Principal(anonRole, "{\"role\":" + quote(anonRole) + "}", false);
    }
    if (token.isEmpty()) {
      throw invalid("PGRST301", "Empty JWT is sent in Authorization header");
    }
    int parts = token.split("\\.", -1).length;
    if (parts != 3) {
      throw invalid("PGRST301", "Expected 3 parts in JWT; got " + parts);
    }
    String[] segments = token.split("\\.", -1);
    JsonNode header;
    try {
      header = json.readTree(Base64.getUrlDecoder().decode(segments[0]));
    } catch (Exception e) {
      throw invalid("PGRST301", "JWT cryptographic operation failed");
    }
    if (header == null || !header.isObject()) {
      throw invalid("PGRST301", "JWT cryptographic operation failed");
    }
    Algorithm algorithm =
        switch (header.path("alg").asText("")) {
          case "HS256" -> Algorithm.HMAC256(secret);
          case "HS384" -> Algorithm.HMAC384(secret);
          case "HS512" -> Algorithm.HMAC512(secret);
          default -> throw invalid("PGRST301", "Wrong or unsupported encoding algorithm");
        };
    verifySignature(algorithm, token, segments);
    ObjectNode claims;
    try {
      JsonNode node = json.readTree(Base64.getUrlDecoder().decode(segments[1]));
      if (!(node instanceof ObjectNode)) {
        throw invalid("PGRST303", "Parsing claims failed");
      }
      claims = (ObjectNode) node;
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw invalid("PGRST303", "Parsing claims failed");
    }
    long now = clock.instant().getEpochSecond();
    Long exp = timeClaim(claims, "exp");
    Long nbf = timeClaim(claims, "nbf");
    Long iat = timeClaim(claims, "iat");
    if (exp != null && now - SKEW_SECONDS > exp) {
      throw invalid("PGRST303", "JWT expired");
    }
    if (nbf != null && now + SKEW_SECONDS < nbf) {
      throw invalid("PGRST303", "JWT not yet valid");
    }
    if (iat != null && now + SKEW_SECONDS < iat) {
      throw invalid("PGRST303", "JWT issued at future");
    }
    if (audience != null) {
      checkAudience(claims.get("aud"));
    }
    JsonNode roleNode = claims.get("role");
    String role;
    if (roleNode == null || roleNode.isNull()) {
      if (anonRole == null) {
        throw new GatewayException(401, "PGRST302", "Anonymous access is disabled", null, null)
            .header("WWW-Authenticate", "Bearer");
      }
      role = anonRole;
    } else {
      role = roleNode.isTextual() ? roleNode.asText() : roleNode.toString();
    }
    claims.put("role", role);
    return new Principal(role, claims.toString(), !role.equals(anonRole));
  }

  /**
   * Verifies the HMAC with java-jwt. java-jwt's decoder also type-checks registered claims (a
   * string {@code exp} fails to decode); PostgREST verifies the signature first and reports claim
   * types as PGRST303, so such tokens are verified over the raw signing input instead.
   */
  private static void verifySignature(Algorithm algorithm, String token, String[] segments) {
    DecodedJWT decoded = null;
    try {
      decoded = JWT.decode(token);
    } catch (JWTDecodeException e) {
      // claims that java-jwt cannot type: verify the raw bytes below
    }
    try {
      if (decoded != null) {
        algorithm.verify(decoded);
        return;
      }
      byte[] signature = Base64.getUrlDecoder().decode(segments[2]);
      byte[] expected =
          algorithm.sign(
              segments[0].getBytes(StandardCharsets.US_ASCII),
              segments[1].getBytes(StandardCharsets.US_ASCII));
      if (!java.security.MessageDigest.isEqual(signature, expected)) {
        throw invalid("PGRST301", "JWT cryptographic operation failed");
      }
    } catch (SignatureVerificationException | IllegalArgumentException e) {
      throw invalid("PGRST301", "JWT cryptographic operation failed");
    } catch (com.auth0.jwt.exceptions.SignatureGenerationException e) {
      throw invalid("PGRST301", "JWT cryptographic operation failed");
    }
  }

  private void checkAudience(JsonNode aud) {
    if (aud == null || aud.isNull() || (aud.isArray() && aud.isEmpty())) {
      return;
    }
    if (aud.isTextual()) {
      if (!aud.asText().equals(audience)) throw invalid("PGRST303", "JWT not in audience");
      return;
    }
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        if (!a.isTextual())
          throw invalid("PGRST303", "The JWT 'aud' claim must be a string or an array of strings");
        if (a.asText().equals(audience)) return;
      }
      throw invalid("PGRST303", "JWT not in audience");
    }
    throw invalid("PGRST303", "The JWT 'aud' claim must be a string or an array of strings");
  }

  private static Long timeClaim(ObjectNode claims, String name) {
    JsonNode n = claims.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw invalid("PGRST303", "The JWT '" + name + "' claim must be a number");
    }
    return (long) Math.floor(n.asDouble());
  }

  /**
   * The token of {@code Authorization: Bearer <t>}; null for no header or another scheme, "" for an
   * empty one.
   */
  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String h = authorization.trim();
    int sp = h.indexOf(' ');
    String scheme = sp < 0 ? h : h.substring(0, sp);
    if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
      return null;
    }
    return sp < 0 ? "" : h.substring(sp + 1).trim();
  }

  static GatewayException invalid(String code, String message) {
    return new GatewayException(401, code, message, null, null)
        .header(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\"" + message + "\"");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

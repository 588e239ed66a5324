package no.likeperson.testkit.gateway;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.NullUnmarked;

/**
 * Supabase Auth's session endpoints for the local stack (GoTrue's wire format), in front of the
 * PostgREST handler:
 *
 * <ul>
 *   <li>{@code POST /auth/v1/token?grant_type=password} {@code {email, password}} and {@code
 *       grant_type=refresh_token} {@code {refresh_token}}: 200 with {@code access_token,
 *       token_type, expires_in, expires_at, refresh_token, user}. Refresh tokens rotate: each is
 *       good for one refresh; presenting a spent one revokes its whole session (GoTrue's reuse
 *       detection, without its 10 s grace period, so tests see the rule itself). Errors: 400 {@code
 *       {code, error_code, msg}} with {@code invalid_credentials}, {@code
 *       refresh_token_already_used}, {@code refresh_token_not_found}.
 *   <li>{@code GET /auth/v1/user} with a bearer access token: 200 the user; 401 {@code bad_jwt};
 *       403 {@code session_not_found} after sign-out.
 *   <li>{@code POST /auth/v1/logout}: 204, every session of the user revoked.
 * </ul>
 *
 * A request without an {@code apikey} is refused in front of this handler ({@link ApiKeyCheck});
 * one whose key is not signed with the project's secret is refused here, with the hosted gateway's
 * 401. Sessions live in memory, like the rest of a test run.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class AuthHandler implements HttpHandler {

  static final String PREFIX = "/auth/v1/";
  private static final long LIFETIME_SECONDS = 3600;

  private record Session(UUID user, String id) {}

  private final AuthUsers users;
  private final Algorithm algorithm;
  private final ObjectMapper json;
  private final Clock clock;
  private final HttpHandler next;
  private final SecureRandom random = new SecureRandom();

  /** Refresh token -> its session; spent tokens stay, marked, to detect reuse. */
  private final Map<String, Session> refreshTokens = new ConcurrentHashMap<>();

  private final Map<String, Boolean> spent = new ConcurrentHashMap<>();
  private final Map<String, Boolean> revokedSessions = new ConcurrentHashMap<>();

  AuthHandler(AuthUsers users, String secret, ObjectMapper json, Clock clock, HttpHandler next) {
    this.users = users;
    this.algorithm = Algorithm.HMAC256(secret);
    this.json = json;
    this.clock = clock;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    if (!ex.getRequestPath().startsWith(PREFIX)) {
      next.handleRequest(ex);
      return;
    }
    // a missing key was refused in front (ApiKeyCheck); a key that is not the project's is refused
    // here
    String apikey = ApiKeyCheck.key(ex);
    if (apikey != null && !verifies(apikey)) {
      ApiKeyCheck.refuse(ex, ApiKeyCheck.INVALID_KEY);
      return;
    }
    if (ex.isInIoThread()) {
      ex.dispatch(this);
      return;
    }
    ex.startBlocking();
    Reply r;
    try {
      r = process(ex);
    } catch (IOException | RuntimeException e) {
      r = Reply.error(400, "bad_json", "Could not parse request body as JSON");
    }
    ex.setStatusCode(r.status);
    if (r.body != null) {
      byte[] bytes = json.writeValueAsBytes(r.body);
      ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
      ex.getResponseHeaders()
          .put(HttpString.tryFromString("Content-Length"), String.valueOf(bytes.length));
      ex.getOutputStream().write(bytes);
    }
    ex.endExchange();
  }

  private record Reply(int status, ObjectNode body) {
    static Reply error(int status, String errorCode, String msg) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("code", status);
      o.put("error_code", errorCode);
      o.put("msg", msg);
      return new Reply(status, o);
    }
  }

  private Reply process(HttpServerExchange ex) throws IOException {
    String method = ex.getRequestMethod().toString();
    String path = ex.getRequestPath().substring(PREFIX.length());
    switch (path) {
      case "token":
        if (!method.equals("POST")) {
          return Reply.error(405, "method_not_allowed", "Method not allowed");
        }
        return token(ex);
      case "user":
        if (!method.equals("GET")) {
          return Reply.error(405, "method_not_allowed", "Method not allowed");
        }
        return user(ex);
      case "logout":
        if (!method.equals("POST")) {
          return Reply.error(405, "method_not_allowed", "Method not allowed");
        }
        return logout(ex);
      default:
        return Reply.error(404, "not_found", "Not found");
    }
  }

  private Reply token(HttpServerExchange ex) throws IOException {
    Deque<String> grant = ex.getQueryParameters().get("grant_type");
    String grantType = grant == null ? null : grant.peekFirst();
    JsonNode body = json.readTree(ex.getInputStream());
    if (body == null || !body.isObject()) {
      return Reply.error(400, "bad_json", "Could not parse request body as JSON");
    }
    if ("password".equals(grantType)) {
      String email = body.path("email").asText("");
      String password = body.path("password").asText("");
      if (email.isEmpty() || password.isEmpty()) {
        return Reply.error(400, "validation_failed", "missing email or phone");
      }
      Optional<UUID> user = users.signIn(email, password);
      if (user.isEmpty()) {
        return Reply.error(400, "invalid_credentials", "Invalid login credentials");
      }
      return session(new Session(user.get(), UUID.randomUUID().toString()));
    }
    if ("refresh_token".equals(grantType)) {
      String presented = body.path("refresh_token").asText("");
      Session s;
      synchronized (this) {
        s = refreshTokens.get(presented);
        if (s == null || revokedSessions.containsKey(s.id())) {
          return Reply.error(
              400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
        }
        if (spent.putIfAbsent(presented, Boolean.TRUE) != null) {
          revokedSessions.put(s.id(), Boolean.TRUE);
          return Reply.error(
              400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
        }
      }
      return session(s);
    }
    return Reply.error(400, "unsupported_grant_type", "unsupported_grant_type");
  }

  private Reply session(Session s) {
    String refresh = newRefreshToken();
    refreshTokens.put(refresh, s);
    String access = users.accessToken(s.user(), s.id());
    long exp;
    try {
      exp = JWT.decode(access).getExpiresAtAsInstant().getEpochSecond();
    } catch (RuntimeException e) {
      exp = clock.instant().getEpochSecond() + LIFETIME_SECONDS;
    }
    ObjectNode o = json.createObjectNode();
    o.put("access_token", access);
    o.put("token_type", "bearer");
    o.put("expires_in", Math.max(0, exp - clock.instant().getEpochSecond()));
    o.put("expires_at", exp);
    o.put("refresh_token", refresh);
    o.set("user", json.valueToTree(users.user(s.user())));
    return new Reply(200, o);
  }

  private Reply user(HttpServerExchange ex) {
    DecodedJWT jwt = bearer(ex);
    if (jwt == null) {
      return Reply.error(
          401, "bad_jwt", "invalid JWT: unable to parse or verify signature, token is expired");
    }
    String session = jwt.getClaim("session_id").asString();
    if (session != null && revokedSessions.containsKey(session)) {
      return Reply.error(
          403, "session_not_found", "Session from session_id claim in JWT does not exist");
    }
    UUID id;
    try {
      id = UUID.fromString(jwt.getSubject());
    } catch (RuntimeException e) {
      return Reply.error(401, "bad_jwt", "invalid claim: missing sub claim");
    }
    return new Reply(200, json.valueToTree(users.user(id)));
  }

  private Reply logout(HttpServerExchange ex) {
    DecodedJWT jwt = bearer(ex);
    if (jwt == null) {
      return Reply.error(
          401, "bad_jwt", "invalid JWT: unable to parse or verify signature, token is expired");
    }
    String sub = jwt.getSubject();
    // scope=global (the default): every session of the user
    for (Map.Entry<String, Session> e : refreshTokens.entrySet()) {
      if (e.getValue().user().toString().equals(sub)) {
        revokedSessions.put(e.getValue().id(), Boolean.TRUE);
      }
    }
    String session = jwt.getClaim("session_id").asString();
    if (session != null) {
      revokedSessions.put(session, Boolean.TRUE);
    }
    return new Reply(204, null);
  }

  /** The verified, unexpired bearer token, or null. */
  private DecodedJWT bearer(HttpServerExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    try {
      DecodedJWT jwt =
          JWT.require(algorithm).acceptLeeway(30).build().verify(h.substring(7).trim());
      return jwt;
    } catch (JWTVerificationException e) {
      return null;
    }
  }

  private boolean verifies(String key) {
    try {
      JWT.require(algorithm).build().verify(key);
      return true;
    } catch (JWTVerificationException e) {
      return false;
    }
  }

  private String newRefreshToken() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package no.likeperson.sdk.admin;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.CircuitBreakerSettings;
import no.likeperson.sdk.core.RetrySettings;
import no.likeperson.sdk.core.SupabaseClient;

/** MockWebServer fixtures for the wire tests: servers, tokens, clients, answers. */
final class Wire {

  static final String API_KEY = "sb_publishable_test_key_0001";
  static final UUID ROOT = UUID.fromString("a0000000-0000-4000-8000-000000000001");
  static final UUID CHILD = UUID.fromString("a0000000-0000-4000-8000-000000000011");
  static final UUID FOREIGN = UUID.fromString("b0000000-0000-4000-8000-000000000001");
  static final UUID USER = UUID.fromString("10000000-0000-4000-8000-000000000001");

  private Wire() {}

  /**
   * A server whose accepted sockets have TCP_NODELAY (otherwise ~40 ms per exchange, see sdk-core).
   */
  static MockWebServer server() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(
        new ServerSocketFactory() {
          @Override
          public ServerSocket createServerSocket() throws IOException {
            return noDelay();
          }

          @Override
          public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = noDelay();
            s.bind(new InetSocketAddress(port));
            return s;
          }

          @Override
          public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            ServerSocket s = noDelay();
            s.bind(new InetSocketAddress(port), backlog);
            return s;
          }

          @Override
          public ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress addr)
              throws IOException {
            ServerSocket s = noDelay();
            s.bind(new InetSocketAddress(addr, port), backlog);
            return s;
          }
        });
    return server;
  }

  private static ServerSocket noDelay() throws IOException {
    return new ServerSocket() {
      @Override
      public Socket accept() throws IOException {
        Socket s = new Socket();
        implAccept(s);
        s.setTcpNoDelay(true);
        return s;
      }
    };
  }

  /**
   * An authenticated user's token with {@code roles} per organisation in app_metadata.org_roles.
   */
  static String token(Map<UUID, List<String>> roles) {
    Map<String, Object> orgRoles = new java.util.LinkedHashMap<>();
    roles.forEach((org, r) -> orgRoles.put(org.toString(), r));
    return JWT.create()
        .withSubject(USER.toString())
        .withClaim("role", "authenticated")
        .withAudience("authenticated")
        .withExpiresAt(Instant.now().plus(1, ChronoUnit.DAYS))
        .withClaim("app_metadata", Map.of("org_roles", orgRoles))
        .sign(Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters"));
  }

  static String serviceRoleToken() {
    return JWT.create()
        .withClaim("role", "service_role")
        .withExpiresAt(Instant.now().plus(1, ChronoUnit.DAYS))
        .sign(Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters"));
  }

  static String adminOfRoot() {
    return token(Map.of(ROOT, List.of("org_admin")));
  }

  /**
   * A client without retries or circuit breaker (each test sees exactly its own requests); null
   * token: none.
   */
  static SupabaseClient client(MockWebServer server, String token) {
    SupabaseClient.Builder b =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(API_KEY)
            .retry(RetrySettings.disabled())
            .circuitBreaker(CircuitBreakerSettings.disabled());
    if (token != null) {
      b.accessTokenProvider(AccessTokenProvider.of(token));
    }
    return b.build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static MockResponse json(String body) {
    return json(200, body);
  }

  static MockResponse error(int code, String sqlState, String message) {
    return json(
        code,
        "{\"code\":\""
            + sqlState
            + "\",\"message\":\""
            + message
            + "\",\"details\":null,\"hint\":null}");
  }
}

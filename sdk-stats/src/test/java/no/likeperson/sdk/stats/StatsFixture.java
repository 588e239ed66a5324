package no.likeperson.sdk.stats;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.CircuitBreakerSettings;
import no.likeperson.sdk.core.RetrySettings;
import no.likeperson.sdk.core.SupabaseClient;

/** A client pointed at a MockWebServer with a token naming one organisation; canned answers. */
final class StatsFixture {

  static final UUID ORG = UUID.fromString("a0000000-0000-4000-8000-000000000111");
  static final UUID OTHER_ORG = UUID.fromString("b0000000-0000-4000-8000-000000000011");
  static final UUID COORD = UUID.fromString("20000000-0000-4000-8000-000000000001");
  static final UUID MENTOR = UUID.fromString("30000000-0000-4000-8000-000000000001");
  static final UUID TALK = UUID.fromString("d0000000-0000-4000-8000-000000000001");
  static final UUID GROUP = UUID.fromString("d0000000-0000-4000-8000-000000000002");

  private StatsFixture() {}

  /**
   * An unsigned-looking JWT (the SDK decodes claims, the server verifies signatures) for a
   * coordinator of {@link #ORG}, valid for ten years.
   */
  static String token() {
    return token(COORD);
  }

  /** The same token with another subject (another user of the same organisation). */
  static String token(UUID subject) {
    return token(subject, ORG);
  }

  /** A token of {@code subject} as a coordinator of {@code org} only. */
  static String token(UUID subject, UUID org) {
    long exp = System.currentTimeMillis() / 1000 + 3650L * 24 * 3600;
    String payload =
        "{\"sub\":\""
            + subject
            + "\",\"role\":\"authenticated\",\"aud\":\"authenticated\",\"exp\":"
            + exp
            + ",\"app_metadata\":{\"organisation_id\":\""
            + org
            + "\",\"organisation_ids\":[\""
            + org
            + "\"],\"org_roles\":{\""
            + org
            + "\":[\"coordinator\"]}}}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString("not-verified-here".getBytes(StandardCharsets.UTF_8));
  }

  /** The next request the server received (waiting up to 5 s); fails when none came. */
  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request was sent");
    }
    return r;
  }

  /** A client without retries or circuit breaker, so each test sees exactly its own requests. */
  static SupabaseClient client(MockWebServer server) {
    return SupabaseClient.builder()
        .url(server.url("/").toString())
        .apiKey("sb_publishable_test_key_0001")
        .accessTokenProvider(AccessTokenProvider.of(token()))
        .retry(RetrySettings.disabled())
        .circuitBreaker(CircuitBreakerSettings.disabled())
        .build();
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

  /** One wire row of a monthly-stats view (subject under its alias). */
  static String row(
      UUID org, UUID subject, String month, UUID type, String code, long count, Long minutes) {
    return "{\"org_id\":\""
        + org
        + "\",\"subject_id\":\""
        + subject
        + "\",\"activity_month\":\""
        + month
        + "\",\"activity_type_id\":\""
        + type
        + "\",\"activity_type\":\""
        + code
        + "\",\"activity_count\":"
        + count
        + ",\"total_duration_minutes\":"
        + minutes
        + "}";
  }

  /**
   * MockWebServer with TCP_NODELAY on accepted sockets (otherwise Nagle and delayed ACKs add ~40 ms
   * to every exchange).
   */
  static MockWebServer noDelayServer() {
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
          public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
              throws IOException {
            ServerSocket s = noDelay();
            s.bind(new InetSocketAddress(address, port), backlog);
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
}

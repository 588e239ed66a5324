package no.likeperson.sdk.bufdir;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.CircuitBreakerSettings;
import no.likeperson.sdk.core.RetrySettings;
import no.likeperson.sdk.core.SupabaseClient;

/** Clients pointed at a MockWebServer with a coordinator's token, and canned answers. */
final class WireFixture {

  static final UUID ORG = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
  static final UUID OTHER_ORG = UUID.fromString("00000000-0000-4000-8000-0000000000b2");
  static final UUID COORDINATOR = UUID.fromString("20000000-0000-4000-8000-000000000001");

  private WireFixture() {}

  /** A token of {@link #COORDINATOR}, coordinator of {@link #ORG} only. */
  static String coordinatorToken() {
    return JWT.create()
        .withSubject(COORDINATOR.toString())
        .withClaim("role", "authenticated")
        .withClaim(
            "app_metadata",
            Map.of(
                "organisation_id",
                ORG.toString(),
                "organisation_ids",
                List.of(ORG.toString()),
                "org_roles",
                Map.of(ORG.toString(), List.of("coordinator"))))
        .withExpiresAt(Instant.now().plus(3650, ChronoUnit.DAYS))
        .sign(Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters"));
  }

  /** No retries: each test sees exactly its own requests. */
  static SupabaseClient client(MockWebServer server) {
    return builder(server).retry(RetrySettings.disabled()).build();
  }

  /** Retries with zero waits; a short read timeout, so a body that stops arriving fails fast. */
  static SupabaseClient retryingClient(MockWebServer server) {
    return builder(server)
        .retry(RetrySettings.noWait())
        .readTimeout(java.time.Duration.ofMillis(700))
        .build();
  }

  private static SupabaseClient.Builder builder(MockWebServer server) {
    return SupabaseClient.builder()
        .url(server.url("/").toString())
        .apiKey("sb_publishable_test")
        .accessTokenProvider(AccessTokenProvider.of(coordinatorToken()))
        .circuitBreaker(CircuitBreakerSettings.disabled());
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

  /** JSON with single quotes for readability. */
  static String q(String text) {
    return text.replace('\'', '"');
  }
}

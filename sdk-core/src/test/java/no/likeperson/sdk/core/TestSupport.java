package no.likeperson.sdk.core;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

/** Shared helpers for the transport tests: tokens, clock, sleeper, requests, responses. */
final class TestSupport {
  private TestSupport() {}

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final String SECRET = "super-secret-jwt-token-with-at-least-32-characters";

  /** A legacy (JWT) anon key. */
  static final String ANON_KEY =
      JWT.create()
          .withClaim("role", "anon")
          .withIssuer("supabase-demo")
          .sign(Algorithm.HMAC256(SECRET));

  /** A new-style key: not a JWT. */
  static final String PUBLISHABLE_KEY = "sb_publishable_Zx81abcDEF_secretish";

  static String userToken(String sub, Instant exp) {
    return JWT.create()
        .withSubject(sub)
        .withClaim("role", "authenticated")
        .withExpiresAt(exp)
        .sign(Algorithm.HMAC256(SECRET));
  }

  static String userToken(String sub, Instant exp, Map<String, ?> appMetadata) {
    return JWT.create()
        .withSubject(sub)
        .withClaim("role", "authenticated")
        .withExpiresAt(exp)
        .withClaim("app_metadata", appMetadata)
        .sign(Algorithm.HMAC256(SECRET));
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  /** Records each wait and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  /** A provider whose token the test swaps; counts refreshes. */
  static class RefreshingProvider implements AccessTokenProvider {
    final AtomicReference<String> current;
    final AtomicReference<String> next;
    final AtomicInteger refreshes = new AtomicInteger();

    RefreshingProvider(String current, String next) {
      this.current = new AtomicReference<>(current);
      this.next = new AtomicReference<>(next);
    }

    @Override
    public String accessToken() {
      return current.get();
    }

    @Override
    public String refreshAccessToken() {
      refreshes.incrementAndGet();
      current.set(next.get());
      return next.get();
    }
  }

  static TransportConfig.Builder config(MockWebServer server) {
    return TransportConfig.builder()
        .apiKey(ANON_KEY)
        .okHttpClient(new OkHttpClient())
        .retry(RetrySettings.noWait())
        .circuitBreaker(CircuitBreakerSettings.disabled())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .sleeper(new RecordingSleeper());
  }

  static WireRequest get(MockWebServer server, String pathAndQuery) {
    return new WireRequest(
        "GET",
        server.url(pathAndQuery),
        Headers.of("Accept", "application/json"),
        null,
        true,
        "GET " + server.url(pathAndQuery).encodedPath(),
        null);
  }

  static WireRequest post(MockWebServer server, String path, String json, boolean replayable) {
    return new WireRequest(
        "POST",
        server.url(path),
        Headers.of("Content-Type", "application/json", "Prefer", "return=representation"),
        json.getBytes(StandardCharsets.UTF_8),
        replayable,
        "POST " + path,
        null);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static MockResponse error(int code, String pgCode, String message) {
    return json(
        code,
        "{\"code\":\""
            + pgCode
            + "\",\"details\":null,\"hint\":null,\"message\":\""
            + message
            + "\"}");
  }

  static final ResponseHandler<String> BODY = r -> r.body().string();

  /**
   * Throws a checked exception without declaring it, as Kotlin code (e.g. an Android provider or
   * OkHttp's own code) does.
   */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}

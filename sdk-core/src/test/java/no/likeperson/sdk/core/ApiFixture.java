package no.likeperson.sdk.core;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** Shared helpers for the API-surface tests: a client pointed at a MockWebServer, responses. */
final class ApiFixture {

  static final String API_KEY = "sb_publishable_test_key_0001";
  static final String USER_TOKEN =
      JWT.create()
          .withSubject("11111111-1111-1111-1111-111111111111")
          .withClaim("role", "authenticated")
          .withExpiresAt(Instant.now().plus(3650, ChronoUnit.DAYS))
          .sign(Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters"));

  private ApiFixture() {}

  /** A client without retries or circuit breaker, so each test sees exactly its own requests. */
  static SupabaseClient client(MockWebServer server) {
    return SupabaseClient.builder()
        .url(server.url("/").toString())
        .apiKey(API_KEY)
        .accessTokenProvider(AccessTokenProvider.of(USER_TOKEN))
        .retry(RetrySettings.disabled())
        .circuitBreaker(CircuitBreakerSettings.disabled())
        .build();
  }

  /**
   * A client that retries with zero waits (no circuit breaker) and has no user token: for the retry
   * / no-retry rules.
   */
  static SupabaseClient retryingClient(MockWebServer server) {
    return SupabaseClient.builder()
        .url(server.url("/").toString())
        .apiKey(API_KEY)
        .retry(RetrySettings.noWait())
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

  static MockResponse json(int code, String body, String contentRange) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .addHeader("Content-Range", contentRange)
        .body(body)
        .build();
  }

  static MockResponse noContent() {
    return new MockResponse.Builder().code(204).build();
  }

  /** The decoded values of query parameter {@code name}, in order. */
  static List<String> params(RecordedRequest r, String name) {
    HttpUrl url = r.getUrl();
    return new ArrayList<>(url.queryParameterValues(name));
  }

  /** The request target's query string, exactly as sent (still percent-encoded). */
  static String rawQuery(RecordedRequest r) {
    String target = r.getTarget();
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }

  static String path(RecordedRequest r) {
    String target = r.getTarget();
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /**
   * Splits a PostgREST list {@code (a,"b,c")} the way PostgREST's pListElement does: an element is
   * either "quoted" (a backslash escapes the next character) or runs to the next comma or ')'.
   */
  static List<String> parsePostgrestList(String list) {
    if (!list.startsWith("(") || !list.endsWith(")")) {
      throw new IllegalArgumentException("not a list: " + list);
    }
    List<String> out = new ArrayList<>();
    String s = list.substring(1, list.length() - 1);
    int i = 0;
    while (i <= s.length()) {
      StringBuilder e = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        while (s.charAt(i) != '"') {
          if (s.charAt(i) == '\\') {
            i++;
          }
          e.append(s.charAt(i++));
        }
        i++; // closing quote
        if (i < s.length() && s.charAt(i) != ',') {
          throw new IllegalArgumentException(
              "quoted value not followed by ',' at " + i + ": " + list);
        }
      } else {
        while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ')') {
          e.append(s.charAt(i++));
        }
      }
      out.add(e.toString());
      i++; // skip ','
    }
    return out;
  }
}

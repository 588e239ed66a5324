package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.error;
import static no.likeperson.sdk.core.TestSupport.json;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.InvalidRequestException;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The transport's edges: which token characters may go into a header, the body's media type as the
 * request names it, a per-call token kept through retries, and outcomes reported to the retry's
 * metrics.
 */
class TransportEdgeTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final String token = userToken("u", NOW.plusSeconds(3600));

  private OkHttpTransport transport() {
    return (OkHttpTransport)
        Transports.create(config(server).tokenProvider(AccessTokenProvider.of(token)).build());
  }

  private WireRequest request(
      String method, Headers headers, @Nullable String body, @Nullable String tokenOverride) {
    return new WireRequest(
        method,
        server.url("/rest/v1/t"),
        headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        true,
        method + " /rest/v1/t",
        tokenOverride);
  }

  @Test
  void tokenCharacters_spaceAndDelAreRefused_printableAsciiAround_isSent() throws Exception {
    try (OkHttpTransport t = transport()) {
      for (String bad : new String[] {"a b", "a\u007fb", " ab"}) {
        assertThatThrownBy(() -> t.execute(request("GET", Headers.of(), null, bad), BODY))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessage("access token contains characters not allowed in an HTTP header");
      }
      assertThat(server.getRequestCount()).isZero();
      server.enqueue(json(200, "[]"));
      t.execute(request("GET", Headers.of(), null, "!a.b~"), BODY);
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer !a.b~");
  }

  @Test
  void body_isSentWithTheRequestsContentType_jsonWhenNoneOrUnparseable() throws Exception {
    try (OkHttpTransport t = transport()) {
      for (String type : new String[] {"text/csv", "application/json", "not a type"}) {
        server.enqueue(json(200, "[]"));
        t.execute(request("POST", Headers.of("Content-Type", type), "a,b", null), BODY);
      }
      server.enqueue(json(200, "[]"));
      t.execute(request("POST", Headers.of(), "{}", null), BODY);
    }
    for (String expected :
        new String[] {"text/csv", "application/json", "application/json", "application/json"}) {
      RecordedRequest r = server.takeRequest();
      assertThat(r.getHeaders().get("Content-Type")).isEqualTo(expected);
    }
  }

  @Test
  void tokenOverride_isKeptThroughRetries() throws Exception {
    String other = userToken("other", NOW.plusSeconds(3600));
    server.enqueue(error(503, "PGRST000", "down"));
    server.enqueue(json(200, "[]"));
    try (OkHttpTransport t = transport()) {
      t.execute(request("GET", Headers.of(), null, other), BODY);
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + other);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + other);
  }

  @Test
  void successAfterARetry_isReportedToTheRetryMetrics_syncAndAsync() throws Exception {
    try (OkHttpTransport t = transport()) {
      server.enqueue(error(503, "PGRST000", "down"));
      server.enqueue(json(200, "[]"));
      t.execute(request("GET", Headers.of(), null, null), BODY);
      assertThat(t.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
      server.enqueue(error(503, "PGRST000", "down"));
      server.enqueue(json(200, "[]"));
      t.executeAsync(request("GET", Headers.of(), null, null), BODY).get();
      assertThat(t.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(2);
    }
  }

  @Test
  void handlerFailure_jacksonWrappingABrokenStream_isAnIoFailure_retried_badJsonIsNot()
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    ResponseHandler<String> brokenOnce =
        r -> {
          if (calls.incrementAndGet() == 1) {
            // databind's report of a stream error met inside a collection element, two levels deep
            throw com.fasterxml.jackson.databind.JsonMappingException.from(
                (com.fasterxml.jackson.core.JsonParser) null,
                "element",
                new java.util.concurrent.CompletionException(
                    new java.io.EOFException("stream ended")));
          }
          return r.body().string();
        };
    ResponseHandler<String> badJson =
        r -> {
          throw com.fasterxml.jackson.databind.JsonMappingException.from(
              (com.fasterxml.jackson.core.JsonParser) null,
              "bad",
              new com.fasterxml.jackson.core.JsonParseException(null, "unexpected token"));
        };
    try (OkHttpTransport t = transport()) {
      server.enqueue(json(200, "[1]"));
      server.enqueue(json(200, "[2]"));
      assertThat(t.execute(request("GET", Headers.of(), null, null), brokenOnce)).isEqualTo("[2]");
      assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isNull();
      assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("1");
      server.enqueue(json(200, "[3]"));
      assertThatThrownBy(() -> t.execute(request("GET", Headers.of(), null, null), badJson))
          .isInstanceOf(no.likeperson.sdk.core.error.SupabaseClientException.class)
          .hasMessage("unparseable response body from GET /rest/v1/t");
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }
}

package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.ANON_KEY;
import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.PUBLISHABLE_KEY;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.get;
import static no.likeperson.sdk.core.TestSupport.json;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final String token = userToken("user-1", NOW.plus(Duration.ofHours(1)));

  private Transport transport(AccessTokenProvider provider) {
    return Transports.create(config(server).tokenProvider(provider).build());
  }

  @Test
  void execute_sendsApikeyUserBearerAndClientInfo() throws Exception {
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThat(t.execute(get(server, "/rest/v1/activities?select=id"), BODY)).isEqualTo("[]");
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getHeaders().get("apikey")).isEqualTo(ANON_KEY);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
    assertThat(r.getHeaders().get("X-Client-Info"))
        .isEqualTo("likeperson-sdk-java/" + ClientInfo.version());
    assertThat(r.getHeaders().get("X-Retry-Count")).isNull();
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void clientInfo_versionComesFromTheBuild_notHardCoded() {
    String expected = System.getProperty("project.version");
    assertThat(expected).as("surefire passes project.version").isNotBlank();
    assertThat(ClientInfo.version()).isEqualTo(expected);
    assertThat(ClientInfo.headerValue()).isEqualTo("likeperson-sdk-java/" + expected);
  }

  @Test
  void execute_withoutUserToken_sendsJwtApiKeyAsBearer() throws Exception {
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(AccessTokenProvider.anonymous())) {
      t.execute(get(server, "/rest/v1/organisations"), BODY);
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("apikey")).isEqualTo(ANON_KEY);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ANON_KEY);
  }

  @Test
  void execute_withoutUserToken_andPublishableKey_sendsKeyOnlyAsApikey() throws Exception {
    server.enqueue(json(200, "[]"));
    try (Transport t =
        Transports.create(
            config(server)
                .apiKey(PUBLISHABLE_KEY)
                .tokenProvider(AccessTokenProvider.anonymous())
                .build())) {
      t.execute(get(server, "/rest/v1/organisations"), BODY);
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("apikey")).isEqualTo(PUBLISHABLE_KEY);
    assertThat(r.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void execute_withPublishableKeyAndUserToken_sendsUserTokenAsBearer() throws Exception {
    server.enqueue(json(200, "[]"));
    try (Transport t =
        Transports.create(
            config(server)
                .apiKey(PUBLISHABLE_KEY)
                .tokenProvider(AccessTokenProvider.of(token))
                .build())) {
      t.execute(get(server, "/rest/v1/organisations"), BODY);
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
  }

  @Test
  void execute_tokenOverride_replacesProviderToken() throws Exception {
    String other = userToken("user-2", NOW.plus(Duration.ofHours(1)));
    server.enqueue(json(200, "[]"));
    WireRequest base = get(server, "/rest/v1/activities");
    WireRequest withOverride =
        new WireRequest(
            base.method(), base.url(), base.headers(), null, true, base.operation(), other);
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      t.execute(withOverride, BODY);
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + other);
  }

  @Test
  void execute_callerSuppliedAuthHeaders_areReplaced() throws Exception {
    server.enqueue(json(200, "[]"));
    WireRequest r =
        new WireRequest(
            "GET",
            server.url("/rest/v1/activities"),
            Headers.of("Authorization", "Bearer forged", "apikey", "forged-key"),
            null,
            true,
            "GET /rest/v1/activities",
            null);
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      t.execute(r, BODY);
    }
    RecordedRequest rec = server.takeRequest();
    assertThat(rec.getHeaders().values("Authorization")).containsExactly("Bearer " + token);
    assertThat(rec.getHeaders().values("apikey")).containsExactly(ANON_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PATCH", "PUT", "DELETE"})
  void execute_writeMethods_sendMethodBodyAndHeaders(String method) throws Exception {
    server.enqueue(json(201, "[{\"id\":1}]"));
    byte[] body = "{\"name\":\"Ålesund æøå\"}".getBytes(StandardCharsets.UTF_8);
    WireRequest r =
        new WireRequest(
            method,
            server.url("/rest/v1/activities?id=eq.1"),
            Headers.of(
                "Content-Type",
                "application/json",
                "Prefer",
                "return=representation",
                "Content-Profile",
                "public"),
            body,
            false,
            method + " /rest/v1/activities",
            null);
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThat(t.execute(r, BODY)).isEqualTo("[{\"id\":1}]");
    }
    RecordedRequest rec = server.takeRequest();
    assertThat(rec.getMethod()).isEqualTo(method);
    assertThat(rec.getBody().utf8()).isEqualTo("{\"name\":\"Ålesund æøå\"}");
    assertThat(rec.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(rec.getHeaders().get("Prefer")).isEqualTo("return=representation");
    assertThat(rec.getHeaders().get("Content-Profile")).isEqualTo("public");
    assertThat(rec.getUrl().encodedQuery()).isEqualTo("id=eq.1");
  }

  @Test
  void execute_postWithoutBody_sendsEmptyBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    WireRequest r =
        new WireRequest(
            "POST",
            server.url("/rest/v1/rpc/touch"),
            Headers.of(),
            null,
            false,
            "POST /rest/v1/rpc/touch",
            null);
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      String result = t.execute(r, resp -> resp.code() == 204 ? null : "unexpected");
      assertThat(result).isNull();
    }
    RecordedRequest rec = server.takeRequest();
    assertThat(rec.getMethod()).isEqualTo("POST");
    assertThat(rec.getBodySize()).isZero();
  }

  @Test
  void execute_head_returnsHeadersToHandler() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(200).setHeader("Content-Range", "*/3573").build());
    WireRequest r =
        new WireRequest(
            "HEAD",
            server.url("/rest/v1/activities"),
            Headers.of("Prefer", "count=exact"),
            null,
            true,
            "HEAD /rest/v1/activities",
            null);
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      String range = t.execute(r, resp -> resp.header("Content-Range"));
      assertThat(range).isEqualTo("*/3573");
    }
    RecordedRequest rec = server.takeRequest();
    assertThat(rec.getMethod()).isEqualTo("HEAD");
    assertThat(rec.getHeaders().get("Prefer")).isEqualTo("count=exact");
  }

  @Test
  void execute_headError_withoutBody_isTypedFromStatusAndProxyStatus() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .setHeader("Proxy-Status", "PostgREST; error=PGRST205")
            .build());
    WireRequest r =
        new WireRequest(
            "HEAD",
            server.url("/rest/v1/nope"),
            Headers.of("Prefer", "count=exact"),
            null,
            true,
            "HEAD /rest/v1/nope",
            null);
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThatThrownBy(() -> t.execute(r, resp -> resp.header("Content-Range")))
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> {
                assertThat(e.code()).isEqualTo("PGRST205");
                assertThat(e.getMessage()).isEqualTo("HTTP 404 (PGRST205) from HEAD /rest/v1/nope");
              });
    }
  }

  @Test
  void execute_206PartialContent_isSuccess() {
    server.enqueue(
        new MockResponse.Builder()
            .code(206)
            .setHeader("Content-Range", "0-1/3")
            .body("[1,2]")
            .build());
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[1,2]");
    }
  }

  @Test
  void execute_errorStatus_neverReachesHandler() {
    server.enqueue(
        TestSupport.error(
            404, "PGRST205", "Could not find the table 'public.nope' in the schema cache"));
    AtomicBoolean handlerCalled = new AtomicBoolean();
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThatThrownBy(
              () ->
                  t.execute(
                      get(server, "/rest/v1/nope"),
                      r -> {
                        handlerCalled.set(true);
                        return "x";
                      }))
          .isInstanceOf(NotFoundException.class);
    }
    assertThat(handlerCalled).isFalse();
  }

  @Test
  void execute_disconnectDuringBody_isRetryableClientError() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Length", "1000")
            .body("[{\"id\":1},")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    try (Transport t =
        Transports.create(
            config(server)
                .tokenProvider(AccessTokenProvider.of(token))
                .retry(RetrySettings.disabled())
                .build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("GET /rest/v1/activities").doesNotContain("?");
              });
    }
  }

  @Test
  void execute_disconnectDuringBody_isRetriedForReplayableRequest() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Length", "1000")
            .body("[{\"id\":1},")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(200, "[{\"id\":1}]"));
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[{\"id\":1}]");
    }
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("1");
  }

  @Test
  void execute_slowBody_hitsReadTimeout_asRetryableTimeout() {
    server.enqueue(
        new MockResponse.Builder().code(200).body("[1]").bodyDelay(5, TimeUnit.SECONDS).build());
    OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
    try (Transport t =
        Transports.create(
            config(server)
                .okHttpClient(impatient)
                .tokenProvider(AccessTokenProvider.of(token))
                .retry(RetrySettings.disabled())
                .build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> {
                assertThat(e.getMessage()).startsWith("timeout during GET /rest/v1/activities");
                assertThat(e.isRetryable()).isTrue();
              });
    }
  }

  @Test
  void execute_connectionRefused_isRetryableClientError() throws Exception {
    var url = server.url("/rest/v1/activities");
    server.close();
    WireRequest r =
        new WireRequest("GET", url, Headers.of(), null, true, "GET /rest/v1/activities", null);
    try (Transport t =
        Transports.create(
            config(server)
                .tokenProvider(AccessTokenProvider.of(token))
                .retry(RetrySettings.disabled())
                .build())) {
      assertThatThrownBy(() -> t.execute(r, BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class, e -> assertThat(e.isRetryable()).isTrue());
    }
  }

  @Test
  void execute_unparseableBody_isNonRetryableAndNotRetried() {
    server.enqueue(json(200, "[{\"id\": 1,,,"));
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThatThrownBy(
              () ->
                  t.execute(
                      get(server, "/rest/v1/activities"),
                      r ->
                          new com.fasterxml.jackson.databind.ObjectMapper()
                              .readTree(r.body().byteStream())
                              .toString()))
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage())
                    .startsWith("unparseable response body from GET /rest/v1/activities");
              });
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void handlerThrowingUndeclaredCheckedException_isClientError_syncAndAsync() throws Exception {
    ResponseHandler<String> kotlinLike =
        r -> {
          throw TestSupport.sneaky(
              new java.util.concurrent.TimeoutException("custom deserializer"));
        };
    server.enqueue(json(200, "[]"));
    server.enqueue(json(200, "[]"));
    try (Transport t = Transports.create(config(server).build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), kotlinLike))
          .isInstanceOfSatisfying(
              SupabaseClientException.class, e -> assertThat(e.isRetryable()).isFalse());
      java.util.concurrent.CompletableFuture<String> f =
          t.executeAsync(get(server, "/rest/v1/activities"), kotlinLike);
      // without the fix the future is never completed: get() times out instead of failing typed
      assertThatThrownBy(() -> f.get(60, java.util.concurrent.TimeUnit.SECONDS))
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .cause()
          .isInstanceOf(SupabaseClientException.class);
    }
  }

  @Test
  void execute_handlerThrowingUnchecked_isWrappedAsClientError() {
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(AccessTokenProvider.of(token))) {
      assertThatThrownBy(
              () ->
                  t.execute(
                      get(server, "/rest/v1/activities"),
                      r -> {
                        throw new IllegalStateException("boom");
                      }))
          .isInstanceOf(SupabaseClientException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void execute_afterClose_failsWithoutSending() {
    Transport t = transport(AccessTokenProvider.of(token));
    t.close();
    assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("closed");
    assertThat(t.executeAsync(get(server, "/rest/v1/activities"), BODY)).isCompletedExceptionally();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void execute_injectedClient_sharesConnectionPool() throws Exception {
    OkHttpClient shared = new OkHttpClient();
    server.enqueue(json(200, "[]"));
    server.enqueue(json(200, "[]"));
    try (Transport t =
        Transports.create(
            config(server)
                .okHttpClient(shared)
                .tokenProvider(AccessTokenProvider.of(token))
                .build())) {
      t.execute(get(server, "/rest/v1/a"), BODY);
      t.execute(get(server, "/rest/v1/b"), BODY);
    }
    assertThat(shared.connectionPool().connectionCount()).isEqualTo(1);
    server.takeRequest();
    assertThat(server.takeRequest().getConnectionIndex()).isZero();
  }

  @Test
  void wireRequest_toString_hidesQueryBodyAndToken() {
    WireRequest r =
        new WireRequest(
            "POST",
            server.url("/rest/v1/activities?note=eq.hemmelig"),
            Headers.of(),
            "{\"pw\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            false,
            "POST /rest/v1/activities",
            token);
    assertThat(r.toString())
        .doesNotContain("hemmelig", "pw", token)
        .contains("POST /rest/v1/activities");
  }

  @Test
  void wireRequest_body_isDefensivelyCopied() {
    byte[] body = {1, 2, 3};
    WireRequest r =
        new WireRequest("post", server.url("/x"), Headers.of(), body, false, "POST /x", null);
    body[0] = 9;
    r.body()[1] = 9;
    assertThat(r.body()).containsExactly(1, 2, 3);
    assertThat(r.method()).isEqualTo("POST");
  }

  @Test
  void wireRequest_unknownMethod_isRejected() {
    assertThatThrownBy(
            () ->
                new WireRequest(
                    "TRACE", server.url("/x"), Headers.of(), null, true, "TRACE /x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

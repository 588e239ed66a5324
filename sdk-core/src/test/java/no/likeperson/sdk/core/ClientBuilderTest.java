package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * SupabaseClient.builder(): validation, defaults, shared OkHttp, mapper, timeouts, no static state.
 */
class ClientBuilderTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private SupabaseClient.Builder base() {
    return SupabaseClient.builder()
        .url(server.url("/").toString())
        .apiKey(ApiFixture.API_KEY)
        .retry(RetrySettings.disabled())
        .circuitBreaker(CircuitBreakerSettings.disabled());
  }

  @Test
  void build_withoutUrlOrKey_isRejected() {
    assertThatThrownBy(() -> SupabaseClient.builder().apiKey("k").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("url");
    assertThatThrownBy(() -> SupabaseClient.builder().url("http://h").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> SupabaseClient.builder().url("http://h").apiKey("  ").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> SupabaseClient.builder().url(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("url == null");
  }

  @Test
  void build_withMalformedUrl_isRejected() {
    assertThatThrownBy(() -> SupabaseClient.builder().url("ftp://h").apiKey("k").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> SupabaseClient.builder().url("not a url").apiKey("k").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> SupabaseClient.builder().url("http://h/?x=1").apiKey("k").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("query");
  }

  @Test
  void build_withKeyThatCannotBeAHeader_isRejectedWithoutEchoingIt() {
    assertThatThrownBy(
            () -> SupabaseClient.builder().url("http://h").apiKey("secret key\n").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void schemaAndApiKey_atTheHeaderBounds_spaceAndTildeInASchemaAreSent_delIsRefused()
      throws Exception {
    try (SupabaseClient c = base().schema("my schema~").build()) {
      server.enqueue(json("[]"));
      c.from("t").list(Object.class);
    }
    assertThat(server.takeRequest().getHeaders().get("Accept-Profile")).isEqualTo("my schema~");
    assertThatThrownBy(() -> base().schema("a\u007f").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("schema contains control or non-ASCII characters");
    for (String key : new String[] {"sb_publishable a", "sb_publishable\u007f"}) {
      assertThatThrownBy(() -> base().apiKey(key).build())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("apiKey contains white space or non-ASCII characters");
    }
    try (SupabaseClient c = base().apiKey("!sb_publishable~").build()) {
      server.enqueue(json("[]"));
      c.from("t").list(Object.class);
    }
    assertThat(server.takeRequest().getHeaders().get("apikey")).isEqualTo("!sb_publishable~");
  }

  @Test
  void tableNameStartingWithNul_isRefused() {
    try (SupabaseClient c = base().build()) {
      assertThatThrownBy(() -> c.from("\0t"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("contains a NUL character");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void build_withNegativeTimeoutOrBlankSchema_isRejected() {
    assertThatThrownBy(() -> base().readTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> base().schema(" ").build())
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void schemaThatNoHeaderCanCarry_isRejectedTyped_onClientAndPerCall_andNothingIsSent() {
    assertThatThrownBy(() -> base().schema("rapportering_æøå").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("schema");
    assertThatThrownBy(() -> base().schema("public\r\nX-Evil: 1").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> RequestOptions.builder().schema("bl\u00e5"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> RequestOptions.builder().schema("a\tb"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(RequestOptions.builder().schema("reporting").build().schema()).hasValue("reporting");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void restBase_appendsRestV1_keepsPathPrefix_andExistingRestV1() {
    assertThat(SupabaseClient.Builder.restBase("http://127.0.0.1:54321").toString())
        .isEqualTo("http://127.0.0.1:54321/rest/v1");
    assertThat(SupabaseClient.Builder.restBase("https://abc.supabase.co/").toString())
        .isEqualTo("https://abc.supabase.co/rest/v1");
    assertThat(SupabaseClient.Builder.restBase("https://abc.supabase.co/rest/v1/").toString())
        .isEqualTo("https://abc.supabase.co/rest/v1");
    assertThat(SupabaseClient.Builder.restBase("http://gw/proxy").toString())
        .isEqualTo("http://gw/proxy/rest/v1");
  }

  @Test
  void urlWithPathPrefix_isUsedForRequests() throws Exception {
    try (SupabaseClient c = base().url(server.url("/proxy/").toString()).build()) {
      server.enqueue(json("[]"));
      c.from("t").list(Object.class);
      assertThat(server.takeRequest().getTarget()).isEqualTo("/proxy/rest/v1/t");
    }
  }

  @Test
  void injectedOkHttpClient_isUsed_andKeptOpenOnClose() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    OkHttpClient shared =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  calls.incrementAndGet();
                  return chain.proceed(chain.request());
                })
            .build();
    SupabaseClient c = base().okHttpClient(shared).readTimeout(Duration.ofSeconds(5)).build();
    server.enqueue(json("[]"));
    c.from("t").list(Object.class);
    c.close();
    assertThat(calls).hasValue(1);
    server.enqueue(json("[]"));
    try (okhttp3.Response after =
        shared
            .newCall(new okhttp3.Request.Builder().url(server.url("/still-open")).build())
            .execute()) {
      assertThat(after.code()).isEqualTo(200);
    }
  }

  @Test
  void close_withoutInjectedOkHttpClient_releasesTheClientItCreated() throws Exception {
    SupabaseClient c = base().readTimeout(Duration.ofSeconds(5)).build();
    OkHttpClient owned = c.ownedHttpClient();
    assertThat(owned).isNotNull();
    server.enqueue(json("[]"));
    c.from("t").listAsync(Object.class).get(10, TimeUnit.SECONDS); // starts a dispatcher thread
    assertThat(owned.dispatcher().executorService().isShutdown()).isFalse();
    c.close();
    assertThat(owned.dispatcher().executorService().isShutdown()).isTrue();
    assertThat(owned.connectionPool().connectionCount()).isZero();
  }

  @Test
  void close_withInjectedOkHttpClient_ownsNothing() {
    OkHttpClient shared = new OkHttpClient();
    SupabaseClient c = base().okHttpClient(shared).build();
    assertThat(c.ownedHttpClient()).isNull();
    c.close();
    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    // the client itself is closed all the same: calls after close fail and send nothing
    assertThatThrownBy(() -> c.from("t").list(Object.class))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessage("the client is closed");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void defaultMapper_readsAndWritesJavaTime_andIgnoresUnknownColumns() throws Exception {
    record Row(LocalDate day, Instant at) {}
    try (SupabaseClient c = base().build()) {
      server.enqueue(
          json("[{\"day\":\"2026-01-02\",\"at\":\"2026-11-23T00:12:23+00:00\",\"new\":1}]"));
      assertThat(c.from("t").list(Row.class))
          .containsExactly(
              new Row(LocalDate.of(2026, 1, 2), Instant.parse("2026-11-23T00:12:23Z")));
      server.takeRequest();
      server.enqueue(new MockResponse.Builder().code(201).build());
      c.from("t")
          .insert(new Row(LocalDate.of(2026, 1, 2), Instant.parse("2026-01-01T00:00:00Z")))
          .execute();
      assertThat(server.takeRequest().getBody().utf8())
          .isEqualTo("{\"day\":\"2026-01-02\",\"at\":\"2026-01-01T00:00:00Z\"}");
    }
  }

  @Test
  void customMapper_isUsed_andCopiedAtBuild() throws Exception {
    record Row(UUID orgId, long sessionCount) {}
    ObjectMapper mine =
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    try (SupabaseClient c = base().objectMapper(mine).build()) {
      mine.setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE); // after build
      mine.enable(SerializationFeature.INDENT_OUTPUT);
      UUID org = UUID.randomUUID();
      server.enqueue(json("[{\"org_id\":\"" + org + "\",\"session_count\":3}]"));
      assertThat(c.from("t").list(Row.class)).containsExactly(new Row(org, 3));
      server.takeRequest();
      server.enqueue(new MockResponse.Builder().code(201).build());
      c.from("t").insert(new Row(org, 4)).execute();
      assertThat(server.takeRequest().getBody().utf8())
          .isEqualTo("{\"org_id\":\"" + org + "\",\"session_count\":4}");
    }
  }

  @Test
  void readTimeout_onSlowBody_isClientErrorWithoutAnswer() {
    try (SupabaseClient c = base().readTimeout(Duration.ofMillis(200)).build()) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .body("[1,2,3]")
              .bodyDelay(5, TimeUnit.SECONDS)
              .build());
      assertThatThrownBy(() -> c.from("t").list(Integer.class))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessageContaining("timeout");
    }
  }

  @Test
  void schema_default_isSentAndOverridable() throws Exception {
    try (SupabaseClient c = base().schema("reporting").build()) {
      server.enqueue(json("[]"));
      c.from("t").list(Object.class);
      assertThat(server.takeRequest().getHeaders().get("Accept-Profile")).isEqualTo("reporting");
    }
  }

  @Test
  void twoClients_shareNoState() throws Exception {
    try (SupabaseClient a = base().apiKey("key-a").schema("a").build();
        SupabaseClient b = base().apiKey("key-b").schema("b").build()) {
      server.enqueue(json("[]"));
      server.enqueue(json("[]"));
      a.from("t").list(Object.class);
      b.from("t").list(Object.class);
      RecordedRequest ra = server.takeRequest();
      RecordedRequest rb = server.takeRequest();
      assertThat(ra.getHeaders().get("apikey")).isEqualTo("key-a");
      assertThat(ra.getHeaders().get("Accept-Profile")).isEqualTo("a");
      assertThat(rb.getHeaders().get("apikey")).isEqualTo("key-b");
      assertThat(rb.getHeaders().get("Accept-Profile")).isEqualTo("b");
    }
  }

  @Test
  void toString_neverShowsKey() {
    try (SupabaseClient c = base().build()) {
      assertThat(c.toString()).doesNotContain(ApiFixture.API_KEY).contains(server.getHostName());
    }
  }

  @Test
  void claimsAndOrgGuard_useTheProvidersToken_andGuardSendsNothing() {
    UUID mine = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    String token =
        JWT.create()
            .withSubject(UUID.randomUUID().toString())
            .withClaim("role", "authenticated")
            .withExpiresAt(Instant.now().plus(1, ChronoUnit.DAYS))
            .withClaim(
                "app_metadata",
                Map.of(
                    "organisation_id",
                    mine.toString(),
                    "organisation_ids",
                    List.of(mine.toString())))
            .sign(Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters"));
    try (SupabaseClient c = base().accessTokenProvider(AccessTokenProvider.of(token)).build()) {
      assertThat(c.claims().organisationId()).contains(mine);
      c.orgGuard().requireAccess(mine);
      assertThatThrownBy(() -> c.orgGuard().requireAccess(other))
          .isInstanceOf(UnauthorisedAccessException.class)
          .hasMessageNotContaining(token);
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Test
  void withoutTokenProvider_claimsAreAnonymous() {
    try (SupabaseClient c = base().build()) {
      assertThat(c.claims().role()).contains("anon");
    }
  }
}

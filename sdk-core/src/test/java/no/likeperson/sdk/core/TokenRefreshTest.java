package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.error;
import static no.likeperson.sdk.core.TestSupport.get;
import static no.likeperson.sdk.core.TestSupport.json;
import static no.likeperson.sdk.core.TestSupport.post;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.AuthException;
import no.likeperson.sdk.core.error.AuthenticationException;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class TokenRefreshTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final String expired = userToken("u", NOW.minusSeconds(5));
  private final String nearlyExpired = userToken("u", NOW.plusSeconds(10));
  private final String valid = userToken("u", NOW.plusSeconds(3600));
  private final String fresh = userToken("u", NOW.plusSeconds(7200));

  private Transport transport(AccessTokenProvider provider) {
    return Transports.create(config(server).tokenProvider(provider).build());
  }

  private static MockResponse jwtRejected(String code, String message) {
    return new MockResponse.Builder(error(401, code, message))
        .setHeader(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\"" + message + "\"")
        .build();
  }

  /** A provider whose token is {@code current} and whose refresh throws {@code failure}. */
  private static AccessTokenProvider refreshThrows(String current, RuntimeException failure) {
    return new AccessTokenProvider() {
      @Override
      public String accessToken() {
        return current;
      }

      @Override
      public String refreshAccessToken() {
        throw failure;
      }
    };
  }

  /** The auth server's answer to a spent refresh token. */
  private static AuthException invalidGrant() {
    return AuthException.of(
        400,
        "invalid_grant",
        "Invalid Refresh Token",
        "POST /auth/v1/token?grant_type=refresh_token");
  }

  /** Sends one GET with a provider whose token is {@code current}; returns the bearer sent. */
  private String bearerSentWith(TestSupport.RefreshingProvider p) throws Exception {
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(p)) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    return server.takeRequest().getHeaders().get("Authorization");
  }

  @Test
  void expiredToken_isRefreshedBeforeSending() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(expired, fresh);
    assertThat(bearerSentWith(p)).isEqualTo("Bearer " + fresh);
    assertThat(p.refreshes).hasValue(1);
  }

  @Test
  void tokenExpiringWithinSkew_isRefreshedBeforeSending() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(nearlyExpired, fresh);
    assertThat(bearerSentWith(p)).isEqualTo("Bearer " + fresh);
    assertThat(p.refreshes).hasValue(1);
  }

  @Test
  void validToken_isNotRefreshed() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    assertThat(bearerSentWith(p)).isEqualTo("Bearer " + valid);
    assertThat(p.refreshes).hasValue(0);
  }

  @Test
  void expiredToken_whoseRefreshReturnsNoToken_failsAndSendsNothing_insteadOfGoingAnonymous() {
    // a session whose refresh token was revoked: the stored token stays, the refresh gives nothing
    AccessTokenProvider p =
        new AccessTokenProvider() {
          @Override
          public String accessToken() {
            return expired;
          }

          @Override
          public String refreshAccessToken() {
            return null;
          }
        };
    try (Transport t = transport(p)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage())
                    .contains("refresh returned no token")
                    .doesNotContain(expired);
              });
      assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
          .cause()
          .isInstanceOf(SupabaseClientException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void noTokenAtAll_isAnonymousByDesign() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(null, null);
    assertThat(bearerSentWith(p)).isEqualTo("Bearer " + TestSupport.ANON_KEY);
    assertThat(p.refreshes).hasValue(0);
  }

  @Test
  void jwtExpired401_PGRST303_refreshesOnceAndReplays() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(jwtRejected("PGRST303", "JWT expired"));
    server.enqueue(json(200, "[1]"));
    try (Transport t = transport(p)) {
      assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[1]");
    }
    assertThat(p.refreshes).hasValue(1);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + valid);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + fresh);
  }

  @Test
  void invalidJwt401_PGRST301_onNonReplayableWrite_refreshesAndReplaysOnce() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(jwtRejected("PGRST301", "JWSError JWSInvalidSignature"));
    server.enqueue(json(201, "[{\"id\":1}]"));
    try (Transport t = transport(p)) {
      assertThat(t.execute(post(server, "/rest/v1/activities", "{\"a\":1}", false), BODY))
          .isEqualTo("[{\"id\":1}]");
    }
    assertThat(p.refreshes).hasValue(1);
    server.takeRequest();
    var replay = server.takeRequest();
    assertThat(replay.getBody().utf8()).isEqualTo("{\"a\":1}");
    assertThat(replay.getHeaders().get("Authorization")).isEqualTo("Bearer " + fresh);
  }

  @Test
  void gateway401_withInvalidTokenChallenge_refreshesAndReplays() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
            .body("{\"message\":\"expired\"}")
            .build());
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(p)) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    assertThat(p.refreshes).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void second401_afterReplay_isAuthenticationException_withoutLooping() {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(jwtRejected("PGRST301", "JWSError JWSInvalidSignature"));
    server.enqueue(jwtRejected("PGRST301", "JWSError JWSInvalidSignature"));
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(p)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              e -> {
                assertThat(e.code()).isEqualTo("PGRST301");
                assertThat(e.getMessage()).doesNotContain(valid).doesNotContain(fresh);
              });
    }
    assertThat(p.refreshes).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anonymousDisabled401_PGRST302_isNotRefreshed() {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(error(401, "PGRST302", "Anonymous access is disabled"));
    try (Transport t = transport(p)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(AuthenticationException.class);
    }
    assertThat(p.refreshes).hasValue(0);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void rlsDenied401_42501_isNotRefreshed() {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(
        new MockResponse.Builder(error(401, "42501", "permission denied for table activities"))
            .setHeader("WWW-Authenticate", "Bearer")
            .build());
    try (Transport t = transport(p)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(PermissionDeniedException.class);
    }
    assertThat(p.refreshes).hasValue(0);
  }

  @Test
  void fixedToken401_isNotReplayed() {
    server.enqueue(jwtRejected("PGRST303", "JWT expired"));
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(AccessTokenProvider.of(valid))) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(AuthenticationException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void tokenOverride401_isNotRefreshed() {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(jwtRejected("PGRST303", "JWT expired"));
    WireRequest r =
        new WireRequest(
            "GET",
            server.url("/rest/v1/activities"),
            Headers.of(),
            null,
            true,
            "GET /rest/v1/activities",
            expired);
    try (Transport t = transport(p)) {
      assertThatThrownBy(() -> t.execute(r, BODY)).isInstanceOf(AuthenticationException.class);
    }
    assertThat(p.refreshes).hasValue(0);
  }

  @Test
  void refreshFailure_beforeSending_sendsNothing_andHidesToken() {
    AccessTokenProvider failing =
        refreshThrows(
            expired, new IllegalStateException("refresh endpoint said no for " + expired));
    try (Transport t = transport(failing)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              SupabaseClientException.class,
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo("access token refresh failed (IllegalStateException)");
                assertThat(e.isRetryable()).isFalse();
              });
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void refreshFailure_typedSdkException_passesThrough() {
    AuthException denied = invalidGrant();
    AccessTokenProvider failing = refreshThrows(expired, denied);
    try (Transport t = transport(failing)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isSameAs(denied);
    }
  }

  /** Provider whose refresh waits until all callers have read the expired token. */
  private static final class PilingProvider extends TestSupport.RefreshingProvider {
    final CountDownLatch allRead;

    PilingProvider(String current, String next, int callers) {
      super(current, next);
      this.allRead = new CountDownLatch(callers);
    }

    @Override
    public String accessToken() {
      String t = super.accessToken();
      allRead.countDown();
      return t;
    }

    @Override
    public String refreshAccessToken() {
      try {
        // bounded only so a broken build cannot hang; correctness does not depend on it
        allRead.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.refreshAccessToken();
    }
  }

  @Test
  void concurrentCallers_withExpiredToken_shareExactlyOneRefresh() throws Exception {
    int callers = 32;
    PilingProvider p = new PilingProvider(expired, fresh, callers);
    for (int i = 0; i < callers; i++) {
      server.enqueue(json(200, "[]"));
    }
    OkHttpClient ok = new OkHttpClient.Builder().build();
    ok.dispatcher().setMaxRequestsPerHost(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try (Transport t =
        Transports.create(config(server).okHttpClient(ok).tokenProvider(p).build())) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> t.execute(get(server, "/rest/v1/activities"), BODY)));
      }
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo("[]");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(p.refreshes).hasValue(1);
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < callers; i++) {
      sent.add(server.takeRequest().getHeaders().get("Authorization"));
    }
    assertThat(sent).containsExactly("Bearer " + fresh);
  }

  @Test
  void concurrentAsyncCallers_withExpiredToken_shareExactlyOneRefresh() throws Exception {
    int callers = 32;
    PilingProvider p = new PilingProvider(expired, fresh, callers);
    for (int i = 0; i < callers; i++) {
      server.enqueue(json(200, "[]"));
    }
    try (Transport t = transport(p)) {
      List<CompletableFuture<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(t.executeAsync(get(server, "/rest/v1/activities"), BODY));
      }
      for (CompletableFuture<String> f : results) {
        assertThat(f.get()).isEqualTo("[]");
      }
    }
    assertThat(p.refreshes).hasValue(1);
    for (int i = 0; i < callers; i++) {
      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + fresh);
    }
  }

  @Test
  void concurrentCallers_all401_shareExactlyOneRefresh() throws Exception {
    int callers = 8;
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return ("Bearer " + fresh).equals(request.getHeaders().get("Authorization"))
                ? json(200, "[]")
                : jwtRejected("PGRST303", "JWT expired");
          }
        });
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try (Transport t = transport(p)) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> t.execute(get(server, "/rest/v1/activities"), BODY)));
      }
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo("[]");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(p.refreshes).hasValue(1);
  }

  @Test
  void async_jwtExpired401_refreshesOnceAndReplays() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(jwtRejected("PGRST303", "JWT expired"));
    server.enqueue(json(201, "[]"));
    try (Transport t = transport(p)) {
      assertThat(t.executeAsync(post(server, "/rest/v1/activities", "{}", false), BODY).get())
          .isEqualTo("[]");
    }
    assertThat(p.refreshes).hasValue(1);
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + fresh);
  }

  @Test
  void async_second401_failsWithAuthenticationException() {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(valid, fresh);
    server.enqueue(jwtRejected("PGRST303", "JWT expired"));
    server.enqueue(jwtRejected("PGRST303", "JWT expired"));
    try (Transport t = transport(p)) {
      assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(AuthenticationException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void async_refreshFailure_failsFutureAndSendsNothing() {
    AccessTokenProvider failing = refreshThrows(expired, new IllegalStateException("no"));
    try (Transport t = transport(failing)) {
      assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SupabaseClientException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void async_refreshAfterA401_thatFails_failsTheFutureWithTheRefreshError() {
    AuthException denied = invalidGrant();
    AccessTokenProvider failing = refreshThrows(valid, denied);
    server.enqueue(jwtRejected("PGRST303", "JWT expired"));
    try (Transport t = transport(failing)) {
      assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isSameAs(denied);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void claims_ofExpiredToken_comeFromTheRefreshedToken() {
    String freshWithOrg = userToken("u2", NOW.plusSeconds(7200));
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(expired, freshWithOrg);
    try (Transport t = transport(p)) {
      assertThat(t.claims().subject()).contains("u2");
    }
    assertThat(p.refreshes).hasValue(1);
  }

  @Test
  void claims_withoutUserToken_areTheApiKeyRole() {
    try (Transport t = transport(AccessTokenProvider.anonymous())) {
      assertThat(t.claims().role()).contains("anon");
    }
  }

  @Test
  void looksLikeJwt_distinguishesLegacyAndNewKeys() {
    assertThat(TokenManager.looksLikeJwt(TestSupport.ANON_KEY)).isTrue();
    assertThat(TokenManager.looksLikeJwt("sb_publishable_abc")).isFalse();
    assertThat(TokenManager.looksLikeJwt("a.b")).isFalse();
    assertThat(TokenManager.looksLikeJwt("a..c")).isFalse();
    assertThat(TokenManager.looksLikeJwt("a.b.c.d")).isFalse();
    assertThat(TokenManager.looksLikeJwt(".b.c")).as("empty first part").isFalse();
    assertThat(TokenManager.looksLikeJwt("a.b.")).as("empty last part").isFalse();
    assertThat(TokenManager.looksLikeJwt("a.b.c")).isTrue();
    assertThat(TokenManager.looksLikeJwt("")).isFalse();
    assertThat(TokenManager.looksLikeJwt(null)).isFalse();
  }

  @Test
  void providerThrowing_isWrappedWithoutDetails() {
    AccessTokenProvider broken =
        () -> {
          throw new IllegalStateException("session store corrupted: token=abc");
        };
    try (Transport t = transport(broken)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(SupabaseException.class)
          .hasMessageNotContaining("abc");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void refreshThrowingUndeclaredCheckedException_isTyped_andDoesNotWedgeLaterRefreshes() {
    java.util.concurrent.atomic.AtomicInteger refreshes =
        new java.util.concurrent.atomic.AtomicInteger();
    AccessTokenProvider kotlinLike =
        new AccessTokenProvider() {
          @Override
          public String accessToken() {
            return refreshes.get() < 3 ? expired : fresh;
          }

          @Override
          public String refreshAccessToken() {
            if (refreshes.incrementAndGet() < 3) {
              throw TestSupport.sneaky(new java.io.IOException("auth server unreachable"));
            }
            return fresh;
          }
        };
    server.enqueue(json(200, "[]"));
    try (Transport t = transport(kotlinLike)) {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
                .isInstanceOfSatisfying(
                    SupabaseClientException.class,
                    e -> assertThat(e).hasRootCauseInstanceOf(java.io.IOException.class));
            assertThatThrownBy(() -> t.executeAsync(get(server, "/rest/v1/activities"), BODY).get())
                .cause()
                .isInstanceOf(SupabaseClientException.class);
            // a failed refresh must not stay "in flight": the next one runs and succeeds
            assertThat(t.execute(get(server, "/rest/v1/activities"), BODY)).isEqualTo("[]");
          });
    }
    assertThat(refreshes).hasValue(3);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void providerThrowingUndeclaredCheckedException_isTyped_andAsyncNeverThrows() throws Exception {
    AccessTokenProvider kotlinLike =
        () -> {
          throw TestSupport.sneaky(new java.io.IOException("keystore locked"));
        };
    try (Transport t = transport(kotlinLike)) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(SupabaseClientException.class);
      CompletableFuture<String> f = t.executeAsync(get(server, "/rest/v1/activities"), BODY);
      assertThatThrownBy(f::get).cause().isInstanceOf(SupabaseClientException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void skew_isConfigurable() throws Exception {
    TestSupport.RefreshingProvider p = new TestSupport.RefreshingProvider(nearlyExpired, fresh);
    server.enqueue(json(200, "[]"));
    try (Transport t =
        Transports.create(
            config(server).tokenProvider(p).tokenExpirySkew(Duration.ofSeconds(5)).build())) {
      t.execute(get(server, "/rest/v1/activities"), BODY);
    }
    assertThat(p.refreshes).hasValue(0);
  }
}

package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.AuthException;
import no.likeperson.sdk.core.error.InvalidCredentialsException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The wire of {@link SupabaseAuth} against GoTrue's documented requests and answers. */
class SupabaseAuthTest {

  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final SessionStore store = SessionStore.inMemory();

  private SupabaseAuth auth() {
    return SupabaseAuth.builder()
        .url(server.url("/").toString())
        .apiKey("sb_publishable_x")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .sessionStore(store)
        .build();
  }

  private static MockResponse session(String access, String refresh, String expiry) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"access_token\":\""
                + access
                + "\",\"token_type\":\"bearer\","
                + expiry
                + ",\"refresh_token\":\""
                + refresh
                + "\",\"user\":{\"id\":\"u-1\",\"email\":\"a@b.no\"}}")
        .build();
  }

  private static MockResponse error(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void signIn_postsThePasswordGrant_andStoresTheSession() throws Exception {
    server.enqueue(session("a1", "r1", "\"expires_in\":3600,\"expires_at\":1796378400"));
    try (SupabaseAuth auth = auth()) {
      Session s = auth.signInWithPassword(" a@b.no ", "pw");
      assertThat(s).isEqualTo(new Session("a1", "r1", Instant.ofEpochSecond(1796378400), "u-1"));
      assertThat(store.load()).isEqualTo(s);
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/auth/v1/token");
    assertThat(r.getUrl().queryParameter("grant_type")).isEqualTo("password");
    assertThat(r.getHeaders().get("apikey")).isEqualTo("sb_publishable_x");
    assertThat(r.getHeaders().get("Authorization")).isNull();
    JsonNode body = JSON.readTree(r.getBody().utf8());
    assertThat(body.get("email").asText()).isEqualTo("a@b.no");
    assertThat(body.get("password").asText()).isEqualTo("pw");
  }

  @Test
  void refresh_sendsTheRefreshToken_andStoresTheRotatedOne() throws Exception {
    store.save(new Session("a1", "r1", NOW.minusSeconds(5), "u-1"));
    server.enqueue(session("a2", "r2", "\"expires_in\":3600"));
    try (SupabaseAuth auth = auth()) {
      assertThat(auth.tokenProvider().accessToken()).isEqualTo("a1");
      assertThat(auth.tokenProvider().refreshAccessToken()).isEqualTo("a2");
      // asked again at once (a second client saw the same expiry): no second grant
      assertThat(auth.tokenProvider().refreshAccessToken()).isEqualTo("a2");
    }
    assertThat(store.load()).isEqualTo(new Session("a2", "r2", NOW.plusSeconds(3600), "u-1"));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().queryParameter("grant_type")).isEqualTo("refresh_token");
    assertThat(JSON.readTree(r.getBody().utf8()).get("refresh_token").asText()).isEqualTo("r1");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refusedRefresh_clearsTheSession_serverErrorKeepsIt() {
    store.save(new Session("a1", "r1", NOW, "u-1"));
    server.enqueue(
        error(503, "{\"code\":503,\"error_code\":\"unexpected_failure\",\"msg\":\"down\"}"));
    server.enqueue(
        error(
            400,
            "{\"code\":400,\"error_code\":\"refresh_token_already_used\","
                + "\"msg\":\"Invalid Refresh Token: Already Used\"}"));
    try (SupabaseAuth auth = auth()) {
      assertThatThrownBy(auth::refreshSession)
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.isSignInRequired()).isFalse();
              });
      assertThat(store.load()).isNotNull();
      assertThatThrownBy(() -> auth.tokenProvider().refreshAccessToken())
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> {
                assertThat(e.code()).isEqualTo("refresh_token_already_used");
                assertThat(e.getMessage())
                    .isEqualTo(
                        "HTTP 400 (refresh_token_already_used) from POST "
                            + "/auth/v1/token?grant_type=refresh_token: Invalid Refresh Token: Already Used");
              });
      assertThat(store.load()).isNull();
      assertThat(auth.tokenProvider().refreshAccessToken())
          .isNull(); // signed out: nothing to refresh
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void wrongPassword_inTheOlderErrorFormat_isInvalidCredentials() {
    server.enqueue(
        error(
            400,
            "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid login credentials\"}"));
    try (SupabaseAuth auth = auth()) {
      assertThatThrownBy(() -> auth.signInWithPassword("a@b.no", "hemmelig"))
          .isInstanceOf(InvalidCredentialsException.class)
          .hasMessageNotContaining("hemmelig");
    }
    assertThat(store.load()).isNull();
  }

  @Test
  void signOut_clearsTheStore_evenWhenTheServerNoLongerKnowsTheSession() throws Exception {
    store.save(new Session("a1", "r1", NOW.plusSeconds(60), "u-1"));
    server.enqueue(
        error(403, "{\"code\":403,\"error_code\":\"session_not_found\",\"msg\":\"gone\"}"));
    try (SupabaseAuth auth = auth()) {
      auth.signOut();
      assertThat(auth.currentSession()).isEmpty();
      auth.signOut(); // nothing to sign out: nothing sent
    }
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/auth/v1/logout");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer a1");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void badInput_isTyped_beforeAnythingIsSent() {
    try (SupabaseAuth auth = auth()) {
      assertThatThrownBy(() -> auth.signInWithPassword(null, "x"))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> auth.signInWithPassword("", "x"))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(auth::refreshSession).isInstanceOf(AuthException.class);
    }
    assertThatThrownBy(() -> SupabaseAuth.builder().url("not a url").apiKey("k").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> SupabaseAuth.builder().url("http://x").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void asyncTwins_runOffTheCallingThread_andFailTheFuture() throws Exception {
    server.enqueue(session("a1", "r1", "\"expires_in\":3600"));
    server.enqueue(
        error(
            400,
            "{\"code\":400,\"error_code\":\"invalid_credentials\",\"msg\":\"Invalid login credentials\"}"));
    try (SupabaseAuth auth = auth()) {
      assertThat(auth.signInWithPasswordAsync("a@b.no", "pw").get().accessToken()).isEqualTo("a1");
      assertThatThrownBy(() -> auth.signInWithPasswordAsync("a@b.no", "bad").get())
          .hasCauseInstanceOf(InvalidCredentialsException.class);
      assertThatThrownBy(() -> auth.signInWithPasswordAsync("", "x").get())
          .hasCauseInstanceOf(InvalidRequestException.class);
      server.enqueue(new MockResponse.Builder().code(204).build());
      auth.signOutAsync().get();
      assertThat(auth.currentSession()).isEmpty();
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void urlWithRestSuffix_stillReachesAuth() {
    assertThat(
            SupabaseAuth.builder()
                .url("https://abc.supabase.co/rest/v1/")
                .apiKey("k")
                .build()
                .toString())
        .isEqualTo("SupabaseAuth{https://abc.supabase.co/auth/v1}");
  }

  @Test
  void sessionJson_roundTrips_andToStringHidesTokens() {
    Session s = new Session("a.b.c", "r1", Instant.ofEpochSecond(1796378400), "u-1");
    assertThat(Session.fromJson(s.toJson())).isEqualTo(s);
    assertThat(s.toString()).doesNotContain("a.b.c").doesNotContain("r1");
    assertThatThrownBy(() -> Session.fromJson("{\"access_token\":\"secret\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("secret");
  }
}

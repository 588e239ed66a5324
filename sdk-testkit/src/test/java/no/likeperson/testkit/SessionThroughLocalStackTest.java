package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.RetrySettings;
import no.likeperson.sdk.core.Session;
import no.likeperson.sdk.core.SessionStore;
import no.likeperson.sdk.core.SupabaseAuth;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.AuthException;
import no.likeperson.sdk.core.error.InvalidCredentialsException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.supabase.SeedData;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in and sessions end to end: {@link SupabaseAuth} -> the local {@code /auth/v1} (tokens
 * minted through the access token hook) -> {@link SupabaseClient} -> gateway -> PostgreSQL under
 * RLS.
 *
 * <p>Crossing an expiry without waiting: the SDK and the stack's token minting share one clock,
 * which starts 59 min 30 s behind real time, so a token minted at sign-in expires 30 s from now in
 * real time (the gateway, on real time, accepts it) and moving the shared clock forward to real
 * time makes the SDK see it expire; the refreshed token is minted at real time and valid
 * everywhere.
 */
class SessionThroughLocalStackTest {

  /** Real time plus an offset that tests move. */
  static final class ShiftedClock extends Clock {
    final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

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
      return Instant.now().plus(offset.get());
    }
  }

  static final Duration BEHIND = Duration.ofMinutes(59).plusSeconds(30);

  static final ShiftedClock CLOCK = new ShiftedClock();
  static LocalSupabase stack;

  final List<String> authCalls = new ArrayList<>();
  final OkHttpClient http =
      new OkHttpClient.Builder()
          .addInterceptor(
              chain -> {
                Request r = chain.request();
                synchronized (authCalls) {
                  authCalls.add(
                      r.method()
                          + " "
                          + r.url().encodedPath()
                          + (r.url().query() == null ? "" : "?" + r.url().query()));
                }
                return chain.proceed(r);
              })
          .build();

  @BeforeAll
  static void start() {
    stack = LocalSupabase.builder().clock(CLOCK).start();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @BeforeEach
  void behindRealTime() {
    CLOCK.offset.set(BEHIND.negated());
  }

  private SupabaseAuth auth(SessionStore store) {
    return SupabaseAuth.builder()
        .url(stack.apiUrl())
        .apiKey(stack.anonKey())
        .okHttpClient(http)
        .clock(CLOCK)
        .sessionStore(store)
        .build();
  }

  private SupabaseClient client(SupabaseAuth auth) {
    return SupabaseClient.builder()
        .url(stack.apiUrl())
        .apiKey(stack.anonKey())
        .okHttpClient(http)
        .accessTokenProvider(auth.tokenProvider())
        .clock(CLOCK)
        .retry(RetrySettings.disabled())
        .build();
  }

  private long refreshGrants() {
    synchronized (authCalls) {
      return authCalls.stream().filter(c -> c.endsWith("grant_type=refresh_token")).count();
    }
  }

  private long osloActivities() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
        PreparedStatement ps =
            c.prepareStatement("select count(*) from public.activities where org_id = ?")) {
      ps.setObject(1, SeedData.ORG_OSLO);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void signIn_requestsRunAsThatUser_underRls() throws Exception {
    SessionStore store = SessionStore.inMemory();
    try (SupabaseAuth auth = auth(store);
        SupabaseClient coordinator = client(auth)) {
      Session s =
          auth.signInWithPassword(SeedUsers.COORD_OSLO_EMAIL, LocalSupabase.SEED_USER_PASSWORD);
      assertThat(s.userId()).isEqualTo(SeedUsers.COORD_OSLO);
      assertThat(store.load()).isEqualTo(s);
      assertThat(coordinator.claims().subject()).contains(SeedUsers.COORD_OSLO);
      // the hook's claims are the real ones
      assertThat(coordinator.claims().hasRole(SeedData.ORG_OSLO, "coordinator")).isTrue();
      long expected = osloActivities();
      assertThat(expected).isPositive();
      assertThat(coordinator.from("activities").count(CountMode.EXACT)).isEqualTo(expected);

      Request me =
          new Request.Builder()
              .url(stack.apiUrl() + "/auth/v1/user")
              .header("apikey", stack.anonKey())
              .header("Authorization", "Bearer " + s.accessToken())
              .build();
      try (Response r = http.newCall(me).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string())
            .contains(SeedUsers.COORD_OSLO_EMAIL)
            .contains(SeedUsers.COORD_OSLO);
      }
      assertThat(s.toString()).doesNotContain(s.accessToken()).doesNotContain(s.refreshToken());
      assertThat(auth.tokenProvider().toString()).doesNotContain(s.accessToken());
    }
  }

  @Test
  void refreshAfterExpiry_rotatesTheRefreshToken_andAReusedOneIsRefused() throws Exception {
    SessionStore store = SessionStore.inMemory();
    try (SupabaseAuth auth = auth(store);
        SupabaseClient coordinator = client(auth)) {
      Session first =
          auth.signInWithPassword(SeedUsers.COORD_OSLO_EMAIL, LocalSupabase.SEED_USER_PASSWORD);
      long expected = osloActivities();
      assertThat(coordinator.from("activities").count(CountMode.EXACT)).isEqualTo(expected);
      assertThat(refreshGrants()).isZero();

      CLOCK.offset.set(
          Duration.ZERO); // the SDK now sees the first token expire within its 30 s skew
      assertThat(coordinator.from("activities").count(CountMode.EXACT)).isEqualTo(expected);
      assertThat(refreshGrants()).isEqualTo(1);
      Session second = store.load();
      assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
      assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
      assertThat(second.expiresAt()).isAfter(first.expiresAt());

      // the spent refresh token, presented again (a stolen copy, or a second device): refused, and
      // GoTrue's reuse detection revokes the whole session, the rotated token included
      SessionStore stale = SessionStore.inMemory();
      stale.save(first);
      try (SupabaseAuth replay = auth(stale)) {
        assertThatThrownBy(replay::refreshSession)
            .isInstanceOfSatisfying(
                AuthException.class,
                e -> {
                  assertThat(e.code()).isEqualTo("refresh_token_already_used");
                  assertThat(e.isSignInRequired()).isTrue();
                  assertThat(e.getMessage()).doesNotContain(first.refreshToken());
                });
        assertThat(stale.load()).isNull();
      }
      assertThatThrownBy(auth::refreshSession)
          .isInstanceOfSatisfying(
              AuthException.class, e -> assertThat(e.code()).isEqualTo("refresh_token_not_found"));
      assertThat(store.load()).isNull();
    }
  }

  @Test
  void wrongPassword_isATypedError_andNothingIsStored() {
    SessionStore store = SessionStore.inMemory();
    try (SupabaseAuth auth = auth(store)) {
      assertThatThrownBy(
              () -> auth.signInWithPassword(SeedUsers.COORD_OSLO_EMAIL, "wrong-password"))
          .isInstanceOfSatisfying(
              InvalidCredentialsException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("invalid_credentials");
                assertThat(e.getMessage())
                    .contains("Invalid login credentials")
                    .doesNotContain("wrong-password");
              });
      assertThatThrownBy(
              () ->
                  auth.signInWithPassword("nobody@example.test", LocalSupabase.SEED_USER_PASSWORD))
          .isInstanceOf(InvalidCredentialsException.class);
      assertThat(store.load()).isNull();
      int sent = authCalls.size();
      assertThatThrownBy(() -> auth.signInWithPassword(" ", "x"))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> auth.signInWithPassword(SeedUsers.COORD_OSLO_EMAIL, ""))
          .isInstanceOf(InvalidRequestException.class);
      assertThat(authCalls).hasSize(sent);
    }
  }

  @Test
  void thirtyTwoConcurrentCallersAcrossAnExpiry_causeOneRefresh() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (SupabaseAuth auth = auth(SessionStore.inMemory());
        SupabaseClient mentor = client(auth)) {
      auth.signInWithPassword(SeedUsers.MENTOR_MULTI_EMAIL, LocalSupabase.SEED_USER_PASSWORD);
      String before = auth.currentSession().orElseThrow().accessToken();
      CLOCK.offset.set(Duration.ZERO);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> counts = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        counts.add(
            pool.submit(
                () -> {
                  go.await();
                  return mentor.from("activities").count(CountMode.EXACT);
                }));
      }
      go.countDown();
      List<Long> results = new ArrayList<>();
      for (Future<Long> f : counts) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(results).hasSize(32).allMatch(n -> n.equals(results.get(0))).allMatch(n -> n > 0);
      assertThat(refreshGrants()).isEqualTo(1);
      assertThat(auth.currentSession().orElseThrow().accessToken()).isNotEqualTo(before);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void signOut_clearsTheStore_andRevokesTheSessionOnTheServer() throws Exception {
    SessionStore store = SessionStore.inMemory();
    try (SupabaseAuth auth = auth(store);
        SupabaseClient coordinator = client(auth)) {
      Session s =
          auth.signInWithPassword(SeedUsers.COORD_OSLO_EMAIL, LocalSupabase.SEED_USER_PASSWORD);
      auth.signOut();
      assertThat(store.load()).isNull();
      assertThat(auth.currentSession()).isEmpty();
      assertThat(authCalls).anyMatch(c -> c.startsWith("POST /auth/v1/logout"));
      // signed out: the client sends the anon key only, and RLS shows anon nothing
      assertThat(coordinator.from("activities").count(CountMode.EXACT)).isZero();

      Request me =
          new Request.Builder()
              .url(stack.apiUrl() + "/auth/v1/user")
              .header("apikey", stack.anonKey())
              .header("Authorization", "Bearer " + s.accessToken())
              .build();
      try (Response r = http.newCall(me).execute()) {
        assertThat(r.code()).isEqualTo(403);
      }
      SessionStore old = SessionStore.inMemory();
      old.save(s);
      try (SupabaseAuth again = auth(old)) {
        assertThatThrownBy(again::refreshSession)
            .isInstanceOfSatisfying(
                AuthException.class,
                e -> assertThat(e.code()).isEqualTo("refresh_token_not_found"));
      }
    }
  }

  @Test
  void seedUsers_matchTheSeed() {
    assertThat(UUID.fromString(SeedUsers.ADMIN_NATIONAL)).isEqualTo(SeedData.ADMIN_NATIONAL);
    assertThat(UUID.fromString(SeedUsers.ADMIN_OST)).isEqualTo(SeedData.ADMIN_OST);
    assertThat(UUID.fromString(SeedUsers.ADMIN_BLIND)).isEqualTo(SeedData.ADMIN_BLIND);
    assertThat(UUID.fromString(SeedUsers.COORD_OSLO)).isEqualTo(SeedData.COORD_OSLO);
    assertThat(UUID.fromString(SeedUsers.COORD_BAERUM)).isEqualTo(SeedData.COORD_BAERUM);
    assertThat(UUID.fromString(SeedUsers.COORD_BERGEN)).isEqualTo(SeedData.COORD_BERGEN);
    assertThat(UUID.fromString(SeedUsers.COORD_TRONDHEIM)).isEqualTo(SeedData.COORD_TRONDHEIM);
    assertThat(UUID.fromString(SeedUsers.MENTOR_OSLO)).isEqualTo(SeedData.MENTOR_OSLO);
    assertThat(UUID.fromString(SeedUsers.MENTOR_MULTI)).isEqualTo(SeedData.MENTOR_MULTI);
    assertThat(UUID.fromString(SeedUsers.MENTOR_BAERUM)).isEqualTo(SeedData.MENTOR_BAERUM);
    assertThat(UUID.fromString(SeedUsers.MENTOR_BERGEN)).isEqualTo(SeedData.MENTOR_BERGEN);
    assertThat(UUID.fromString(SeedUsers.MENTOR_TRONDHEIM)).isEqualTo(SeedData.MENTOR_TRONDHEIM);
    assertThat(UUID.fromString(SeedUsers.MENTOR_INACTIVE)).isEqualTo(SeedData.MENTOR_INACTIVE);
    for (String email :
        List.of(
            SeedUsers.ADMIN_NATIONAL_EMAIL,
            SeedUsers.ADMIN_OST_EMAIL,
            SeedUsers.ADMIN_BLIND_EMAIL,
            SeedUsers.COORD_OSLO_EMAIL,
            SeedUsers.COORD_TRONDHEIM_EMAIL,
            SeedUsers.MENTOR_OSLO_EMAIL,
            SeedUsers.MENTOR_MULTI_EMAIL)) {
      try (SupabaseAuth auth = auth(SessionStore.inMemory())) {
        assertThat(auth.signInWithPassword(email, LocalSupabase.SEED_USER_PASSWORD).userId())
            .as(email)
            .isNotNull();
      }
    }
  }
}

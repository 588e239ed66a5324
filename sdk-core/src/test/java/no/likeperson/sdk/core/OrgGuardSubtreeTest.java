package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.JwtClaimsTest.HS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.junit.jupiter.api.Test;

/**
 * The guard of a {@link SupabaseClient} and org admins' subtrees: asked from the server once per
 * token with {@code GET /rest/v1/rpc/admin_org_subtree}, never for other tokens. The tree is the
 * seed's shape: a national organisation over two regions, one with two chapters, and an unrelated
 * one.
 */
class OrgGuardSubtreeTest {

  static final UUID NATIONAL = UUID.fromString("a0000000-0000-4000-8000-000000000001");
  static final UUID REGION_OST = UUID.fromString("a0000000-0000-4000-8000-000000000011");
  static final UUID REGION_VEST = UUID.fromString("a0000000-0000-4000-8000-000000000012");
  static final UUID OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");
  static final UUID BAERUM = UUID.fromString("a0000000-0000-4000-8000-000000000112");
  static final UUID BERGEN = UUID.fromString("a0000000-0000-4000-8000-000000000121");
  static final UUID BLIND = UUID.fromString("b0000000-0000-4000-8000-000000000001");
  static final UUID TRONDHEIM = UUID.fromString("b0000000-0000-4000-8000-000000000011");

  @StartStop final MockWebServer server = MockServers.noDelay();

  static String token(String subject, String role, UUID org) {
    return JWT.create()
        .withSubject(subject)
        .withClaim("role", "authenticated")
        .withAudience("authenticated")
        .withExpiresAt(Instant.now().plus(1, ChronoUnit.HOURS))
        .withClaim(
            "app_metadata",
            Map.of(
                "organisation_id",
                org.toString(),
                "organisation_ids",
                List.of(org.toString()),
                "org_roles",
                Map.of(org.toString(), List.of(role))))
        .sign(HS);
  }

  static final String ADMIN_NATIONAL = token("admin.national", "org_admin", NATIONAL);
  static final String ADMIN_OST = token("admin.ost", "org_admin", REGION_OST);
  static final String ADMIN_BLIND = token("admin.blind", "org_admin", BLIND);
  static final String COORD_OSLO = token("coord.oslo", "coordinator", OSLO);

  private SupabaseClient client(AccessTokenProvider tokens) {
    return SupabaseClient.builder()
        .url(server.url("/").toString())
        .apiKey("sb_publishable_x")
        .accessTokenProvider(tokens)
        .retry(RetrySettings.disabled())
        .build();
  }

  private static MockResponse subtree(UUID... ids) {
    List<String> quoted = new ArrayList<>();
    for (UUID id : ids) {
      quoted.add("\"" + id + "\"");
    }
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body("[" + String.join(",", quoted) + "]")
        .build();
  }

  @Test
  void nationalAdmin_onOslo_passesAfterOneSubtreeRequestWithItsOwnToken() throws Exception {
    server.enqueue(subtree(NATIONAL, REGION_OST, REGION_VEST, OSLO, BAERUM, BERGEN));
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_NATIONAL))) {
      assertThatCode(() -> c.orgGuard().requireAccess(OSLO)).doesNotThrowAnyException();
      RecordedRequest r = server.takeRequest();
      assertThat(r.getMethod()).isEqualTo("GET");
      assertThat(r.getUrl().encodedPath()).isEqualTo("/rest/v1/rpc/admin_org_subtree");
      assertThat(r.getUrl().query()).isNull();
      assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ADMIN_NATIONAL);
      assertThat(r.getHeaders().get("Accept-Profile")).isEqualTo("public");

      // cached with the token: more checks, no more requests
      assertThatCode(() -> c.orgGuard().requireAccess(BERGEN)).doesNotThrowAnyException();
      assertThatCode(() -> c.orgGuard().requireAccess(REGION_VEST.toString()))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> c.orgGuard().requireAccess(TRONDHEIM))
          .isInstanceOf(UnauthorisedAccessException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void regionAdmin_onAnotherRegion_isRefusedAndItsRequestNeverSent() {
    server.enqueue(subtree(REGION_OST, OSLO, BAERUM));
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_OST))) {
      assertThatThrownBy(
              () -> {
                c.orgGuard().requireAccess(REGION_VEST);
                c.from("activities").eq("org_id", REGION_VEST.toString()).list(Map.class);
              })
          .isInstanceOf(UnauthorisedAccessException.class)
          .hasMessageNotContaining(REGION_VEST.toString())
          .hasMessageNotContaining(ADMIN_OST);
      assertThatThrownBy(() -> c.orgGuard().requireAccess(BERGEN))
          .isInstanceOf(UnauthorisedAccessException.class);
      assertThatThrownBy(() -> c.orgGuard().requireAccess(NATIONAL))
          .isInstanceOf(UnauthorisedAccessException.class);
      assertThatCode(() -> c.orgGuard().requireAccess(BAERUM)).doesNotThrowAnyException();
      // only the subtree question went out, never the refused read
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void unrelatedOrganisationsAdmin_isRefused() {
    server.enqueue(subtree(BLIND, TRONDHEIM));
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_BLIND))) {
      for (UUID foreign : List.of(NATIONAL, REGION_OST, OSLO, BERGEN)) {
        assertThatThrownBy(() -> c.orgGuard().requireAccess(foreign))
            .as(foreign.toString())
            .isInstanceOf(UnauthorisedAccessException.class);
      }
      assertThatCode(() -> c.orgGuard().requireAccess(TRONDHEIM)).doesNotThrowAnyException();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void nonAdmin_neverCausesARequest() {
    try (SupabaseClient c = client(AccessTokenProvider.of(COORD_OSLO))) {
      assertThatCode(() -> c.orgGuard().requireAccess(OSLO)).doesNotThrowAnyException();
      assertThatThrownBy(() -> c.orgGuard().requireAccess(BAERUM))
          .isInstanceOf(UnauthorisedAccessException.class);
      assertThatThrownBy(() -> c.orgGuard().requireAccessAsync(BAERUM).join())
          .hasCauseInstanceOf(UnauthorisedAccessException.class);
      assertThatThrownBy(() -> c.orgGuard().requireRole(OSLO, "org_admin"))
          .isInstanceOf(UnauthorisedAccessException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void admin_onAnOrganisationItsTokenNames_needsNoRequest() {
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_OST))) {
      c.orgGuard().requireAccess(REGION_OST);
      c.orgGuard().requireRole(REGION_OST, "org_admin");
      assertThatThrownBy(() -> c.orgGuard().requireRole(REGION_OST, "coordinator"))
          .isInstanceOf(UnauthorisedAccessException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void requireRole_orgAdminCoversTheSubtree_otherRolesDoNot() {
    server.enqueue(subtree(REGION_OST, OSLO, BAERUM));
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_OST))) {
      assertThatCode(() -> c.orgGuard().requireRole(OSLO, "coordinator", "org_admin"))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> c.orgGuard().requireRole(OSLO, "coordinator"))
          .isInstanceOf(UnauthorisedAccessException.class);
      assertThatThrownBy(() -> c.orgGuard().requireRole(BERGEN, "org_admin"))
          .isInstanceOf(UnauthorisedAccessException.class)
          .hasMessage(
              "the access token does not hold a required role in the requested organisation");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void newToken_asksAgain_withTheNewToken() throws Exception {
    AtomicReference<String> current = new AtomicReference<>(ADMIN_OST);
    server.enqueue(subtree(REGION_OST, OSLO, BAERUM));
    server.enqueue(subtree(NATIONAL, REGION_OST, REGION_VEST, OSLO, BAERUM, BERGEN));
    try (SupabaseClient c = client(current::get)) {
      assertThatThrownBy(() -> c.orgGuard().requireAccess(BERGEN))
          .isInstanceOf(UnauthorisedAccessException.class);
      current.set(ADMIN_NATIONAL);
      assertThatCode(() -> c.orgGuard().requireAccess(BERGEN)).doesNotThrowAnyException();
      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + ADMIN_OST);
      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer " + ADMIN_NATIONAL);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void subtreeRequestFails_errorPassesOn_notCached_nextCheckAsksAgain() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"code\":\"PGRST202\",\"message\":\"Could not find the function public.admin_org_subtree "
                    + "without parameters in the schema cache\",\"details\":null,\"hint\":null}")
            .build());
    server.enqueue(subtree(REGION_OST, OSLO, BAERUM));
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_OST))) {
      assertThatThrownBy(() -> c.orgGuard().requireAccess(OSLO))
          .isInstanceOf(NotFoundException.class);
      assertThatCode(() -> c.orgGuard().requireAccess(OSLO)).doesNotThrowAnyException();
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void concurrentChecksWithOneToken_shareOneRequest() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("[\"" + REGION_OST + "\",\"" + OSLO + "\"]")
            .headersDelay(200, TimeUnit.MILLISECONDS)
            .build());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_OST))) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        all.add(
            pool.submit(
                () -> {
                  start.await();
                  c.orgGuard().requireAccess(OSLO);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : all) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void requireAccessAsync_asksOffTheCallingThread_andFailsTheFutureWhenRefused() throws Exception {
    server.enqueue(subtree(REGION_OST, OSLO, BAERUM));
    try (SupabaseClient c = client(AccessTokenProvider.of(ADMIN_OST))) {
      CompletableFuture<Void> ok = c.orgGuard().requireAccessAsync(OSLO);
      assertThat(ok.get(10, TimeUnit.SECONDS)).isNull();
      CompletableFuture<Void> refused = c.orgGuard().requireAccessAsync(BERGEN);
      assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(UnauthorisedAccessException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void guardWithoutServer_keepsTheTokenOnlyRule() {
    OrgGuard g = OrgGuard.of(() -> JwtClaims.decode(ADMIN_NATIONAL));
    assertThatCode(() -> g.requireAccess(NATIONAL)).doesNotThrowAnyException();
    assertThatThrownBy(() -> g.requireAccess(OSLO)).isInstanceOf(UnauthorisedAccessException.class);
  }
}

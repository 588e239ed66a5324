package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.JwtClaimsTest.ORG_A;
import static no.likeperson.sdk.core.JwtClaimsTest.ORG_B;
import static no.likeperson.sdk.core.JwtClaimsTest.ORG_C;
import static no.likeperson.sdk.core.JwtClaimsTest.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.junit.jupiter.api.Test;

class OrgGuardTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final String coordinatorOfA =
      token(
          Map.of(
              "organisation_id", ORG_A.toString(),
              "organisation_ids", List.of(ORG_A.toString()),
              "org_roles",
                  Map.of(
                      ORG_A.toString(),
                      List.of("coordinator"),
                      ORG_B.toString(),
                      List.of("peer_mentor"))));

  private OrgGuard guardOver(String accessToken) {
    Transport t =
        Transports.create(
            TransportConfig.builder()
                .apiKey("sb_publishable_x")
                .tokenProvider(AccessTokenProvider.of(accessToken))
                .build());
    return OrgGuard.of(t::claims);
  }

  @Test
  void requireAccess_ownOrganisation_passes() {
    OrgGuard g = guardOver(coordinatorOfA);
    assertThatCode(() -> g.requireAccess(ORG_A)).doesNotThrowAnyException();
    assertThatCode(() -> g.requireAccess(ORG_B)).doesNotThrowAnyException();
    assertThatCode(() -> g.requireAccess(ORG_A.toString())).doesNotThrowAnyException();
  }

  @Test
  void requireAccess_byText_refusesAForeignOrganisation_asByUuid() {
    OrgGuard g = guardOver(coordinatorOfA);
    assertThatThrownBy(() -> g.requireAccess(ORG_C.toString()))
        .isInstanceOf(UnauthorisedAccessException.class);
  }

  @Test
  void requireAccess_foreignOrganisation_throwsAndSendsNothing() {
    try (SupabaseClient client =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey("sb_publishable_x")
            .accessTokenProvider(AccessTokenProvider.of(coordinatorOfA))
            .build()) {
      assertThatThrownBy(
              () -> {
                client.orgGuard().requireAccess(ORG_C);
                client.from("activities").eq("org_id", ORG_C.toString()).list(Map.class);
              })
          .isInstanceOf(UnauthorisedAccessException.class)
          .hasMessageNotContaining(ORG_C.toString())
          .hasMessageNotContaining(coordinatorOfA)
          .satisfies(e -> assertThat(((UnauthorisedAccessException) e).isRetryable()).isFalse());
      assertThat(server.getRequestCount()).isZero();

      server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).body("[]").build());
      client.orgGuard().requireAccess(ORG_A);
      assertThat(client.from("activities").eq("org_id", ORG_A.toString()).list(Map.class))
          .isEmpty();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void requireAccess_idorWithRandomIds_isAlwaysRejected() {
    OrgGuard g = guardOver(coordinatorOfA);
    for (int i = 0; i < 200; i++) {
      UUID attacker = UUID.randomUUID();
      assertThatThrownBy(() -> g.requireAccess(attacker))
          .isInstanceOf(UnauthorisedAccessException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void requireAccess_tokenWithoutOrganisationClaims_rejectsEverything() {
    OrgGuard g = guardOver(token(Map.of()));
    assertThatThrownBy(() -> g.requireAccess(ORG_A))
        .isInstanceOf(UnauthorisedAccessException.class);
  }

  @Test
  void requireAccess_anonymous_rejectsEverything() {
    OrgGuard g = OrgGuard.of(JwtClaims::anonymous);
    assertThatThrownBy(() -> g.requireAccess(ORG_A))
        .isInstanceOf(UnauthorisedAccessException.class);
  }

  @Test
  void requireAccess_forgedServiceRoleInAppMetadata_doesNotPass() {
    // role is read from the top-level claim only; app_metadata cannot smuggle it in
    OrgGuard g = guardOver(token(Map.of("role", "service_role")));
    assertThatThrownBy(() -> g.requireAccess(ORG_C))
        .isInstanceOf(UnauthorisedAccessException.class);
  }

  @Test
  void requireAccess_serviceRole_passes() {
    String service = JWT.create().withClaim("role", "service_role").sign(JwtClaimsTest.HS);
    assertThatCode(() -> guardOver(service).requireAccess(ORG_C)).doesNotThrowAnyException();
  }

  @Test
  void requireAccess_badInput_isTyped() {
    OrgGuard g = guardOver(coordinatorOfA);
    assertThatThrownBy(() -> g.requireAccess("1 or 1=1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("orgId is not a UUID");
    assertThatThrownBy(() -> g.requireAccess((UUID) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("orgId == null");
    assertThatThrownBy(() -> g.requireAccess((String) null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void requireRole_checksTheRoleInThatOrganisation() {
    OrgGuard g = guardOver(coordinatorOfA);
    assertThatCode(() -> g.requireRole(ORG_A, "coordinator", "org_admin"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> g.requireRole(ORG_B, "coordinator"))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> g.requireRole(ORG_A, "org_admin"))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> g.requireRole(ORG_A)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void guard_readsTheCurrentTokenOnEveryCheck() {
    java.util.concurrent.atomic.AtomicReference<String> current =
        new java.util.concurrent.atomic.AtomicReference<>(coordinatorOfA);
    Transport t =
        Transports.create(
            TransportConfig.builder()
                .apiKey("sb_publishable_x")
                .tokenProvider(current::get)
                .build());
    OrgGuard g = OrgGuard.of(t::claims);
    assertThatCode(() -> g.requireAccess(ORG_A)).doesNotThrowAnyException();
    current.set(token(Map.of("organisation_id", ORG_C.toString())));
    assertThatThrownBy(() -> g.requireAccess(ORG_A))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatCode(() -> g.requireAccess(ORG_C)).doesNotThrowAnyException();
  }
}

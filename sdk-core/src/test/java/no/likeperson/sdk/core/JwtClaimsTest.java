package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

class JwtClaimsTest {

  static final Algorithm HS =
      Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters");
  static final UUID ORG_A = UUID.fromString("0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10");
  static final UUID ORG_B = UUID.fromString("5f0e3c1d-2a7b-4e9c-8d6f-1a2b3c4d5e6f");
  static final UUID ORG_C = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  static final Instant EXP = Instant.parse("2026-03-01T11:00:00Z");

  static String token(Map<String, ?> appMetadata) {
    return JWT.create()
        .withSubject("user-1")
        .withClaim("role", "authenticated")
        .withAudience("authenticated")
        .withExpiresAt(EXP)
        .withClaim("app_metadata", appMetadata)
        .sign(HS);
  }

  @Test
  void decode_supabaseAccessToken_exposesSubRoleExpAndOrganisations() {
    String t =
        token(
            Map.of(
                "provider", "email",
                "organisation_id", ORG_A.toString(),
                "organisation_ids", List.of(ORG_A.toString(), ORG_B.toString()),
                "org_roles",
                    Map.of(
                        ORG_A.toString(),
                        List.of("coordinator"),
                        ORG_C.toString(),
                        List.of("org_admin"))));
    JwtClaims c = JwtClaims.decode(t);
    assertThat(c.subject()).contains("user-1");
    assertThat(c.role()).contains("authenticated");
    assertThat(c.expiresAt()).contains(EXP);
    assertThat(c.organisationId()).contains(ORG_A);
    assertThat(c.organisationIds()).containsExactlyInAnyOrder(ORG_A, ORG_B);
    assertThat(c.orgRoles()).containsOnlyKeys(ORG_A, ORG_C);
    assertThat(c.hasRole(ORG_A, "coordinator")).isTrue();
    assertThat(c.hasRole(ORG_A, "org_admin")).isFalse();
    assertThat(c.hasRole(ORG_B, "coordinator")).isFalse();
    assertThat(c.allOrganisationIds()).containsExactlyInAnyOrder(ORG_A, ORG_B, ORG_C);
    assertThat(c.isServiceRole()).isFalse();
  }

  @Test
  void decode_tokenWithoutAppMetadata_hasNoOrganisations() {
    JwtClaims c = JwtClaims.decode(JWT.create().withClaim("role", "anon").sign(HS));
    assertThat(c.role()).contains("anon");
    assertThat(c.subject()).isEmpty();
    assertThat(c.expiresAt()).isEmpty();
    assertThat(c.allOrganisationIds()).isEmpty();
    assertThat(c.isExpired(Instant.MAX.minusSeconds(100), Duration.ZERO)).isFalse();
  }

  @Test
  void isExpired_respectsSkew() {
    JwtClaims c = JwtClaims.decode(token(Map.of()));
    assertThat(c.isExpired(EXP.minusSeconds(31), Duration.ofSeconds(30))).isFalse();
    assertThat(c.isExpired(EXP.minusSeconds(30), Duration.ofSeconds(30))).isTrue();
    assertThat(c.isExpired(EXP.plusSeconds(1), Duration.ZERO)).isTrue();
  }

  @Test
  void decode_garbage_failsWithoutEchoingTheToken() {
    String garbage = "not-a-jwt-secret-value";
    assertThatThrownBy(() -> JwtClaims.decode(garbage))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("access token is not a decodable JWT");
    String badPayload = "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln";
    assertThatThrownBy(() -> JwtClaims.decode(badPayload))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("bm90IGpzb24");
    assertThatThrownBy(() -> JwtClaims.decode(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("token == null");
  }

  @Test
  void decode_malformedOrganisationClaims_areRejected() {
    assertThatThrownBy(() -> JwtClaims.decode(token(Map.of("organisation_id", "not-a-uuid"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("organisation_id")
        .hasMessageNotContaining("not-a-uuid");
    assertThatThrownBy(() -> JwtClaims.decode(token(Map.of("organisation_ids", ORG_A.toString()))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not an array");
    assertThatThrownBy(() -> JwtClaims.decode(token(Map.of("org_roles", List.of("x")))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not an object");
    assertThatThrownBy(
            () ->
                JwtClaims.decode(
                    token(Map.of("org_roles", Map.of(ORG_A.toString(), "coordinator")))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not an array");
    assertThatThrownBy(
            () -> JwtClaims.decode(token(Map.of("org_roles", Map.of("x", List.of("coordinator"))))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("org_roles");
  }

  @Test
  void collections_areUnmodifiable() {
    JwtClaims c =
        JwtClaims.decode(
            token(
                Map.of(
                    "organisation_ids",
                    List.of(ORG_A.toString()),
                    "org_roles",
                    Map.of(ORG_A.toString(), List.of("coordinator")))));
    assertThatThrownBy(() -> c.organisationIds().add(ORG_B))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.orgRoles().put(ORG_B, java.util.Set.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.orgRoles().get(ORG_A).add("org_admin"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toString_neverContainsTheToken_andEqualityIsByValue() {
    String t = token(Map.of("organisation_id", ORG_A.toString()));
    JwtClaims c = JwtClaims.decode(t);
    assertThat(c.toString()).doesNotContain(t).doesNotContain(t.split("\\.")[1]).contains("user-1");
    assertThat(c).isEqualTo(JwtClaims.decode(t)).hasSameHashCodeAs(JwtClaims.decode(t));
    assertThat(JwtClaims.anonymous().role()).contains("anon");
  }

  @Test
  void accessTokenProvider_of_hidesTokenInToString() {
    String t = token(Map.of());
    assertThat(AccessTokenProvider.of(t).toString()).doesNotContain(t);
    assertThat(AccessTokenProvider.of(t).refreshAccessToken()).isEqualTo(t);
    assertThat(AccessTokenProvider.anonymous().accessToken()).isNull();
    assertThatThrownBy(() -> AccessTokenProvider.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("token == null");
  }
}

package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtsTest {

  /** The keys `supabase start` prints for the default secret (published in Supabase's docs). */
  static final String SUPABASE_DEMO_ANON_KEY =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
          + ".eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9"
          + ".CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";

  static final String SUPABASE_DEMO_SERVICE_ROLE_KEY =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
          + ".eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0"
          + ".EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

  @Test
  void apiKey_withDefaultSecret_isByteForByteTheSupabaseDemoKey() {
    assertThat(Jwts.apiKey(Jwts.DEFAULT_SECRET, "anon")).isEqualTo(SUPABASE_DEMO_ANON_KEY);
    assertThat(Jwts.apiKey(Jwts.DEFAULT_SECRET, "service_role"))
        .isEqualTo(SUPABASE_DEMO_SERVICE_ROLE_KEY);
  }

  @Test
  void apiKey_withOtherSecret_verifiesOnlyWithThatSecret() {
    String secret = "another-secret-that-is-at-least-32-characters";
    String key = Jwts.apiKey(secret, "anon");

    DecodedJWT jwt = JWT.require(Algorithm.HMAC256(secret)).build().verify(key);
    assertThat(jwt.getClaim("role").asString()).isEqualTo("anon");
    assertThat(jwt.getIssuer()).isEqualTo("supabase-demo");
    assertThat(jwt.getClaim("exp").asLong()).isEqualTo(Jwts.DEMO_KEY_EXPIRY);
    assertThatThrownBy(() -> Jwts.verifiedRole(Jwts.DEFAULT_SECRET, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("is not signed (HS256)");
  }

  @Test
  void sign_keepsNestedObjectsAndArrays() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "u");
    claims.put(
        "app_metadata",
        Map.of(
            "organisation_ids",
            List.of("a", "b"),
            "org_roles",
            Map.of("a", List.of("coordinator"))));
    String token = Jwts.sign(Jwts.DEFAULT_SECRET, claims);

    DecodedJWT jwt = JWT.require(Algorithm.HMAC256(Jwts.DEFAULT_SECRET)).build().verify(token);
    assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
    assertThat(jwt.getType()).isEqualTo("JWT");
    assertThat(jwt.getClaim("app_metadata").asMap())
        .containsEntry("organisation_ids", List.of("a", "b"))
        .containsEntry("org_roles", Map.of("a", List.of("coordinator")));
  }

  @Test
  void verifiedRole_returnsRoleOfCorrectlySignedKey() {
    assertThat(Jwts.verifiedRole(Jwts.DEFAULT_SECRET, SUPABASE_DEMO_SERVICE_ROLE_KEY))
        .isEqualTo("service_role");
  }

  @Test
  void verifiedRole_whenNotAJwt_throws() {
    assertThatThrownBy(() -> Jwts.verifiedRole(Jwts.DEFAULT_SECRET, "not-a-jwt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a JWT");
  }

  @Test
  void verifiedRole_whenPayloadTampered_throws() {
    String[] parts = SUPABASE_DEMO_ANON_KEY.split("\\.");
    String forged =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"iss\":\"supabase-demo\",\"role\":\"service_role\",\"exp\":1983812996}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertThatThrownBy(() -> Jwts.verifiedRole(Jwts.DEFAULT_SECRET, forged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("is not signed (HS256)");
  }

  @Test
  void verifiedRole_whenKeyHasNoRole_returnsEmpty() {
    String token = Jwts.sign(Jwts.DEFAULT_SECRET, Map.of("iss", "x"));
    assertThat(Jwts.verifiedRole(Jwts.DEFAULT_SECRET, token)).isEmpty();
  }
}

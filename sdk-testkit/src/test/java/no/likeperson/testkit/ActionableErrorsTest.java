package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.AuthenticationException;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.ValidationException;
import no.likeperson.supabase.SeedData;
import org.junit.jupiter.api.Test;

/**
 * Error messages through the local stack: what the server says reaches {@code getMessage()} without
 * the values (this project's RAISE texts, PostgreSQL's, PostgREST's), and a 401 says what happened
 * and what to do, for a HEAD count too.
 */
@LocalSupabaseTest
class ActionableErrorsTest {

  LocalSupabase supabase;

  @Test
  void projectRaise_isInTheMessage_withoutTheArgument() {
    try (SupabaseClient admin = supabase.clientFor(SeedData.ADMIN_NATIONAL)) {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("p_org_id", SeedData.ORG_NATIONAL);
      args.put("p_period_start", "2026-01-01");
      args.put("p_period_end", "2026-12-31");
      args.put("p_scope", "lokallag");
      assertThatThrownBy(() -> admin.rpc("aggregate_activities_for_org", args).single(Object.class))
          .isInstanceOf(ValidationException.class)
          .hasMessage(
              "HTTP 400 (22023) from POST /rest/v1/rpc/aggregate_activities_for_org: "
                  + "p_scope must be chapter, region or national, was \"<value>\"");
    }
  }

  @Test
  void refusedAggregation_namesNoOrganisationId() {
    try (SupabaseClient admin = supabase.clientFor(SeedData.ADMIN_OST)) {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("p_org_id", SeedData.ORG_BLIND);
      args.put("p_period_start", "2026-01-01");
      args.put("p_period_end", "2026-12-31");
      args.put("p_scope", "national");
      assertThatThrownBy(() -> admin.rpc("aggregate_activities_for_org", args).single(Object.class))
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageEndingWith(": not allowed to aggregate activities of organisation <id>")
          .hasMessageNotContaining(SeedData.ORG_BLIND.toString());
    }
  }

  @Test
  void duplicateKey_namesTheConstraint_notTheRow() {
    try (SupabaseClient service = supabase.serviceRoleClient()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", SeedData.ORG_OSLO);
      row.put("parent_id", SeedData.ORG_REGION_OST);
      row.put("name", "Hemmelig navn");
      assertThatThrownBy(() -> service.from("organisations").insert(row).execute())
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(
              "duplicate key value violates unique constraint \"organisations_pkey\"")
          .hasMessageNotContaining(SeedData.ORG_OSLO.toString())
          .hasMessageNotContaining("Hemmelig");
    }
  }

  @Test
  void expiredToken_onAHeadCount_saysItExpiredAndWhatToDo() {
    Map<String, Object> claims = new LinkedHashMap<>(supabase.claimsFor(SeedData.COORD_OSLO));
    long past = Instant.now().minusSeconds(3600).getEpochSecond();
    claims.put("iat", past - 3600);
    claims.put("exp", past);
    String expired = Jwts.sign(supabase.jwtSecret(), claims);
    try (SupabaseClient c =
        SupabaseClient.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .accessTokenProvider(AccessTokenProvider.of(expired))
            .build()) {
      // the SDK refreshes an expired token first; a fixed token cannot be refreshed, so it is sent
      assertThatThrownBy(() -> c.from("activities").count(CountMode.EXACT))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageStartingWith("HTTP 401")
          .hasMessageContaining("from HEAD /rest/v1/activities")
          .hasMessageContaining("the access token has expired")
          .hasMessageContaining("sign in again")
          .hasMessageNotContaining(expired);
    }
  }

  @Test
  void tokenOfAnotherProject_isRejected_andSaysSo() {
    Map<String, Object> claims = new LinkedHashMap<>(supabase.claimsFor(SeedData.COORD_OSLO));
    String foreign = Jwts.sign("another-projects-secret-that-is-at-least-32-chars", claims);
    try (SupabaseClient c =
        SupabaseClient.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .accessTokenProvider(AccessTokenProvider.of(foreign))
            .build()) {
      assertThatThrownBy(() -> c.from("activities").select("id").limit(1).list(Map.class))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("the server rejected the access token")
          .hasMessageNotContaining(foreign);
      assertThatThrownBy(() -> c.from("activities").count(CountMode.EXACT))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("from HEAD /rest/v1/activities")
          .hasMessageContaining("the server rejected the access token");
    }
  }
}

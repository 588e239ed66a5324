package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.RequestTooLargeException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.error.ValidationException;
import no.likeperson.supabase.SeedData;
import org.junit.jupiter.api.Test;

/**
 * Where a user meets a product rule of docs/database.md: SDK -> HTTP -> gateway -> PostgreSQL with
 * the real migrations. Each refusal is a typed exception with the database's code, and a raw query
 * as superuser shows that nothing was written; the legitimate use next to it still works.
 */
@LocalSupabaseTest(resetData = true)
class ProductRulesThroughSdkTest {

  LocalSupabase supabase;

  private Object scalar(String query, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1);
      }
    }
  }

  private long count(String query, Object... args) throws Exception {
    return ((Number) scalar(query, args)).longValue();
  }

  private void setStatus(UUID user, String status) {
    supabase.execute("update public.users set status = '" + status + "' where id = '" + user + "'");
  }

  private static Map<String, Object> proxyRow(UUID id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("coordinator_id", SeedData.COORD_OSLO);
    row.put("attributed_mentor_id", SeedData.MENTOR_OSLO);
    row.put("org_id", SeedData.ORG_OSLO);
    row.put("activity_type", "samtale");
    row.put("date", "2026-06-15");
    row.put("duration_minutes", 30);
    return row;
  }

  // ---- rule 2: suspended people read their own rows and write nothing ----

  @Test
  void suspendedCoordinator_registeringAProxyActivity_isDenied_andNothingIsWritten()
      throws Exception {
    SupabaseClient coordinator = supabase.clientFor(SeedData.COORD_OSLO);
    UUID id = UUID.randomUUID();
    setStatus(SeedData.COORD_OSLO, "suspended");
    try {
      assertThatThrownBy(() -> coordinator.from("proxy_activities").insert(proxyRow(id)).execute())
          .isInstanceOfSatisfying(
              PermissionDeniedException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.code()).isEqualTo("42501");
                assertThat(e.serverMessage()).contains("the account is suspended");
                assertThat(e.isRetryable()).isFalse();
              });
      assertThat(count("select count(*) from public.proxy_activities where id = ?", id)).isZero();
    } finally {
      setStatus(SeedData.COORD_OSLO, "active");
    }
    coordinator.from("proxy_activities").insert(proxyRow(id)).execute();
    assertThat(count("select count(*) from public.proxy_activities where id = ?", id)).isEqualTo(1);
  }

  @Test
  void suspendedMentor_stillReadsOwnActivities_butCannotDeleteThem() throws Exception {
    SupabaseClient mentor = supabase.clientFor(SeedData.MENTOR_OSLO);
    long own =
        count(
            "select count(*) from public.activities where peer_mentor_id = ?",
            SeedData.MENTOR_OSLO);
    setStatus(SeedData.MENTOR_OSLO, "suspended");
    try {
      List<JsonNode> rows =
          mentor.from("activities").select("id,peer_mentor_id").list(JsonNode.class);
      assertThat(rows)
          .hasSize((int) own)
          .allSatisfy(
              r ->
                  assertThat(r.path("peer_mentor_id").asText())
                      .isEqualTo(SeedData.MENTOR_OSLO.toString()));
      assertThatThrownBy(
              () ->
                  mentor
                      .from("activities")
                      .delete()
                      .eq("peer_mentor_id", SeedData.MENTOR_OSLO)
                      .execute())
          .isInstanceOf(PermissionDeniedException.class);
      assertThat(
              count(
                  "select count(*) from public.activities where peer_mentor_id = ?",
                  SeedData.MENTOR_OSLO))
          .isEqualTo(own);
    } finally {
      setStatus(SeedData.MENTOR_OSLO, "active");
    }
  }

  // ---- rule 1: nobody decides their own claim ----

  @Test
  void coordinatorApprovingOwnClaim_isAValidationError_andTheClaimStaysPending(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    UUID claim = UUID.randomUUID();
    coordOslo
        .from("reimbursements")
        .insert(
            Map.of(
                "id",
                claim,
                "org_id",
                SeedData.ORG_OSLO,
                "user_id",
                SeedData.COORD_OSLO,
                "amount",
                99.5))
        .execute();

    assertThatThrownBy(
            () ->
                coordOslo
                    .from("reimbursements")
                    .update(
                        Map.of(
                            "status",
                            "approved",
                            "decided_by",
                            SeedData.ADMIN_OST,
                            "decided_at",
                            Instant.now().toString()))
                    .eq("id", claim)
                    .execute())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("23514");
              assertThat(e.serverMessage())
                  .contains("nobody decides their own reimbursement claim");
            });
    assertThat(scalar("select status from public.reimbursements where id = ?", claim))
        .isEqualTo("pending");

    SupabaseClient admin = supabase.clientFor(SeedData.ADMIN_OST);
    admin
        .from("reimbursements")
        .update(
            Map.of(
                "status",
                "approved",
                "decided_by",
                SeedData.ADMIN_OST,
                "decided_at",
                Instant.now().toString()))
        .eq("id", claim)
        .execute();
    assertThat(scalar("select status from public.reimbursements where id = ?", claim))
        .isEqualTo("approved");
  }

  // ---- rule 3: memberships only within the same national organisation ----

  @Test
  void adminAddingAPersonOfAnotherOrganisation_isDenied_likeAnUnknownPerson(
      @AsUser("10000000-0000-4000-8000-000000000002") SupabaseClient adminOst) throws Exception {
    SupabaseServiceException stranger =
        (SupabaseServiceException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    adminOst
                        .from("org_memberships")
                        .insert(
                            Map.of(
                                "user_id",
                                SeedData.MENTOR_TRONDHEIM,
                                "org_id",
                                SeedData.ORG_OSLO,
                                "role",
                                "peer_mentor"))
                        .execute());
    SupabaseServiceException unknown =
        (SupabaseServiceException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    adminOst
                        .from("org_memberships")
                        .insert(
                            Map.of(
                                "user_id",
                                UUID.randomUUID(),
                                "org_id",
                                SeedData.ORG_OSLO,
                                "role",
                                "peer_mentor"))
                        .execute());

    assertThat(stranger).isInstanceOf(PermissionDeniedException.class);
    assertThat(unknown).isInstanceOf(PermissionDeniedException.class);
    assertThat(stranger.serverMessage()).isEqualTo(unknown.serverMessage());
    assertThat(
            count(
                "select count(*) from public.org_memberships where user_id = ? and org_id = ?",
                SeedData.MENTOR_TRONDHEIM,
                SeedData.ORG_OSLO))
        .isZero();

    adminOst
        .from("org_memberships")
        .insert(
            Map.of(
                "user_id",
                SeedData.MENTOR_BERGEN,
                "org_id",
                SeedData.ORG_OSLO,
                "role",
                "peer_mentor"))
        .execute();
    assertThat(
            count(
                "select count(*) from public.org_memberships where user_id = ? and org_id = ?",
                SeedData.MENTOR_BERGEN,
                SeedData.ORG_OSLO))
        .isEqualTo(1);
  }

  // ---- rule 4: creation facts of a proxy activity ----

  @Test
  void coordinatorBackdatingOwnProxyActivity_isDenied_andCreatedAtIsUnchanged(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    UUID id = UUID.randomUUID();
    coordOslo.from("proxy_activities").insert(proxyRow(id)).execute();
    Object createdAt = scalar("select created_at from public.proxy_activities where id = ?", id);

    assertThatThrownBy(
            () ->
                coordOslo
                    .from("proxy_activities")
                    .update(Map.of("created_at", "2025-01-01T00:00:00Z"))
                    .eq("id", id)
                    .execute())
        .isInstanceOfSatisfying(
            PermissionDeniedException.class, e -> assertThat(e.code()).isEqualTo("42501"));
    assertThat(scalar("select created_at from public.proxy_activities where id = ?", id))
        .isEqualTo(createdAt);

    coordOslo
        .from("proxy_activities")
        .update(Map.of("duration_minutes", 45))
        .eq("id", id)
        .execute();
    assertThat(count("select duration_minutes from public.proxy_activities where id = ?", id))
        .isEqualTo(45);
  }

  // ---- rule 5: bounded renewals ----

  @Test
  void renewalMoreThanFiveYearsAhead_isAValidationError_andTheExpiryIsUnchanged(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    Object before =
        scalar(
            "select expires_at from public.peer_mentor_certifications where id = ?",
            SeedData.CERT_OSLO_ACTIVE);
    String sixYears = Instant.now().plus(Duration.ofDays(6 * 365)).toString();

    assertThatThrownBy(
            () ->
                coordOslo
                    .rpc(
                        "renew_certification",
                        Map.of(
                            "p_certification_id",
                            SeedData.CERT_OSLO_ACTIVE,
                            "p_new_expires_at",
                            sixYears))
                    .single(JsonNode.class))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("22023");
              assertThat(e.serverMessage()).contains("at most 5 years after the renewal date");
            });
    assertThat(
            scalar(
                "select expires_at from public.peer_mentor_certifications where id = ?",
                SeedData.CERT_OSLO_ACTIVE))
        .isEqualTo(before);
  }

  // ---- rule 6: the coordinator of a direct activity ----

  @Test
  void mentorNamingACoordinatorOfAnotherChapter_isAValidationError(
      @AsUser("30000000-0000-4000-8000-000000000001") SupabaseClient mentor) throws Exception {
    long withBaerum =
        count(
            "select count(*) from public.activities where coordinator_id = ?",
            SeedData.COORD_BAERUM);

    assertThatThrownBy(
            () ->
                mentor
                    .from("activities")
                    .update(Map.of("coordinator_id", SeedData.COORD_BAERUM))
                    .eq("peer_mentor_id", SeedData.MENTOR_OSLO)
                    .eq("org_id", SeedData.ORG_OSLO)
                    .execute())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo("23514"));
    assertThat(
            count(
                "select count(*) from public.activities where coordinator_id = ?",
                SeedData.COORD_BAERUM))
        .isEqualTo(withBaerum);

    mentor
        .from("activities")
        .update(Map.of("coordinator_id", SeedData.COORD_OSLO))
        .eq("peer_mentor_id", SeedData.MENTOR_OSLO)
        .eq("org_id", SeedData.ORG_OSLO)
        .execute();
    assertThat(
            count(
                "select count(*) from public.activities where peer_mentor_id = ? and org_id = ?"
                    + " and coordinator_id is distinct from ?",
                SeedData.MENTOR_OSLO,
                SeedData.ORG_OSLO,
                SeedData.COORD_OSLO))
        .isZero();
  }

  // ---- rule 8: request size ----

  @Test
  void insertOverTheGatewaysBodyLimit_isRequestTooLarge_notRetryable_andNothingIsWritten(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    UUID id = UUID.randomUUID();
    Map<String, Object> row = proxyRow(id);
    row.put("notes", "x".repeat(1024 * 1024 + 1));

    assertThatThrownBy(() -> coordOslo.from("proxy_activities").insert(row).execute())
        .isInstanceOfSatisfying(
            RequestTooLargeException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(413);
              assertThat(e.code()).isEqualTo("PGRSTX13");
              assertThat(e.isRetryable()).isFalse();
            });
    assertThat(count("select count(*) from public.proxy_activities where id = ?", id)).isZero();
  }
}

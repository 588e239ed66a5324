package no.likeperson.sdk.admin;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import org.junit.jupiter.api.Test;

/**
 * SDK -> HTTP -> gateway -> PostgreSQL with the real migrations, RLS and seed. Every expected
 * number is computed here by the superuser over JDBC from the base tables with queries of its own
 * (the subtree by a recursive walk of organisations.parent_id, not the closure table the server
 * uses).
 */
@LocalSupabaseTest(resetData = true)
class AdminOnLocalStackTest {

  LocalSupabase supabase;

  /** The subtree of the root, walked over parent_id. */
  private static final String SUBTREE =
      "with recursive sub(id) as (select ?::uuid union all "
          + "select o.id from public.organisations o join sub on o.parent_id = sub.id) ";

  private List<Map<String, Object>> rows(String sql, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Map<String, Object>> out = new ArrayList<>();
      if (!ps.execute()) {
        return out;
      }
      try (ResultSet rs = ps.getResultSet()) {
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  private long number(String sql, Object... args) throws Exception {
    return ((Number) rows(sql, args).get(0).values().iterator().next()).longValue();
  }

  /**
   * The four KPIs of a subtree from raw rows; the health formula re-implemented from its
   * documentation.
   */
  private AdminStatDto expected(UUID root) throws Exception {
    long persons =
        number(
            SUBTREE
                + "select count(distinct m.user_id) from public.org_memberships m "
                + "where m.org_id in (select id from sub)",
            root);
    long active =
        number(
            SUBTREE
                + "select count(distinct m.user_id) from public.org_memberships m "
                + "join public.users u on u.id = m.user_id where m.org_id in (select id from sub) and u.status = 'active'",
            root);
    long activities =
        number(
            SUBTREE
                + "select (select count(*) from public.activities where org_id in (select id from sub))"
                + " + (select count(*) from public.proxy_activities where org_id in (select id from sub))",
            root);
    long pending =
        number(
            SUBTREE
                + "select count(*) from public.reimbursements where org_id in (select id from sub) "
                + "and status = 'pending'",
            root);
    long reimbursements =
        number(
            SUBTREE
                + "select count(*) from public.reimbursements where org_id in (select id from sub)",
            root);
    long mentorOrgs =
        number(
            SUBTREE
                + "select count(distinct m.org_id) from public.org_memberships m "
                + "where m.org_id in (select id from sub) and m.role = 'peer_mentor'",
            root);
    String window =
        " >= (date_trunc('month', current_date) - interval '2 months')::date and %s < "
            + "(date_trunc('month', current_date) + interval '1 month')::date";
    long recentOrgs =
        number(
            SUBTREE
                + "select count(distinct m.org_id) from public.org_memberships m "
                + "where m.org_id in (select id from sub) and m.role = 'peer_mentor' and ("
                + "exists (select 1 from public.activities a where a.org_id = m.org_id and a.activity_date"
                + String.format(window, "a.activity_date")
                + ") or "
                + "exists (select 1 from public.proxy_activities p where p.org_id = m.org_id and p.date"
                + String.format(window, "p.date")
                + "))",
            root);
    double health =
        persons == 0
            ? 0.0
            : Math.max(
                0.0,
                Math.min(
                    1.0,
                    0.4 * active / persons
                        + 0.4 * (mentorOrgs == 0 ? 0.0 : (double) recentOrgs / mentorOrgs)
                        + 0.2
                            * (1.0
                                - (reimbursements == 0
                                    ? 0.0
                                    : (double) pending / reimbursements))));
    return new AdminStatDto(root, active, activities, pending, health);
  }

  private static void assertKpis(AdminDataRepository repo, AdminStatDto expected) throws Exception {
    AdminStatDto all = repo.getKpiStats();
    assertThat(all.organisationId()).isEqualTo(expected.organisationId());
    assertThat(all.activeUserCount()).isEqualTo(expected.activeUserCount());
    assertThat(all.totalActivitiesCount()).isEqualTo(expected.totalActivitiesCount());
    assertThat(all.pendingReimbursementsCount()).isEqualTo(expected.pendingReimbursementsCount());
    assertThat(all.orgHealthScore()).isCloseTo(expected.orgHealthScore(), within(1e-9));
    assertThat(repo.getActiveUserCount()).isEqualTo(expected.activeUserCount());
    assertThat(repo.getTotalActivitiesCount()).isEqualTo(expected.totalActivitiesCount());
    assertThat(repo.getPendingReimbursementsCount())
        .isEqualTo(expected.pendingReimbursementsCount());
    assertThat(repo.getOrgHealthScore()).isCloseTo(expected.orgHealthScore(), within(1e-9));
    assertThat(repo.getKpiStatsAsync().get()).isEqualTo(all);
    assertThat(repo.getActiveUserCountAsync().get()).isEqualTo(expected.activeUserCount());
  }

  private static AdminDataRepository admin(SupabaseClient client, UUID root) {
    return AdminDataRepository.create(AdminRlsGuard.create(client, root));
  }

  // ------------------------------------------------------------------ KPIs

  @Test
  void nationalAdmin_kpisOfTheWholeTree_andNarrowedToAChapter_equalRawCounts(
      @AsUser("10000000-0000-4000-8000-000000000001") SupabaseClient adminNational)
      throws Exception {
    AdminDataRepository national = admin(adminNational, ORG_NATIONAL);
    assertKpis(national, expected(ORG_NATIONAL));
    assertKpis(national.narrowedTo(ORG_REGION_VEST), expected(ORG_REGION_VEST));
    assertKpis(national.narrowedTo(ORG_OSLO), expected(ORG_OSLO));
    assertThat(expected(ORG_NATIONAL).activeUserCount())
        .as("the seed makes the national count differ")
        .isGreaterThan(expected(ORG_REGION_OST).activeUserCount());
  }

  @Test
  void regionAdmin_seesItsRegionOnly(
      @AsUser("10000000-0000-4000-8000-000000000002") SupabaseClient adminOst) throws Exception {
    AdminDataRepository ost = admin(adminOst, ORG_REGION_OST);
    assertKpis(ost, expected(ORG_REGION_OST));
    assertKpis(ost.narrowedTo(ORG_BAERUM), expected(ORG_BAERUM));
    // Bergen is in the other region: the server refuses the narrowing
    assertThatThrownBy(() -> ost.narrowedTo(ORG_BERGEN).getActiveUserCount())
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(PermissionDeniedException.class);
              assertThat(e.code()).contains("42501");
              assertThat(e.statusCode()).hasValue(403);
            });
    // the national root is above the admin's: refused before sending
    assertThatThrownBy(() -> admin(adminOst, ORG_NATIONAL).getKpiStats())
        .isInstanceOf(UnauthorisedAccessException.class);
  }

  @Test
  void crossOrganisation_throughTheGuard_refusedBeforeSending_orByTheServer(
      @AsUser("10000000-0000-4000-8000-000000000003") SupabaseClient adminBlind) {
    // foreign root, a descendant of the foreign root, a chapter of it: the token does not name them
    for (UUID foreign : List.of(ORG_NATIONAL, ORG_REGION_OST, ORG_OSLO)) {
      assertThatThrownBy(() -> admin(adminBlind, foreign).getKpiStats())
          .isInstanceOf(UnauthorisedAccessException.class);
      assertThatThrownBy(() -> admin(adminBlind, foreign).getPendingReimbursementsCount())
          .isInstanceOf(UnauthorisedAccessException.class);
    }
    // the own root, narrowed to the other organisation's root or one of its chapters: the server
    // refuses
    for (UUID foreign : List.of(ORG_NATIONAL, ORG_OSLO)) {
      assertThatThrownBy(
              () -> admin(adminBlind, ORG_BLIND).narrowedTo(foreign).getActiveUserCount())
          .isInstanceOfSatisfying(
              AdminRepositoryException.class, e -> assertThat(e.code()).contains("42501"));
    }
  }

  @Test
  void crossOrganisation_withTheGuardBypassed_isRefusedByTheServer(
      @AsUser("10000000-0000-4000-8000-000000000002") SupabaseClient adminOst) throws Exception {
    // a raw sdk-core call with any parameter that would reveal another organisation's numbers
    List<Map<String, Object>> attempts =
        List.of(
            Map.of("p_root_org_id", ORG_NATIONAL), // an ancestor
            Map.of("p_root_org_id", ORG_BLIND), // the unrelated root
            Map.of("p_root_org_id", ORG_TRONDHEIM), // its descendant
            Map.of("p_root_org_id", ORG_BERGEN), // the other region
            Map.of("p_root_org_id", ORG_REGION_OST, "p_scope_org_id", ORG_BERGEN),
            Map.of("p_root_org_id", ORG_REGION_OST, "p_scope_org_id", ORG_TRONDHEIM),
            Map.of("p_root_org_id", ORG_REGION_OST, "p_scope_org_id", ORG_BLIND));
    for (Map<String, Object> args : attempts) {
      for (String kpi : List.of("all", "active_user_count", "org_health_score")) {
        Map<String, Object> call = new HashMap<>(args);
        call.put("p_kpi", kpi);
        assertThatThrownBy(
                () -> adminOst.rpc(AdminDataRepository.RPC, call).readOnly().single(JsonNode.class))
            .as(call.toString())
            .isInstanceOfSatisfying(
                SupabaseServiceException.class, e -> assertThat(e.code()).isEqualTo("42501"));
      }
    }
    // a forged token: its claims say org_admin of the national root, the database says otherwise
    String forged =
        JWT.create()
            .withSubject(ADMIN_OST.toString())
            .withClaim("role", "authenticated")
            .withAudience("authenticated")
            .withExpiresAt(Instant.now().plus(1, ChronoUnit.HOURS))
            .withClaim(
                "app_metadata",
                Map.of("org_roles", Map.of(ORG_NATIONAL.toString(), List.of("org_admin"))))
            .sign(Algorithm.HMAC256(supabase.jwtSecret()));
    try (SupabaseClient forgedClient =
        SupabaseClient.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .accessTokenProvider(AccessTokenProvider.of(forged))
            .build()) {
      assertThatThrownBy(() -> admin(forgedClient, ORG_NATIONAL).getKpiStats())
          .isInstanceOfSatisfying(
              AdminRepositoryException.class, e -> assertThat(e.code()).contains("42501"));
    }
  }

  // ------------------------------------------------------------------ certifications

  private List<UUID> certIds(String where, Object... args) throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (Map<String, Object> r :
        rows(
            "select id from public.peer_mentor_certifications where " + where + " order by id",
            args)) {
      ids.add((UUID) r.get("id"));
    }
    return ids;
  }

  private static List<UUID> ids(List<Certification> certs) {
    return certs.stream().map(Certification::id).sorted().toList();
  }

  @Test
  void mentor_seesOnlyItsOwnCertifications(
      @AsUser("30000000-0000-4000-8000-000000000005") SupabaseClient mentorTrondheim)
      throws Exception {
    CertificationRepository certs = CertificationRepository.create(mentorTrondheim);
    assertThat(ids(certs.mentorCertifications(MENTOR_TRONDHEIM)))
        .isEqualTo(certIds("peer_mentor_id = ?", MENTOR_TRONDHEIM))
        .hasSize(2);
    assertThat(certs.mentorCertifications(MENTOR_OSLO)).as("another mentor's").isEmpty();
    assertThat(certs.mentorCertificationsAsync(MENTOR_TRONDHEIM).get()).hasSize(2);
  }

  @Test
  void coordinator_seesOnlyItsOrganisationsCertifications(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    CertificationRepository certs = CertificationRepository.create(coordOslo);
    assertThat(ids(certs.expiringWithin(ORG_OSLO, 30)))
        .isEqualTo(
            certIds(
                "org_id = ? and status = 'active' and expires_at <= now() + interval '30 days'",
                ORG_OSLO))
        .isNotEmpty();
    assertThat(ids(certs.expiringWithin(ORG_OSLO, 3650)))
        .isEqualTo(
            certIds(
                "org_id = ? and status = 'active' and expires_at <= now() + interval '3650 days'",
                ORG_OSLO));
    assertThat(certs.mentorCertifications(MENTOR_TRONDHEIM))
        .as("a mentor of another organisation")
        .isEmpty();
    assertThatThrownBy(() -> certs.expiringWithin(ORG_TRONDHEIM, 30))
        .isInstanceOf(UnauthorisedAccessException.class);
    // the guard bypassed: RLS returns nothing of the other organisation
    assertThat(
            coordOslo
                .from(CertificationRepository.TABLE)
                .select("id")
                .eq("org_id", ORG_TRONDHEIM)
                .list(JsonNode.class))
        .isEmpty();
  }

  @Test
  void renewSuspendReactivate_andTheTypedHistory(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    CertificationRepository certs = CertificationRepository.create(coordOslo);
    int before = certs.renewalHistory(CERT_OSLO_ACTIVE).size();
    assertThat((long) before)
        .isEqualTo(
            number(
                "select jsonb_array_length(renewal_history) from "
                    + "public.peer_mentor_certifications where id = ?",
                CERT_OSLO_ACTIVE));
    Instant newExpiry = Instant.now().plus(800, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    Certification renewed = certs.renew(CERT_OSLO_ACTIVE, newExpiry, "Oppfriskningskurs");
    assertThat(renewed.expiresAt()).contains(newExpiry);
    assertThat(renewed.status()).isEqualTo(CertificationStatus.ACTIVE);
    List<RenewalEntry> history = certs.renewalHistory(CERT_OSLO_ACTIVE);
    assertThat(history).hasSize(before + 1).isEqualTo(renewed.renewalHistory());
    RenewalEntry last = history.get(history.size() - 1);
    assertThat(last.renewedBy()).contains(COORD_OSLO);
    assertThat(last.notes()).contains("Oppfriskningskurs");
    assertThat(last.previousExpiresAt()).isPresent();

    assertThat(certs.suspend(CERT_OSLO_ACTIVE).status()).isEqualTo(CertificationStatus.SUSPENDED);
    assertThatThrownBy(
            () -> certs.renew(CERT_OSLO_ACTIVE, newExpiry.plus(1, ChronoUnit.DAYS), null))
        .isInstanceOfSatisfying(
            AdminRepositoryException.class, e -> assertThat(e.code()).contains("22023"));
    assertThat(certs.reactivate(CERT_OSLO_ACTIVE).status()).isEqualTo(CertificationStatus.ACTIVE);
    assertThatThrownBy(() -> certs.reactivate(CERT_OSLO_ACTIVE))
        .as("not suspended any more")
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> assertThat(e.getCause()).isInstanceOf(NotExactlyOneRowException.class));
    // another organisation's certification cannot be changed
    String status =
        "select status || coalesce(expires_at::text, '') from public.peer_mentor_certifications where id = ?";
    Object untouched = rows(status, CERT_TRONDHEIM_EXPIRING).get(0).values().iterator().next();
    assertThatThrownBy(() -> certs.suspend(CERT_TRONDHEIM_EXPIRING))
        .isInstanceOf(AdminRepositoryException.class);
    assertThat(rows(status, CERT_TRONDHEIM_EXPIRING).get(0).values().iterator().next())
        .isEqualTo(untouched);
  }

  @Test
  void expiryRun_throughTheServiceRoleClient_marksTheDueOnes(
      @AsUser("20000000-0000-4000-8000-000000000004") SupabaseClient coordTrondheim)
      throws Exception {
    rows(
        "update public.peer_mentor_certifications set expires_at = now() - interval '1 hour' where id = ?",
        CERT_TRONDHEIM_EXPIRING);
    List<UUID> due = certIds("status = 'active' and expires_at <= now()");
    assertThat(due).contains(CERT_TRONDHEIM_EXPIRING);
    assertThatThrownBy(
            () -> CertificationRepository.create(coordTrondheim).expireDueCertifications())
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(
            () -> coordTrondheim.rpc(CertificationRepository.EXPIRY_RPC).single(Integer.class))
        .as("the guard bypassed")
        .isInstanceOfSatisfying(
            SupabaseServiceException.class, e -> assertThat(e.code()).isEqualTo("42501"));
    try (SupabaseClient service = supabase.serviceRoleClient()) {
      CertificationRepository certs = CertificationRepository.create(service);
      assertThat(certs.expireDueCertifications()).isEqualTo(due.size());
      assertThat(certs.expireDueCertificationsAsync().get()).isZero();
    }
    assertThat(
            certIds(
                "id = any (?::uuid[]) and status = 'expired'",
                (Object) due.stream().map(UUID::toString).toArray(String[]::new)))
        .isEqualTo(due);
    // the coordinator's dashboard no longer lists it
    assertThat(
            ids(CertificationRepository.create(coordTrondheim).expiringWithin(ORG_TRONDHEIM, 30)))
        .doesNotContain(CERT_TRONDHEIM_EXPIRING);
  }
}

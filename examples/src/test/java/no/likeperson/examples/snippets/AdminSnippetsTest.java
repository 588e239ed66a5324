package no.likeperson.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import no.likeperson.sdk.admin.AdminStatDto;
import no.likeperson.sdk.admin.CertificationStatus;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.supabase.SeedData;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import no.likeperson.testkit.SeedUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the sdk-admin examples of the README and the javadoc; figures come from the seed's rows. */
@LocalSupabaseTest(resetData = true)
class AdminSnippetsTest {

  static LocalSupabase supabase;

  @AsUser(SeedUsers.ADMIN_NATIONAL)
  SupabaseClient admin;

  @AsUser(SeedUsers.COORD_OSLO)
  SupabaseClient coordinator;

  @AsUser(SeedUsers.MENTOR_OSLO)
  SupabaseClient mentor;

  /** Every test renews the certification due soonest, so each starts from the seed. */
  @BeforeEach
  void backToTheSeed() {
    supabase.resetData();
  }

  static long pendingInSubtree() throws Exception {
    return Seed.count(
        supabase,
        Seed.SUBTREE
            + "select count(*) from public.reimbursements where status = 'pending' "
            + "and org_id in (select id from t)",
        SeedData.ORG_NATIONAL);
  }

  /** Direct and proxy activities of the national subtree, all time. */
  static long activitiesInSubtree() throws Exception {
    return Seed.count(
        supabase,
        Seed.SUBTREE
            + "select (select count(*) from public.activities where org_id in "
            + "(select id from t)) + (select count(*) from public.proxy_activities where org_id in (select id from t))",
        SeedData.ORG_NATIONAL);
  }

  /** Oslo's active certifications that expire within 30 days. */
  static long osloDue() throws Exception {
    return Seed.count(
        supabase,
        "select count(*) from public.peer_mentor_certifications where org_id = ? "
            + "and status = 'active' and expires_at between now() and now() + interval '30 days'",
        SeedData.ORG_OSLO);
  }

  @Test
  void readme_kpisOfTheSubtree_andARenewal() throws Exception {
    long due = osloDue();
    AdminSnippets.ReadmeResult r =
        AdminSnippets.readme(admin, coordinator, SeedData.ORG_NATIONAL, SeedData.ORG_OSLO);
    assertThat(r.kpis().organisationId()).isEqualTo(SeedData.ORG_NATIONAL);
    assertThat(r.pending())
        .isEqualTo(pendingInSubtree())
        .isEqualTo(r.kpis().pendingReimbursementsCount());
    assertThat(r.health()).isBetween(0.0, 1.0);
    assertThat(r.due()).hasSize((int) due);
    assertThat(r.renewed().expiresAt()).contains(Instant.parse("2028-01-01T00:00:00Z"));
    assertThat(
            Seed.count(
                supabase,
                "select count(*) from public.peer_mentor_certifications where id = ? and "
                    + "expires_at = timestamptz '2028-01-01 00:00+00'",
                r.renewed().id()))
        .isOne();
  }

  @Test
  void guard_andDashboard_countTheSubtree() throws Exception {
    AdminStatDto kpis = AdminSnippets.guard(admin, SeedData.ORG_NATIONAL);
    assertThat(kpis.totalActivitiesCount()).isEqualTo(activitiesInSubtree()).isPositive();
    AdminSnippets.DashboardResult d =
        AdminSnippets.dashboard(admin, SeedData.ORG_NATIONAL, SeedData.ORG_OSLO);
    assertThat(d.all()).isEqualTo(kpis);
    assertThat(d.async()).isEqualTo(kpis);
    assertThat(d.pending()).isEqualTo(pendingInSubtree());
    assertThat(d.osloHealth()).isBetween(0.0, 1.0);
  }

  @Test
  void guard_forACoordinator_isRefusedBeforeSending() {
    assertThatThrownBy(() -> AdminSnippets.guard(coordinator, SeedData.ORG_NATIONAL))
        .isInstanceOf(UnauthorisedAccessException.class);
  }

  @Test
  void certifications_mineDueRenewSuspendReactivateAndTheNightlyRun() throws Exception {
    long mine =
        Seed.count(
            supabase,
            "select count(*) from public.peer_mentor_certifications where peer_mentor_id = ?",
            SeedData.MENTOR_OSLO);
    long due = osloDue();
    long expiring =
        Seed.count(
            supabase,
            "select count(*) from public.peer_mentor_certifications where "
                + "status = 'active' and expires_at < now()");
    try (SupabaseClient service = supabase.serviceRoleClient()) {
      AdminSnippets.CertificationResult r =
          AdminSnippets.certifications(
              mentor, coordinator, service, SeedData.MENTOR_OSLO, SeedData.ORG_OSLO);
      assertThat(r.mine()).hasSize((int) mine);
      assertThat(r.due()).hasSize((int) due);
      assertThat(r.renewed().expiresAt()).contains(Instant.parse("2027-12-31T00:00:00Z"));
      assertThat(r.suspended().status()).isEqualTo(CertificationStatus.SUSPENDED);
      assertThat(r.reactivated().status()).isEqualTo(CertificationStatus.ACTIVE);
      assertThat(r.expired()).isEqualTo((int) expiring);
      UUID id = r.renewed().id();
      assertThat(
              Seed.count(
                  supabase,
                  "select count(*) from public.peer_mentor_certifications where id = ? and "
                      + "status = 'active'",
                  id))
          .isOne();
    }
  }
}

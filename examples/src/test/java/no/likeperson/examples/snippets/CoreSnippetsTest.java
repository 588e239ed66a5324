package no.likeperson.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.error.ValidationException;
import no.likeperson.supabase.SeedData;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import no.likeperson.testkit.SeedUsers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Runs the README quickstart and the sdk-core javadoc examples on the local stack; every expected
 * figure comes from the seed's rows, read as superuser.
 */
@LocalSupabaseTest(resetData = true)
class CoreSnippetsTest {

  static LocalSupabase supabase;

  @AsUser(SeedUsers.COORD_OSLO)
  SupabaseClient coordinator;

  @AsUser(SeedUsers.ADMIN_NATIONAL)
  SupabaseClient admin;

  static long osloActivities() throws Exception {
    return Seed.count(
        supabase, "select count(*) from public.activities where org_id = ?", SeedData.ORG_OSLO);
  }

  static long osloActivitiesIn2026() throws Exception {
    return Seed.count(
        supabase,
        "select count(*) from public.activities where org_id = ? "
            + "and activity_date >= date '2026-01-01'",
        SeedData.ORG_OSLO);
  }

  static long marker(UUID org) throws Exception {
    return Seed.count(supabase, "select public.stats_change_marker(?)", org);
  }

  @Test
  void quickstart_signsIn_countsAsTheUser_andSignsOut() throws Exception {
    OptionalLong count =
        QuickstartSnippet.signInCountAndSignOut(
            supabase.apiUrl(),
            supabase.anonKey(),
            SeedUsers.COORD_OSLO_EMAIL,
            LocalSupabase.SEED_USER_PASSWORD);
    assertThat(count).hasValue(osloActivities());
  }

  @Test
  void quickstart_withAWrongPassword_signsNobodyIn() {
    assertThat(
            QuickstartSnippet.signInCountAndSignOut(
                supabase.apiUrl(),
                supabase.anonKey(),
                SeedUsers.COORD_OSLO_EMAIL,
                "not-the-password"))
        .isEmpty();
  }

  @Test
  void supabaseClient_readsCountsCallsAndGuards() throws Exception {
    OkHttpClient shared = new OkHttpClient();
    CoreSnippets.ClientResult r =
        CoreSnippets.supabaseClient(
            supabase.apiUrl(),
            supabase.anonKey(),
            supabase.tokenFor(SeedData.COORD_OSLO),
            shared,
            SeedData.ORG_OSLO);
    long expected = osloActivities();
    assertThat(r.count()).isEqualTo(expected);
    assertThat(r.rows())
        .hasSize((int) Math.min(25, expected))
        .allSatisfy(a -> assertThat(a.orgId()).isEqualTo(SeedData.ORG_OSLO));
    assertThat(r.rows())
        .extracting(Activity::activityDate)
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(r.marker().asLong()).isEqualTo(marker(SeedData.ORG_OSLO));
    shared.dispatcher().executorService().shutdown();
  }

  @Test
  void supabaseClient_forAnOrganisationTheTokenDoesNotGrant_isRefused() {
    UUID trondheimCoordinator = UUID.fromString(SeedUsers.COORD_TRONDHEIM);
    OkHttpClient shared = new OkHttpClient();
    assertThatThrownBy(
            () ->
                CoreSnippets.supabaseClient(
                    supabase.apiUrl(),
                    supabase.anonKey(),
                    supabase.tokenFor(trondheimCoordinator),
                    shared,
                    SeedData.ORG_OSLO))
        .isInstanceOf(
            UnauthorisedAccessException.class); // RLS hid the rows; the guard refuses the org
    shared.dispatcher().executorService().shutdown();
  }

  @Test
  void tableQuery_filtersOrdersCountsAndReadsSingleRows() throws Exception {
    CoreSnippets.TableQueryResult r =
        CoreSnippets.tableQuery(coordinator, SeedData.ORG_OSLO, SeedData.ORG_OSLO);
    assertThat(r.count()).isEqualTo(osloActivities());
    assertThat(r.rows())
        .hasSize((int) Math.min(25, osloActivitiesIn2026()))
        .allSatisfy(
            a -> {
              assertThat(a.orgId()).isEqualTo(SeedData.ORG_OSLO);
              assertThat(a.activityDate()).isAfterOrEqualTo(LocalDate.of(2026, 1, 1));
            });
    assertThat(r.rows())
        .extracting(Activity::activityDate)
        .isSortedAccordingTo(Comparator.reverseOrder());
    String name =
        Seed.column(
                supabase, "select name from public.organisations where id = ?", SeedData.ORG_OSLO)
            .get(0);
    assertThat(r.org()).contains(new Org(SeedData.ORG_OSLO, name));
    assertThat(r.one()).isEqualTo(new Org(SeedData.ORG_OSLO, name));
    assertThat(r.all()).containsAll(r.rows()).hasSize((int) osloActivities());
  }

  @Test
  void tableQuery_singleOfAMissingRow_throws406() {
    assertThatThrownBy(
            () -> CoreSnippets.tableQuery(coordinator, SeedData.ORG_OSLO, UUID.randomUUID()))
        .isInstanceOf(NotExactlyOneRowException.class);
  }

  @Test
  void rpcCall_objectScalarAndArrayResults() throws Exception {
    CoreSnippets.RpcResult r = CoreSnippets.rpcCall(coordinator, admin, SeedData.ORG_OSLO);
    long mentors =
        Seed.count(
            supabase,
            "select count(distinct m) from ("
                + "select peer_mentor_id m from public.activities where org_id = ? and activity_date between "
                + "date '2026-01-01' and date '2026-12-31' union all select attributed_mentor_id from "
                + "public.proxy_activities where org_id = ? and date between date '2026-01-01' and date '2026-12-31') x",
            SeedData.ORG_OSLO,
            SeedData.ORG_OSLO);
    assertThat(r.payload().toString()).contains("\"peer_mentor_count\":" + mentors);
    assertThat(r.marker()).isEqualTo(marker(SeedData.ORG_OSLO));
    assertThat(r.subtree())
        .extracting(UUID::toString)
        .containsExactlyInAnyOrderElementsOf(
            Seed.column(supabase, Seed.SUBTREE + "select id::text from t", SeedData.ORG_NATIONAL));
  }

  @Test
  void rpcCall_theScopeTheOldExampleSent_isRefusedWith22023() {
    assertThatThrownBy(
            () ->
                coordinator
                    .rpc(
                        "aggregate_activities_for_org",
                        Map.of(
                            "p_org_id",
                            SeedData.ORG_OSLO,
                            "p_period_start",
                            "2026-01-01",
                            "p_period_end",
                            "2026-12-31",
                            "p_scope",
                            "ORG"))
                    .single(JsonNode.class))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo("22023"));
  }

  @Test
  void readmeTour_readsEmbedsCountsGuardsAndCalls() throws Exception {
    CoreSnippets.TourResult r = CoreSnippets.tour(coordinator, SeedData.ORG_OSLO);
    assertThat(r.recent()).hasSize((int) Math.min(25, osloActivitiesIn2026()));
    assertThat(r.count()).isEqualTo(osloActivities());
    assertThat(r.marker().asLong()).isEqualTo(marker(SeedData.ORG_OSLO));
    assertThat(r.orgs())
        .anySatisfy(
            o -> {
              assertThat(o.id()).isEqualTo(SeedData.ORG_OSLO);
              assertThat(o.activities())
                  .hasSize(3)
                  .extracting(Activity::activityDate)
                  .isSortedAccordingTo(Comparator.reverseOrder());
            });
    assertThat(r.orgs()).allSatisfy(o -> assertThat(o.activities()).hasSizeLessThanOrEqualTo(3));
  }

  @Test
  void readmeTour_forAnotherOrganisation_isRefusedByTheGuard() {
    assertThatThrownBy(() -> CoreSnippets.tour(coordinator, SeedData.ORG_TRONDHEIM))
        .isInstanceOf(UnauthorisedAccessException.class);
  }
}

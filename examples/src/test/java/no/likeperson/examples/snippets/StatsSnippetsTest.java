package no.likeperson.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.UUID;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.stats.StatsRow;
import no.likeperson.supabase.SeedData;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import no.likeperson.testkit.SeedUsers;
import org.junit.jupiter.api.Test;

/** Runs the sdk-stats examples of the README and the javadoc; totals come from the seed's rows. */
@LocalSupabaseTest(resetData = true)
class StatsSnippetsTest {

  static LocalSupabase supabase;

  @AsUser(SeedUsers.COORD_OSLO)
  SupabaseClient coordinator;

  @AsUser(SeedUsers.COORD_TRONDHEIM)
  SupabaseClient stranger;

  /** Direct and proxy activities of the Oslo coordinator in 2026. */
  static long coordinatorYear() throws Exception {
    return Seed.count(
        supabase,
        "select (select count(*) from public.activities where org_id = ? and "
            + "coordinator_id = ? and activity_date between date '2026-01-01' and date '2026-12-31') + (select "
            + "count(*) from public.proxy_activities where org_id = ? and coordinator_id = ? and date between "
            + "date '2026-01-01' and date '2026-12-31')",
        SeedData.ORG_OSLO,
        SeedData.COORD_OSLO,
        SeedData.ORG_OSLO,
        SeedData.COORD_OSLO);
  }

  /**
   * Direct and proxy activities of the Oslo mentor from January to {@code last}, of one type or
   * all.
   */
  static long mentorActivities(String last, String type) throws Exception {
    String typeFilter = type == null ? "" : " and t.code = '" + type + "'";
    String proxyFilter = type == null ? "" : " and p.activity_type = '" + type + "'";
    return Seed.count(
        supabase,
        "select (select count(*) from public.activities a join public.activity_types t "
            + "on t.id = a.activity_type_id where a.org_id = ? and a.peer_mentor_id = ? and a.activity_date between "
            + "date '2026-01-01' and date '"
            + last
            + "'"
            + typeFilter
            + ") + (select count(*) from "
            + "public.proxy_activities p where p.org_id = ? and p.attributed_mentor_id = ? and p.date between "
            + "date '2026-01-01' and date '"
            + last
            + "'"
            + proxyFilter
            + ")",
        SeedData.ORG_OSLO,
        SeedData.MENTOR_OSLO,
        SeedData.ORG_OSLO,
        SeedData.MENTOR_OSLO);
  }

  @Test
  void readme_coordinatorRows_andTheMentorsCachedSeries_matchTheSeed() throws Exception {
    StatsSnippets.ReadmeResult r =
        StatsSnippets.readme(
            coordinator, SeedData.ORG_OSLO, SeedData.COORD_OSLO, SeedData.MENTOR_OSLO);
    assertThat(r.rows().stream().mapToLong(StatsRow::activityCount).sum())
        .isEqualTo(coordinatorYear())
        .isPositive();
    assertThat(r.series().months()).hasSize(6);
    assertThat(r.series().total().activityCount()).isEqualTo(mentorActivities("2026-06-30", null));
    assertThat(r.talks()).isEqualTo(mentorActivities("2026-06-30", "samtale")).isPositive();
    assertThat(r.lastUpdated()).isNotNull();
  }

  @Test
  void repository_seriesAndAsyncTwin_matchTheSeed() throws Exception {
    StatsSnippets.RepositoryResult r =
        StatsSnippets.repository(
            coordinator, SeedData.ORG_OSLO, SeedData.COORD_OSLO, SeedData.MENTOR_OSLO);
    assertThat(r.coordinator().months()).hasSize(12);
    assertThat(r.coordinator().total().activityCount()).isEqualTo(coordinatorYear());
    assertThat(r.mentor().months())
        .containsExactly(
            YearMonth.of(2026, 1),
            YearMonth.of(2026, 2),
            YearMonth.of(2026, 3),
            YearMonth.of(2026, 4),
            YearMonth.of(2026, 5),
            YearMonth.of(2026, 6));
    assertThat(r.mentor().total().activityCount()).isEqualTo(mentorActivities("2026-06-30", null));
  }

  @Test
  void cache_servesTheSameRows_syncAsyncAndRefreshed() throws Exception {
    StatsSnippets.CacheResult r =
        StatsSnippets.cache(coordinator, SeedData.ORG_OSLO, SeedData.COORD_OSLO);
    assertThat(r.first().series().total().activityCount()).isEqualTo(coordinatorYear());
    assertThat(r.async().rows()).isEqualTo(r.first().rows());
    assertThat(r.async().fetchedAt()).isEqualTo(r.first().fetchedAt()); // from memory
    assertThat(r.refreshed().rows()).isEqualTo(r.first().rows());
    assertThat(r.refreshed().fetchedAt()).isAfterOrEqualTo(r.first().fetchedAt());
  }

  @Test
  void readme_forAnotherOrganisation_isRefusedBeforeSending() {
    UUID oslo = SeedData.ORG_OSLO;
    assertThatThrownBy(
            () -> StatsSnippets.readme(stranger, oslo, SeedData.COORD_OSLO, SeedData.MENTOR_OSLO))
        .isInstanceOf(UnauthorisedAccessException.class);
  }
}

package no.likeperson.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.UUID;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.stats.StatsSeries;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import org.junit.jupiter.api.Test;

/** Runs the stats example on the local stack and checks its totals against the seed's raw rows. */
@LocalSupabaseTest(resetData = true)
class StatsExampleTest {

  static LocalSupabase supabase;

  @AsUser("20000000-0000-4000-8000-000000000001")
  SupabaseClient coordOslo;

  @AsUser("20000000-0000-4000-8000-000000000004")
  SupabaseClient coordTrondheim;

  @Test
  void run_printsEveryMonth_andTotalsEqualTheCoordinatorsRows() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    StatsSeries series;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      series =
          StatsExample.run(
              coordOslo,
              StatsExample.ORG_OSLO,
              StatsExample.COORD_OSLO,
              YearMonth.of(2026, 1),
              YearMonth.of(2026, 12),
              out);
    }
    long expected =
        DemoTest.sql(
            supabase,
            "select (select count(*) from public.activities where org_id = ? and coordinator_id = ?"
                + " and activity_date between date '2026-01-01' and date '2026-12-31') + (select count(*) from "
                + "public.proxy_activities where org_id = ? and coordinator_id = ? and date between date '2026-01-01' "
                + "and date '2026-12-31')",
            StatsExample.ORG_OSLO,
            StatsExample.COORD_OSLO,
            StatsExample.ORG_OSLO,
            StatsExample.COORD_OSLO);
    assertThat(expected).isPositive();
    assertThat(series.total().activityCount()).isEqualTo(expected);
    assertThat(series.months()).hasSize(12);
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("2026-01", "2026-12", "total " + expected + " activities");
  }

  @Test
  void run_forAnotherOrganisationsCoordinator_isRefusedBeforeSending() {
    UUID oslo = StatsExample.ORG_OSLO;
    assertThatThrownBy(
            () ->
                StatsExample.run(
                    coordTrondheim,
                    oslo,
                    StatsExample.COORD_OSLO,
                    YearMonth.of(2026, 1),
                    YearMonth.of(2026, 12),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isInstanceOf(UnauthorisedAccessException.class);
  }
}

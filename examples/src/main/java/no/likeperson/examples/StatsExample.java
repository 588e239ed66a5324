package no.likeperson.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.stats.CachedStats;
import no.likeperson.sdk.stats.StatsCacheManager;
import no.likeperson.sdk.stats.StatsQuery;
import no.likeperson.sdk.stats.StatsRepository;
import no.likeperson.sdk.stats.StatsSeries;
import no.likeperson.testkit.LocalSupabase;

/**
 * A coordinator's statistics dashboard in a few lines (copy it): a {@link StatsRepository} over the
 * signed-in client, a {@link StatsCacheManager} in front of it, and the zero-filled {@link
 * StatsSeries} a chart draws. {@link #main} runs it as the seed's Oslo coordinator on the embedded
 * local stack (or the project in {@code SUPABASE_*}).
 *
 * <pre>{@code
 * try (LocalSupabase stack = LocalSupabase.start();
 *      SupabaseClient client = stack.clientFor(StatsExample.COORD_OSLO)) {
 *   StatsSeries s = StatsExample.run(client, StatsExample.ORG_OSLO, StatsExample.COORD_OSLO,
 *       YearMonth.of(2026, 1), YearMonth.of(2026, 12), System.out);
 * }
 * }</pre>
 */
public final class StatsExample {

  /** Oslo lokallag (seed). */
  public static final UUID ORG_OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");

  /** Its coordinator, coord.oslo (seed). */
  public static final UUID COORD_OSLO = UUID.fromString("20000000-0000-4000-8000-000000000001");

  private StatsExample() {}

  /**
   * Prints a month x activity-type table of the coordinator's statistics and returns the series.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the client's token does not
   *     allow {@code orgId} (nothing is sent)
   * @throws no.likeperson.sdk.stats.StatsException if the server refused or could not be reached
   */
  public static StatsSeries run(
      SupabaseClient client,
      UUID orgId,
      UUID coordinatorId,
      YearMonth from,
      YearMonth to,
      PrintStream out) {
    // one repository and one cache per client, kept for the life of the app
    StatsRepository stats = StatsRepository.create(client);
    try (StatsCacheManager cache =
        StatsCacheManager.builder(stats)
            .timeToLive(Duration.ofMinutes(15))
            .revalidationInterval(Duration.ofSeconds(30))
            .build()) {
      StatsQuery query = StatsQuery.coordinator(orgId, coordinatorId, from, to);
      CachedStats cached = cache.get(query); // one request (plus the change marker)
      cache.get(query); // from memory
      StatsSeries series = cached.series(); // every month and type, zeros included

      out.printf("%-8s", "month");
      series.activityTypes().forEach(t -> out.printf(" %16s", t));
      out.printf(" %8s %8s%n", "total", "minutes");
      for (Map.Entry<YearMonth, Map<String, StatsSeries.Totals>> month :
          series.cells().entrySet()) {
        out.printf("%-8s", month.getKey());
        month.getValue().values().forEach(c -> out.printf(" %16d", c.activityCount()));
        StatsSeries.Totals m = series.perMonth().get(month.getKey());
        out.printf(" %8d %8d%n", m.activityCount(), m.totalDurationMinutes());
      }
      out.printf(
          "total %d activities, %d minutes (fetched %s)%n",
          series.total().activityCount(),
          series.total().totalDurationMinutes(),
          cached.fetchedAt());
      return series;
    }
  }

  /** Runs {@link #run} as coord.oslo for 2026 on the local stack. */
  public static void main(String[] args) {
    try (LocalSupabase stack = LocalSupabase.fromEnvironment();
        SupabaseClient client = stack.clientFor(COORD_OSLO)) {
      run(client, ORG_OSLO, COORD_OSLO, YearMonth.of(2026, 1), YearMonth.of(2026, 12), System.out);
    }
  }
}

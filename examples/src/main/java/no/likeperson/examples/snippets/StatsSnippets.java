package no.likeperson.examples.snippets;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.stats.CachedStats;
import no.likeperson.sdk.stats.StatsCacheManager;
import no.likeperson.sdk.stats.StatsQuery;
import no.likeperson.sdk.stats.StatsRepository;
import no.likeperson.sdk.stats.StatsRow;
import no.likeperson.sdk.stats.StatsSeries;

/**
 * The sdk-stats examples of the README and of the javadoc of {@code StatsRepository} and {@code
 * StatsCacheManager}, compiled and run by {@code StatsSnippetsTest} against the local stack.
 *
 * <pre>{@code
 * StatsSnippets.ReadmeResult r = StatsSnippets.readme(coordinator, chapterId, coordinatorId, mentorId);
 * }</pre>
 */
public final class StatsSnippets {

  private StatsSnippets() {}

  /** What {@link #readme} read. */
  public record ReadmeResult(
      List<StatsRow> rows, StatsSeries series, long talks, Instant lastUpdated) {
    /** Copies {@code rows}. */
    public ReadmeResult {
      rows = List.copyOf(rows);
    }
  }

  /**
   * The README's stats block: a coordinator's rows, and a mentor's series through the cache.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.stats.StatsException if the server refuses or cannot be reached
   */
  public static ReadmeResult readme(
      SupabaseClient client, UUID chapterId, UUID coordinatorId, UUID mentorId) {
    // tag::readme[]
    StatsRepository stats = StatsRepository.create(client);
    // one GET on coordinator_monthly_stats
    List<StatsRow> rows =
        stats.coordinatorMonthlyStats(
            chapterId, coordinatorId, YearMonth.of(2026, 1), YearMonth.of(2026, 12));

    // 15 min TTL, 30 s revalidation
    StatsCacheManager cache = StatsCacheManager.builder(stats).build();
    YearMonth from = YearMonth.of(2026, 1);
    CachedStats cached =
        cache.get(StatsQuery.peerMentor(chapterId, mentorId, from, from.plusMonths(5)));
    StatsSeries series = cached.series(); // every month and type, 0 where none
    long talks = series.perType().get("samtale").activityCount();
    Instant lastUpdated = cached.fetchedAt();
    // end::readme[]
    cache.close();
    return new ReadmeResult(rows, series, talks, lastUpdated);
  }

  /** What {@link #repository} read. */
  public record RepositoryResult(StatsSeries coordinator, StatsSeries mentor) {}

  /**
   * {@code StatsRepository}'s javadoc example: rows into a series, and the async twin.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.stats.StatsException if the server refuses or cannot be reached
   */
  public static RepositoryResult repository(
      SupabaseClient client, UUID chapterId, UUID coordinatorId, UUID mentorId) {
    YearMonth from = YearMonth.of(2026, 1);
    YearMonth to = YearMonth.of(2026, 6);
    CompletableFuture<StatsSeries> shown = new CompletableFuture<>();
    // tag::repository[]
    StatsRepository stats = StatsRepository.create(client);
    List<StatsRow> rows =
        stats.coordinatorMonthlyStats(
            chapterId, coordinatorId, YearMonth.of(2026, 1), YearMonth.of(2026, 12));
    StatsSeries series = StatsSeries.of(YearMonth.of(2026, 1), YearMonth.of(2026, 12), rows);

    stats
        .peerMentorMonthlyStatsAsync(chapterId, mentorId, from, to)
        .thenAccept(r -> shown.complete(StatsSeries.of(from, to, r)));
    // end::repository[]
    return new RepositoryResult(series, shown.join());
  }

  /** What {@link #cache} saw: the first read, the async one and the refreshed one. */
  public record CacheResult(CachedStats first, CachedStats async, CachedStats refreshed) {}

  /**
   * {@code StatsCacheManager}'s javadoc example: a configured cache, sync, async and refresh.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.stats.StatsException if the server refuses or cannot be reached
   */
  public static CacheResult cache(SupabaseClient client, UUID chapterId, UUID coordinatorId) {
    // tag::cache[]
    StatsCacheManager cache =
        StatsCacheManager.builder(StatsRepository.create(client))
            .maximumSize(200)
            .timeToLive(Duration.ofMinutes(15))
            .revalidationInterval(Duration.ofSeconds(30))
            .build();
    StatsQuery q =
        StatsQuery.coordinator(
            chapterId, coordinatorId, YearMonth.of(2026, 1), YearMonth.of(2026, 12));
    CachedStats stats = cache.get(q); // loads once, then served from memory
    CompletableFuture<CachedStats> later = cache.getAsync(q); // from a UI thread
    CachedStats fresh = cache.refresh(q); // pull-to-refresh
    // end::cache[]
    cache.close();
    return new CacheResult(stats, later.join(), fresh);
  }
}

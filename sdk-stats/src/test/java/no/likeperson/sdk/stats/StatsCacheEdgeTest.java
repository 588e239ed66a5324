package no.likeperson.sdk.stats;

import static no.likeperson.sdk.stats.StatsFixture.COORD;
import static no.likeperson.sdk.stats.StatsFixture.MENTOR;
import static no.likeperson.sdk.stats.StatsFixture.ORG;
import static no.likeperson.sdk.stats.StatsFixture.OTHER_ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.likeperson.sdk.core.event.ActivityChanged;
import no.likeperson.sdk.core.event.ChangeEvents;
import org.junit.jupiter.api.Test;

/**
 * The cache's rules at their edges, over a scripted source and a clock the test moves: which
 * entries and markers eviction and events drop, a marker shared while in flight, refresh, close,
 * the builder's bounds.
 */
class StatsCacheEdgeTest {

  static final YearMonth JAN = YearMonth.of(2026, 1);

  final FakeSource source = new FakeSource();
  final FakeSource.MutableClock clock = new FakeSource.MutableClock();
  final ChangeEvents events = new ChangeEvents();
  final Map<UUID, AtomicInteger> markerCalls = new ConcurrentHashMap<>();

  StatsCacheEdgeTest() {
    source.marker =
        org -> {
          markerCalls.computeIfAbsent(org, k -> new AtomicInteger()).incrementAndGet();
          return CompletableFuture.completedFuture(1L);
        };
  }

  StatsCacheManager cache(int size) {
    return StatsCacheManager.builder(source, events).maximumSize(size).clock(clock).build();
  }

  int markerCalls(UUID org) {
    AtomicInteger n = markerCalls.get(org);
    return n == null ? 0 : n.get();
  }

  static StatsQuery q(UUID org, int months) {
    return StatsQuery.coordinator(org, COORD, JAN, JAN.plusMonths(months - 1));
  }

  @Test
  void eviction_dropsTheMarkerOfAnOrganisationWithoutEntries_keepsTheOthers() {
    StatsCacheManager cache = cache(1);
    cache.get(q(ORG, 1));
    cache.get(q(OTHER_ORG, 1)); // evicts ORG's only entry, and so ORG's marker
    cache.get(q(ORG, 1));
    assertThat(markerCalls(ORG))
        .as("asked again: its marker went with its last entry")
        .isEqualTo(2);

    StatsCacheManager two = cache(2);
    markerCalls.clear();
    two.get(q(ORG, 1));
    two.get(q(OTHER_ORG, 1));
    two.get(q(ORG, 2)); // evicts q(ORG, 1); ORG still has an entry, its marker stays
    assertThat(markerCalls(ORG)).isOne();
    assertThat(markerCalls(OTHER_ORG)).isOne();
    assertThat(two.size()).isEqualTo(2);
  }

  @Test
  void eviction_dropsExpiredEntriesBeforeTheLeastRecentlyRead() {
    StatsCacheManager cache = cache(2);
    StatsQuery a = q(ORG, 1);
    StatsQuery b = q(ORG, 2);
    cache.get(a);
    clock.advance(Duration.ofMinutes(1));
    cache.get(b);
    clock.advance(Duration.ofMinutes(1));
    cache.get(a); // a is now the most recently read, but fetched first
    clock.advance(Duration.ofMinutes(13).plusSeconds(30)); // a expired, b not
    cache.get(q(ORG, 3));
    cache.get(b);
    assertThat(source.rowCalls(b)).as("b was kept: the expired a went first").isOne();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void activityChanged_dropsTheOrganisationsMarker_onlyThatOne() {
    StatsCacheManager cache = cache(10);
    StatsQuery mine = q(ORG, 1);
    cache.get(mine);
    cache.get(q(OTHER_ORG, 1));
    events.publish(new ActivityChanged(ORG, MENTOR, COORD, LocalDate.of(2026, 1, 10)));
    cache.get(mine);
    assertThat(source.rowCalls(mine)).isEqualTo(2);
    assertThat(markerCalls(ORG)).as("read again before the new load").isEqualTo(2);
    cache.get(q(OTHER_ORG, 2));
    assertThat(markerCalls(OTHER_ORG)).as("another organisation's marker is still fresh").isOne();
  }

  @Test
  void invalidateOneQuery_keepsTheOthers() {
    StatsCacheManager cache = cache(10);
    StatsQuery a = q(ORG, 1);
    StatsQuery b = q(ORG, 2);
    cache.get(a);
    cache.get(b);
    cache.invalidate(a);
    assertThat(cache.size()).isOne();
    cache.get(b);
    assertThat(source.rowCalls(b)).isOne();
  }

  @Test
  void aMarkerInFlight_isSharedByTheLoadsOfItsOrganisation() {
    CompletableFuture<Long> gate = new CompletableFuture<>();
    AtomicInteger asked = new AtomicInteger();
    source.marker =
        org -> {
          asked.incrementAndGet();
          return gate;
        };
    StatsCacheManager cache = cache(10);
    CompletableFuture<CachedStats> a = cache.getAsync(q(ORG, 1));
    CompletableFuture<CachedStats> b = cache.getAsync(q(ORG, 2));
    assertThat(asked.get()).isOne();
    gate.complete(3L);
    assertThat(a).succeedsWithin(5, TimeUnit.SECONDS);
    assertThat(b).succeedsWithin(5, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerWithoutAMarker_stillLoads_andTheNextMarkerDecides() {
    AtomicInteger asked = new AtomicInteger();
    source.marker =
        org ->
            CompletableFuture.completedFuture(
                asked.incrementAndGet() == 1 ? null : 1L + asked.get());
    StatsCacheManager cache = cache(10);
    StatsQuery a = q(ORG, 1);
    assertThat(cache.get(a).rows()).hasSize(1);
    clock.advance(Duration.ofSeconds(31));
    cache.get(a);
    assertThat(source.rowCalls(a)).as("no baseline: loaded again").isEqualTo(2);
    clock.advance(Duration.ofSeconds(31));
    cache.get(a);
    assertThat(source.rowCalls(a)).as("the marker moved: loaded again").isEqualTo(3);
  }

  @Test
  void refreshAsync_loadsAgain_andCachesTheNewValue() throws Exception {
    StatsCacheManager cache = cache(10);
    StatsQuery a = q(ORG, 1);
    cache.get(a);
    source.rows = q -> CompletableFuture.completedFuture(List.of(FakeSource.row(q, 9)));
    CachedStats fresh = cache.refreshAsync(a).get(5, TimeUnit.SECONDS);
    assertThat(fresh.rows().get(0).activityCount()).isEqualTo(9);
    assertThat(cache.get(a).rows().get(0).activityCount()).isEqualTo(9);
    assertThat(source.rowCalls(a)).isEqualTo(2);
  }

  @Test
  void anErrorFromTheSource_isThrownAsItself() {
    source.rows =
        q -> {
          CompletableFuture<List<StatsRow>> f = new CompletableFuture<>();
          f.completeExceptionally(new StackOverflowError("deep"));
          return f;
        };
    assertThatThrownBy(() -> cache(10).get(q(ORG, 1)))
        .isInstanceOf(StackOverflowError.class)
        .hasMessage("deep");
  }

  @Test
  void close_dropsEverything() {
    StatsCacheManager cache = cache(10);
    cache.get(q(ORG, 1));
    cache.close();
    assertThat(cache.size()).isZero();
  }

  @Test
  void builder_bounds_andToString() {
    StatsCacheManager c =
        StatsCacheManager.builder(source, events)
            .maximumSize(1)
            .timeToLive(Duration.ofNanos(1))
            .revalidationInterval(Duration.ZERO)
            .clock(clock)
            .build();
    assertThat(c)
        .hasToString(
            "StatsCacheManager{size=0, maximumSize=1, timeToLive=PT0.000000001S, "
                + "revalidationInterval=PT0S}");
    assertThatThrownBy(() -> StatsCacheManager.builder(source, events).maximumSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatsCacheManager.builder(source, events).timeToLive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StatsCacheManager.builder(source, events).timeToLive(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

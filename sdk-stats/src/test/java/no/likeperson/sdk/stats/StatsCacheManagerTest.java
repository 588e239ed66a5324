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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.event.ActivityChanged;
import no.likeperson.sdk.core.event.ChangeEvents;
import no.likeperson.sdk.core.event.ReimbursementChanged;
import org.junit.jupiter.api.Test;

/** The cache's rules over a scripted source and a clock the test moves (no HTTP, no sleeping). */
class StatsCacheManagerTest {

  static final YearMonth JAN = YearMonth.of(2026, 1);
  static final YearMonth JUN = YearMonth.of(2026, 6);
  static final YearMonth DEC = YearMonth.of(2026, 12);
  static final StatsQuery Q = StatsQuery.coordinator(ORG, COORD, JAN, DEC);

  final FakeSource source = new FakeSource();
  final FakeSource.MutableClock clock = new FakeSource.MutableClock();
  final ChangeEvents events = new ChangeEvents();

  StatsCacheManager cache(int size) {
    return StatsCacheManager.builder(source, events).maximumSize(size).clock(clock).build();
  }

  StatsCacheManager cache() {
    return cache(100);
  }

  @Test
  void secondRead_isServedFromMemory_withTheFetchInstant() {
    StatsCacheManager cache = cache();
    CachedStats first = cache.get(Q);
    clock.advance(Duration.ofSeconds(10));
    CachedStats second = cache.get(Q);
    assertThat(source.rowCalls.get()).isOne();
    assertThat(second.rows()).isEqualTo(first.rows());
    assertThat(first.fetchedAt()).isEqualTo(clock.instant().minusSeconds(10));
    assertThat(second.fetchedAt()).isEqualTo(first.fetchedAt()).isEqualTo(second.checkedAt());
    assertThat(second.series().total().activityCount()).isEqualTo(1);
  }

  @Test
  void timeToLive_expiresAnEntryFromItsFetch_evenWhenTheMarkerIsUnchanged() {
    StatsCacheManager cache = StatsCacheManager.builder(source, events).clock(clock).build();
    cache.get(Q);
    for (int i = 0; i < 29; i++) {
      clock.advance(Duration.ofSeconds(30)); // revalidated (unchanged) every 30 s
      cache.get(Q);
    }
    assertThat(source.rowCalls.get()).as("14.5 minutes: still the first fetch").isOne();
    clock.advance(Duration.ofSeconds(30)); // 15 minutes after the fetch
    CachedStats v = cache.get(Q);
    assertThat(source.rowCalls.get()).isEqualTo(2);
    assertThat(v.fetchedAt()).isEqualTo(clock.instant());
  }

  @Test
  void bound_dropsTheLeastRecentlyReadEntry() {
    StatsCacheManager cache = cache(3);
    StatsQuery a = StatsQuery.coordinator(ORG, COORD, JAN, JAN);
    StatsQuery b = StatsQuery.coordinator(ORG, COORD, JAN, YearMonth.of(2026, 2));
    StatsQuery c = StatsQuery.coordinator(ORG, COORD, JAN, YearMonth.of(2026, 3));
    StatsQuery d = StatsQuery.coordinator(ORG, COORD, JAN, YearMonth.of(2026, 4));
    cache.get(a);
    cache.get(b);
    cache.get(c);
    cache.get(a); // a is now more recent than b
    cache.get(d);
    assertThat(cache.size()).isEqualTo(3);
    cache.get(a);
    cache.get(c);
    cache.get(d);
    assertThat(source.rowCalls(a) + source.rowCalls(c) + source.rowCalls(d))
        .as("a, c, d stayed")
        .isEqualTo(3);
    cache.get(b);
    assertThat(source.rowCalls(b)).as("b was dropped").isEqualTo(2);
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void singleFlight_32ConcurrentReaders_causeExactlyOneLoad() throws Exception {
    CompletableFuture<List<StatsRow>> gate = new CompletableFuture<>();
    source.rows = q -> gate;
    StatsCacheManager cache = cache();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CompletableFuture<CachedStats>>> asked = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        asked.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.getAsync(Q);
                }));
      }
      start.countDown(); // 32 threads race into the cache while the load is still unanswered
      List<CompletableFuture<CachedStats>> results = new ArrayList<>();
      for (Future<CompletableFuture<CachedStats>> f : asked) {
        results.add(f.get(10, TimeUnit.SECONDS));
      }
      assertThat(results).noneMatch(CompletableFuture::isDone);
      gate.complete(List.of(FakeSource.row(Q, 7)));
      for (CompletableFuture<CachedStats> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS).rows()).containsExactly(FakeSource.row(Q, 7));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(source.rowCalls.get()).isOne();
    assertThat(source.markerCalls.get()).isOne();
  }

  @Test
  void failedLoad_isNotCached_andEveryReaderOfThatLoadGetsTheFailure() throws Exception {
    CompletableFuture<List<StatsRow>> failing = new CompletableFuture<>();
    source.rows = q -> failing;
    StatsCacheManager cache = cache();
    CompletableFuture<CachedStats> r1 = cache.getAsync(Q);
    CompletableFuture<CachedStats> r2 = cache.getAsync(Q);
    failing.completeExceptionally(
        new StatsException(
            "coordinator_monthly_stats", new SupabaseClientException("I/O error", null, true)));
    for (CompletableFuture<CachedStats> r : List.of(r1, r2)) {
      assertThatThrownBy(() -> r.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(StatsException.class);
    }
    assertThat(cache.size()).isZero();
    source.rows = q -> CompletableFuture.completedFuture(List.of(FakeSource.row(q, 3)));
    assertThat(cache.get(Q).rows()).containsExactly(FakeSource.row(Q, 3));
    assertThat(source.rowCalls.get()).isEqualTo(2);
  }

  @Test
  void syncRead_throwsTheLoadsExceptionItself() {
    source.rows =
        q ->
            CompletableFuture.failedFuture(
                new StatsException("x", new SupabaseClientException("boom", null, true)));
    StatsCacheManager cache = cache();
    assertThatThrownBy(() -> cache.get(Q)).isInstanceOf(StatsException.class);
  }

  @Test
  void activityChanged_dropsExactlyTheEntriesItCanAffect() {
    StatsCacheManager cache = cache();
    UUID otherCoord = UUID.randomUUID();
    UUID otherMentor = UUID.randomUUID();
    StatsQuery coordYear = StatsQuery.coordinator(ORG, COORD, JAN, DEC);
    StatsQuery coordJune = StatsQuery.coordinator(ORG, COORD, JUN, JUN);
    StatsQuery coordSpring = StatsQuery.coordinator(ORG, COORD, JAN, YearMonth.of(2026, 5));
    StatsQuery coordJuly = StatsQuery.coordinator(ORG, COORD, YearMonth.of(2026, 7), DEC);
    StatsQuery mentorYear = StatsQuery.peerMentor(ORG, MENTOR, JAN, DEC);
    StatsQuery mentorAutumn = StatsQuery.peerMentor(ORG, MENTOR, YearMonth.of(2026, 9), DEC);
    StatsQuery otherCoordYear = StatsQuery.coordinator(ORG, otherCoord, JAN, DEC);
    StatsQuery otherMentorYear = StatsQuery.peerMentor(ORG, otherMentor, JAN, DEC);
    StatsQuery otherOrgCoord = StatsQuery.coordinator(OTHER_ORG, COORD, JAN, DEC);
    StatsQuery otherOrgMentor = StatsQuery.peerMentor(OTHER_ORG, MENTOR, JAN, DEC);
    StatsQuery coordAsMentor =
        StatsQuery.peerMentor(ORG, COORD, JAN, DEC); // the coordinator id in the mentor view
    List<StatsQuery> all =
        List.of(
            coordYear,
            coordJune,
            coordSpring,
            coordJuly,
            mentorYear,
            mentorAutumn,
            otherCoordYear,
            otherMentorYear,
            otherOrgCoord,
            otherOrgMentor,
            coordAsMentor);
    all.forEach(cache::get);
    assertThat(cache.size()).isEqualTo(all.size());

    events.publish(new ActivityChanged(ORG, MENTOR, COORD, LocalDate.of(2026, 6, 30)));

    all.forEach(cache::get);
    List<StatsQuery> reloaded = all.stream().filter(q -> source.rowCalls(q) == 2).toList();
    assertThat(reloaded).containsExactlyInAnyOrder(coordYear, coordJune, mentorYear);
    assertThat(all.stream().filter(q -> source.rowCalls(q) == 1).count()).isEqualTo(all.size() - 3);
  }

  @Test
  void activityWithoutCoordinator_dropsOnlyTheMentorsEntries_andOtherEventsDropNothing() {
    StatsCacheManager cache = cache();
    StatsQuery coordYear = StatsQuery.coordinator(ORG, COORD, JAN, DEC);
    StatsQuery mentorYear = StatsQuery.peerMentor(ORG, MENTOR, JAN, DEC);
    cache.get(coordYear);
    cache.get(mentorYear);
    assertThat(cache.invalidate(new ReimbursementChanged(ORG, MENTOR))).isZero();
    assertThat(cache.invalidate(new ActivityChanged(ORG, MENTOR, null, LocalDate.of(2026, 3, 1))))
        .isOne();
    assertThat(cache.size()).isOne();
    cache.get(coordYear);
    assertThat(source.rowCalls(coordYear)).isOne();
  }

  @Test
  void eventDuringALoad_keepsTheStaleAnswerOutOfTheCache() throws Exception {
    CompletableFuture<List<StatsRow>> slow = new CompletableFuture<>();
    source.rows = q -> slow;
    StatsCacheManager cache = cache();
    CompletableFuture<CachedStats> inFlight = cache.getAsync(Q);
    events.publish(new ActivityChanged(ORG, MENTOR, COORD, LocalDate.of(2026, 2, 2)));
    slow.complete(List.of(FakeSource.row(Q, 1)));
    inFlight.get(5, TimeUnit.SECONDS);
    source.rows = q -> CompletableFuture.completedFuture(List.of(FakeSource.row(q, 2)));
    assertThat(cache.get(Q).rows()).containsExactly(FakeSource.row(Q, 2));
  }

  @Test
  void refreshLoadsAgain_invalidateAndInvalidateAllDrop() {
    StatsCacheManager cache = cache();
    cache.get(Q);
    source.rows = q -> CompletableFuture.completedFuture(List.of(FakeSource.row(q, 5)));
    assertThat(cache.refresh(Q).rows()).containsExactly(FakeSource.row(Q, 5));
    assertThat(cache.get(Q).rows()).containsExactly(FakeSource.row(Q, 5));
    assertThat(source.rowCalls.get()).isEqualTo(2);
    cache.invalidate(Q);
    assertThat(cache.size()).isZero();
    cache.get(Q);
    cache.get(StatsQuery.peerMentor(ORG, MENTOR, JAN, DEC));
    cache.invalidateAll();
    assertThat(cache.size()).isZero();
    cache.get(Q);
    assertThat(source.rowCalls.get()).isEqualTo(5);
  }

  @Test
  void revalidation_unchangedMarker_transfersNoRows_changedMarker_reloads() {
    AtomicInteger version = new AtomicInteger(1);
    source.marker = org -> CompletableFuture.completedFuture((long) version.get());
    StatsCacheManager cache = cache();
    CachedStats first = cache.get(Q);
    assertThat(source.markerCalls.get()).as("baseline read before the rows").isOne();

    clock.advance(Duration.ofSeconds(29));
    cache.get(Q);
    assertThat(source.markerCalls.get()).as("within the interval: no check").isOne();

    clock.advance(Duration.ofSeconds(1));
    CachedStats checked = cache.get(Q);
    assertThat(source.markerCalls.get()).isEqualTo(2);
    assertThat(source.rowCalls.get()).as("unchanged: no rows transferred").isOne();
    assertThat(checked.fetchedAt()).isEqualTo(first.fetchedAt());
    assertThat(checked.checkedAt()).isEqualTo(clock.instant());

    version.set(2); // a write on another device
    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.get(Q).fetchedAt())
        .as("confirmed 10 s ago: served")
        .isEqualTo(first.fetchedAt());
    clock.advance(Duration.ofSeconds(20));
    CachedStats reloaded = cache.get(Q);
    assertThat(source.rowCalls.get()).isEqualTo(2);
    assertThat(reloaded.fetchedAt()).isEqualTo(clock.instant());
  }

  @Test
  void revalidation_oneMarkerRequestPerOrganisationAndInterval_servesAllItsEntries() {
    StatsCacheManager cache = cache();
    List<StatsQuery> qs =
        List.of(
            Q,
            StatsQuery.peerMentor(ORG, MENTOR, JAN, DEC),
            StatsQuery.coordinator(ORG, COORD, JUN, DEC));
    qs.forEach(cache::get);
    assertThat(source.markerCalls.get()).isOne();
    clock.advance(Duration.ofSeconds(31));
    qs.forEach(cache::get);
    assertThat(source.markerCalls.get()).isEqualTo(2);
    assertThat(source.rowCalls.get()).isEqualTo(3);
  }

  @Test
  void failedCheck_servesTheCachedValue_andChecksAgainNextTime() {
    StatsCacheManager cache = cache();
    CachedStats first = cache.get(Q);
    source.marker =
        org -> CompletableFuture.failedFuture(new SupabaseClientException("offline", null, true));
    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.get(Q).rows()).isEqualTo(first.rows());
    assertThat(cache.get(Q).checkedAt()).isEqualTo(first.fetchedAt());
    assertThat(source.markerCalls.get()).as("not cached: every read tries").isEqualTo(3);
    assertThat(source.rowCalls.get()).isOne();
  }

  @Test
  void withoutAMarker_theLoadStillSucceeds_andTheNextCheckReloads() {
    source.marker =
        org ->
            CompletableFuture.failedFuture(
                new SupabaseClientException("no such function", null, false));
    StatsCacheManager cache = cache();
    cache.get(Q);
    source.marker = org -> CompletableFuture.completedFuture(9L);
    clock.advance(Duration.ofSeconds(30));
    cache.get(Q);
    assertThat(source.rowCalls.get()).as("unknown baseline cannot be confirmed").isEqualTo(2);
  }

  @Test
  void guard_runsOnEveryRead_hitsIncluded_andRefusesBeforeAnyLoad() {
    StatsCacheManager cache = cache();
    cache.get(Q);
    source.allowedOrgs = Set.of(OTHER_ORG); // e.g. signed in as someone else
    assertThatThrownBy(() -> cache.get(Q)).isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> cache.getAsync(Q).get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThat(source.rowCalls.get()).isOne();
  }

  @Test
  void entriesOfAnotherUser_areNotServed() {
    StatsCacheManager cache = cache();
    cache.get(Q);
    source.principal = "user-2";
    cache.get(Q);
    assertThat(source.rowCalls.get()).isEqualTo(2);
  }

  @Test
  void close_stopsListeningToEvents() {
    StatsCacheManager cache = cache();
    assertThat(events.subscriberCount()).isOne();
    cache.close();
    assertThat(events.subscriberCount()).isZero();
  }

  @Test
  void cancellingOneReader_doesNotCancelTheSharedLoad() throws Exception {
    CompletableFuture<List<StatsRow>> slow = new CompletableFuture<>();
    source.rows = q -> slow;
    StatsCacheManager cache = cache();
    CompletableFuture<CachedStats> a = cache.getAsync(Q);
    CompletableFuture<CachedStats> b = cache.getAsync(Q);
    a.cancel(true);
    slow.complete(List.of(FakeSource.row(Q, 4)));
    assertThat(b.get(5, TimeUnit.SECONDS).rows()).containsExactly(FakeSource.row(Q, 4));
  }

  @Test
  void builder_validates() {
    StatsCacheManager.Builder b = StatsCacheManager.builder(source, events);
    assertThatThrownBy(() -> b.maximumSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.timeToLive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.revalidationInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock == null");
    assertThatThrownBy(() -> StatsCacheManager.builder((StatsRepository) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("repository == null");
    assertThatThrownBy(() -> cache().get(null)).isInstanceOf(NullPointerException.class);
  }
}

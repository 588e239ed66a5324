package no.likeperson.sdk.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import no.likeperson.sdk.core.event.ActivityChanged;
import no.likeperson.sdk.core.event.ChangeEvent;
import no.likeperson.sdk.core.event.ChangeEvents;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory cache of monthly stats in front of a {@link StatsRepository}: thread-safe, bounded,
 * with a time to live per entry, one request per key however many readers ask at once, and
 * freshness kept three ways:
 *
 * <ol>
 *   <li><b>Change events, in this process.</b> The cache subscribes to the client's {@link
 *       ChangeEvents} bus. An {@link ActivityChanged} drops exactly the entries it can affect: same
 *       organisation, the activity's peer mentor (peer-mentor queries) or coordinator (coordinator
 *       queries), and a month range covering the activity's month; nothing else. sdk-bufdir's proxy
 *       registration publishes it after each successful write; the host app publishes it for writes
 *       made elsewhere. Other event types are ignored (no statistic here depends on a
 *       reimbursement).
 *   <li><b>Revalidation, across devices.</b> An entry last confirmed longer ago than the
 *       revalidation interval (default 30 s) is checked with one small request for the
 *       organisation's server-side change marker ({@code stats_change_marker}, bumped by trigger on
 *       every write of activities or proxy activities, whoever wrote them). Unchanged: the cached
 *       rows are served and no rows are transferred. Changed: the rows are fetched again. One
 *       marker request per organisation and interval serves every entry of that organisation. When
 *       the check itself fails, the cached rows (still within their time to live) are served and
 *       the next read checks again.
 *   <li><b>Time to live</b> (default 15 minutes), counted from the fetch, whatever the marker says;
 *       and {@link #refresh}, {@link #invalidate(StatsQuery)}, {@link #invalidateAll()}.
 * </ol>
 *
 * A failed load is never cached: every reader of that load gets the failure, and the next read
 * loads again. Entries of different users of one client (after a sign-in as someone else) never
 * mix: the token's subject is part of the key. The org guard runs on every read, hits included. The
 * cache has no thread of its own; the clock is injectable. Close it to stop listening to the bus.
 *
 * <pre>{@code
 * StatsCacheManager cache =
 *     StatsCacheManager.builder(StatsRepository.create(client))
 *         .maximumSize(200)
 *         .timeToLive(Duration.ofMinutes(15))
 *         .revalidationInterval(Duration.ofSeconds(30))
 *         .build();
 * StatsQuery q =
 *     StatsQuery.coordinator(
 *         chapterId, coordinatorId, YearMonth.of(2026, 1), YearMonth.of(2026, 12));
 * CachedStats stats = cache.get(q); // loads once, then served from memory
 * CompletableFuture<CachedStats> later = cache.getAsync(q); // from a UI thread
 * CachedStats fresh = cache.refresh(q); // pull-to-refresh
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/StatsSnippets.java#cache}.
 */
public final class StatsCacheManager implements AutoCloseable {

  /** Default bound on the number of entries. */
  public static final int DEFAULT_MAXIMUM_SIZE = 500;

  /** Default time to live of an entry, from its fetch. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(15);

  /** Default interval after which an entry is checked against the server's change marker. */
  public static final Duration DEFAULT_REVALIDATION_INTERVAL = Duration.ofSeconds(30);

  /** A cache key: who asks and what. */
  private record Key(String principal, StatsQuery query) {}

  /** An organisation's marker as one principal sees it. */
  private record OrgKey(String principal, UUID orgId) {}

  /** A marker value and when it was requested. */
  private record Marker(long version, Instant checkedAt) {}

  /** One cache entry: a load in flight or done; the baseline marker read before its load. */
  private static final class Entry {
    final CompletableFuture<CachedStats> future = new CompletableFuture<>();

    /** The marker version read before the rows were requested; null when unknown. */
    volatile @Nullable Long baseline;

    /** The latest instant the value is known current; set before the future completes. */
    volatile @Nullable Instant checkedAt;

    volatile long lastUsed;

    Entry(long tick) {
      this.lastUsed = tick;
    }
  }

  private final StatsSource source;
  private final int maximumSize;
  private final Duration timeToLive;
  private final Duration revalidationInterval;
  private final Clock clock;
  // typed as ConcurrentMap: ConcurrentHashMap.keySet() returns KeySetView since Java 8, which
  // Android lacks
  private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentMap<OrgKey, CompletableFuture<Marker>> markers =
      new ConcurrentHashMap<>();
  private final AtomicLong ticks = new AtomicLong();
  private final ChangeEvents.Subscription subscription;

  private StatsCacheManager(StatsSource source, ChangeEvents events, Builder b) {
    this.source = source;
    this.maximumSize = b.maximumSize;
    this.timeToLive = b.timeToLive;
    this.revalidationInterval = b.revalidationInterval;
    this.clock = b.clock;
    this.subscription = events.subscribe(this::onEvent);
  }

  /**
   * A builder for a cache in front of {@code repository}; the cache subscribes to the change events
   * of the repository's client.
   *
   * @throws NullPointerException if {@code repository} is null
   */
  public static Builder builder(StatsRepository repository) {
    Objects.requireNonNull(repository, "repository == null");
    return new Builder(repository.source(), repository.client().changeEvents());
  }

  /** A builder over any source (tests). */
  static Builder builder(StatsSource source, ChangeEvents events) {
    return new Builder(source, events);
  }

  // ---------------------------------------------------------------- reads

  /**
   * The stats of {@code query}: from memory when present, within its time to live and confirmed
   * within the revalidation interval; otherwise checked or loaded (one request per key for all
   * concurrent readers).
   *
   * @throws NullPointerException if {@code query} is null
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token's claims do not
   *     allow the organisation (also for a value in memory); nothing is sent
   * @throws StatsException if a load failed (it is not cached)
   */
  public CachedStats get(StatsQuery query) {
    return join(read(query, false));
  }

  /**
   * Async twin of {@link #get}: every failure completes the future exceptionally with the same
   * type. Cancelling the returned future does not cancel the load other readers share.
   */
  public CompletableFuture<CachedStats> getAsync(StatsQuery query) {
    return async(() -> read(query, false));
  }

  /**
   * Loads {@code query} now, whatever is in memory (a load in flight too, since it may have started
   * before a write the caller knows of), and caches the result.
   *
   * @throws NullPointerException if {@code query} is null
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the guard refuses; nothing
   *     is sent
   * @throws StatsException if the load failed (the old entry is gone either way)
   */
  public CachedStats refresh(StatsQuery query) {
    return join(read(query, true));
  }

  /** Async twin of {@link #refresh}. */
  public CompletableFuture<CachedStats> refreshAsync(StatsQuery query) {
    return async(() -> read(query, true));
  }

  // ---------------------------------------------------------------- invalidation

  /**
   * Drops the entry of {@code query}.
   *
   * @throws NullPointerException if {@code query} is null
   */
  public void invalidate(StatsQuery query) {
    Objects.requireNonNull(query, "query == null");
    entries.keySet().removeIf(k -> k.query().equals(query));
  }

  /**
   * Drops exactly the entries {@code event} can affect (see the class description) and returns how
   * many; the cache calls this itself for every event on the client's bus.
   *
   * @throws NullPointerException if {@code event} is null
   */
  public int invalidate(ChangeEvent event) {
    Objects.requireNonNull(event, "event == null");
    if (!(event instanceof ActivityChanged a)) {
      return 0;
    }
    YearMonth month = YearMonth.from(a.date());
    int dropped = 0;
    for (Iterator<Key> it = entries.keySet().iterator(); it.hasNext(); ) {
      StatsQuery q = it.next().query();
      if (q.orgId().equals(a.orgId()) && q.covers(month) && affects(a, q)) {
        it.remove();
        dropped++;
      }
    }
    // the organisation's marker was read before this write: read it again before the next load
    markers.keySet().removeIf(k -> k.orgId().equals(a.orgId()));
    return dropped;
  }

  private static boolean affects(ActivityChanged a, StatsQuery q) {
    return q.subject() == StatsQuery.Subject.PEER_MENTOR
        ? q.subjectId().equals(a.mentorId())
        : q.subjectId().equals(a.coordinatorId());
  }

  /** Drops every entry and every remembered marker. */
  public void invalidateAll() {
    entries.clear();
    markers.clear();
  }

  /** The number of entries (loads in flight included). */
  public int size() {
    return entries.size();
  }

  /** Stops listening to the client's change events and drops everything; reads still work. */
  @Override
  public void close() {
    subscription.close();
    invalidateAll();
  }

  @Override
  public String toString() {
    return "StatsCacheManager{size="
        + entries.size()
        + ", maximumSize="
        + maximumSize
        + ", timeToLive="
        + timeToLive
        + ", revalidationInterval="
        + revalidationInterval
        + "}";
  }

  // ---------------------------------------------------------------- the machinery

  private void onEvent(ChangeEvent event) {
    invalidate(event);
  }

  /** Guard, then memory, revalidation or a load. Argument and guard errors are thrown. */
  @SuppressWarnings("NullAway") // checkedAt is set before the entry's future completes with a value
  private CompletableFuture<CachedStats> read(StatsQuery query, boolean refresh) {
    Objects.requireNonNull(query, "query == null");
    source.guard(query.orgId());
    Key key = new Key(source.principal(), query);
    Instant now = clock.instant();
    Entry e = entries.get(key);
    if (refresh || e == null) {
      return load(key, e, refresh);
    }
    e.lastUsed = ticks.incrementAndGet();
    if (!e.future.isDone()) {
      return shared(e.future);
    }
    CachedStats v = value(e);
    if (v == null || expired(v, now)) {
      return load(key, e, false);
    }
    if (now.isBefore(e.checkedAt.plus(revalidationInterval))) {
      return CompletableFuture.completedFuture(v.checkedAt(e.checkedAt));
    }
    return revalidate(key, e, v, now);
  }

  private boolean expired(CachedStats v, Instant now) {
    return !now.isBefore(v.fetchedAt().plus(timeToLive));
  }

  /** Checks the organisation's marker; unchanged: the value, confirmed now; changed: a load. */
  @SuppressWarnings("NullAway") // checkedAt is set before the entry's future completes with a value
  private CompletableFuture<CachedStats> revalidate(Key key, Entry e, CachedStats v, Instant now) {
    return marker(key, now)
        .handle(
            (m, error) -> {
              if (error != null) {
                // served within its TTL; the next read checks again
                return CompletableFuture.completedFuture(v.checkedAt(e.checkedAt));
              }
              Long baseline = e.baseline;
              if (baseline != null && baseline == m.version()) {
                Instant confirmed = later(e.checkedAt, m.checkedAt());
                e.checkedAt = confirmed;
                return CompletableFuture.completedFuture(v.checkedAt(confirmed));
              }
              return load(key, e, false);
            })
        .thenCompose(Function.identity());
  }

  /**
   * Installs a new entry in place of {@code expected} (or of nothing) and loads it; when another
   * reader installed a usable entry first, joins that one instead. {@code force} replaces whatever
   * is there.
   */
  private CompletableFuture<CachedStats> load(Key key, @Nullable Entry expected, boolean force) {
    Instant now = clock.instant();
    Entry[] mine = new Entry[1];
    Entry winner =
        entries.compute(
            key,
            (k, cur) -> {
              if (!force && cur != null && cur != expected && usable(cur, now)) {
                return cur;
              }
              mine[0] = new Entry(ticks.incrementAndGet());
              return mine[0];
            });
    if (winner != mine[0]) {
      winner.lastUsed = ticks.incrementAndGet();
      return shared(winner.future);
    }
    Entry entry = mine[0];
    evictOverflow();
    // the baseline marker is read BEFORE the rows: a write that lands in between makes the next
    // check
    // see a change (one extra fetch), never hides one
    marker(key, now)
        .handle((m, markerError) -> m) // no marker: still load, and the next check reloads
        .thenCompose(
            m -> {
              Instant fetchedAt = clock.instant();
              return source
                  .rows(key.query())
                  .thenApply(
                      rows -> {
                        entry.baseline = m == null ? null : m.version();
                        entry.checkedAt = fetchedAt;
                        return new CachedStats(key.query(), rows, fetchedAt, fetchedAt);
                      });
            })
        .whenComplete(
            (value, error) -> {
              if (error != null) {
                entries.remove(key, entry);
                entry.future.completeExceptionally(unwrap(error));
              } else {
                entry.future.complete(value);
              }
            });
    return shared(entry.future);
  }

  private boolean usable(Entry e, Instant now) {
    if (!e.future.isDone()) {
      return true;
    }
    CachedStats v = value(e);
    return v != null && !expired(v, now);
  }

  /** The loaded value, or null while in flight or after a failure. */
  private static @Nullable CachedStats value(Entry e) {
    return e.future.isDone() && !e.future.isCompletedExceptionally() ? e.future.getNow(null) : null;
  }

  /** The organisation's marker, read at most once per revalidation interval (single flight). */
  private CompletableFuture<Marker> marker(Key key, Instant now) {
    OrgKey org = new OrgKey(key.principal(), key.query().orgId());
    CompletableFuture<Marker> cur = markers.get(org);
    if (cur != null && fresh(cur, now)) {
      return cur;
    }
    CompletableFuture<Marker> mine = new CompletableFuture<>();
    CompletableFuture<Marker> winner =
        markers.compute(org, (k, c) -> c != null && c != cur && fresh(c, now) ? c : mine);
    if (winner != mine) {
      return winner;
    }
    Instant checkedAt = clock.instant();
    source
        .marker(org.orgId())
        .whenComplete(
            (version, error) -> {
              if (error != null || version == null) {
                markers.remove(org, mine);
                mine.completeExceptionally(
                    error != null ? unwrap(error) : new IllegalStateException("no marker"));
              } else {
                mine.complete(new Marker(version, checkedAt));
              }
            });
    return mine;
  }

  private boolean fresh(CompletableFuture<Marker> f, Instant now) {
    if (!f.isDone()) {
      return true;
    }
    Marker m = f.isCompletedExceptionally() ? null : f.getNow(null);
    return m != null && now.isBefore(m.checkedAt().plus(revalidationInterval));
  }

  /** Over the bound: drop expired entries, then the least recently read ones. */
  private void evictOverflow() {
    if (entries.size() <= maximumSize) {
      return;
    }
    Instant now = clock.instant();
    entries.entrySet().removeIf(x -> x.getValue().future.isDone() && !usable(x.getValue(), now));
    while (entries.size() > maximumSize) {
      Map.Entry<Key, Entry> oldest = null;
      for (Map.Entry<Key, Entry> x : entries.entrySet()) {
        if (oldest == null || x.getValue().lastUsed < oldest.getValue().lastUsed) {
          oldest = x;
        }
      }
      if (oldest == null || !entries.remove(oldest.getKey(), oldest.getValue())) {
        break;
      }
    }
    // markers of organisations no entry needs any more
    markers
        .keySet()
        .removeIf(
            org ->
                entries.keySet().stream()
                    .noneMatch(
                        k ->
                            k.principal().equals(org.principal())
                                && k.query().orgId().equals(org.orgId())));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** A future of the shared one that a caller may cancel without cancelling the load. */
  private static CompletableFuture<CachedStats> shared(CompletableFuture<CachedStats> f) {
    return f.thenApply(Function.identity());
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static CompletableFuture<CachedStats> async(
      java.util.function.Supplier<CompletableFuture<CachedStats>> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      CompletableFuture<CachedStats> failed = new CompletableFuture<>(); // failedFuture is Java 9
      failed.completeExceptionally(e);
      return failed;
    }
  }

  private static CachedStats join(CompletableFuture<CachedStats> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable t = unwrap(e);
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error err) {
        throw err;
      }
      throw e;
    } catch (CancellationException e) {
      throw e;
    }
  }

  /**
   * Builds a {@link StatsCacheManager}; {@link #build()} subscribes it to the client's change
   * events.
   *
   * <pre>{@code
   * StatsCacheManager cache = StatsCacheManager.builder(repository)
   *     .maximumSize(100)
   *     .timeToLive(Duration.ofMinutes(5))           // the card's fallback when events are unreliable
   *     .revalidationInterval(Duration.ofSeconds(10))
   *     .clock(Clock.systemUTC())
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final StatsSource source;
    private final ChangeEvents events;
    private int maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Duration timeToLive = DEFAULT_TIME_TO_LIVE;
    private Duration revalidationInterval = DEFAULT_REVALIDATION_INTERVAL;
    private Clock clock = Clock.systemUTC();

    private Builder(StatsSource source, ChangeEvents events) {
      this.source = source;
      this.events = events;
    }

    /**
     * The most entries kept (default {@value #DEFAULT_MAXIMUM_SIZE}); beyond it the least recently
     * read entry is dropped.
     *
     * @throws IllegalArgumentException if {@code maximumSize} is below 1
     */
    public Builder maximumSize(int maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1: " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * How long an entry is served at most, from its fetch (default 15 minutes).
     *
     * @throws NullPointerException if {@code timeToLive} is null
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder timeToLive(Duration timeToLive) {
      Objects.requireNonNull(timeToLive, "timeToLive == null");
      if (timeToLive.isZero() || timeToLive.isNegative()) {
        throw new IllegalArgumentException("timeToLive must be positive: " + timeToLive);
      }
      this.timeToLive = timeToLive;
      return this;
    }

    /**
     * How long an entry is served without asking the server whether its organisation changed
     * (default 30 s): a write on another device shows within this interval. Zero checks on every
     * read; an interval at least as long as the time to live never checks.
     *
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if it is negative
     */
    public Builder revalidationInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "revalidationInterval must not be negative: " + interval);
      }
      this.revalidationInterval = interval;
      return this;
    }

    /**
     * The clock for fetch times, time to live and revalidation (default the system UTC clock).
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The cache, subscribed to the client's change events. */
    public StatsCacheManager build() {
      return new StatsCacheManager(source, events, this);
    }
  }
}

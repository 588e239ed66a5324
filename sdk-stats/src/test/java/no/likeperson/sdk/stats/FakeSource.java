package no.likeperson.sdk.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;

/** A scripted {@link StatsSource}: counts calls, answers from functions the test sets. */
final class FakeSource implements StatsSource {

  final AtomicInteger rowCalls = new AtomicInteger();
  final AtomicInteger markerCalls = new AtomicInteger();
  final ConcurrentHashMap<StatsQuery, AtomicInteger> rowCallsPerQuery = new ConcurrentHashMap<>();
  volatile Function<StatsQuery, CompletableFuture<List<StatsRow>>> rows =
      q -> CompletableFuture.completedFuture(List.of(row(q, 1)));
  volatile Function<UUID, CompletableFuture<Long>> marker =
      org -> CompletableFuture.completedFuture(1L);
  volatile String principal = "user-1";
  volatile Set<UUID> allowedOrgs = null; // null: all

  static StatsRow row(StatsQuery q, long count) {
    return new StatsRow(
        q.orgId(), q.subjectId(), q.from(), StatsFixture.TALK, "samtale", count, count * 45);
  }

  @Override
  public String principal() {
    return principal;
  }

  @Override
  public void guard(UUID orgId) {
    if (allowedOrgs != null && !allowedOrgs.contains(orgId)) {
      throw new UnauthorisedAccessException("not allowed");
    }
  }

  @Override
  public CompletableFuture<List<StatsRow>> rows(StatsQuery q) {
    rowCalls.incrementAndGet();
    rowCallsPerQuery.computeIfAbsent(q, k -> new AtomicInteger()).incrementAndGet();
    return rows.apply(q);
  }

  @Override
  public CompletableFuture<Long> marker(UUID orgId) {
    markerCalls.incrementAndGet();
    return marker.apply(orgId);
  }

  int rowCalls(StatsQuery q) {
    AtomicInteger n = rowCallsPerQuery.get(q);
    return n == null ? 0 : n.get();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));

    void advance(java.time.Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}

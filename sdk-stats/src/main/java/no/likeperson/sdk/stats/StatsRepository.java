package no.likeperson.sdk.stats;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.Order;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.TableQuery;
import no.likeperson.sdk.core.error.SupabaseClientException;

/**
 * Monthly activity statistics of a coordinator or a peer mentor (card 000): one request on the view
 * {@code coordinator_monthly_stats} or {@code peer_mentor_monthly_stats}, filtered on organisation,
 * subject and month range (an index condition on the base tables), mapped into {@link StatsRow}s.
 * Immutable and thread-safe; it holds no HTTP stack of its own and never closes the client.
 *
 * <p>Each method, in this order: validates its arguments ({@link NullPointerException} naming the
 * argument; {@link IllegalArgumentException} when {@code from} is after {@code to} or the range is
 * over 60 months), asks the client's org guard ({@link
 * no.likeperson.sdk.core.error.UnauthorisedAccessException} when the token's claims do not allow
 * the organisation), and only then sends the request; a server or transport failure becomes a
 * {@link StatsException} with the sdk-core exception as its cause. The async twins do the same and
 * report every failure through the returned future.
 *
 * <pre>{@code
 * StatsRepository stats = StatsRepository.create(client);
 * List<StatsRow> rows =
 *     stats.coordinatorMonthlyStats(
 *         chapterId, coordinatorId, YearMonth.of(2026, 1), YearMonth.of(2026, 12));
 * StatsSeries series = StatsSeries.of(YearMonth.of(2026, 1), YearMonth.of(2026, 12), rows);
 *
 * stats
 *     .peerMentorMonthlyStatsAsync(chapterId, mentorId, from, to)
 *     .thenAccept(r -> shown.complete(StatsSeries.of(from, to, r)));
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/StatsSnippets.java#repository}.
 *
 * <p>Rows: one per month and activity type with activities, ordered by month then type id. The
 * server caps a response at its {@code max-rows} (1,000 on Supabase); a range with more rows than
 * that (over 16 activity types for 60 months) is read in consecutive pages of the same ordered
 * query.
 */
public final class StatsRepository {

  /** Supabase's default {@code max_rows}: a full page may have been cut there. */
  static final int PAGE = 1000;

  /** The RPC that reads an organisation's change marker. */
  static final String MARKER = "stats_change_marker";

  private final SupabaseClient client;

  private StatsRepository(SupabaseClient client) {
    this.client = client;
  }

  /**
   * A repository over {@code client} (whose token, guard and change events it uses).
   *
   * @throws NullPointerException if {@code client} is null
   */
  public static StatsRepository create(SupabaseClient client) {
    return new StatsRepository(Objects.requireNonNull(client, "client == null"));
  }

  /** The client this repository reads through. */
  SupabaseClient client() {
    return client;
  }

  /** This repository as the cache's source: the client's guard, token subject, rows and marker. */
  StatsSource source() {
    return new StatsSource() {
      @Override
      public String principal() {
        return client.claims().subject().orElse("");
      }

      @Override
      public void guard(UUID orgId) {
        client.orgGuard().requireAccess(orgId);
      }

      @Override
      public CompletableFuture<List<StatsRow>> rows(StatsQuery q) {
        return StatsException.callAsync(
            q.subject().view, () -> loadAsync(q, RequestOptions.defaults()));
      }

      @Override
      public CompletableFuture<Long> marker(UUID orgId) {
        return changeMarkerAsync(orgId);
      }
    };
  }

  /**
   * The organisation's activity change marker ({@code stats_change_marker}, one primary-key probe
   * under RLS, sent as a read-only GET): equal values mean no activity of the organisation changed
   * in between.
   */
  CompletableFuture<Long> changeMarkerAsync(UUID orgId) {
    return StatsException.callAsync(
        MARKER,
        () -> {
          client.orgGuard().requireAccess(orgId);
          return client.rpc(MARKER, Map.of("p_org_id", orgId)).readOnly().singleAsync(Long.class);
        });
  }

  /**
   * A coordinator's monthly statistics: direct activities the coordinator is set on plus proxy
   * activities the coordinator registered, per month and activity type.
   *
   * @param orgId the organisation (chapter)
   * @param coordinatorId the coordinator's user id
   * @param from first month, inclusive
   * @param to last month, inclusive
   * @return the rows (empty when there are none or the server lets the caller see none)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range is over 60
   *     months
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token's claims do not
   *     allow {@code orgId}; nothing is sent
   * @throws StatsException if the server refused or the call failed
   */
  public List<StatsRow> coordinatorMonthlyStats(
      UUID orgId, UUID coordinatorId, YearMonth from, YearMonth to) {
    return coordinatorMonthlyStats(orgId, coordinatorId, from, to, RequestOptions.defaults());
  }

  /**
   * {@link #coordinatorMonthlyStats(UUID, UUID, YearMonth, YearMonth)} with per-call options (for
   * example a per-call access token; the org guard checks the client's own token, the server checks
   * the one sent).
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range is over 60
   *     months
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the guard refuses; nothing
   *     is sent
   * @throws StatsException if the server refused or the call failed
   */
  public List<StatsRow> coordinatorMonthlyStats(
      UUID orgId, UUID coordinatorId, YearMonth from, YearMonth to, RequestOptions options) {
    return load(StatsQuery.coordinator(orgId, coordinatorId, from, to), options);
  }

  /**
   * Async twin of {@link #coordinatorMonthlyStats(UUID, UUID, YearMonth, YearMonth)}: every
   * failure, argument errors and the guard's included, completes the future exceptionally with the
   * same type.
   */
  public CompletableFuture<List<StatsRow>> coordinatorMonthlyStatsAsync(
      UUID orgId, UUID coordinatorId, YearMonth from, YearMonth to) {
    return coordinatorMonthlyStatsAsync(orgId, coordinatorId, from, to, RequestOptions.defaults());
  }

  /**
   * Async twin of {@link #coordinatorMonthlyStats(UUID, UUID, YearMonth, YearMonth,
   * RequestOptions)}.
   */
  public CompletableFuture<List<StatsRow>> coordinatorMonthlyStatsAsync(
      UUID orgId, UUID coordinatorId, YearMonth from, YearMonth to, RequestOptions options) {
    return StatsException.callAsync(
        StatsQuery.Subject.COORDINATOR.view,
        () -> loadAsync(StatsQuery.coordinator(orgId, coordinatorId, from, to), options));
  }

  /**
   * A peer mentor's monthly statistics: direct activities of the mentor plus proxy activities
   * attributed to the mentor, per month and activity type.
   *
   * @param orgId the organisation (chapter)
   * @param mentorId the peer mentor's user id
   * @param from first month, inclusive
   * @param to last month, inclusive
   * @return the rows (empty when there are none or the server lets the caller see none)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range is over 60
   *     months
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token's claims do not
   *     allow {@code orgId}; nothing is sent
   * @throws StatsException if the server refused or the call failed
   */
  public List<StatsRow> peerMentorMonthlyStats(
      UUID orgId, UUID mentorId, YearMonth from, YearMonth to) {
    return peerMentorMonthlyStats(orgId, mentorId, from, to, RequestOptions.defaults());
  }

  /**
   * {@link #peerMentorMonthlyStats(UUID, UUID, YearMonth, YearMonth)} with per-call options.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range is over 60
   *     months
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the guard refuses; nothing
   *     is sent
   * @throws StatsException if the server refused or the call failed
   */
  public List<StatsRow> peerMentorMonthlyStats(
      UUID orgId, UUID mentorId, YearMonth from, YearMonth to, RequestOptions options) {
    return load(StatsQuery.peerMentor(orgId, mentorId, from, to), options);
  }

  /**
   * Async twin of {@link #peerMentorMonthlyStats(UUID, UUID, YearMonth, YearMonth)}: every failure
   * completes the future exceptionally with the same type.
   */
  public CompletableFuture<List<StatsRow>> peerMentorMonthlyStatsAsync(
      UUID orgId, UUID mentorId, YearMonth from, YearMonth to) {
    return peerMentorMonthlyStatsAsync(orgId, mentorId, from, to, RequestOptions.defaults());
  }

  /**
   * Async twin of {@link #peerMentorMonthlyStats(UUID, UUID, YearMonth, YearMonth,
   * RequestOptions)}.
   */
  public CompletableFuture<List<StatsRow>> peerMentorMonthlyStatsAsync(
      UUID orgId, UUID mentorId, YearMonth from, YearMonth to, RequestOptions options) {
    return StatsException.callAsync(
        StatsQuery.Subject.PEER_MENTOR.view,
        () -> loadAsync(StatsQuery.peerMentor(orgId, mentorId, from, to), options));
  }

  // ---- the one read, shared by both subjects and the cache ----

  /** Guard, then the read (the query was validated when built). */
  List<StatsRow> load(StatsQuery q, RequestOptions options) {
    Objects.requireNonNull(options, "options == null");
    client.orgGuard().requireAccess(q.orgId());
    return StatsException.call(
        q.subject().view,
        () -> {
          List<StatsRow> out = new ArrayList<>();
          List<WireRow> page;
          do {
            page = query(q, options, out.size()).list(WireRow.class);
            map(page, out);
          } while (page.size() >= PAGE);
          return List.copyOf(out);
        });
  }

  /** Async twin of {@link #load}; argument and guard failures are thrown (callers wrap them). */
  CompletableFuture<List<StatsRow>> loadAsync(StatsQuery q, RequestOptions options) {
    Objects.requireNonNull(options, "options == null");
    client.orgGuard().requireAccess(q.orgId());
    return pageAsync(q, options, new ArrayList<>()).thenApply(List::copyOf);
  }

  private CompletableFuture<List<StatsRow>> pageAsync(
      StatsQuery q, RequestOptions options, List<StatsRow> acc) {
    return query(q, options, acc.size())
        .listAsync(WireRow.class)
        .thenCompose(
            page -> {
              map(page, acc);
              return page.size() >= PAGE
                  ? pageAsync(q, options, acc)
                  : CompletableFuture.completedFuture(acc);
            });
  }

  private TableQuery query(StatsQuery q, RequestOptions options, int offset) {
    TableQuery t =
        client
            .from(q.subject().view)
            .select(WireRow.select(q.subject().column))
            .eq("org_id", q.orgId())
            .eq(q.subject().column, q.subjectId())
            .gte("activity_month", q.from().atDay(1))
            .lte("activity_month", q.to().atDay(1))
            .order("activity_month", Order.ASC)
            .order("activity_type_id", Order.ASC)
            .options(options);
    return offset == 0 ? t : t.offset(offset);
  }

  private static void map(List<WireRow> page, List<StatsRow> out) {
    for (WireRow w : page) {
      try {
        out.add(w.toRow());
      } catch (RuntimeException e) {
        // a row the view cannot produce (null key column, negative count): not ours to pass on
        throw new SupabaseClientException(
            "unexpected monthly stats row from the server: " + e.getMessage(), e, false);
      }
    }
  }
}

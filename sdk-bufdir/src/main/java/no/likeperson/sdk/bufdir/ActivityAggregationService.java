package no.likeperson.sdk.bufdir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.RpcCall;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.SupabaseClientException;

/**
 * The Bufdir aggregation (card 001): per peer mentor the sessions, minutes and activities of an
 * organisation ({@link ScopeLevel#CHAPTER}) or its whole subtree ({@link ScopeLevel#REGION}, {@link
 * ScopeLevel#NATIONAL}) over an inclusive period, broken down by activity type, in ONE call of the
 * RPC {@code bufdir_payload} (the document of {@code aggregate_activities_for_org} as a set of one
 * row, which PostgREST sends without parsing it again in the database). Direct and proxy activities
 * count once each, for the mentor they are attributed to; a mentor active in several chapters
 * counts once and is listed in {@link BufdirPayload#multiChapterMentors()}; an unknown duration
 * counts as 0 minutes and is counted in {@code activitiesWithoutDuration}; an empty period gives an
 * empty payload, never an error.
 *
 * <p>Periods are calendar dates, first and last day included, sent as ISO dates ({@code
 * 2026-01-01}): there is no time zone involved anywhere, and the database compares them with {@code
 * activity_date}, itself a date. At most 5 years per call.
 *
 * <p>Two forms: {@link #aggregateActivities} returns the whole {@link BufdirPayload}; {@link
 * #streamActivities} hands each {@link BufdirPeerMentorRecord} to a listener as it is parsed, so a
 * national year (about 50,000 mentors at NHF size) can be exported with a small heap. Both parse
 * the response as a stream; neither builds an intermediate tree.
 *
 * <pre>{@code
 * ActivityAggregationService bufdir = ActivityAggregationService.create(client);
 * BufdirPayload p =
 *     bufdir.aggregateActivities(
 *         chapterId, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), ScopeLevel.CHAPTER);
 * printed.append(
 *     p.totals().peerMentorCount() + " mentors, " + p.totals().sessionCount() + " sessions");
 *
 * // a national year, one record at a time
 * BufdirSummary s = bufdir.streamActivities(rootId, from, to, ScopeLevel.NATIONAL, records::add);
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/BufdirSnippets.java#aggregation}.
 *
 * <p>Immutable and thread-safe; holds no HTTP stack of its own and never closes the client.
 */
public final class ActivityAggregationService {

  static final String FUNCTION = "bufdir_payload";

  /** The longest period one call may cover, in years (a period of exactly 5 years is allowed). */
  public static final int MAX_PERIOD_YEARS = 5;

  private final SupabaseClient client;

  private ActivityAggregationService(SupabaseClient client) {
    this.client = client;
  }

  /**
   * A service over {@code client} (which it never closes).
   *
   * @throws NullPointerException if {@code client} is null
   */
  public static ActivityAggregationService create(SupabaseClient client) {
    return new ActivityAggregationService(Objects.requireNonNull(client, "client == null"));
  }

  /**
   * The Bufdir payload of an organisation or its subtree for an inclusive period, in one request.
   *
   * @param orgId the organisation (a chapter for {@link ScopeLevel#CHAPTER}, a region or the
   *     national root for the other scopes)
   * @param periodStart first day (inclusive)
   * @param periodEnd last day (inclusive), not before {@code periodStart}, less than 5 years after
   *     it
   * @param scope which part of the tree
   * @return the payload; an empty period gives empty records and zero totals
   * @throws NullPointerException if an argument is null (nothing is sent)
   * @throws IllegalArgumentException if {@code periodStart} is after {@code periodEnd} or the
   *     period is longer than {@value #MAX_PERIOD_YEARS} years (nothing is sent)
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not grant
   *     {@code orgId} (nothing is sent)
   * @throws BufdirException if the server refuses (e.g. {@code 42501}: not staff of that
   *     organisation) or the call fails; the sdk-core exception is the cause
   */
  public BufdirPayload aggregateActivities(
      UUID orgId, LocalDate periodStart, LocalDate periodEnd, ScopeLevel scope) {
    return aggregateActivities(orgId, periodStart, periodEnd, scope, RequestOptions.defaults());
  }

  /**
   * {@link #aggregateActivities(UUID, LocalDate, LocalDate, ScopeLevel)} with per-call options
   * (e.g. another access token). The call is always marked idempotent (the function only reads), so
   * it is retried on transient failures as the client's retry settings allow.
   *
   * @throws NullPointerException if an argument is null (nothing is sent)
   * @throws IllegalArgumentException for a bad period (nothing is sent)
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not grant
   *     {@code orgId} (nothing is sent)
   * @throws BufdirException if the server refuses or the call fails
   */
  public BufdirPayload aggregateActivities(
      UUID orgId,
      LocalDate periodStart,
      LocalDate periodEnd,
      ScopeLevel scope,
      RequestOptions options) {
    RpcCall call = prepare(orgId, periodStart, periodEnd, scope, options);
    return BufdirException.call("Bufdir aggregation", () -> collect(call));
  }

  /**
   * Async twin of {@link #aggregateActivities(UUID, LocalDate, LocalDate, ScopeLevel)}: the same
   * validation and guard (their exceptions fail the future), the same request.
   *
   * @return a future of the payload, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<BufdirPayload> aggregateActivitiesAsync(
      UUID orgId, LocalDate periodStart, LocalDate periodEnd, ScopeLevel scope) {
    return aggregateActivitiesAsync(
        orgId, periodStart, periodEnd, scope, RequestOptions.defaults());
  }

  /**
   * Async twin of {@link #aggregateActivities(UUID, LocalDate, LocalDate, ScopeLevel,
   * RequestOptions)}.
   *
   * @return a future of the payload, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<BufdirPayload> aggregateActivitiesAsync(
      UUID orgId,
      LocalDate periodStart,
      LocalDate periodEnd,
      ScopeLevel scope,
      RequestOptions options) {
    return BufdirException.callAsync(
        "Bufdir aggregation",
        () -> {
          RpcCall call = prepare(orgId, periodStart, periodEnd, scope, options);
          List<BufdirPeerMentorRecord> records = new ArrayList<>();
          return call.readAsync(new PayloadReader(FUNCTION, collector(records), false))
              .thenApply(summary -> BufdirPayload.of(summary, records));
        });
  }

  /**
   * The streaming form: hands the summary, then each mentor record, to {@code listener} as the
   * response is parsed, holding one record at a time. Same request, rules and errors as {@link
   * #aggregateActivities}. A transient failure before the first record is retried like the payload
   * form; once records were delivered a broken response is NOT repeated (the listener would see
   * records twice): it fails with a {@link BufdirException} saying the output is incomplete. An
   * exception the listener throws stops the read and is rethrown unchanged.
   *
   * @param listener receives the summary and the records, on the calling thread
   * @return the summary (also given to {@link BufdirRecordListener#onSummary} before the records)
   * @throws NullPointerException if an argument is null (nothing is sent)
   * @throws IllegalArgumentException for a bad period (nothing is sent)
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not grant
   *     {@code orgId} (nothing is sent)
   * @throws BufdirException if the server refuses or the call fails
   */
  public BufdirSummary streamActivities(
      UUID orgId,
      LocalDate periodStart,
      LocalDate periodEnd,
      ScopeLevel scope,
      BufdirRecordListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    RpcCall call = prepare(orgId, periodStart, periodEnd, scope, RequestOptions.defaults());
    return BufdirException.call(
        "Bufdir aggregation (streamed)",
        () -> {
          try {
            return call.read(new PayloadReader(FUNCTION, listener, true));
          } catch (SupabaseClientException e) {
            throw listenerFailure(e);
          }
        });
  }

  /**
   * Async twin of {@link #streamActivities}; the listener runs on the thread that receives the
   * response.
   *
   * @return a future of the summary, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<BufdirSummary> streamActivitiesAsync(
      UUID orgId,
      LocalDate periodStart,
      LocalDate periodEnd,
      ScopeLevel scope,
      BufdirRecordListener listener) {
    return BufdirException.callAsync(
        "Bufdir aggregation (streamed)",
        () -> {
          Objects.requireNonNull(listener, "listener == null");
          RpcCall call = prepare(orgId, periodStart, periodEnd, scope, RequestOptions.defaults());
          CompletableFuture<BufdirSummary> out = new CompletableFuture<>();
          call.readAsync(new PayloadReader(FUNCTION, listener, true))
              .whenComplete(
                  (v, error) -> {
                    if (error == null) {
                      out.complete(v);
                      return;
                    }
                    Throwable t =
                        error instanceof CompletionException && error.getCause() != null
                            ? error.getCause()
                            : error;
                    out.completeExceptionally(
                        t instanceof SupabaseClientException c ? listenerFailure(c) : t);
                  });
          return out;
        });
  }

  /** Validation, then the guard, then the call (not yet sent). */
  private RpcCall prepare(
      UUID orgId,
      LocalDate periodStart,
      LocalDate periodEnd,
      ScopeLevel scope,
      RequestOptions options) {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(periodStart, "periodStart == null");
    Objects.requireNonNull(periodEnd, "periodEnd == null");
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(options, "options == null");
    checkPeriod(periodStart, periodEnd);
    client.orgGuard().requireAccess(orgId);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("p_org_id", orgId.toString());
    args.put("p_period_start", periodStart.toString()); // ISO date: no time zone involved
    args.put("p_period_end", periodEnd.toString());
    args.put("p_scope", scope.wireValue());
    // a STABLE function: repeating it cannot change anything, so a POST may be retried
    return client.rpc(FUNCTION, args).options(options.toBuilder().idempotent(true).build());
  }

  static void checkPeriod(LocalDate periodStart, LocalDate periodEnd) {
    if (periodStart.isAfter(periodEnd)) {
      throw new IllegalArgumentException(
          "periodStart " + periodStart + " is after periodEnd " + periodEnd);
    }
    if (!periodEnd.isBefore(periodStart.plusYears(MAX_PERIOD_YEARS))) {
      throw new IllegalArgumentException(
          "the period "
              + periodStart
              + ".."
              + periodEnd
              + " is longer than "
              + MAX_PERIOD_YEARS
              + " years; split it into several calls");
    }
  }

  private static BufdirPayload collect(RpcCall call) {
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    BufdirSummary summary = call.read(new PayloadReader(FUNCTION, collector(records), false));
    return BufdirPayload.of(Objects.requireNonNull(summary, "summary == null"), records);
  }

  /** Collects into {@code records}; cleared on a summary, so a replayed response starts over. */
  private static BufdirRecordListener collector(List<BufdirPeerMentorRecord> records) {
    return new BufdirRecordListener() {
      @Override
      public void onSummary(BufdirSummary summary) {
        records.clear();
      }

      @Override
      public void onRecord(BufdirPeerMentorRecord record) {
        records.add(record);
      }
    };
  }

  /** The listener's own exception if it caused {@code e}, else {@code e}. */
  private static RuntimeException listenerFailure(SupabaseClientException e) {
    if (e.getCause() instanceof PayloadReader.ListenerFailure f) {
      RuntimeException own = f.getCause();
      return own != null ? own : e;
    }
    return e;
  }

  @Override
  public String toString() {
    return "ActivityAggregationService{" + client + "}";
  }
}

package no.likeperson.sdk.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.RpcCall;
import no.likeperson.sdk.core.error.SupabaseClientException;
import org.jspecify.annotations.Nullable;

/**
 * The admin dashboard's KPIs (card 003) for an org admin's subtree: active users, activities,
 * pending reimbursements and a health score, each alone (one stat card refreshes alone) or all four
 * in one round trip ({@link #getKpiStats()}).
 *
 * <p>Every method sends exactly one read-only RPC, {@code GET /rest/v1/rpc/get_admin_kpis}, through
 * {@link AdminRlsGuard#guardedClient()}: the counting happens in the database over the subtree (its
 * closure table), and no row ever leaves it, only the numbers. The server checks that the caller is
 * org admin of the root and that a narrowed scope lies in the root's subtree (42501 otherwise).
 *
 * <p><b>Health score</b> (0.0 to 1.0, 0.0 for a subtree without users), computed server-side by
 * {@code app.health_score}, whose named constants are the weights:
 *
 * <pre>
 *   score = W_ACTIVE_USERS    (0.4) * active persons / all persons with a membership in the subtree
 *         + W_RECENT_ACTIVITY (0.4) * organisations with a peer mentor that registered an activity in
 *                                     the current or the two previous calendar months (RECENT_MONTHS = 3)
 *                                     / organisations with a peer mentor
 *         + W_REIMBURSEMENTS  (0.2) * (1 - pending / all reimbursements; 0 pending when there are none)
 *   clamped to [0, 1]
 * </pre>
 *
 * Only aggregates enter it, never a person's data.
 *
 * <pre>{@code
 * AdminDataRepository admin =
 *     AdminDataRepository.create(AdminRlsGuard.create(client, nationalId));
 * AdminStatDto all = admin.getKpiStats(); // one round trip, four KPIs
 * long pending = admin.getPendingReimbursementsCount(); // one card refreshes alone
 * double osloHealth = admin.narrowedTo(osloId).getOrgHealthScore();
 * CompletableFuture<AdminStatDto> later = admin.getKpiStatsAsync(); // off the main thread
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/AdminSnippets.java#dashboard}.
 *
 * <p>Failures: {@link no.likeperson.sdk.core.error.UnauthorisedAccessException} from the guard
 * before anything is sent; {@link AdminRepositoryException} (cause kept, {@code isRetryable()}) for
 * every server answer or transport failure, including 42501 for a root or scope the server refuses.
 * Never null. Immutable and thread-safe; it never closes the client.
 */
public final class AdminDataRepository {

  static final String RPC = "get_admin_kpis";

  private final AdminRlsGuard guard;
  private final @Nullable UUID scopeOrgId; // null: the guard's root

  private AdminDataRepository(AdminRlsGuard guard, @Nullable UUID scopeOrgId) {
    this.guard = guard;
    this.scopeOrgId = scopeOrgId;
  }

  /**
   * The repository for the whole subtree of {@code guard}'s root.
   *
   * @param guard the admin's guard
   * @return the repository
   * @throws NullPointerException if {@code guard} is null
   */
  public static AdminDataRepository create(AdminRlsGuard guard) {
    return new AdminDataRepository(Objects.requireNonNull(guard, "guard == null"), null);
  }

  /**
   * The same repository narrowed to the subtree of {@code descendantOrgId}, a descendant of (or
   * equal to) the guard's root. Whether it is one is decided by the server on each call (42501
   * otherwise); nothing is sent here.
   *
   * @param descendantOrgId the organisation to narrow to
   * @return a new repository; this one is unchanged
   * @throws NullPointerException if {@code descendantOrgId} is null
   */
  public AdminDataRepository narrowedTo(UUID descendantOrgId) {
    Objects.requireNonNull(descendantOrgId, "descendantOrgId == null");
    return new AdminDataRepository(
        guard, descendantOrgId.equals(guard.rootOrgId()) ? null : descendantOrgId);
  }

  /** The organisation whose subtree is counted: the root, or the one narrowed to. */
  public UUID scopeOrgId() {
    return scopeOrgId == null ? guard.rootOrgId() : scopeOrgId;
  }

  /**
   * Distinct persons with a membership in the subtree whose status is active.
   *
   * @return the count, never negative
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not hold
   *     org_admin for the root; nothing was sent
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public long getActiveUserCount() {
    return count(Kpi.ACTIVE_USER_COUNT);
  }

  /** Async twin of {@link #getActiveUserCount()}; failures complete the future exceptionally. */
  public CompletableFuture<Long> getActiveUserCountAsync() {
    return countAsync(Kpi.ACTIVE_USER_COUNT);
  }

  /**
   * Activities and proxy activities registered in the subtree, all time (exact; read from the
   * database's trigger-maintained monthly summary, never by counting activity rows).
   *
   * @return the count, never negative
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not hold
   *     org_admin for the root; nothing was sent
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public long getTotalActivitiesCount() {
    return count(Kpi.TOTAL_ACTIVITIES_COUNT);
  }

  /**
   * Async twin of {@link #getTotalActivitiesCount()}; failures complete the future exceptionally.
   */
  public CompletableFuture<Long> getTotalActivitiesCountAsync() {
    return countAsync(Kpi.TOTAL_ACTIVITIES_COUNT);
  }

  /**
   * Reimbursements with status pending in the subtree (0 when there are none).
   *
   * @return the count, never negative
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not hold
   *     org_admin for the root; nothing was sent
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public long getPendingReimbursementsCount() {
    return count(Kpi.PENDING_REIMBURSEMENTS_COUNT);
  }

  /**
   * Async twin of {@link #getPendingReimbursementsCount()}; failures complete the future
   * exceptionally.
   */
  public CompletableFuture<Long> getPendingReimbursementsCountAsync() {
    return countAsync(Kpi.PENDING_REIMBURSEMENTS_COUNT);
  }

  /**
   * The subtree's health score (formula in the class documentation).
   *
   * @return 0.0 to 1.0
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not hold
   *     org_admin for the root; nothing was sent
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public double getOrgHealthScore() {
    return AdminRepositoryException.call(
        Kpi.ORG_HEALTH_SCORE.wire, () -> score(call(Kpi.ORG_HEALTH_SCORE).single(JsonNode.class)));
  }

  /** Async twin of {@link #getOrgHealthScore()}; failures complete the future exceptionally. */
  public CompletableFuture<Double> getOrgHealthScoreAsync() {
    return AdminRepositoryException.callAsync(
        Kpi.ORG_HEALTH_SCORE.wire,
        () ->
            call(Kpi.ORG_HEALTH_SCORE)
                .singleAsync(JsonNode.class)
                .thenApply(AdminDataRepository::score));
  }

  /**
   * All four KPIs in one round trip.
   *
   * @return the KPIs of {@link #scopeOrgId()}'s subtree
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if the token does not hold
   *     org_admin for the root; nothing was sent
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public AdminStatDto getKpiStats() {
    return AdminRepositoryException.call(
        "admin KPI stats", () -> call(Kpi.ALL).single(AdminStatDto.class));
  }

  /** Async twin of {@link #getKpiStats()}; failures complete the future exceptionally. */
  public CompletableFuture<AdminStatDto> getKpiStatsAsync() {
    return AdminRepositoryException.callAsync(
        "admin KPI stats", () -> call(Kpi.ALL).singleAsync(AdminStatDto.class));
  }

  private long count(Kpi kpi) {
    return AdminRepositoryException.call(
        kpi.wire, () -> count(kpi, call(kpi).single(JsonNode.class)));
  }

  private CompletableFuture<Long> countAsync(Kpi kpi) {
    return AdminRepositoryException.callAsync(
        kpi.wire, () -> call(kpi).singleAsync(JsonNode.class).thenApply(n -> count(kpi, n)));
  }

  /** The guard's check, then the one request (not yet sent). */
  private RpcCall call(Kpi kpi) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("p_root_org_id", guard.rootOrgId());
    if (scopeOrgId != null) {
      params.put("p_scope_org_id", scopeOrgId);
    }
    params.put("p_kpi", kpi.wire);
    return guard.guardedClient().rpc(RPC, params).readOnly();
  }

  private static long count(Kpi kpi, JsonNode answer) {
    JsonNode v = answer == null ? null : answer.get(kpi.wire);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
      throw unexpected(kpi);
    }
    return v.asLong();
  }

  private static double score(JsonNode answer) {
    JsonNode v = answer == null ? null : answer.get(Kpi.ORG_HEALTH_SCORE.wire);
    if (v == null || !v.isNumber() || !(v.asDouble() >= 0.0 && v.asDouble() <= 1.0)) {
      throw unexpected(Kpi.ORG_HEALTH_SCORE);
    }
    return v.asDouble();
  }

  private static SupabaseClientException unexpected(Kpi kpi) {
    return new SupabaseClientException(
        "the answer of " + RPC + " has no valid " + kpi.wire, null, false);
  }

  @Override
  public String toString() {
    return "AdminDataRepository{root=" + guard.rootOrgId() + ", scope=" + scopeOrgId() + "}";
  }
}

package no.likeperson.sdk.admin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * The four admin dashboard KPIs of one organisation subtree, fetched in one round trip by {@link
 * AdminDataRepository#getKpiStats()}. Immutable; the {@code with...} methods return a copy with one
 * value replaced, for a stat card that refreshes alone.
 *
 * <pre>{@code
 * AdminStatDto kpis = admin.getKpiStats();
 * show(kpis.activeUserCount(), kpis.totalActivitiesCount(),
 *      kpis.pendingReimbursementsCount(), kpis.orgHealthScore());
 * kpis = kpis.withPendingReimbursementsCount(admin.getPendingReimbursementsCount());
 * }</pre>
 *
 * @param organisationId the organisation whose subtree was counted (the root, or the descendant the
 *     call was narrowed to)
 * @param activeUserCount distinct persons with a membership in the subtree and status active
 * @param totalActivitiesCount activities and proxy activities registered in the subtree, all time
 * @param pendingReimbursementsCount reimbursements with status pending in the subtree
 * @param orgHealthScore the composite health score, 0.0 to 1.0 (see {@link AdminDataRepository})
 */
public record AdminStatDto(
    UUID organisationId,
    long activeUserCount,
    long totalActivitiesCount,
    long pendingReimbursementsCount,
    double orgHealthScore) {

  /**
   * @throws NullPointerException if {@code organisationId} is null
   * @throws IllegalArgumentException if a count is negative or the score is outside 0.0-1.0
   */
  @JsonCreator
  public AdminStatDto(
      @JsonProperty(value = "organisation_id", required = true) UUID organisationId,
      @JsonProperty(value = "active_user_count", required = true) long activeUserCount,
      @JsonProperty(value = "total_activities_count", required = true) long totalActivitiesCount,
      @JsonProperty(value = "pending_reimbursements_count", required = true)
          long pendingReimbursementsCount,
      @JsonProperty(value = "org_health_score", required = true) double orgHealthScore) {
    this.organisationId = Objects.requireNonNull(organisationId, "organisationId == null");
    this.activeUserCount = requireCount(activeUserCount, "activeUserCount");
    this.totalActivitiesCount = requireCount(totalActivitiesCount, "totalActivitiesCount");
    this.pendingReimbursementsCount =
        requireCount(pendingReimbursementsCount, "pendingReimbursementsCount");
    this.orgHealthScore = requireScore(orgHealthScore);
  }

  /** A copy with {@code activeUserCount} replaced. */
  public AdminStatDto withActiveUserCount(long activeUserCount) {
    return new AdminStatDto(
        organisationId,
        activeUserCount,
        totalActivitiesCount,
        pendingReimbursementsCount,
        orgHealthScore);
  }

  /** A copy with {@code totalActivitiesCount} replaced. */
  public AdminStatDto withTotalActivitiesCount(long totalActivitiesCount) {
    return new AdminStatDto(
        organisationId,
        activeUserCount,
        totalActivitiesCount,
        pendingReimbursementsCount,
        orgHealthScore);
  }

  /** A copy with {@code pendingReimbursementsCount} replaced. */
  public AdminStatDto withPendingReimbursementsCount(long pendingReimbursementsCount) {
    return new AdminStatDto(
        organisationId,
        activeUserCount,
        totalActivitiesCount,
        pendingReimbursementsCount,
        orgHealthScore);
  }

  /** A copy with {@code orgHealthScore} replaced. */
  public AdminStatDto withOrgHealthScore(double orgHealthScore) {
    return new AdminStatDto(
        organisationId,
        activeUserCount,
        totalActivitiesCount,
        pendingReimbursementsCount,
        orgHealthScore);
  }

  static long requireCount(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  static double requireScore(double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("orgHealthScore must be within 0.0-1.0, was " + value);
    }
    return value;
  }
}

package no.likeperson.sdk.admin;

/**
 * The KPIs {@code public.get_admin_kpis} computes; {@link #wire} is the {@code p_kpi} value and the
 * answer's key.
 */
enum Kpi {
  ACTIVE_USER_COUNT("active_user_count"),
  TOTAL_ACTIVITIES_COUNT("total_activities_count"),
  PENDING_REIMBURSEMENTS_COUNT("pending_reimbursements_count"),
  ORG_HEALTH_SCORE("org_health_score"),
  /** All four in one answer. */
  ALL("all");

  final String wire;

  Kpi(String wire) {
    this.wire = wire;
  }
}

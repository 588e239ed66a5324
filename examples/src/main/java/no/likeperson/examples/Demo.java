package no.likeperson.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.error.ValidationException;
import no.likeperson.testkit.LocalSupabase;

/**
 * The runnable demo: a coordinator, a national admin, a regional admin and an admin of an unrelated
 * organisation walk through the platform with the public SDK API ({@link SupabaseClient}) only.
 * The stack is the embedded local one ({@link LocalSupabase}), or the Supabase project named by the
 * {@code SUPABASE_*} environment variables; the testkit only starts it and signs users in.
 *
 * <pre>{@code
 * // from the repository root
 * mvn -B -q -Pdemo -pl examples -am -DskipTests verify
 *
 * // or from code
 * try (LocalSupabase stack = LocalSupabase.start()) {
 *   Demo.Summary summary = Demo.run(stack, System.out);
 * }
 * }</pre>
 *
 * <p>Writes are sent with {@code Prefer: tx=rollback}, so the demo leaves the data as it found it and
 * can be run again (on a hosted project only where {@code db-tx-end} allows the override).
 */
public final class Demo {

  /** Coordinator of Oslo lokallag (seed user coord.oslo). */
  public static final UUID COORD_OSLO = UUID.fromString("20000000-0000-4000-8000-000000000001");
  /** Peer mentor in Oslo lokallag (mentor.oslo). */
  public static final UUID MENTOR_OSLO = UUID.fromString("30000000-0000-4000-8000-000000000001");
  /** Peer mentor in two chapters, Oslo and Bærum (mentor.multi). */
  public static final UUID MENTOR_MULTI = UUID.fromString("30000000-0000-4000-8000-000000000002");
  /** org_admin of the national root of Demo Handikapforbund (admin.national). */
  public static final UUID ADMIN_NATIONAL = UUID.fromString("10000000-0000-4000-8000-000000000001");
  /** org_admin of Region Øst (admin.ost). */
  public static final UUID ADMIN_OST = UUID.fromString("10000000-0000-4000-8000-000000000002");
  /** org_admin of the unrelated Demo Blindeforbund (admin.blind). */
  public static final UUID ADMIN_BLIND = UUID.fromString("10000000-0000-4000-8000-000000000003");
  /** National root of Demo Handikapforbund ("org A"). */
  public static final UUID ORG_NATIONAL = UUID.fromString("a0000000-0000-4000-8000-000000000001");
  /** Region Øst under {@link #ORG_NATIONAL}. */
  public static final UUID ORG_REGION_OST = UUID.fromString("a0000000-0000-4000-8000-000000000011");
  /** Oslo lokallag under {@link #ORG_REGION_OST}. */
  public static final UUID ORG_OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");

  static final LocalDate YEAR_START = LocalDate.of(2026, 1, 1);
  static final LocalDate YEAR_END = LocalDate.of(2026, 12, 31);

  private static final RequestOptions DRY_RUN = RequestOptions.builder().rollback(true).build();

  private Demo() {
  }

  /** One row of view {@code coordinator_monthly_stats}. */
  public record MonthlyStat(
      @JsonProperty("activity_month") LocalDate activityMonth,
      @JsonProperty("activity_type") String activityType,
      @JsonProperty("activity_count") long activityCount,
      @JsonProperty("total_duration_minutes") long totalDurationMinutes) {
  }

  /** A row of {@code proxy_activities} as the server returned it. */
  public record ProxyActivity(
      UUID id,
      @JsonProperty("org_id") UUID orgId,
      @JsonProperty("coordinator_id") UUID coordinatorId,
      @JsonProperty("attributed_mentor_id") UUID attributedMentorId,
      @JsonProperty("activity_type") String activityType,
      @JsonProperty("activity_type_id") UUID activityTypeId,
      LocalDate date,
      @JsonProperty("duration_minutes") int durationMinutes) {
  }

  /** {@code totals} of the Bufdir payload. */
  public record BufdirTotals(
      @JsonProperty("peer_mentor_count") long peerMentorCount,
      @JsonProperty("session_count") long sessionCount,
      @JsonProperty("duration_minutes") long durationMinutes,
      @JsonProperty("activity_count") long activityCount,
      @JsonProperty("proxy_activity_count") long proxyActivityCount) {
  }

  /** One peer mentor of the Bufdir payload (per-type breakdown left out). */
  public record MentorRecord(
      @JsonProperty("peer_mentor_id") UUID peerMentorId,
      @JsonProperty("session_count") long sessionCount,
      @JsonProperty("duration_minutes") long durationMinutes,
      @JsonProperty("activity_count") long activityCount) {
  }

  /** The document {@code aggregate_activities_for_org} returns. */
  public record BufdirPayload(
      @JsonProperty("organisation_id") UUID organisationId,
      String scope,
      BufdirTotals totals,
      @JsonProperty("peer_mentor_records") List<MentorRecord> peerMentorRecords) {
    /** Defensive copy. */
    public BufdirPayload {
      peerMentorRecords = peerMentorRecords == null ? List.of() : List.copyOf(peerMentorRecords);
    }
  }

  /** The document {@code get_admin_kpi_stats} returns. */
  public record AdminKpis(
      @JsonProperty("organisation_id") UUID organisationId,
      @JsonProperty("active_user_count") long activeUserCount,
      @JsonProperty("total_activities_count") long totalActivitiesCount,
      @JsonProperty("pending_reimbursements_count") long pendingReimbursementsCount,
      @JsonProperty("org_health_score") double orgHealthScore) {
  }

  private record IdRow(UUID id) {
  }

  /**
   * What the demo saw, for callers and tests.
   *
   * @param monthlyStats coord.oslo's rows of {@code coordinator_monthly_stats} for 2026
   * @param proxyActivity the proxy activity the server returned (rolled back)
   * @param chapterActivityCount exact count of Oslo lokallag's activities as coord.oslo sees them
   * @param bufdir national Bufdir payload for 2026 as admin.national
   * @param multiChapterMentorRecords how many records of the payload belong to mentor.multi (1)
   * @param kpis Region Øst's KPIs as admin.ost
   * @param isolationRows activities of org A that admin.blind's query returned
   * @param isolationCount exact count of org A's activities as admin.blind
   * @param guardRefused whether the SDK's org guard refused org A for admin.blind before sending
   * @param validationStatus HTTP status of the invalid insert (400)
   * @param validationCode PostgreSQL error code of the invalid insert
   */
  public record Summary(
      List<MonthlyStat> monthlyStats,
      ProxyActivity proxyActivity,
      long chapterActivityCount,
      BufdirPayload bufdir,
      long multiChapterMentorRecords,
      AdminKpis kpis,
      int isolationRows,
      long isolationCount,
      boolean guardRefused,
      int validationStatus,
      String validationCode) {
    /** Defensive copy. */
    public Summary {
      monthlyStats = List.copyOf(monthlyStats);
    }
  }

  /**
   * Starts the local stack (or connects to the {@code SUPABASE_*} project), runs the demo and exits
   * with 0 on success, 1 on failure.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    long started = System.nanoTime();
    try (LocalSupabase stack = LocalSupabase.fromEnvironment()) {
      out.printf("likeperson-sdk demo on %s (%s, started in %.1f s)%n", stack.apiUrl(),
          stack.isExternal() ? "external Supabase from SUPABASE_*" : "embedded local stack",
          (System.nanoTime() - started) / 1e9);
      run(stack, out);
      out.println();
      out.println("OK: demo finished");
    } catch (RuntimeException e) {
      System.err.println("demo FAILED: " + e);
      System.exit(1);
    }
  }

  /**
   * Runs the five steps against {@code stack}, printing to {@code out}.
   *
   * @param stack a running stack with the seed data
   * @param out where the narration goes
   * @return what the demo saw
   * @throws NullPointerException if an argument is null
   * @throws SupabaseException if a step fails unexpectedly
   * @throws IllegalStateException if a result contradicts the platform's rules (e.g. isolation broken)
   */
  public static Summary run(LocalSupabase stack, PrintStream out) {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(out, "out == null");
    try (SupabaseClient coord = stack.clientFor(COORD_OSLO);
         SupabaseClient national = stack.clientFor(ADMIN_NATIONAL);
         SupabaseClient adminOst = stack.clientFor(ADMIN_OST);
         SupabaseClient blind = stack.clientFor(ADMIN_BLIND)) {

      // 1. coordinator: monthly stats, a proxy registration, an exact count
      out.println();
      out.println("1. coord.oslo (coordinator, Oslo lokallag)");
      List<MonthlyStat> stats = coord.from("coordinator_monthly_stats")
          .select("activity_month,activity_type,activity_count,total_duration_minutes")
          .eq("coordinator_id", COORD_OSLO)
          .gte("activity_month", YEAR_START)
          .lte("activity_month", YEAR_END)
          .order("activity_month")
          .order("activity_type")
          .list(MonthlyStat.class);
      Map<LocalDate, long[]> byMonth = new TreeMap<>();
      for (MonthlyStat s : stats) {
        long[] m = byMonth.computeIfAbsent(s.activityMonth(), k -> new long[2]);
        m[0] += s.activityCount();
        m[1] += s.totalDurationMinutes();
      }
      out.printf("   coordinator_monthly_stats 2026: %d rows, %d activities, %d min%n", stats.size(),
          byMonth.values().stream().mapToLong(m -> m[0]).sum(),
          byMonth.values().stream().mapToLong(m -> m[1]).sum());
      StringBuilder line = new StringBuilder("   per month (activities):");
      byMonth.forEach((month, m) -> line.append(' ').append(month.toString(), 5, 7).append('=').append(m[0]));
      out.println(line);

      Map<String, Object> proxy = new LinkedHashMap<>();
      proxy.put("coordinator_id", COORD_OSLO);
      proxy.put("attributed_mentor_id", MENTOR_OSLO);
      proxy.put("org_id", ORG_OSLO);
      proxy.put("activity_type", "samtale");
      proxy.put("date", LocalDate.of(2026, 11, 20));
      proxy.put("duration_minutes", 45);
      ProxyActivity inserted = coord.from("proxy_activities")
          .insert(proxy)
          .select("id,org_id,coordinator_id,attributed_mentor_id,activity_type,activity_type_id,date,duration_minutes")
          .options(DRY_RUN)
          .single(ProxyActivity.class);
      out.printf("   proxy activity for mentor.oslo (tx=rollback): id=%s type=%s (type_id %s) date=%s %d min%n",
          inserted.id(), inserted.activityType(), inserted.activityTypeId(), inserted.date(),
          inserted.durationMinutes());

      long chapterCount = coord.from("activities").eq("org_id", ORG_OSLO).count(CountMode.EXACT);
      out.printf("   HEAD count=exact activities of Oslo lokallag: %d%n", chapterCount);

      // 2. Bufdir: the national yearly report, one call
      out.println();
      out.println("2. admin.national: Bufdir report, Demo Handikapforbund, 2026 (aggregate_activities_for_org)");
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("p_org_id", ORG_NATIONAL);
      args.put("p_period_start", YEAR_START);
      args.put("p_period_end", YEAR_END);
      args.put("p_scope", "national");
      BufdirPayload bufdir = national.rpc("aggregate_activities_for_org", args).single(BufdirPayload.class);
      BufdirTotals t = bufdir.totals();
      out.printf("   totals: %d peer mentors, %d activities (%d by proxy), %d sessions, %d min%n",
          t.peerMentorCount(), t.activityCount(), t.proxyActivityCount(), t.sessionCount(), t.durationMinutes());
      List<MentorRecord> multi = bufdir.peerMentorRecords().stream()
          .filter(r -> MENTOR_MULTI.equals(r.peerMentorId())).toList();
      if (multi.size() != 1) {
        throw new IllegalStateException("mentor.multi appears " + multi.size() + " times in the Bufdir payload");
      }
      out.printf("   mentor.multi (Oslo + Bærum) appears %d time: %d activities, %d sessions, %d min%n",
          multi.size(), multi.get(0).activityCount(), multi.get(0).sessionCount(), multi.get(0).durationMinutes());

      // 3. admin KPIs of a region
      out.println();
      out.println("3. admin.ost: KPIs of Region Øst (get_admin_kpi_stats)");
      AdminKpis kpis = adminOst.rpc("get_admin_kpi_stats", Map.of("p_root_org_id", ORG_REGION_OST))
          .readOnly()
          .single(AdminKpis.class);
      out.printf("   active users %d, activities %d, pending reimbursements %d, health score %.3f%n",
          kpis.activeUserCount(), kpis.totalActivitiesCount(), kpis.pendingReimbursementsCount(),
          kpis.orgHealthScore());

      // 4. isolation: an admin of an unrelated organisation
      out.println();
      out.println("4. admin.blind (Demo Blindeforbund) looks at Demo Handikapforbund");
      List<IdRow> rows = blind.from("activities").select("id").eq("org_id", ORG_OSLO).list(IdRow.class);
      long isolationCount = blind.from("activities").eq("org_id", ORG_OSLO).count(CountMode.EXACT);
      out.printf("   GET activities of Oslo lokallag: %d rows; HEAD count=exact: %d (RLS)%n", rows.size(), isolationCount);
      if (!rows.isEmpty() || isolationCount != 0) {
        throw new IllegalStateException("isolation broken: admin.blind sees " + isolationCount + " activities of org A");
      }
      boolean refused = false;
      try {
        blind.orgGuard().requireAccess(ORG_NATIONAL);
      } catch (UnauthorisedAccessException e) {
        refused = true;
        out.printf("   org guard, before the read is sent: %s: %s%n", e.getClass().getSimpleName(), e.getMessage());
      }
      if (!refused) {
        throw new IllegalStateException("the org guard let admin.blind through to org A");
      }

      // 5. a typed error from the server
      out.println();
      out.println("5. coord.oslo registers a proxy activity of 0 minutes");
      Map<String, Object> invalid = new LinkedHashMap<>(proxy);
      invalid.put("duration_minutes", 0);
      int status;
      String code;
      try {
        coord.from("proxy_activities").insert(invalid).options(DRY_RUN).execute();
        throw new IllegalStateException("an insert of 0 minutes was accepted");
      } catch (ValidationException e) {
        status = e.statusCode();
        code = e.code();
        out.printf("   %s: HTTP %d, code %s: %s%n", e.getClass().getSimpleName(), status, code, e.serverMessage());
      }

      return new Summary(stats, inserted, chapterCount, bufdir, multi.size(), kpis, rows.size(), isolationCount,
          refused, status, code);
    }
  }
}

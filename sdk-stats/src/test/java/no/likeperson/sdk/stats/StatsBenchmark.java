package no.likeperson.sdk.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.testkit.LocalSupabase;

/**
 * Prints p50/p95 of a coordinator's 12-month lookup through the SDK on the local stack (SDK -> HTTP
 * -> gateway -> PostgreSQL under RLS): the repository alone (one request), and the cache cold
 * (marker + rows), hit (no request) and revalidated (marker only, unchanged). Asserts nothing. Not
 * a test: a main in the test sources, run by the {@code stats-bench} profile:
 *
 * <pre>
 * mvn -B -q -pl sdk-stats -am -Pstats-bench -DskipTests process-test-classes                    # the seed
 * mvn -B -q -pl sdk-stats -am -Pstats-bench -DskipTests process-test-classes -Dbench.args=nhf    # NHF-sized
 * mvn ... -Dbench.args="scale:200,5000,100000,1 scale:200,5000,1000000,10"                        # 1 vs 10 years
 * </pre>
 *
 * Each argument is a data set: {@code seed}, {@code nhf} ({@link ScaleOptions#nhf()}), {@code
 * small}, or {@code scale:chapters,users,activities,years}. The coordinator is the one with the
 * most activities in 2026 (seed: coord.oslo).
 */
public final class StatsBenchmark {

  private static final int WARMUP = 50;
  private static final int RUNS = 400;
  private static final YearMonth FROM = YearMonth.of(2026, 1);
  private static final YearMonth TO = YearMonth.of(2026, 12);

  private StatsBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> sets = args.length == 0 ? List.of("seed") : Arrays.asList(args);
    for (String set : sets) {
      run(set);
    }
  }

  private static void run(String set) throws Exception {
    long t0 = System.nanoTime();
    LocalSupabase.Builder b = LocalSupabase.builder();
    if (set.equals("nhf")) {
      b.scale(ScaleOptions.nhf());
    } else if (set.equals("small")) {
      b.scale(ScaleOptions.small());
    } else if (set.startsWith("scale:")) {
      String[] p = set.substring("scale:".length()).split(",");
      b.scale(
          new ScaleOptions(
              Integer.parseInt(p[0]),
              Integer.parseInt(p[1]),
              Integer.parseInt(p[2]),
              Integer.parseInt(p[3]),
              42L));
    } else if (!set.equals("seed")) {
      throw new IllegalArgumentException("unknown data set " + set);
    }
    try (LocalSupabase supabase = b.start()) {
      UUID org;
      UUID coordinator;
      long yearRows;
      long historyRows;
      long allActivities;
      try (Connection c = Seed.jdbc(supabase);
          Statement s = c.createStatement()) {
        s.execute(
            "vacuum (analyze) public.activities, public.proxy_activities"); // steady state, as
        // autovacuum leaves it
        try (ResultSet rs =
            s.executeQuery(
                "select org_id, coordinator_id, count(*) from public.activities "
                    + "where coordinator_id is not null and activity_date between date '2026-01-01' and date '2026-12-31' "
                    + "group by 1, 2 order by 3 desc, 1, 2 limit 1")) {
          rs.next();
          org = rs.getObject(1, UUID.class);
          coordinator = rs.getObject(2, UUID.class);
        }
        yearRows =
            count(
                c,
                "select (select count(*) from public.activities where org_id = ? and coordinator_id = ? "
                    + "and activity_date between date '2026-01-01' and date '2026-12-31') + (select count(*) from "
                    + "public.proxy_activities where org_id = ? and coordinator_id = ? and date between date '2026-01-01' "
                    + "and date '2026-12-31')",
                org,
                coordinator,
                org,
                coordinator);
        historyRows =
            count(
                c,
                "select (select count(*) from public.activities where org_id = ? and coordinator_id = ?)"
                    + " + (select count(*) from public.proxy_activities where org_id = ? and coordinator_id = ?)",
                org,
                coordinator,
                org,
                coordinator);
        allActivities = count(c, "select count(*) from public.activities");
      }
      System.out.printf(
          Locale.ROOT,
          "%n== %s: stack ready in %.0f s; %,d activities; coordinator %s: %,d activity "
              + "rows in 2026 (%,d in all history); load average %s%n",
          set,
          (System.nanoTime() - t0) / 1e9,
          allActivities,
          coordinator,
          yearRows,
          historyRows,
          loadAverage());
      databaseTime(supabase, org, coordinator);
      try (SupabaseClient client = supabase.clientFor(coordinator)) {
        StatsRepository repo = StatsRepository.create(client);
        FakeSource.MutableClock clock = new FakeSource.MutableClock();
        StatsQuery q = StatsQuery.coordinator(org, coordinator, FROM, TO);
        int rows = repo.coordinatorMonthlyStats(org, coordinator, FROM, TO).size();
        try (StatsCacheManager cache = StatsCacheManager.builder(repo).clock(clock).build()) {
          report(
              "repository (1 request)",
              rows,
              () -> repo.coordinatorMonthlyStats(org, coordinator, FROM, TO));
          report(
              "cache cold (marker + rows)",
              rows,
              () -> {
                cache.invalidateAll();
                return cache.get(q).rows();
              });
          cache.get(q);
          report("cache hit (no request)", rows, () -> cache.get(q).rows());
          report(
              "cache revalidated, unchanged (marker)",
              rows,
              () -> {
                clock.advance(Duration.ofSeconds(31));
                return cache.get(q).rows();
              });
        }
      }
    }
  }

  /**
   * The same query in the database alone, as the coordinator under RLS (EXPLAIN ANALYZE over JDBC):
   * planning + execution time, and the share of the RLS helpers' InitPlans, to show what the HTTP
   * path adds and where the database spends its time.
   */
  private static void databaseTime(LocalSupabase supabase, UUID org, UUID coordinator)
      throws Exception {
    String claims = Seed.JSON.writeValueAsString(supabase.claimsFor(coordinator));
    double[] total = new double[50];
    double[] initPlans = new double[total.length];
    long rowsRead = 0;
    try (Connection c = Seed.jdbc(supabase)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("set local role authenticated");
      }
      try (PreparedStatement ps =
          c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
        ps.setString(1, claims);
        ps.executeQuery().close();
      }
      for (int i = -10; i < total.length; i++) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "explain (analyze, format json) select * from "
                    + "public.coordinator_monthly_stats where org_id = ? and coordinator_id = ? and activity_month >= "
                    + "date '2026-01-01' and activity_month <= date '2026-12-01' order by activity_month, activity_type_id")) {
          ps.setObject(1, org);
          ps.setObject(2, coordinator);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            com.fasterxml.jackson.databind.JsonNode doc =
                Seed.JSON.readTree(rs.getString(1)).get(0);
            if (i >= 0) {
              total[i] = doc.get("Planning Time").asDouble() + doc.get("Execution Time").asDouble();
              initPlans[i] = initPlanMs(doc.get("Plan"));
              rowsRead = baseRows(doc.get("Plan"));
            }
          }
        }
      }
      c.rollback();
    }
    Arrays.sort(total);
    Arrays.sort(initPlans);
    System.out.printf(
        Locale.ROOT,
        "  %-40s p50 %7.3f ms   p95 %7.3f ms   (RLS helper InitPlans p50 %.3f ms; "
            + "%,d rows read from activities + proxy_activities)%n",
        "database alone (EXPLAIN ANALYZE, JDBC)",
        total[total.length / 2],
        total[(int) Math.ceil(total.length * 0.95) - 1],
        initPlans[initPlans.length / 2],
        rowsRead);
  }

  /**
   * Rows the scans of the two activity tables returned (what the month range lets the index read).
   */
  private static long baseRows(com.fasterxml.jackson.databind.JsonNode plan) {
    long n = 0;
    String rel = plan.path("Relation Name").asText();
    if (rel.equals("activities") || rel.equals("proxy_activities")) {
      n += plan.path("Actual Rows").asLong() * Math.max(1, plan.path("Actual Loops").asLong());
    }
    for (com.fasterxml.jackson.databind.JsonNode child : plan.path("Plans")) {
      n += baseRows(child);
    }
    return n;
  }

  /**
   * Total time of the InitPlans (the policies' helper calls, once per statement) in a plan tree.
   */
  private static double initPlanMs(com.fasterxml.jackson.databind.JsonNode plan) {
    double ms = 0;
    for (com.fasterxml.jackson.databind.JsonNode child : plan.path("Plans")) {
      if (child.path("Parent Relationship").asText().equals("InitPlan")) {
        ms += child.path("Actual Total Time").asDouble();
      } else {
        ms += initPlanMs(child);
      }
    }
    return ms;
  }

  /** The 1-minute load average (Linux), so figures from a shared machine can be read in context. */
  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long count(Connection c, String sql, Object... args) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void report(String label, int rows, Supplier<List<StatsRow>> call) {
    for (int i = 0; i < WARMUP; i++) {
      check(call.get(), rows);
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      check(call.get(), rows);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "  %-40s p50 %7.3f ms   p95 %7.3f ms   (%d runs, %d rows)%n",
        label,
        ms[RUNS / 2],
        ms[(int) Math.ceil(RUNS * 0.95) - 1],
        RUNS,
        rows);
  }

  private static void check(List<StatsRow> got, int rows) {
    if (got.size() != rows) {
      throw new IllegalStateException("expected " + rows + " rows, got " + got.size());
    }
  }
}

package no.likeperson.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.admin.AdminDataRepository;
import no.likeperson.sdk.admin.AdminRlsGuard;
import no.likeperson.sdk.admin.CertificationRepository;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.stats.StatsRepository;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.testkit.LocalSupabase;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Each card's target operation through the SDK's repositories on the local stack (SDK -> HTTP ->
 * gateway -> PostgreSQL under RLS) and the same SQL over JDBC as the same user (role {@code
 * authenticated} and the user's claims, in a transaction, as the gateway runs it), at growing data
 * sizes up to NHF size and at 3x the history, so the growth is visible. Writes {@code scale.md},
 * {@code scale.csv} and {@code scale.png} (p50 through the SDK against the number of activities)
 * into the folder given as the first argument.
 *
 * <pre>{@code
 * mvn -B -q -Pbench-report -pl benchmarks -am -DskipTests verify                       # every size, ~25 min
 * mvn -B -q -Pbench-report -pl benchmarks -am -DskipTests verify -Dbench.scale=xs,s    # the small ones
 * }</pre>
 */
public final class ScaleReport {

  private static final LocalDate YEAR_START = LocalDate.of(2026, 1, 1);
  private static final LocalDate YEAR_END = LocalDate.of(2026, 12, 31);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The data sizes, smallest first. */
  static final Map<String, ScaleOptions> SIZES = new LinkedHashMap<>();

  static {
    SIZES.put("xs", new ScaleOptions(50, 1_000, 50_000, 3, 42L));
    SIZES.put("s", ScaleOptions.small());
    SIZES.put("nhf", ScaleOptions.nhf());
    // the same organisation with three times the history (9 years): per-year work must not grow
    SIZES.put("nhf3x", new ScaleOptions(1_400, 50_000, 6_000_000, 9, 42L));
  }

  private ScaleReport() {}

  /** The people and organisations each operation acts as, found in the generated data. */
  record Actors(
      UUID chapter,
      UUID coordinator,
      long coordinatorRows,
      UUID mentorChapter,
      UUID mentor,
      UUID root,
      UUID rootAdmin,
      UUID region,
      UUID regionAdmin) {}

  /** One operation: a repository call and the SQL it makes the database run. */
  record Op(String name, UUID actor, int iterations, Runnable sdk, String sql, Object... params) {}

  /** Figures of one operation at one size. */
  record Row(
      String size,
      long activities,
      String op,
      double sdkP50,
      double sdkP95,
      double jdbcP50,
      double jdbcP95) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
    List<String> sizes =
        args.length > 1 ? Arrays.asList(args[1].split(",")) : List.copyOf(SIZES.keySet());
    List<Row> rows = new ArrayList<>();
    for (String size : sizes) {
      ScaleOptions options = SIZES.get(size.trim());
      if (options == null) {
        throw new IllegalArgumentException("unknown size " + size + "; known: " + SIZES.keySet());
      }
      long t0 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "%n== %s: %,d chapters, %,d users, %,d activities over %d years (generating...)%n",
          size,
          options.chapters(),
          options.users(),
          options.activities(),
          options.years());
      try (LocalSupabase stack = LocalSupabase.builder().seed(false).scale(options).start()) {
        System.out.printf(
            Locale.ROOT, "   generated and started in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        rows.addAll(measure(size, options, stack));
      }
      write(out, rows);
    }
    System.out.println();
    Files.readAllLines(out.resolve("scale.md")).forEach(System.out::println);
    System.out.println();
    System.out.println("written: " + out.resolve("scale.md") + ", scale.csv, scale.png");
  }

  private static List<Row> measure(String size, ScaleOptions options, LocalSupabase stack)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Connection db =
        DriverManager.getConnection(
            stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword())) {
      db.createStatement().execute("analyze");
      Actors a = actors(db);
      System.out.printf(
          Locale.ROOT,
          "   coordinator with %d activities in 2026; root %s%n",
          a.coordinatorRows(),
          a.root());
      try (SupabaseClient coordinator = stack.clientFor(a.coordinator());
          SupabaseClient mentor = stack.clientFor(a.mentor());
          SupabaseClient rootAdmin = stack.clientFor(a.rootAdmin());
          SupabaseClient regionAdmin = stack.clientFor(a.regionAdmin())) {
        YearMonth from = YearMonth.of(2026, 1);
        YearMonth to = YearMonth.of(2026, 12);
        StatsRepository coordStats = StatsRepository.create(coordinator);
        StatsRepository mentorStats = StatsRepository.create(mentor);
        ActivityAggregationService chapterBufdir = ActivityAggregationService.create(coordinator);
        ActivityAggregationService nationalBufdir = ActivityAggregationService.create(rootAdmin);
        AdminDataRepository national =
            AdminDataRepository.create(AdminRlsGuard.create(rootAdmin, a.root()));
        AdminDataRepository chapterKpis =
            AdminDataRepository.create(AdminRlsGuard.create(regionAdmin, a.region()))
                .narrowedTo(a.chapter());
        CertificationRepository certs = CertificationRepository.create(coordinator);
        String stats =
            "select org_id, coordinator_id, activity_month, activity_type_id, activity_type, activity_count,"
                + " total_duration_minutes from public.coordinator_monthly_stats where org_id = ? and coordinator_id = ?"
                + " and activity_month >= ? and activity_month <= ? order by activity_month, activity_type_id";
        String mstats =
            stats
                .replace("coordinator_monthly_stats", "peer_mentor_monthly_stats")
                .replace(
                    "coordinator_id",
                    "mentor_id"); // the view's subject column (StatsQuery's PEER_MENTOR)
        String kpis = "select public.get_admin_kpis(?, ?, ?)::text";
        List<Op> ops =
            List.of(
                new Op(
                    "000 coordinator monthly stats, 12 months",
                    a.coordinator(),
                    40,
                    () ->
                        coordStats.coordinatorMonthlyStats(a.chapter(), a.coordinator(), from, to),
                    stats,
                    a.chapter(),
                    a.coordinator(),
                    from.atDay(1),
                    to.atDay(1)),
                new Op(
                    "000 peer-mentor monthly stats, 12 months",
                    a.mentor(),
                    40,
                    () ->
                        mentorStats.peerMentorMonthlyStats(a.mentorChapter(), a.mentor(), from, to),
                    mstats,
                    a.mentorChapter(),
                    a.mentor(),
                    from.atDay(1),
                    to.atDay(1)),
                new Op(
                    "001 Bufdir chapter year",
                    a.coordinator(),
                    20,
                    () ->
                        chapterBufdir.aggregateActivities(
                            a.chapter(), YEAR_START, YEAR_END, ScopeLevel.CHAPTER),
                    "select public.aggregate_activities_for_org(?, ?, ?, 'chapter')::text",
                    a.chapter(),
                    YEAR_START,
                    YEAR_END),
                new Op(
                    "001 Bufdir NATIONAL year",
                    a.rootAdmin(),
                    5,
                    () ->
                        nationalBufdir.aggregateActivities(
                            a.root(), YEAR_START, YEAR_END, ScopeLevel.NATIONAL),
                    "select public.aggregate_activities_for_org(?, ?, ?, 'national')::text",
                    a.root(),
                    YEAR_START,
                    YEAR_END),
                new Op(
                    "003 KPI card (4 KPIs), national root",
                    a.rootAdmin(),
                    30,
                    national::getKpiStats,
                    kpis,
                    a.root(),
                    null,
                    "all"),
                new Op(
                    "003 active users, national root",
                    a.rootAdmin(),
                    30,
                    national::getActiveUserCount,
                    kpis,
                    a.root(),
                    null,
                    "active_user_count"),
                new Op(
                    "003 total activities, national root",
                    a.rootAdmin(),
                    30,
                    national::getTotalActivitiesCount,
                    kpis,
                    a.root(),
                    null,
                    "total_activities_count"),
                new Op(
                    "003 pending reimbursements, national root",
                    a.rootAdmin(),
                    30,
                    national::getPendingReimbursementsCount,
                    kpis,
                    a.root(),
                    null,
                    "pending_reimbursements_count"),
                new Op(
                    "003 health score, national root",
                    a.rootAdmin(),
                    30,
                    national::getOrgHealthScore,
                    kpis,
                    a.root(),
                    null,
                    "org_health_score"),
                new Op(
                    "003 KPI card, one chapter (region admin)",
                    a.regionAdmin(),
                    30,
                    chapterKpis::getKpiStats,
                    kpis,
                    a.region(),
                    a.chapter(),
                    "all"),
                new Op(
                    "004 certifications expiring within 30 days",
                    a.coordinator(),
                    40,
                    () -> certs.expiringWithin(a.chapter(), 30),
                    "select id, peer_mentor_id, org_id, certification_type, issued_at, expires_at, status, renewal_history"
                        + " from public.peer_mentor_certifications where org_id = ? and status = 'active'"
                        + " and expires_at <= now() + interval '30 days' order by expires_at, id",
                    a.chapter()));
        for (Op op : ops) {
          double[] sdk = time(op.iterations(), op.sdk());
          String claims = JSON.writeValueAsString(stack.claimsFor(op.actor()));
          double[] jdbc = time(op.iterations(), () -> runAs(db, claims, op.sql(), op.params()));
          Row r =
              new Row(
                  size,
                  options.activities(),
                  op.name(),
                  p(sdk, 50),
                  p(sdk, 95),
                  p(jdbc, 50),
                  p(jdbc, 95));
          System.out.printf(
              Locale.ROOT,
              "   %-46s SDK p50 %8.2f p95 %8.2f ms | JDBC p50 %8.2f p95 %8.2f ms%n",
              r.op(),
              r.sdkP50(),
              r.sdkP95(),
              r.jdbcP50(),
              r.jdbcP95());
          rows.add(r);
        }
      }
    }
    return rows;
  }

  /**
   * Finds who to act as: a coordinator with about 500 activities in 2026, a mentor, the root and a
   * region.
   */
  static Actors actors(Connection db) throws SQLException {
    Object[] coord =
        one(
            db,
            "select org_id, coordinator_id, count(*) from public.activities"
                + " where activity_date between '2026-01-01' and '2026-12-31' and coordinator_id is not null"
                + " group by 1, 2 order by abs(count(*) - 500), 2 limit 1");
    Object[] mentor =
        one(
            db,
            "select org_id, peer_mentor_id from public.activities"
                + " where activity_date between '2026-01-01' and '2026-12-31'"
                + " group by 1, 2 order by abs(count(*) - 50), 2 limit 1");
    Object[] root =
        one(
            db,
            "select o.id, m.user_id from public.organisations o"
                + " join public.org_memberships m on m.org_id = o.id and m.role = 'org_admin'"
                + " where o.parent_id is null order by o.id, m.user_id limit 1");
    Object[] region =
        one(
            db,
            "select c.ancestor_id, m.user_id from public.organisation_closure c"
                + " join public.organisations o on o.id = c.ancestor_id and o.level = 1"
                + " join public.org_memberships m on m.org_id = c.ancestor_id and m.role = 'org_admin'"
                + " where c.descendant_id = ? order by m.user_id limit 1",
            coord[0]);
    return new Actors(
        (UUID) coord[0],
        (UUID) coord[1],
        ((Number) coord[2]).longValue(),
        (UUID) mentor[0],
        (UUID) mentor[1],
        (UUID) root[0],
        (UUID) root[1],
        (UUID) region[0],
        (UUID) region[1]);
  }

  private static Object[] one(Connection db, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("the generated data has no row for: " + sql);
        }
        Object[] row = new Object[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        return row;
      }
    }
  }

  /**
   * The statement as the gateway runs it: one transaction, role authenticated, the user's claims.
   */
  private static void runAs(Connection db, String claims, String sql, Object... params) {
    try {
      db.setAutoCommit(false);
      try (Statement st = db.createStatement()) {
        st.execute("set local role authenticated");
      }
      try (PreparedStatement ps =
          db.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
        ps.setString(1, claims);
        ps.execute();
      }
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          int cols = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= cols; i++) {
              rs.getString(i);
            }
          }
        }
      }
      db.rollback();
      db.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Milliseconds of each of {@code n} runs after {@code max(2, n / 5)} warm-up runs. */
  private static double[] time(int n, Runnable r) {
    for (int i = 0; i < Math.max(2, n / 5); i++) {
      r.run();
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static double p(double[] sorted, int percentile) {
    int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static void write(Path dir, List<Row> rows) throws IOException {
    Files.createDirectories(dir);
    List<String> md = new ArrayList<>();
    md.add("# Each card's operation at growing data sizes: through the SDK and over JDBC");
    md.add("");
    md.add(
        "Machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Java "
            + System.getProperty("java.version")
            + ", embedded PostgreSQL 15 with default settings; "
            + "SDK = repository -> HTTP -> local gateway -> PostgreSQL under RLS; JDBC = the same SQL as the same "
            + "user (role authenticated + claims, one transaction). Milliseconds.");
    md.add("");
    md.add("| size | activities | operation | SDK p50 | SDK p95 | JDBC p50 | JDBC p95 |");
    md.add("|---|---:|---|---:|---:|---:|---:|");
    List<String> csv = new ArrayList<>();
    csv.add("size,activities,operation,sdk_p50_ms,sdk_p95_ms,jdbc_p50_ms,jdbc_p95_ms");
    for (Row r : rows) {
      md.add(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s | %.2f | %.2f | %.2f | %.2f |",
              r.size(),
              r.activities(),
              r.op(),
              r.sdkP50(),
              r.sdkP95(),
              r.jdbcP50(),
              r.jdbcP95()));
      csv.add(
          String.format(
              Locale.ROOT,
              "%s,%d,\"%s\",%.3f,%.3f,%.3f,%.3f",
              r.size(),
              r.activities(),
              r.op(),
              r.sdkP50(),
              r.sdkP95(),
              r.jdbcP50(),
              r.jdbcP95()));
    }
    Files.write(dir.resolve("scale.md"), md, StandardCharsets.UTF_8);
    Files.write(dir.resolve("scale.csv"), csv, StandardCharsets.UTF_8);
    chart(dir.resolve("scale.png"), rows);
  }

  private static void chart(Path png, List<Row> rows) throws IOException {
    Map<String, XYSeries> series = new LinkedHashMap<>();
    for (Row r : rows) {
      series
          .computeIfAbsent(r.op(), XYSeries::new)
          .add(r.activities() / 1e6, Math.max(r.sdkP50(), 0.01));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "p50 through the SDK as the data grows",
            "activities in the database (millions)",
            "p50 (ms, log scale)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    LogAxis y = new LogAxis("p50 (ms, log scale)");
    y.setSmallestValue(0.01);
    plot.setRangeAxis(y);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 700);
  }
}

package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The target query of every card, run on generated scale data ({@link ScaleOptions#small()}, or
 * NHF-sized with {@code -Dnhf=true}) as the role and claims a client would use, with {@code EXPLAIN
 * (ANALYZE, FORMAT JSON)} (for RPCs: auto_explain of the statements inside the function). Walks the
 * plan tree and asserts index use and no sequential scan of activities, proxy_activities or
 * peer_mentor_certifications. Prints plan shape and timing for docs/database.md; asserts no timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlanTest {

  private static final Set<String> BIG =
      Set.of("activities", "proxy_activities", "peer_mentor_certifications");
  private static final Date YEAR_START = Date.valueOf("2026-01-01");
  private static final Date YEAR_END = Date.valueOf("2026-12-31");

  private LocalDatabase db;
  private UUID root;
  private UUID rootAdmin;
  private UUID chapter;
  private UUID coordinator;
  private UUID mentor;
  private UUID county;
  private final List<String> report = new ArrayList<>();

  /** A plan node: type, relation (or null), index (or null). */
  record Node(String type, String relation, String index) {}

  /** What one query did: every node of every plan, and its execution time in ms. */
  record Observed(List<Node> nodes, double executionMs, List<String> shapes) {}

  @BeforeAll
  void load() throws SQLException {
    db = SharedScaleDatabase.get();
    long seed = SharedScaleDatabase.options().seed();
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      root = (UUID) tx.scalar("select app_scale.root_org_id(?)", seed);
      rootAdmin =
          (UUID)
              tx.scalar(
                  "select user_id from public.org_memberships where org_id = ? and role = 'org_admin'"
                      + " limit 1",
                  root);
      // the busiest chapter of the generated tree and its coordinator
      chapter =
          (UUID)
              tx.scalar(
                  "select a.org_id from public.activities a join public.organisation_closure c"
                      + " on c.descendant_id = a.org_id and c.ancestor_id = ? group by a.org_id order by count(*) desc, a.org_id"
                      + " limit 1",
                  root);
      coordinator =
          (UUID)
              tx.scalar(
                  "select user_id from public.org_memberships where org_id = ? and role = 'coordinator'"
                      + " limit 1",
                  chapter);
      mentor =
          (UUID)
              tx.scalar(
                  "select peer_mentor_id from public.activities where org_id = ? group by 1"
                      + " order by count(*) desc, 1 limit 1",
                  chapter);
      county =
          (UUID)
              tx.scalar(
                  "select ancestor_id from public.organisation_closure where descendant_id = ? and depth = 2",
                  chapter);
      report.add(
          String.format(
              Locale.ROOT,
              "scale %s, started in %.1f s; activities %d, proxy %d, certifications %d",
              SharedScaleDatabase.options(),
              SharedScaleDatabase.startSeconds(),
              tx.count("select count(*) from public.activities"),
              tx.count("select count(*) from public.proxy_activities"),
              tx.count("select count(*) from public.peer_mentor_certifications")));
    }
  }

  @AfterAll
  void print() {
    System.out.println("==== QueryPlanTest: plans and timings ====");
    report.forEach(System.out::println);
  }

  /**
   * Runs {@code sql} as {@code role} with claims for {@code user}; EXPLAIN ANALYZE, or auto_explain
   * for RPCs.
   */
  private Observed observe(
      String label, String role, UUID user, boolean rpc, String sql, Object... params)
      throws SQLException {
    List<JsonNode> plans = new ArrayList<>();
    double ms;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      if (rpc) {
        tx.execute("load 'auto_explain'");
        tx.execute("set local auto_explain.log_min_duration = 0");
        tx.execute("set local auto_explain.log_nested_statements = on");
        tx.execute("set local auto_explain.log_analyze = on");
        tx.execute("set local auto_explain.log_format = json");
        tx.execute("set local auto_explain.log_level = notice");
      }
      String claims =
          user == null
              ? "{\"role\":\"" + role + "\"}"
              : "{\"sub\":\"" + user + "\",\"role\":\"" + role + "\"}";
      tx.scalar("select set_config('request.jwt.claims', ?, true)", claims);
      tx.execute("set local role " + role);
      // warm-up run (caches), then the measured, explained run
      run(tx, sql, params);
      if (rpc) {
        try (PreparedStatement ps = prepare(tx, sql, params);
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getObject(1);
          }
          for (SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
            String m = w.getMessage();
            int at = m.indexOf('{');
            if (m.contains("plan:") && at >= 0) {
              JsonNode p = BufdirExpectation.parse(m.substring(at));
              if (!p.path("Query Text").asText().contains("set_config")) {
                plans.add(p.get("Plan"));
              }
            }
          }
        }
        // timed without auto_explain's instrumentation
        tx.execute("reset role");
        tx.execute("set local auto_explain.log_min_duration = -1");
        tx.execute("set local role " + role);
        ms = medianMs(tx, sql, params);
      } else {
        String json = String.valueOf(tx.scalar("explain (analyze, format json) " + sql, params));
        JsonNode doc = BufdirExpectation.parse(json).get(0);
        plans.add(doc.get("Plan"));
        ms = medianMs(tx, sql, params);
      }
    }
    List<Node> nodes = new ArrayList<>();
    List<String> shapes = new ArrayList<>();
    for (JsonNode p : plans) {
      walk(p, nodes);
    }
    for (Node n : nodes) {
      if (n.relation() != null && BIG.contains(n.relation())) {
        shapes.add(
            n.type() + " " + n.relation() + (n.index() == null ? "" : " using " + n.index()));
      } else if (n.index() != null && BIG.stream().anyMatch(b -> n.index().startsWith(b + "_"))) {
        shapes.add(n.type() + " " + n.index());
      }
    }
    report.add(String.format(Locale.ROOT, "%-58s median %8.2f ms  %s", label, ms, shapes));
    return new Observed(nodes, ms, shapes);
  }

  /**
   * Median wall-clock time of five runs (the machine is shared and noisy; reported, never
   * asserted).
   */
  private static double medianMs(SuperuserTx tx, String sql, Object... params) throws SQLException {
    double[] t = new double[5];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      run(tx, sql, params);
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(t);
    return t[t.length / 2];
  }

  private static void run(SuperuserTx tx, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(tx, sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  private static PreparedStatement prepare(SuperuserTx tx, String sql, Object... params)
      throws SQLException {
    PreparedStatement ps = tx.connection().prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  private static void walk(JsonNode plan, List<Node> out) {
    out.add(
        new Node(
            plan.path("Node Type").asText(),
            plan.hasNonNull("Relation Name") ? plan.get("Relation Name").asText() : null,
            plan.hasNonNull("Index Name") ? plan.get("Index Name").asText() : null));
    for (JsonNode child : plan.path("Plans")) {
      walk(child, out);
    }
  }

  private static void assertIndexedOnly(Observed o, String... relations) {
    assertThat(o.nodes()).as("plan nodes").isNotEmpty();
    assertThat(o.nodes())
        .filteredOn(n -> "Seq Scan".equals(n.type()) && BIG.contains(n.relation()))
        .as("sequential scans of big tables")
        .isEmpty();
    for (String r : relations) {
      assertThat(o.nodes())
          .as("index access to " + r + " in " + o.shapes())
          .anyMatch(
              n ->
                  r.equals(n.relation()) && n.index() != null
                      || r.equals(n.relation()) && "Bitmap Heap Scan".equals(n.type()));
    }
  }

  // ---------------------------------------------------------------------------------- card 000

  @Test
  void card000_coordinatorMonthlyStats_twelveMonths_usesTheOrgCoordinatorMonthIndexes()
      throws SQLException {
    Observed o =
        observe(
            "000 coordinator_monthly_stats, 12 months (coordinator)",
            "authenticated",
            coordinator,
            false,
            "select * from public.coordinator_monthly_stats where org_id = ? and coordinator_id = ?"
                + " and activity_month between ? and ?",
            chapter,
            coordinator,
            YEAR_START,
            Date.valueOf("2026-12-01"));
    assertIndexedOnly(o, "activities", "proxy_activities");
    assertThat(o.nodes())
        .anyMatch(n -> "activities_org_id_coordinator_id_activity_month_idx".equals(n.index()));
  }

  @Test
  void card000_peerMentorMonthlyStats_asCoordinator_usesTheOrgMentorMonthIndexes()
      throws SQLException {
    Observed o =
        observe(
            "000 peer_mentor_monthly_stats, 12 months (coordinator)",
            "authenticated",
            coordinator,
            false,
            "select * from public.peer_mentor_monthly_stats where org_id = ? and mentor_id = ?"
                + " and activity_month between ? and ?",
            chapter,
            mentor,
            YEAR_START,
            Date.valueOf("2026-12-01"));
    assertIndexedOnly(o, "activities", "proxy_activities");
    assertThat(o.nodes())
        .anyMatch(n -> "activities_org_id_peer_mentor_id_activity_month_idx".equals(n.index()));
  }

  @Test
  void card000_peerMentorMonthlyStats_asTheMentor_isIndexed() throws SQLException {
    Observed o =
        observe(
            "000 peer_mentor_monthly_stats, 12 months (the mentor)",
            "authenticated",
            mentor,
            false,
            "select * from public.peer_mentor_monthly_stats where org_id = ? and mentor_id = ?"
                + " and activity_month between ? and ?",
            chapter,
            mentor,
            YEAR_START,
            Date.valueOf("2026-12-01"));
    assertIndexedOnly(o, "activities", "proxy_activities");
  }

  // ---------------------------------------------------------------------------------- card 001

  @Test
  void card001_aggregate_chapterYear_asCoordinator_isIndexed() throws SQLException {
    Observed o =
        observe(
            "001 aggregate_activities_for_org chapter year (coordinator)",
            "authenticated",
            coordinator,
            true,
            "select public.aggregate_activities_for_org(?, ?, ?, 'chapter')::text",
            chapter,
            YEAR_START,
            YEAR_END);
    assertIndexedOnly(o, "activities", "proxy_activities");
  }

  @Test
  void card001_aggregate_countyYear_asRootAdmin_isIndexed() throws SQLException {
    Observed o =
        observe(
            "001 aggregate_activities_for_org county year (admin)",
            "authenticated",
            rootAdmin,
            true,
            "select public.aggregate_activities_for_org(?, ?, ?, 'region')::text",
            county,
            YEAR_START,
            YEAR_END);
    assertIndexedOnly(o, "activities", "proxy_activities");
  }

  @Test
  void card001_aggregate_nationalYear_asRootAdmin_isMeasured() throws SQLException {
    // a third of all history: the planner may rightly prefer a full scan here; measured, not
    // asserted
    Observed o =
        observe(
            "001 aggregate_activities_for_org NATIONAL year (admin)",
            "authenticated",
            rootAdmin,
            true,
            "select public.aggregate_activities_for_org(?, ?, ?, 'national')::text",
            root,
            YEAR_START,
            YEAR_END);
    assertThat(o.nodes()).anyMatch(n -> "activities".equals(n.relation()));
  }

  // ---------------------------------------------------------------------------------- card 002

  @Test
  void card002_proxyActivitiesOfTheOrg_byDateRange_isIndexed() throws SQLException {
    Observed o =
        observe(
            "002 proxy_activities org, one month, date desc (coordinator)",
            "authenticated",
            coordinator,
            false,
            "select * from public.proxy_activities where org_id = ? and date between ? and ? order by date desc",
            chapter,
            Date.valueOf("2026-03-01"),
            Date.valueOf("2026-03-31"));
    assertIndexedOnly(o, "proxy_activities");
  }

  @Test
  void card002_proxyActivitiesPerMentor_forBufdir_isIndexed() throws SQLException {
    Observed o =
        observe(
            "002 proxy per attributed mentor, org (coordinator)",
            "authenticated",
            coordinator,
            false,
            "select attributed_mentor_id, count(*), sum(duration_minutes) from public.proxy_activities"
                + " where org_id = ? group by attributed_mentor_id",
            chapter);
    assertIndexedOnly(o, "proxy_activities");
  }

  @Test
  void card002_proxyActivitiesByDateAcrossOrgs_usesTheDateIndex() throws SQLException {
    Observed o =
        observe(
            "002 proxy_activities one week, all visible (service_role)",
            "service_role",
            null,
            false,
            "select id from public.proxy_activities where date between ? and ? order by date desc",
            Date.valueOf("2026-03-01"),
            Date.valueOf("2026-03-07"));
    assertIndexedOnly(o, "proxy_activities");
  }

  // ---------------------------------------------------------------------------------- card 003

  @Test
  void card003_adminKpiStats_asRootAdmin_neverScansActivities() throws SQLException {
    Observed o =
        observe(
            "003 get_admin_kpi_stats national root (admin)",
            "authenticated",
            rootAdmin,
            true,
            "select public.get_admin_kpi_stats(?)::text",
            root);
    assertThat(o.nodes())
        .noneMatch(
            n -> "activities".equals(n.relation()) || "proxy_activities".equals(n.relation()));
    assertThat(o.nodes()).anyMatch(n -> "org_monthly_activity_counts".equals(n.relation()));
  }

  @Test
  void card003_headCountOfActivities_ofAChapter_isIndexed() throws SQLException {
    Observed o =
        observe(
            "003 count(*) activities of a chapter (coordinator)",
            "authenticated",
            coordinator,
            false,
            "select count(*) from public.activities where org_id = ?",
            chapter);
    assertIndexedOnly(o, "activities");
  }

  // ---------------------------------------------------------------------------------- card 004

  @Test
  void card004_certificationsOfAMentorByStatus_isIndexed() throws SQLException {
    Observed o =
        observe(
            "004 certifications of a mentor, active (coordinator)",
            "authenticated",
            coordinator,
            false,
            "select * from public.peer_mentor_certifications where peer_mentor_id = ? and status = 'active'",
            mentor);
    assertIndexedOnly(o, "peer_mentor_certifications");
  }

  @Test
  void card004_nightlyExpiryLookup_usesTheExpiresAtIndex() throws SQLException {
    Observed o =
        observe(
            "004 nightly: expiring within 30 days (service_role)",
            "service_role",
            null,
            false,
            "select id, peer_mentor_id from public.peer_mentor_certifications"
                + " where expires_at >= now() and expires_at < now() + interval '30 days'");
    assertIndexedOnly(o, "peer_mentor_certifications");
    assertThat(o.nodes())
        .anyMatch(n -> "peer_mentor_certifications_expires_at_idx".equals(n.index()));
  }

  @Test
  void card004_coordinatorDashboard_expiringInTheOrg_isIndexed() throws SQLException {
    Observed o =
        observe(
            "004 dashboard: org, active, expiring (coordinator)",
            "authenticated",
            coordinator,
            false,
            "select * from public.peer_mentor_certifications where org_id = ? and status = 'active'"
                + " and expires_at < now() + interval '30 days'",
            chapter);
    assertIndexedOnly(o, "peer_mentor_certifications");
  }
}

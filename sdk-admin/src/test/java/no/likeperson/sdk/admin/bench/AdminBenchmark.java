package no.likeperson.sdk.admin.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import no.likeperson.sdk.admin.AdminDataRepository;
import no.likeperson.sdk.admin.AdminRlsGuard;
import no.likeperson.sdk.admin.CertificationRepository;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.testkit.LocalSupabase;

/**
 * Prints (asserts nothing) how long the admin KPIs and the certification lookups take on generated
 * data: end to end through the SDK and the local gateway, and in the database alone. A {@code
 * main}, not a test; run with the {@code bench} profile:
 *
 * <pre>{@code
 * mvn -B -q -pl sdk-admin -am -Pbench -Dexec.skip=true -DskipTests process-test-classes [-Dbench.args="nhf 20"]
 * }</pre>
 *
 * Arguments: the data set ({@code nhf}, the default, ~1,400 chapters / 50,000 users / 2,000,000
 * activities, generated in minutes; or {@code small}) and the measured runs per call (default 20,
 * after 5 warm-up runs). Actors: the national root's org admin, and a chapter admin (the generated
 * data has none, so the coordinator of one chapter is made org_admin of it).
 */
public final class AdminBenchmark {

  private AdminBenchmark() {}

  public static void main(String[] args) throws Exception {
    String set = args.length > 0 ? args[0] : "nhf";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long t0 = System.nanoTime();
    try (LocalSupabase stack =
        LocalSupabase.builder()
            .scale(set.equals("small") ? ScaleOptions.small() : ScaleOptions.nhf())
            .start()) {
      System.out.printf(
          Locale.ROOT, "data set %s ready in %.0f s%n", set, (System.nanoTime() - t0) / 1e9);
      try (Connection db =
          DriverManager.getConnection(
              stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword())) {
        UUID root =
            uuid(
                db,
                "select o.id from public.organisations o where o.parent_id is null order by "
                    + "(select count(*) from public.organisation_closure c where c.ancestor_id = o.id) desc limit 1");
        UUID rootAdmin =
            uuid(
                db,
                "select user_id from public.org_memberships where org_id = ? and role = 'org_admin' "
                    + "order by user_id limit 1",
                root);
        UUID chapter =
            uuid(
                db,
                "select c.descendant_id from public.organisation_closure c join public.organisations o "
                    + "on o.id = c.descendant_id where c.ancestor_id = ? and o.level = 4 order by o.id limit 1",
                root);
        UUID chapterAdmin =
            uuid(
                db,
                "select user_id from public.org_memberships where org_id = ? and role = 'coordinator' "
                    + "order by user_id limit 1",
                chapter);
        try (PreparedStatement ps =
            db.prepareStatement(
                "insert into public.org_memberships (user_id, org_id, role) "
                    + "values (?, ?, 'org_admin') on conflict do nothing")) {
          ps.setObject(1, chapterAdmin);
          ps.setObject(2, chapter);
          ps.executeUpdate();
        }
        long certs = count(db, "select count(*) from public.peer_mentor_certifications");
        long chapters =
            count(
                db,
                "select count(*) from public.organisation_closure where ancestor_id = '"
                    + root
                    + "'");
        System.out.printf(
            Locale.ROOT,
            "national root: %d organisations in its subtree; %d certifications%n",
            chapters,
            certs);

        try (SupabaseClient national = stack.clientFor(rootAdmin);
            SupabaseClient chapterClient = stack.clientFor(chapterAdmin)) {
          System.out.println();
          System.out.println(
              "SDK -> gateway -> PostgreSQL, ms (median / p90 / max of " + runs + ")");
          for (Object[] actor :
              new Object[][] {
                {"national root", national, root}, {"chapter admin", chapterClient, chapter}
              }) {
            AdminDataRepository repo =
                AdminDataRepository.create(
                    AdminRlsGuard.create((SupabaseClient) actor[1], (UUID) actor[2]));
            String who = (String) actor[0];
            measure(who + " getKpiStats()", runs, repo::getKpiStats);
            measure(who + " getActiveUserCount()", runs, repo::getActiveUserCount);
            measure(who + " getTotalActivitiesCount()", runs, repo::getTotalActivitiesCount);
            measure(
                who + " getPendingReimbursementsCount()",
                runs,
                repo::getPendingReimbursementsCount);
            measure(who + " getOrgHealthScore()", runs, repo::getOrgHealthScore);
          }
          measure(
              "chapter coordinator dashboard expiringWithin(chapter, 30)",
              runs,
              () -> CertificationRepository.create(chapterClient).expiringWithin(chapter, 30));
        }

        System.out.println();
        System.out.println(
            "in the database (EXPLAIN ANALYZE execution time), ms (median / p90 / max of "
                + runs
                + ")");
        explain(
            db,
            "get_admin_kpis(national, all)",
            runs,
            "select public.get_admin_kpis('" + root + "')");
        explain(
            db,
            "get_admin_kpis(national, active_user_count)",
            runs,
            "select public.get_admin_kpis('" + root + "', null, 'active_user_count')");
        explain(
            db,
            "get_admin_kpis(chapter, all)",
            runs,
            "select public.get_admin_kpis('" + chapter + "')");
        explain(
            db,
            "get_admin_kpi_stats(national) (older RPC)",
            runs,
            "select public.get_admin_kpi_stats('" + root + "')");
        explain(
            db,
            "expiry lookup: active and due (" + certs + " certifications)",
            runs,
            "select id from public.peer_mentor_certifications where status = 'active' and expires_at <= now()");
        explain(
            db,
            "expiry run expire_due_certifications() (rolled back)",
            runs,
            "select public.expire_due_certifications()");
      }
    }
  }

  private static UUID uuid(Connection db, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no row: " + sql);
        }
        return (UUID) rs.getObject(1);
      }
    }
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void measure(String label, int runs, Callable<?> call) throws Exception {
    for (int i = 0; i < 5; i++) {
      call.call();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      call.call();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    print(label, ms);
  }

  /** Execution times reported by EXPLAIN ANALYZE, each run in a transaction that is rolled back. */
  private static void explain(Connection db, String label, int runs, String sql)
      throws SQLException {
    boolean auto = db.getAutoCommit();
    db.setAutoCommit(false);
    try (Statement st = db.createStatement()) {
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < runs + 5; i++) {
        double t = Double.NaN;
        try (ResultSet rs = st.executeQuery("explain (analyze, timing off) " + sql)) {
          while (rs.next()) {
            String line = rs.getString(1);
            if (line.startsWith("Execution Time:")) {
              t = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
            }
          }
        }
        db.rollback();
        if (i >= 5) {
          times.add(t);
        }
      }
      print(label, times.stream().mapToDouble(Double::doubleValue).toArray());
    } finally {
      db.setAutoCommit(auto);
    }
  }

  private static void print(String label, double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "  %-62s %8.2f %8.2f %8.2f%n",
        label,
        sorted[sorted.length / 2],
        sorted[(int) Math.ceil(sorted.length * 0.9) - 1],
        sorted[sorted.length - 1]);
  }
}

package no.likeperson.supabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What product rule 2 (inactive people write nothing, migration 20261204040200) costs, measured A/B
 * in one rolled-back transaction on the scale data, so both variants see the same load: the scope
 * helper with {@code status = 'active'} against the previous {@code status <> 'suspended'}, and
 * single-row writes with and without the per-statement trigger. Prints figures, asserts nothing
 * (the machine is shared). Not part of the default run (name); run it with {@code mvn -B -o -pl
 * supabase -am verify -Dtest=ProductRulesCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ProductRulesCostBenchmark {

  private static final int RUNS = 7;
  private static final int WRITES = 100;

  private static final String RULE = "status = 'active' (rule 2)";
  private static final String BEFORE = "status <> 'suspended' (before)";
  private static final String HELPER =
      "create or replace function app.org_ids_with_role(p_roles text[])"
          + " returns uuid[] language sql stable security definer set search_path = '' as $$"
          + " select coalesce(array_agg(distinct m.org_id), '{}') from public.org_memberships m"
          + " join public.users u on u.id = m.user_id where m.user_id = (select auth.uid())"
          + " and m.role = any (p_roles) and u.status %s $$";
  private static final String CURRENT_HELPER = String.format(HELPER, "= 'active'");
  private static final String PREVIOUS_HELPER = String.format(HELPER, "<> 'suspended'");

  @Test
  void inactiveRule_readAndWriteCost() throws SQLException {
    LocalDatabase db = SharedScaleDatabase.get();
    long seed = SharedScaleDatabase.options().seed();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      UUID root = (UUID) scalar(c, "select app_scale.root_org_id(?)", seed);
      UUID admin =
          (UUID)
              scalar(
                  c,
                  "select user_id from public.org_memberships where org_id = ?"
                      + " and role = 'org_admin' limit 1",
                  root);
      UUID chapter =
          (UUID)
              scalar(
                  c,
                  "select org_id from public.activities group by org_id order by count(*) desc,"
                      + " org_id limit 1");
      UUID coordinator =
          (UUID)
              scalar(
                  c,
                  "select user_id from public.org_memberships where org_id = ?"
                      + " and role = 'coordinator' limit 1",
                  chapter);
      List<UUID> rows = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement("select id from public.activities where org_id = ? limit ?")) {
        ps.setObject(1, chapter);
        ps.setInt(2, WRITES);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add((UUID) rs.getObject(1));
          }
        }
      }
      String adminClaims = PgSession.claimsFor(db, admin);
      String coordinatorClaims = PgSession.claimsFor(db, coordinator);
      List<String> report = new ArrayList<>();
      // alternated, so that neither variant always runs on colder caches or a quieter moment
      for (String variant : List.of(RULE, BEFORE, RULE, BEFORE)) {
        execute(c, "reset role");
        execute(c, variant.equals(RULE) ? CURRENT_HELPER : PREVIOUS_HELPER);
        execute(
            c,
            "alter table public.activities "
                + (variant.equals(RULE) ? "enable" : "disable")
                + " trigger activities_refuse_inactive_caller");
        act(c, "authenticated", adminClaims);
        double users = median(c, "select count(*) from public.users where status = 'active'");
        act(c, "authenticated", coordinatorClaims);
        double activities = median(c, "select count(*) from public.activities");
        long start = System.nanoTime();
        try (PreparedStatement ps =
            c.prepareStatement(
                "update public.activities set duration_minutes = duration_minutes where id = ?")) {
          for (UUID id : rows) {
            ps.setObject(1, id);
            ps.executeUpdate();
          }
        }
        double writeMs = (System.nanoTime() - start) / 1e6;
        report.add(
            String.format(
                Locale.ROOT,
                "%-32s admin active-user count %7.2f ms | coordinator activity count"
                    + " %7.2f ms | %d single-row updates %8.1f ms (%.3f ms each)",
                variant,
                users,
                activities,
                rows.size(),
                writeMs,
                writeMs / Math.max(1, rows.size())));
      }
      c.rollback();
      System.out.println(
          "product rule 2 cost, scale " + SharedScaleDatabase.options() + ", medians of " + RUNS);
      report.forEach(System.out::println);
    }
  }

  private static void act(Connection c, String role, String claims) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select set_config('role', ?, true), set_config('request.jwt.claims', ?, true)")) {
      ps.setString(1, role);
      ps.setString(2, claims);
      ps.execute();
    }
  }

  private static double median(Connection c, String sql) throws SQLException {
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      scalar(c, sql);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static Object scalar(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1);
      }
    }
  }
}

package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.ADMIN_NATIONAL;
import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_OSLO;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.TYPE_SAMTALE;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What a batch insert costs per row in the triggers, and the largest batch that fits the 8 s
 * statement timeout of signed-in users (docs/hardening.md, item 10). A/B in one rolled-back
 * transaction on the seeded database: the per-statement version (migration 20261205030100) against
 * the per-row one it replaced (restored inside the transaction: {@code app.row_left_to_rls}
 * computing the caller's scope on every call, the per-row proxy audit trigger and function),
 * variants alternated. Rows are sent as PostgREST sends them (one {@code INSERT ... SELECT ... FROM
 * json_populate_recordset}). Prints figures, asserts nothing (the machine is shared). Not part of
 * the default run (name): {@code mvn -B -o -pl supabase -am test -Dtest=BatchWriteCostBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbatch.rows=1000} rows per timed batch, {@code
 * -Dbatch.limit=true} also searches the largest batch under the timeout).
 */
class BatchWriteCostBenchmark {

  private static final int ROWS = Integer.getInteger("batch.rows", 1000);
  private static final boolean SEARCH_LIMIT =
      Boolean.parseBoolean(System.getProperty("batch.limit", "true"));
  private static final String TIMEOUT = "8s";

  private static final String PER_ROW_SCOPE =
      "create or replace function app.row_left_to_rls(p_org_id uuid)"
          + " returns boolean language sql stable set search_path = '' as $$"
          + " select not app.caller_bypasses_rls() and not (p_org_id = any (app.visible_org_ids())) $$";
  private static final String PER_ROW_AUDIT =
      "drop trigger proxy_activities_write_audit_insert on public.proxy_activities;"
          + " drop trigger proxy_activities_write_audit_update on public.proxy_activities;"
          + " drop trigger proxy_activities_write_audit_delete on public.proxy_activities;"
          + " create function app.proxy_activities_write_audit() returns trigger language plpgsql security definer"
          + " set search_path = '' as $$ declare v_row public.proxy_activities; begin"
          + " v_row := case when tg_op = 'DELETE' then old else new end;"
          + " insert into public.proxy_audit_log (proxy_activity_id, org_id, action, actor_id, actor_role,"
          + " coordinator_id, attributed_mentor_id, row_data) values (v_row.id, v_row.org_id, lower(tg_op),"
          + " (select auth.uid()), coalesce((select auth.role()), current_user::text), v_row.coordinator_id,"
          + " v_row.attributed_mentor_id, to_jsonb(v_row)); return null; end $$;"
          + " create trigger proxy_activities_write_audit after insert or update or delete on public.proxy_activities"
          + " for each row execute function app.proxy_activities_write_audit()";

  private enum Variant {
    PER_STATEMENT,
    PER_ROW
  }

  @Test
  void batchInsertCost_perRow_andLargestBatchUnderTheTimeout() throws SQLException {
    LocalDatabase db = SharedDatabase.seeded();
    String coordinator = PgSession.claimsFor(db, COORD_OSLO);
    String admin = PgSession.claimsFor(db, ADMIN_NATIONAL);
    List<String> report = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      String currentScope =
          scalarText(c, "select pg_get_functiondef('app.row_left_to_rls(uuid)'::regprocedure)");
      for (Variant v :
          List.of(Variant.PER_STATEMENT, Variant.PER_ROW, Variant.PER_STATEMENT, Variant.PER_ROW)) {
        Savepoint sp = c.setSavepoint();
        if (v == Variant.PER_ROW) {
          execute(c, PER_ROW_SCOPE);
          execute(c, PER_ROW_AUDIT);
        } else {
          execute(c, currentScope);
        }
        double baseline = perRow(c, null, null, "activities", ROWS, v, true);
        report.add(line(v, "superuser, no triggers/FK", "activities", baseline));
        report.add(
            line(
                v,
                "coordinator",
                "activities",
                perRow(c, "authenticated", coordinator, "activities", ROWS, v, false)));
        report.add(
            line(
                v,
                "national admin",
                "activities",
                perRow(c, "authenticated", admin, "activities", ROWS, v, false)));
        report.add(
            line(
                v,
                "coordinator",
                "proxy_activities",
                perRow(c, "authenticated", coordinator, "proxy_activities", ROWS, v, false)));
        c.rollback(sp);
      }
      if (SEARCH_LIMIT) {
        for (Variant v : Variant.values()) {
          Savepoint sp = c.setSavepoint();
          if (v == Variant.PER_ROW) {
            execute(c, PER_ROW_SCOPE);
            execute(c, PER_ROW_AUDIT);
          }
          report.add(
              v
                  + ": largest activities batch within statement_timeout "
                  + TIMEOUT
                  + " (coordinator): "
                  + largestBatch(c, coordinator)
                  + " rows (doubling from 1,000; the first that failed is twice that)");
          c.rollback(sp);
        }
      }
      c.rollback();
    }
    System.out.println(
        "batch insert cost, "
            + ROWS
            + " rows per statement, "
            + Runtime.getRuntime().availableProcessors()
            + " cores, load average "
            + loadAverage());
    report.forEach(System.out::println);
  }

  private static String line(Variant v, String who, String table, double msPerRow) {
    return String.format(Locale.ROOT, "%-14s %-24s %-17s %.3f ms/row", v, who, table, msPerRow);
  }

  /** Milliseconds per row of one batch insert (rolled back to a savepoint afterwards). */
  private static double perRow(
      Connection c,
      String role,
      String claims,
      String table,
      int rows,
      Variant v,
      boolean triggersOff)
      throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      if (triggersOff) {
        execute(c, "set local session_replication_role = replica");
      }
      if (role != null) {
        act(c, role, claims);
      }
      long start = System.nanoTime();
      insert(c, table, rows);
      return (System.nanoTime() - start) / 1e6 / rows;
    } finally {
      c.rollback(sp);
    }
  }

  /**
   * Doubles the batch from 1,000 rows until the statement timeout refuses one; the last that
   * passed.
   */
  private static int largestBatch(Connection c, String claims) throws SQLException {
    int passed = 0;
    for (int rows = 1000; rows <= 256_000; rows *= 2) {
      Savepoint sp = c.setSavepoint();
      try {
        act(c, "authenticated", claims);
        execute(c, "set local statement_timeout = '" + TIMEOUT + "'");
        insert(c, "activities", rows);
        passed = rows;
      } catch (SQLException e) {
        if (!"57014".equals(e.getSQLState())) {
          throw e;
        }
        c.rollback(sp);
        return passed;
      }
      c.rollback(sp);
    }
    return passed;
  }

  private static void insert(Connection c, String table, int rows) throws SQLException {
    StringBuilder json = new StringBuilder(rows * 200).append('[');
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        json.append(',');
      }
      String day = String.format(Locale.ROOT, "2026-%02d-%02d", 1 + i % 12, 1 + i % 28);
      if (table.equals("activities")) {
        json.append("{\"org_id\":\"")
            .append(ORG_OSLO)
            .append("\",\"peer_mentor_id\":\"")
            .append(MENTOR_OSLO)
            .append("\",\"coordinator_id\":\"")
            .append(COORD_OSLO)
            .append("\",\"activity_type_id\":\"")
            .append(TYPE_SAMTALE)
            .append("\",\"activity_date\":\"")
            .append(day)
            .append("\",\"duration_minutes\":45}");
      } else {
        json.append("{\"org_id\":\"")
            .append(ORG_OSLO)
            .append("\",\"attributed_mentor_id\":\"")
            .append(MENTOR_OSLO)
            .append("\",\"coordinator_id\":\"")
            .append(COORD_OSLO)
            .append("\",\"activity_type\":\"samtale\",")
            .append("\"date\":\"")
            .append(day)
            .append("\",\"duration_minutes\":45}");
      }
    }
    json.append(']');
    String columns =
        table.equals("activities")
            ? "org_id, peer_mentor_id, coordinator_id, activity_type_id, activity_date, duration_minutes"
            : "org_id, attributed_mentor_id, coordinator_id, activity_type, date, duration_minutes";
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into public."
                + table
                + " ("
                + columns
                + ") select "
                + columns
                + " from json_populate_recordset(null::public."
                + table
                + ", ?::json)")) {
      ps.setString(1, json.toString());
      ps.executeUpdate();
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

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String scalarText(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }
}

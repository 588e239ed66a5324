package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The summary triggers of activities and proxy_activities under opposite moves between months
 * (attack finding 4): one transaction moves an activity January -> February while another moves one
 * February -> January. Locking the old month's summary row first and the new one's second made the
 * pair deadlock (40P01). The summary rows are now locked in one global order (org, month), so the
 * second mover waits instead. Real committed transactions on the seeded database, in months no seed
 * row uses; no timing is asserted: each step waits until the previous transaction is seen waiting.
 */
class SummaryLockOrderTest {

  private static final String JAN = "2031-01-15";
  private static final String FEB = "2031-02-15";

  private static LocalDatabase db;
  private static ExecutorService executor;

  private final List<UUID> created = new ArrayList<>();

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
    executor = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
  }

  @BeforeEach
  void clean() throws SQLException {
    removeTestRows();
  }

  @AfterEach
  void removeTestRows() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "delete from public.activities where activity_date between date '2031-01-01' and date '2031-02-28'");
      st.execute(
          "delete from public.proxy_activities where date between date '2031-01-01' and date '2031-02-28'");
    }
  }

  private UUID activity(String table, String date) throws SQLException {
    UUID id = UUID.randomUUID();
    String cols =
        table.equals("activities")
            ? "org_id, peer_mentor_id, coordinator_id, activity_type_id, duration_minutes, session_count, participant_count"
            : "org_id, attributed_mentor_id, coordinator_id, activity_type, activity_type_id, duration_minutes";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into public."
                    + table
                    + " (id, "
                    + dateColumn(table)
                    + ", "
                    + cols
                    + ")"
                    + " select ?::uuid, ?::date, "
                    + cols
                    + " from public."
                    + table
                    + " where org_id = (select org_id from public."
                    + table
                    + " group by org_id order by count(*) desc limit 1)"
                    + " order by id limit 1")) {
      ps.setString(1, id.toString());
      ps.setString(2, date);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    created.add(id);
    return id;
  }

  private static String dateColumn(String table) {
    return table.equals("activities") ? "activity_date" : "date";
  }

  private static Future<String> move(Connection c, String table, UUID id, String date) {
    return executor.submit(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update public."
                      + table
                      + " set "
                      + dateColumn(table)
                      + " = ?::date where id = ?::uuid")) {
            ps.setString(1, date);
            ps.setString(2, id.toString());
            ps.executeUpdate();
            c.commit();
            return null;
          } catch (SQLException e) {
            c.rollback();
            return e.getSQLState();
          }
        });
  }

  private static void awaitWaitingOrDone(Connection watcher, int pid, Future<?> f)
      throws Exception {
    while (!f.isDone() && !LockWaits.waitingOnLock(watcher, pid)) {
      Thread.sleep(10);
    }
  }

  /**
   * A holder locks January's summary row; mover A (January -> February) queues for it first, mover
   * B (February -> January) second. With old-month-first locking B already held February and A
   * would then wait for it: a deadlock. With one global order neither holds a row the other needs
   * first.
   */
  private void oppositeMoves(String table) throws Exception {
    UUID a = activity(table, JAN);
    UUID b = activity(table, FEB);
    try (Connection holder = db.dataSource().getConnection();
        Connection ca = db.dataSource().getConnection();
        Connection cb = db.dataSource().getConnection();
        Connection watcher = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      ca.setAutoCommit(false);
      cb.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute(
            "select 1 from public.org_monthly_activity_counts where activity_month = date '2031-01-01' for update");
      }
      int pidA = LockWaits.pid(ca);
      int pidB = LockWaits.pid(cb);
      Future<String> fa = move(ca, table, a, FEB);
      awaitWaitingOrDone(watcher, pidA, fa);
      Future<String> fb = move(cb, table, b, JAN);
      awaitWaitingOrDone(watcher, pidB, fb);
      holder.commit();
      assertThat(fa.get()).as("January -> February").isNull();
      assertThat(fb.get()).as("February -> January").isNull();
    }
    assertSummaryMatchesBaseTables();
  }

  @Test
  void oppositeMovesOfActivities_neverDeadlock() throws Exception {
    oppositeMoves("activities");
  }

  @Test
  void oppositeMovesOfProxyActivities_neverDeadlock() throws Exception {
    oppositeMoves("proxy_activities");
  }

  @Test
  void manyConcurrentOppositeMoves_commitWithoutDeadlock_andKeepTheSummaryExact() throws Exception {
    int pairs = 40;
    UUID a = activity("activities", JAN);
    UUID b = activity("activities", FEB);
    AtomicInteger failures = new AtomicInteger();
    List<String> states = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> runs = new ArrayList<>();
    for (UUID[] pair : new UUID[][] {{a, null}, {b, null}}) {
      UUID id = pair[0];
      boolean startsInJan = id.equals(a);
      runs.add(
          executor.submit(
              () -> {
                try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps =
                        c.prepareStatement(
                            "update public.activities set activity_date = ?::date where id = ?::uuid")) {
                  for (int i = 0; i < pairs; i++) {
                    boolean toFeb = (i % 2 == 0) == startsInJan;
                    ps.setString(1, toFeb ? FEB : JAN);
                    ps.setString(2, id.toString());
                    try {
                      ps.executeUpdate();
                    } catch (SQLException e) {
                      failures.incrementAndGet();
                      states.add(e.getSQLState());
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : runs) {
      f.get();
    }
    assertThat(states).as("SQLSTATEs of failed moves").isEmpty();
    assertThat(failures.get()).isZero();
    assertSummaryMatchesBaseTables();
  }

  private static void assertSummaryMatchesBaseTables() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      String recomputed =
          "select org_id, activity_month, count(*)::bigint as n, sum(session_count)::bigint as s,"
              + " coalesce(sum(duration_minutes), 0)::bigint as d from public.activities"
              + " where activity_month in (date '2031-01-01', date '2031-02-01') group by 1, 2";
      String stored =
          "select org_id, activity_month, activity_count, session_count, duration_minutes"
              + " from public.org_monthly_activity_counts"
              + " where activity_month in (date '2031-01-01', date '2031-02-01') and activity_count > 0";
      assertThat(tx.count("select count(*) from ((" + recomputed + ") except (" + stored + ")) x"))
          .isZero();
      assertThat(tx.count("select count(*) from ((" + stored + ") except (" + recomputed + ")) x"))
          .isZero();
      String proxyRecomputed =
          "select org_id, activity_month, count(*)::bigint, coalesce(sum(duration_minutes), 0)::bigint"
              + " from public.proxy_activities where activity_month in (date '2031-01-01', date '2031-02-01') group by 1, 2";
      String proxyStored =
          "select org_id, activity_month, proxy_activity_count, proxy_duration_minutes"
              + " from public.org_monthly_activity_counts"
              + " where activity_month in (date '2031-01-01', date '2031-02-01') and proxy_activity_count > 0";
      assertThat(
              tx.count(
                  "select count(*) from (("
                      + proxyRecomputed
                      + ") except ("
                      + proxyStored
                      + ")) x"))
          .isZero();
      assertThat(
              tx.count(
                  "select count(*) from (("
                      + proxyStored
                      + ") except ("
                      + proxyRecomputed
                      + ")) x"))
          .isZero();
    }
  }
}

package no.likeperson.supabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * For tests that race real transactions: a connection's backend pid, and whether that backend is
 * waiting on a lock (so the next step can be released without any timing assumption).
 *
 * <pre>{@code
 * int pid = LockWaits.pid(c2);
 * while (!future.isDone() && !LockWaits.waitingOnLock(watcher, pid)) Thread.sleep(10);
 * }</pre>
 */
final class LockWaits {

  private LockWaits() {}

  static int pid(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static boolean waitingOnLock(Connection watcher, int pid) throws SQLException {
    try (PreparedStatement ps =
        watcher.prepareStatement(
            "select count(*) from pg_stat_activity where pid = ? and wait_event_type = 'Lock'")) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }
}

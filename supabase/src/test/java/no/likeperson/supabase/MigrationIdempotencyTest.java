package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every migration can run again without error and without changing the schema: a developer who
 * re-runs a file by hand, or a CLI that lost its history row, does no harm. Also: the data of a
 * seeded database survives a re-run (no duplicated reference rows, nothing deleted).
 */
class MigrationIdempotencyTest {

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = LocalDatabase.builder().seed(true).start();
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void everyMigrationAppliedASecondTime_raisesNothingAndLeavesSchemaAndDataUnchanged()
      throws SQLException {
    CatalogSnapshot before = CatalogSnapshot.take(db.dataSource());
    Map<String, Long> rowsBefore = rowCounts();
    List<String> historyBefore = db.appliedMigrations();

    for (SqlScripts.Migration m : SqlScripts.migrations()) {
      db.migrations().apply(m, false); // throws, naming the file, if a statement is not re-runnable
    }

    CatalogSnapshot after = CatalogSnapshot.take(db.dataSource());
    assertThat(before.diff(after)).as("catalog changed by re-applying the migrations").isEmpty();
    assertThat(after).isEqualTo(before);
    assertThat(rowCounts()).as("rows per table after re-applying").isEqualTo(rowsBefore);
    assertThat(db.appliedMigrations()).isEqualTo(historyBefore);
  }

  @Test
  void startingAgainOnAMigratedDatabase_appliesNoMigration() {
    assertThat(db.migrations().applyPending()).isEmpty();
  }

  @Test
  void eachMigrationTwiceInARow_onAFreshDatabase_givesTheSameSchemaAsOnce() throws SQLException {
    CatalogSnapshot once = snapshotWithoutData(db);
    try (LocalDatabase fresh = LocalDatabase.builder().migrations(false).start()) {
      for (SqlScripts.Migration m : SqlScripts.migrations()) {
        fresh.migrations().apply(m, true);
        CatalogSnapshot first = CatalogSnapshot.take(fresh.dataSource());
        fresh.migrations().apply(m, true);
        CatalogSnapshot second = CatalogSnapshot.take(fresh.dataSource());
        assertThat(first.diff(second))
            .as("re-running " + m.stem() + " right after itself")
            .isEmpty();
      }
      assertThat(once.diff(CatalogSnapshot.take(fresh.dataSource())))
          .as("twice-each database vs once-each database")
          .isEmpty();
    }
  }

  private static CatalogSnapshot snapshotWithoutData(LocalDatabase d) throws SQLException {
    return CatalogSnapshot.take(d.dataSource());
  }

  private static Map<String, Long> rowCounts() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "select format('%I.%I', n.nspname, c.relname) from pg_class c "
                  + "join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r','p') "
                  + "and n.nspname in ('public', 'auth', 'app') order by 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      Map<String, Long> counts = new TreeMap<>();
      for (String t : tables) {
        try (ResultSet rs = st.executeQuery("select count(*) from " + t)) {
          rs.next();
          counts.put(t, rs.getLong(1));
        }
      }
      return counts;
    }
  }
}

package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Each {@code supabase/rollbacks/<stem>.down.sql} undoes exactly its migration: on a fresh database
 * (bootstrap only) every migration is applied in order with a catalog snapshot taken before it;
 * then, from the last migration to the first, its rollback runs and the catalog must equal the
 * snapshot from before that migration. Finally all migrations apply again on the rolled-back
 * database and give the same schema as the first time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackTest {

  private LocalDatabase db;
  private final List<SqlScripts.Migration> migrations = SqlScripts.migrations();
  private final List<CatalogSnapshot> before = new ArrayList<>();
  private CatalogSnapshot fullyMigrated;
  private final List<String> withoutRlsAfter = new ArrayList<>();

  @BeforeAll
  void migrateRecordingSnapshots() throws SQLException {
    db = LocalDatabase.builder().migrations(false).start();
    for (SqlScripts.Migration m : migrations) {
      before.add(CatalogSnapshot.take(db.dataSource()));
      db.migrations().apply(m, true);
      try (java.sql.Connection c = db.dataSource().getConnection();
          java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs =
              st.executeQuery(
                  "select c.relname from pg_class c join pg_namespace n "
                      + "on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') "
                      + "and not c.relrowsecurity")) {
        while (rs.next()) {
          withoutRlsAfter.add(m.stem() + ": public." + rs.getString(1));
        }
      }
    }
    fullyMigrated = CatalogSnapshot.take(db.dataSource());
  }

  @AfterAll
  void stop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  @Order(1)
  void everyMigration_hasARollbackOutsideTheMigrationsFolder() {
    List<String> missing = new ArrayList<>();
    for (SqlScripts.Migration m : migrations) {
      if (!SqlScripts.exists(m.rollbackResource())) {
        missing.add(m.rollbackResource());
      }
    }
    assertThat(missing).as("rollbacks missing").isEmpty();
    assertThat(SqlScripts.list(SqlScripts.MIGRATIONS)).noneMatch(f -> f.endsWith(".down.sql"));
    assertThat(SqlScripts.list(SqlScripts.ROLLBACKS))
        .as("rollbacks without a migration")
        .allMatch(f -> migrations.stream().anyMatch(m -> (m.stem() + ".down.sql").equals(f)));
  }

  @Test
  @Order(1)
  void everyPublicTable_hasRlsEnabledByTheMigrationThatCreatesIt() {
    // checked after each single migration, so no table is ever exposed between two migrations
    assertThat(withoutRlsAfter).as("public tables without RLS right after a migration").isEmpty();
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> eachRollback_fromLastToFirst_restoresTheCatalogFromBeforeItsMigration() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = migrations.size() - 1; i >= 0; i--) {
      SqlScripts.Migration m = migrations.get(i);
      CatalogSnapshot expected = before.get(i);
      tests.add(
          DynamicTest.dynamicTest(
              "rollback " + m.stem(),
              () -> {
                db.migrations().rollback(m);
                CatalogSnapshot actual = CatalogSnapshot.take(db.dataSource());
                assertThat(expected.diff(actual))
                    .as("catalog after " + m.rollbackResource() + " vs before " + m.stem())
                    .isEmpty();
              }));
    }
    return tests.stream();
  }

  @Test
  @Order(3)
  void allMigrations_reappliedAfterAllRollbacks_giveTheSameSchema() throws SQLException {
    assertThat(db.appliedMigrations()).isEmpty();
    for (SqlScripts.Migration m : migrations) {
      db.migrations().apply(m, true);
    }
    assertThat(fullyMigrated.diff(CatalogSnapshot.take(db.dataSource()))).isEmpty();
  }
}

package no.likeperson.supabase;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import no.likeperson.supabase.LocalDatabase.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema and data to the project's state, whatever started the database: the
 * {@code supabase/local} bootstrap, the migrations in version order (each in its own transaction,
 * recorded in {@code supabase_migrations.schema_migrations} exactly as the Supabase CLI records
 * them), their rollbacks, the seed and the scale generator. {@link LocalDatabase} owns the server
 * (embedded or external) and its credentials and hands this runner a superuser data source.
 *
 * <pre>{@code
 * MigrationRunner runner = new MigrationRunner(superuserDataSource);
 * runner.ensureHistoryTable();
 * List<String> applied = runner.applyPending();   // versions not yet recorded, oldest first
 * runner.applySeed();
 * }</pre>
 *
 * <p>Every method throws {@link DatabaseException} naming the file or step PostgreSQL rejected; the
 * step's transaction is rolled back. Thread-safe as far as its data source is; callers must not run
 * two schema changes at once.
 */
final class MigrationRunner {

  // LocalDatabase's logger, as before the split: log configurations name that category
  private static final Logger LOG = LoggerFactory.getLogger(LocalDatabase.class);

  /** The CLI's history table, created only when missing (a role without CREATE may read it). */
  private static final String SCHEMA_MIGRATIONS_DDL =
      "do $history$ begin if not exists (select from pg_catalog.pg_class c join pg_catalog.pg_namespace n "
          + "on n.oid = c.relnamespace where n.nspname = 'supabase_migrations' "
          + "and c.relname = 'schema_migrations') then "
          + "create schema if not exists supabase_migrations; "
          + "create table supabase_migrations.schema_migrations ("
          + "version text not null primary key, statements text[], name text); end if; end $history$;";

  private final DataSource dataSource;

  /**
   * @param dataSource superuser connections to the database this runner changes
   * @throws NullPointerException if {@code dataSource} is null
   */
  MigrationRunner(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
  }

  /** Applies the {@code supabase/local} bootstrap files in name order, one transaction each. */
  void applyBootstrap() {
    for (String file : SqlScripts.localBootstrap()) {
      LOG.debug("bootstrap {}", file);
      try (Connection c = dataSource.getConnection();
          Statement st = c.createStatement()) {
        c.setAutoCommit(false);
        st.execute(SqlScripts.read(file));
        c.commit();
      } catch (SQLException e) {
        throw new DatabaseException(file + " failed: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Creates the CLI's history table if it is missing, so it exists from the start and is part of
   * every catalog snapshot.
   */
  void ensureHistoryTable() {
    execute(SCHEMA_MIGRATIONS_DDL, "script failed");
  }

  /** Versions recorded in {@code supabase_migrations.schema_migrations}, oldest first. */
  List<String> appliedMigrations() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "select not exists (select from pg_catalog.pg_class c join pg_catalog.pg_namespace n "
                  + "on n.oid = c.relnamespace where n.nspname = 'supabase_migrations' "
                  + "and c.relname = 'schema_migrations')")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return List.of();
        }
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "select version from supabase_migrations.schema_migrations "
                  + "order by length(version), version")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return List.copyOf(out);
    } catch (SQLException e) {
      throw new DatabaseException("cannot read the migration history: " + e.getMessage(), e);
    }
  }

  /**
   * Applies every migration not yet recorded, in version order; returns the versions applied now.
   */
  List<String> applyPending() {
    Set<String> applied = new HashSet<>(appliedMigrations());
    List<String> now = new ArrayList<>();
    for (SqlScripts.Migration m : SqlScripts.migrations()) {
      if (!applied.contains(m.version())) {
        apply(m, true);
        now.add(m.version());
      }
    }
    return List.copyOf(now);
  }

  /**
   * Applies every migration again, recorded or not, in version order (the migrations are
   * idempotent, so this refreshes functions, views and policies migrated from older copies).
   */
  void reapplyAll() {
    for (SqlScripts.Migration m : SqlScripts.migrations()) {
      apply(m, true);
    }
  }

  /**
   * Applies one migration in its own transaction; with {@code record}, also records it in the CLI's
   * history table (an existing row of the same version is replaced).
   */
  void apply(SqlScripts.Migration m, boolean record) {
    LOG.debug("migration {}", m.stem());
    String sql = SqlScripts.read(m.resource());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(SCHEMA_MIGRATIONS_DDL);
        st.execute(sql);
      }
      if (record) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "insert into supabase_migrations.schema_migrations (version, name, statements) "
                    + "values (?, ?, ?) on conflict (version) do update "
                    + "set name = excluded.name, statements = excluded.statements")) {
          ps.setString(1, m.version());
          ps.setString(2, m.name());
          Array statements = c.createArrayOf("text", SqlScripts.splitStatements(sql).toArray());
          ps.setArray(3, statements);
          ps.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new DatabaseException("migration " + m.stem() + " failed: " + e.getMessage(), e);
    }
  }

  /** Runs a rollback file ({@code supabase/rollbacks/<stem>.down.sql}) and forgets the version. */
  void rollback(SqlScripts.Migration m) {
    String sql = SqlScripts.read(m.rollbackResource());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(sql);
        st.execute(SCHEMA_MIGRATIONS_DDL);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "delete from supabase_migrations.schema_migrations where version = ?")) {
        ps.setString(1, m.version());
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      throw new DatabaseException("rollback " + m.stem() + " failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code supabase/seed.sql}; without one, logs a warning and does nothing. */
  void applySeed() {
    if (!SqlScripts.exists(SqlScripts.SEED)) {
      // like `supabase db reset`: a project without seed.sql simply has no seed data
      LOG.warn("{} not on the classpath: no seed data", SqlScripts.SEED);
      return;
    }
    LOG.debug("seed {}", SqlScripts.SEED);
    execute(SqlScripts.read(SqlScripts.SEED), "script failed");
  }

  /**
   * {@code true} when no organisation exists yet: on an external database the seed runs only then,
   * once.
   */
  boolean seedNeeded() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select not exists (select from public.organisations)")) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      throw new DatabaseException("cannot inspect the external database: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the scale generator ({@code supabase/local/scale/*.sql}, then {@code app_scale.generate})
   * and {@code VACUUM (ANALYZE)}s the database.
   */
  void applyScale(ScaleOptions scale) {
    for (String file : SqlScripts.scaleGenerator()) {
      LOG.debug("scale generator {}", file);
      execute(SqlScripts.read(file), "script failed");
    }
    // numbers only, so literals are safe; literals let PostgreSQL pick int or bigint parameters
    String call =
        "select app_scale.generate("
            + scale.chapters()
            + ", "
            + scale.users()
            + ", "
            + scale.activities()
            + ", "
            + scale.years()
            + ", "
            + scale.seed()
            + ")";
    LOG.info("generating scale data: {}", scale);
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(call + "::text")) {
      rs.next();
      LOG.info("scale data generated: {}", rs.getString(1));
    } catch (SQLException e) {
      throw new DatabaseException("scale generator failed: " + e.getMessage(), e);
    }
    // VACUUM, not only ANALYZE: after a bulk load the visibility map is empty and hint bits unset,
    // so
    // index-only scans would fetch heap pages that a steady-state (autovacuumed) database never
    // reads
    execute("vacuum (analyze)", "script failed");
  }

  /** Runs a script in one implicit transaction; {@code what} starts the exception's message. */
  private void execute(String sql, String what) {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new DatabaseException(what + ": " + e.getMessage(), e);
    }
  }
}

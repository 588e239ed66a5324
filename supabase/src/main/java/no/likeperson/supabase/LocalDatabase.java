package no.likeperson.supabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL database that looks like a Supabase project's: embedded PostgreSQL 15 (or an
 * existing database, e.g. a real Supabase one), the {@code supabase/local} bootstrap (roles {@code
 * anon}, {@code authenticated}, {@code service_role}, {@code authenticator}, schema {@code auth},
 * Supabase's default grants), every migration of {@code supabase/migrations} in version order, and
 * optionally {@code supabase/seed.sql} and the scale generator.
 *
 * <p>Migrations are read from the classpath (also from inside this module's jar), applied one
 * transaction each and recorded in {@code supabase_migrations.schema_migrations} exactly like the
 * Supabase CLI does, so a version already recorded is never applied twice. This class owns the
 * server (start, credentials, data sources, reset, stop); applying the SQL is the job of the
 * package's {@code MigrationRunner}, which works the same on either kind of server.
 *
 * <pre>{@code
 * try (LocalDatabase db = LocalDatabase.builder().seed(true).start()) {
 *   try (Connection c = db.dataSource().getConnection()) {
 *     // superuser connection; act as a user with SET LOCAL ROLE + request.jwt.claims
 *   }
 *   db.resetData(); // back to the seed, fast
 * }
 * }</pre>
 *
 * <p>Embedded settings, chosen for tests on a small shared machine (a crash loses nothing of
 * value): {@code fsync=off}, {@code synchronous_commit=off}, {@code full_page_writes=off}, {@code
 * shared_buffers=128MB}, {@code work_mem=16MB}, {@code maintenance_work_mem=256MB}, {@code
 * max_wal_size=2GB}, {@code jit=off} (JIT compile time dwarfs test queries), {@code timezone=UTC},
 * {@code max_connections=100}. Authentication is {@code trust} on localhost only; the passwords
 * exist so that clients configured for a real database work unchanged.
 *
 * <p>Instances are thread-safe for reading their properties; {@link #resetData()} and {@link
 * #execute(String)} must not race with tests using the data.
 */
public final class LocalDatabase implements AutoCloseable {

  /** Login role of PostgREST; a gateway connects as this role and switches with SET LOCAL ROLE. */
  public static final String AUTHENTICATOR = "authenticator";

  private static final String EMBEDDED_SUPERUSER = "postgres";
  private static final String EMBEDDED_DATABASE = "postgres";

  private final EmbeddedPostgres embedded; // null in external mode
  private final String jdbcUrl;
  private final String superuser;
  private final String password;
  private final String authenticatorPassword; // null when unknown (external mode without it)
  private final boolean seed;
  private final PGSimpleDataSource dataSource;
  private final MigrationRunner migrations;

  private LocalDatabase(
      EmbeddedPostgres embedded,
      String jdbcUrl,
      String superuser,
      String password,
      String authenticatorPassword,
      boolean seed) {
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
    this.superuser = superuser;
    this.password = password;
    this.authenticatorPassword = authenticatorPassword;
    this.seed = seed;
    this.dataSource = newDataSource(jdbcUrl, superuser, password);
    this.migrations = new MigrationRunner(dataSource);
  }

  /** Returns a new builder with the defaults: embedded, migrations and seed applied, no scale. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * JDBC URL of the database, without credentials (see {@link #superuser()}, {@link #password()}).
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The superuser (embedded: {@code postgres}; external: the user given to the builder). */
  public String superuser() {
    return superuser;
  }

  /** The superuser's password. */
  public String password() {
    return password;
  }

  /** JDBC URL a gateway logs in with as {@link #AUTHENTICATOR} (the same database). */
  public String authenticatorJdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Password of the {@link #AUTHENTICATOR} role.
   *
   * @throws IllegalStateException in external mode when no authenticator password was given to the
   *     builder
   */
  public String authenticatorPassword() {
    if (authenticatorPassword == null) {
      throw new IllegalStateException(
          "authenticator password unknown: pass it with Builder.externalAuthenticatorPassword");
    }
    return authenticatorPassword;
  }

  /**
   * A data source logging in as the {@link #AUTHENTICATOR} role, as PostgREST does.
   *
   * @throws IllegalStateException in external mode when no authenticator password was given
   */
  public DataSource authenticatorDataSource() {
    return newDataSource(jdbcUrl, AUTHENTICATOR, authenticatorPassword());
  }

  /** A data source logging in as the superuser; every call to it opens a new connection. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** {@code true} if this instance started (and owns) an embedded PostgreSQL. */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /**
   * Runs a SQL script of one or more statements as superuser, in one implicit transaction.
   *
   * @throws NullPointerException if {@code sql} is null
   * @throws DatabaseException if PostgreSQL rejects the script (the transaction is rolled back)
   */
  public void execute(String sql) {
    Objects.requireNonNull(sql, "sql == null");
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new DatabaseException("script failed: " + e.getMessage(), e);
    }
  }

  /**
   * Empties every table of schema {@code public} and {@code auth.users} in one {@code TRUNCATE}
   * (triggers off, so append-only guards do not stop it), then re-runs {@code supabase/seed.sql} if
   * the builder asked for the seed. Scale data is not regenerated. The schema and the migration
   * history are untouched.
   *
   * @throws DatabaseException if the truncate or the seed fails
   */
  public void resetData() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      List<String> tables = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select format('%I.%I', n.nspname, c.relname) from pg_catalog.pg_class c "
                      + "join pg_catalog.pg_namespace n on n.oid = c.relnamespace "
                      + "where n.nspname = 'public' and c.relkind in ('r', 'p') "
                      + "and not exists (select from pg_catalog.pg_depend d where d.classid = "
                      + "'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e') "
                      + "order by 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      tables.add("auth.users");
      try (Statement st = c.createStatement()) {
        st.execute("set local session_replication_role = replica");
        st.execute("truncate table " + String.join(", ", tables) + " restart identity cascade");
        st.execute("set local session_replication_role = origin");
        if (seed && SqlScripts.exists(SqlScripts.SEED)) {
          st.execute(SqlScripts.read(SqlScripts.SEED));
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw new DatabaseException("reset failed: " + e.getMessage(), e);
    }
  }

  /**
   * Versions recorded in {@code supabase_migrations.schema_migrations}, oldest first.
   *
   * @throws DatabaseException if the table cannot be read
   */
  public List<String> appliedMigrations() {
    return migrations.appliedMigrations();
  }

  /**
   * Stops the embedded PostgreSQL and deletes its data; in external mode, does nothing.
   *
   * @throws UncheckedIOException if the embedded server cannot be stopped
   */
  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
      }
    }
  }

  @Override
  public String toString() {
    return "LocalDatabase{" + (embedded != null ? "embedded" : "external") + ", " + jdbcUrl + "}";
  }

  /**
   * The runner that applied this database's bootstrap, migrations, seed and scale data; the
   * database tests of this module use it to apply and roll back single migrations.
   */
  MigrationRunner migrations() {
    return migrations;
  }

  private static PGSimpleDataSource newDataSource(String url, String user, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(user);
    ds.setPassword(password);
    return ds;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Thrown when PostgreSQL rejects a script, a migration, a rollback, the seed or a reset. */
  public static final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DatabaseException(String message, Throwable cause) {
      super(message, cause);
    }

    /** The SQLSTATE of the underlying {@link SQLException}, or {@code null}. */
    public String sqlState() {
      return getCause() instanceof SQLException ? ((SQLException) getCause()).getSQLState() : null;
    }
  }

  /**
   * Configures and starts a {@link LocalDatabase}.
   *
   * <pre>{@code
   * LocalDatabase db = LocalDatabase.builder()
   *     .migrations(true)
   *     .seed(false)
   *     .scale(ScaleOptions.small())
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private boolean seed = true;
    private boolean migrations = true;
    private boolean reapply;
    private ScaleOptions scale;
    private String externalUrl;
    private String externalUser;
    private String externalPassword;
    private String externalAuthenticatorPassword;
    private final Map<String, String> serverConfig = new LinkedHashMap<>();

    private Builder() {
      serverConfig.put("fsync", "off");
      serverConfig.put("synchronous_commit", "off");
      serverConfig.put("full_page_writes", "off");
      serverConfig.put("shared_buffers", "128MB");
      serverConfig.put("work_mem", "16MB");
      serverConfig.put("maintenance_work_mem", "256MB");
      serverConfig.put("max_wal_size", "2GB");
      serverConfig.put("checkpoint_timeout", "30min");
      serverConfig.put("jit", "off");
      serverConfig.put("timezone", "UTC");
      serverConfig.put("max_connections", "100");
    }

    /** Run {@code supabase/seed.sql} after the migrations (default {@code true}). */
    public Builder seed(boolean seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Apply the migrations (default {@code true}); {@code false} leaves only the Supabase
     * bootstrap, e.g. for gateway tests with their own tables. Without migrations there is no seed.
     */
    public Builder migrations(boolean migrations) {
      this.migrations = migrations;
      return this;
    }

    /**
     * Also run the scale generator ({@code supabase/local/scale/*.sql}, then {@code
     * app_scale.generate(...)}) after the seed, if any, and {@code VACUUM (ANALYZE)} the database
     * so plans and timings are those of a steady-state database.
     *
     * @throws NullPointerException if {@code scale} is null
     */
    public Builder scale(ScaleOptions scale) {
      this.scale = Objects.requireNonNull(scale, "scale == null");
      return this;
    }

    /**
     * Apply every migration again even if its version is recorded (default {@code false}, like the
     * CLI). The migrations are idempotent, so this refreshes functions, views and policies of a
     * database that was migrated with older copies of the same files.
     */
    public Builder reapplyMigrations(boolean reapply) {
      this.reapply = reapply;
      return this;
    }

    /**
     * Use an existing database (e.g. a real Supabase project's) instead of starting one: the {@code
     * supabase/local} bootstrap is not applied, and migrations are applied only if not yet recorded
     * in {@code supabase_migrations.schema_migrations}.
     *
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if {@code url} is not a {@code jdbc:postgresql:} URL, or
     *     carries a user or password parameter (they would be printed with the URL)
     */
    public Builder externalJdbcUrl(String url, String user, String password) {
      Objects.requireNonNull(url, "url == null");
      Objects.requireNonNull(user, "user == null");
      Objects.requireNonNull(password, "password == null");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("not a jdbc:postgresql: URL");
      }
      if (url.toLowerCase(java.util.Locale.ROOT).matches(".*[?&](password|user)=.*")) {
        // the URL is printed (jdbcUrl(), toString()); credentials travel separately
        throw new IllegalArgumentException(
            "credentials belong in the user and password arguments, not in the URL");
      }
      this.externalUrl = url;
      this.externalUser = user;
      this.externalPassword = password;
      return this;
    }

    /**
     * Like {@link #externalJdbcUrl} with a connection URI as {@code supabase status} prints it,
     * {@code postgresql://postgres:postgres@127.0.0.1:54322/postgres} (user and password
     * percent-decoded; query parameters kept).
     *
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if it is not a {@code postgres://} or {@code postgresql://}
     *     URI with a host, a user and a password
     */
    public Builder externalDatabaseUri(String uri) {
      Objects.requireNonNull(uri, "uri == null");
      java.net.URI u;
      try {
        u = new java.net.URI(uri);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("not a database URI", e);
      }
      if (!("postgresql".equals(u.getScheme()) || "postgres".equals(u.getScheme()))
          || u.getHost() == null
          || u.getRawUserInfo() == null
          || !u.getRawUserInfo().contains(":")) {
        throw new IllegalArgumentException(
            "expected postgresql://user:password@host[:port]/database (credentials not echoed)");
      }
      String raw = u.getRawUserInfo();
      int colon = raw.indexOf(':');
      String user =
          java.net.URLDecoder.decode(
              raw.substring(0, colon), java.nio.charset.StandardCharsets.UTF_8);
      String password =
          java.net.URLDecoder.decode(
              raw.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8);
      String database =
          u.getRawPath() == null || u.getRawPath().length() <= 1 ? "/postgres" : u.getRawPath();
      String jdbc =
          "jdbc:postgresql://"
              + u.getHost()
              + (u.getPort() > 0 ? ":" + u.getPort() : "")
              + database
              + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
      return externalJdbcUrl(jdbc, user, password);
    }

    /**
     * The password of {@code authenticator} on the external database (Supabase: the database
     * password's authenticator login), so {@link LocalDatabase#authenticatorPassword()} works.
     *
     * @throws NullPointerException if {@code password} is null
     */
    public Builder externalAuthenticatorPassword(String password) {
      this.externalAuthenticatorPassword = Objects.requireNonNull(password, "password == null");
      return this;
    }

    /**
     * Overrides one {@code postgresql.conf} setting of the embedded server.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder serverConfig(String name, String value) {
      serverConfig.put(
          Objects.requireNonNull(name, "name == null"),
          Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * Starts (or connects to) the database and applies bootstrap, migrations, seed and scale.
     *
     * @throws IllegalStateException if the options contradict each other (scale without migrations,
     *     an authenticator password without an external database), before anything starts
     * @throws UncheckedIOException if embedded PostgreSQL cannot start
     * @throws DatabaseException if any SQL step fails (the embedded server is stopped again)
     */
    public LocalDatabase start() {
      if (scale != null && !migrations) {
        throw new IllegalStateException(
            "scale data needs the migrations: migrations(false) with scale(...)");
      }
      if (externalAuthenticatorPassword != null && externalUrl == null) {
        throw new IllegalStateException("externalAuthenticatorPassword without externalJdbcUrl");
      }
      LocalDatabase db;
      if (externalUrl != null) {
        db =
            new LocalDatabase(
                null,
                externalUrl,
                externalUser,
                externalPassword,
                externalAuthenticatorPassword,
                seed && migrations);
      } else {
        EmbeddedPostgres pg;
        try {
          EmbeddedPostgres.Builder b =
              EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120));
          serverConfig.forEach(b::setServerConfig);
          pg = b.start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + EMBEDDED_DATABASE;
        db =
            new LocalDatabase(
                pg,
                url,
                EMBEDDED_SUPERUSER,
                randomPassword(),
                randomPassword(),
                seed && migrations);
      }
      try {
        MigrationRunner runner = db.migrations();
        if (db.isEmbedded()) {
          runner.applyBootstrap();
          // parameter values cannot be bound in utility statements; the password is hex only
          db.execute(
              "alter role "
                  + AUTHENTICATOR
                  + " with password '"
                  + db.authenticatorPassword
                  + "'; alter role "
                  + EMBEDDED_SUPERUSER
                  + " with password '"
                  + db.password
                  + "'");
        }
        // the CLI's history table exists from the start, so it is part of every catalog snapshot
        runner.ensureHistoryTable();
        if (migrations) {
          if (reapply) {
            runner.reapplyAll();
          }
          runner.applyPending();
          if (seed && (db.isEmbedded() || runner.seedNeeded())) {
            runner.applySeed();
          }
        }
        if (scale != null) {
          runner.applyScale(scale);
        }
        return db;
      } catch (RuntimeException e) {
        try {
          db.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }
}

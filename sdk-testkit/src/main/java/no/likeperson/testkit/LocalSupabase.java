package no.likeperson.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.LocalDatabase;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.testkit.gateway.GatewayConfig;
import no.likeperson.testkit.gateway.PostgrestGateway;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A Docker-free local Supabase for JVM tests: embedded PostgreSQL 15 with the Supabase bootstrap,
 * the project's migrations and seed, and a PostgREST-compatible HTTP gateway on a free port of
 * 127.0.0.1, using Supabase's local default JWT secret. Row-level security is enforced by the
 * database, exactly as on Supabase.
 *
 * <pre>{@code
 * try (LocalSupabase supabase = LocalSupabase.start()) {
 *   UUID coordinatorId = UUID.fromString(SeedUsers.COORD_OSLO);
 *   SupabaseClient coordinator = supabase.clientFor(coordinatorId);
 *   List<Activity> rows =
 *       coordinator.from("activities").select("id,org_id,activity_date").list(Activity.class);
 *
 *   String jwt = supabase.tokenFor(coordinatorId); // claims from the project's access token hook
 *   String url = supabase.apiUrl(); // http://127.0.0.1:<port>, like `supabase status`
 * }
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/TestkitSnippets.java#local-supabase}.
 *
 * <p>When {@link Builder#environment(Map)} is given {@code SUPABASE_URL}, {@code
 * SUPABASE_ANON_KEY}, {@code SUPABASE_JWT_SECRET} and {@code SUPABASE_DB_URL} (the values {@code
 * supabase status -o env} prints), nothing is started: the instance points at that real Supabase
 * instead, so the same tests run against the real thing. {@link #fromEnvironment()} does this with
 * {@link System#getenv()}.
 *
 * <p>Instances are thread-safe. Closing stops the gateway and the embedded database (an external
 * Supabase is left running).
 */
public final class LocalSupabase implements AutoCloseable {

  /** Supabase's local default JWT secret ({@code supabase start}). */
  public static final String DEFAULT_JWT_SECRET = Jwts.DEFAULT_SECRET;

  /**
   * The password every user of {@code auth.users} signs in with at the local stack's {@code
   * /auth/v1/token?grant_type=password} (emails of the seed: {@link SeedUsers}). For local tests
   * only: the embedded stack is not a place for real accounts.
   */
  public static final String SEED_USER_PASSWORD = "likeperson-local-password";

  /** The port {@code supabase start} serves its API on, used by the runnable jar. */
  public static final int DEFAULT_API_PORT = 54321;

  private final @Nullable LocalDatabase database; // null when external
  private final @Nullable PostgrestGateway gateway; // null when external
  private final @Nullable ExternalSupabase external; // null when embedded
  private final String apiUrl;
  private final String anonKey;
  private final String serviceRoleKey;
  private final String jwtSecret;
  private final String jdbcUrl;
  private final String databaseUser;
  private final String databasePassword;
  private final UserTokens tokens;
  private final Clock clock;

  /**
   * The team's own seed ({@link Builder#seedFrom}), re-run by {@link #resetData()}; null: the
   * project's.
   */
  private @Nullable String userSeed;

  /** Exposed schemas besides {@code public}: resetData() empties their tables too. */
  private List<String> otherSchemas = List.of();

  /**
   * Shared by every client this instance builds: one connection pool and dispatcher, not one each.
   */
  private final OkHttpClient http = new OkHttpClient();

  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalSupabase(
      @Nullable LocalDatabase database,
      @Nullable PostgrestGateway gateway,
      @Nullable ExternalSupabase external,
      String apiUrl,
      String anonKey,
      String serviceRoleKey,
      String jwtSecret,
      String jdbcUrl,
      String databaseUser,
      String databasePassword,
      Clock clock) {
    this.database = database;
    this.gateway = gateway;
    this.external = external;
    this.apiUrl = apiUrl;
    this.anonKey = anonKey;
    this.serviceRoleKey = serviceRoleKey;
    this.jwtSecret = jwtSecret;
    this.jdbcUrl = jdbcUrl;
    this.databaseUser = databaseUser;
    this.databasePassword = databasePassword;
    UserTokens.ConnectionSource connections =
        database != null
            ? () -> database.dataSource().getConnection()
            : () -> DriverManager.getConnection(jdbcUrl, databaseUser, databasePassword);
    this.tokens = new UserTokens(connections, jwtSecret, apiUrl + "/auth/v1", clock);
    this.clock = clock;
  }

  /**
   * Starts an embedded stack with migrations and seed on a free port and the default JWT secret.
   *
   * @return the running stack; close it when done
   * @throws IllegalStateException when the database or the gateway cannot be started
   */
  public static LocalSupabase start() {
    return builder().start();
  }

  /**
   * Points at the Supabase described by the {@code SUPABASE_*} environment variables when they are
   * set, otherwise starts an embedded stack like {@link #start()}.
   *
   * @return the external or the freshly started embedded stack
   * @throws IllegalArgumentException when the environment variables are set but incomplete or
   *     malformed
   * @throws IllegalStateException when the embedded stack cannot be started
   */
  public static LocalSupabase fromEnvironment() {
    return builder().environment(System.getenv()).start();
  }

  /**
   * A builder with the defaults of {@link #start()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The API base URL, {@code http://127.0.0.1:<port>} (the SDK adds {@code /rest/v1}), like {@code
   * API_URL} of {@code supabase status}.
   *
   * @return the API URL, without a trailing slash
   */
  public String apiUrl() {
    return apiUrl;
  }

  /**
   * The anon API key: HS256 JWT {@code {"iss":"supabase-demo","role":"anon","exp":1983812996}}, or
   * the external {@code SUPABASE_ANON_KEY}.
   *
   * @return the anon key
   */
  public String anonKey() {
    return anonKey;
  }

  /**
   * The service-role API key (bypasses RLS): like the anon key with {@code role service_role}.
   *
   * @return the service-role key
   */
  public String serviceRoleKey() {
    return serviceRoleKey;
  }

  /**
   * The HS256 secret the gateway verifies tokens with.
   *
   * @return the JWT secret
   */
  public String jwtSecret() {
    return jwtSecret;
  }

  /**
   * A JDBC URL of the database; connect with {@link #databaseUser()} / {@link #databasePassword()}
   * (a superuser: bypasses RLS, for test setup and assertions only).
   *
   * @return the JDBC URL
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * The database user of {@link #jdbcUrl()}.
   *
   * @return the user name
   */
  public String databaseUser() {
    return databaseUser;
  }

  /**
   * The password of {@link #databaseUser()}.
   *
   * @return the password
   */
  public String databasePassword() {
    return databasePassword;
  }

  /**
   * Whether this instance points at an external Supabase instead of an embedded stack.
   *
   * @return true for an external Supabase
   */
  public boolean isExternal() {
    return external != null;
  }

  /**
   * An access token for a user of {@code auth.users}, as Supabase Auth would issue it: standard
   * claims ({@code sub}, {@code role authenticated}, {@code aud authenticated}, {@code exp} in one
   * hour, ...) passed through {@code public.custom_access_token_hook}, signed HS256 with {@link
   * #jwtSecret()}.
   *
   * @param userId the user's id
   * @return the signed JWT
   * @throws NullPointerException when {@code userId} is null
   * @throws IllegalArgumentException when the user does not exist
   * @throws IllegalStateException when the hook refuses the user, the database cannot be reached,
   *     or this instance is closed
   */
  public String tokenFor(UUID userId) {
    Objects.requireNonNull(userId, "userId == null");
    checkOpen();
    return tokens.tokenFor(userId);
  }

  /**
   * The claims {@link #tokenFor(UUID)} would sign, for assertions on what the hook produced.
   *
   * @param userId the user's id
   * @return an unmodifiable map of the claims (nested objects as fresh maps and lists; JSON null as
   *     null)
   * @throws NullPointerException when {@code userId} is null
   * @throws IllegalArgumentException when the user does not exist
   * @throws IllegalStateException when the hook refuses the user or the database cannot be reached
   */
  public Map<String, Object> claimsFor(UUID userId) {
    Objects.requireNonNull(userId, "userId == null");
    checkOpen();
    // not Map.copyOf: a hook may legitimately return JSON nulls
    return java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(tokens.claimsFor(userId)));
  }

  /**
   * A ready SDK client signed in as {@code userId}: anon key as {@code apikey}, the user's token as
   * bearer (minted now through the access token hook, and minted again shortly before it expires or
   * when the SDK asks for a refresh, like a live Supabase session).
   *
   * @param userId the user's id
   * @return a new client
   * @throws NullPointerException when {@code userId} is null
   * @throws IllegalArgumentException when the user does not exist
   * @throws IllegalStateException when the token cannot be minted or this instance is closed
   */
  public SupabaseClient clientFor(UUID userId) {
    Objects.requireNonNull(userId, "userId == null");
    checkOpen();
    return SupabaseClient.builder()
        .url(apiUrl)
        .apiKey(anonKey)
        .okHttpClient(http)
        .accessTokenProvider(new RefreshingTokenProvider(userId, tokens::tokenFor, clock))
        .build();
  }

  /**
   * A client without a user session: requests run as {@code anon}.
   *
   * @return a new client
   * @throws IllegalStateException when this instance is closed
   */
  public SupabaseClient anonClient() {
    checkOpen();
    return SupabaseClient.builder().url(apiUrl).apiKey(anonKey).okHttpClient(http).build();
  }

  /**
   * A client with the service-role key (bypasses RLS, like a trusted back end).
   *
   * @return a new client
   * @throws IllegalStateException when this instance is closed
   */
  public SupabaseClient serviceRoleClient() {
    checkOpen();
    return SupabaseClient.builder().url(apiUrl).apiKey(serviceRoleKey).okHttpClient(http).build();
  }

  /**
   * Puts the data back to the seed: every row written since start (or the previous reset) is gone
   * and the seed rows are there again. Schema objects are kept.
   *
   * @throws IllegalStateException when the database fails or this instance is closed
   */
  public void resetData() {
    checkOpen();
    try {
      if (database != null) {
        database.resetData();
        truncateOtherExposedSchemas();
        if (userSeed != null) {
          database.execute(userSeed);
        }
      } else {
        try (LocalDatabase db = externalDatabase()) {
          db.resetData();
        }
      }
    } catch (LocalDatabase.DatabaseException e) {
      throw new IllegalStateException(
          "resetData failed (SQLSTATE " + e.sqlState() + "): " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("NullAway") // called for the embedded stack only, which has a database
  private void truncateOtherExposedSchemas() {
    if (otherSchemas.isEmpty()) {
      return;
    }
    StringBuilder names = new StringBuilder();
    for (String schema : otherSchemas) {
      names
          .append(names.length() == 0 ? "" : ", ")
          .append('\'')
          .append(schema.replace("'", "''"))
          .append('\'');
    }
    database.execute(
        "set session_replication_role = replica; do $$ declare t text; begin "
            + "select string_agg(format('%I.%I', n.nspname, c.relname), ', ') into t from pg_catalog.pg_class c "
            + "join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p') "
            + "and n.nspname in ("
            + names
            + "); "
            + "if t is not null then execute 'truncate table ' || t || ' restart identity cascade'; end if; end $$; "
            + "set session_replication_role = origin");
  }

  @SuppressWarnings("NullAway") // called for an external stack only
  private LocalDatabase externalDatabase() {
    ExternalSupabase.Database d = external.database();
    // migrations(true) + seed(true) so that resetData() re-runs seed.sql; on a project whose
    // migrations the CLI already applied (same history table) no migration runs again.
    return LocalDatabase.builder()
        .externalJdbcUrl(d.jdbcUrl(), d.user(), d.password())
        .migrations(true)
        .seed(true)
        .start();
  }

  /**
   * Reloads the gateway's schema cache after DDL. Against an external Supabase it sends {@code
   * NOTIFY pgrst, 'reload schema'}, which PostgREST answers by reloading (asynchronously).
   *
   * @throws IllegalStateException when this instance is closed, or the catalogs cannot be read /
   *     the notification cannot be sent
   */
  public void reloadSchemaCache() {
    checkOpen();
    if (gateway != null) {
      gateway.reloadSchemaCache();
    } else {
      execute("notify pgrst, 'reload schema'");
    }
  }

  /**
   * Runs SQL as the database superuser (bypassing RLS), for test setup.
   *
   * @param sql one or more statements
   * @throws NullPointerException when {@code sql} is null
   * @throws IllegalStateException when the SQL fails or this instance is closed
   */
  public void execute(String sql) {
    Objects.requireNonNull(sql, "sql == null");
    checkOpen();
    if (database != null) {
      try {
        database.execute(sql);
      } catch (LocalDatabase.DatabaseException e) {
        throw new IllegalStateException("SQL failed with SQLSTATE " + e.sqlState(), e);
      }
    } else {
      try (var c = DriverManager.getConnection(jdbcUrl, databaseUser, databasePassword);
          var st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("SQL failed with SQLSTATE " + e.getSQLState(), e);
      }
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("LocalSupabase is closed");
    }
  }

  /**
   * Stops the gateway and the embedded database and releases the HTTP connections of the clients
   * this instance built (they stop working); idempotent. An external Supabase keeps running.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }

  @Override
  public String toString() {
    return "LocalSupabase["
        + (isExternal() ? "external" : "embedded")
        + ", apiUrl="
        + apiUrl
        + ", jdbcUrl="
        + jdbcUrl
        + "]";
  }

  /**
   * Configures a {@link LocalSupabase}.
   *
   * <pre>{@code
   * LocalSupabase supabase = LocalSupabase.builder()
   *     .port(54321)                       // default 0 = a free port
   *     .scale(ScaleOptions.small())       // instead of the seed
   *     .environment(System.getenv())      // use SUPABASE_* if set
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private String jwtSecret = DEFAULT_JWT_SECRET;
    private int port;
    private boolean seed = true;
    private boolean migrations = true;
    private @Nullable ScaleOptions scale;
    private Map<String, String> environment = Map.of();
    private Clock clock = Clock.systemUTC();
    private List<String> schemas = List.of("public");
    private @Nullable Path migrationsDir;
    private @Nullable Path seedFile;
    private long maxRequestBodyBytes = GatewayConfig.DEFAULT_MAX_REQUEST_BODY_BYTES;
    private boolean aggregatesEnabled;
    private @Nullable String preRequest;
    private boolean preRequestSet;

    private Builder() {}

    /**
     * The gateway's {@code db-pre-request} function (PostgREST's setting of that name), called in
     * every request's transaction after the role and claims are set and before the query, so a
     * suite can test the function it configures on Supabase ({@code pgrst.db_pre_request}).
     * Default: what the database configures for PostgREST, as PostgREST's in-database configuration
     * does: the {@code pgrst.db_pre_request} setting of the {@code authenticator} role (the
     * project's migrations set {@code app.pre_request}), else none, read again on {@code NOTIFY
     * pgrst, 'reload config'} (or {@code 'reload schema'}, {@link #reloadSchemaCache()}) as
     * PostgREST does. A function given here (or {@code null}, none) replaces that: the database's
     * setting is then not read (PostgREST's {@code db-config = false}). Ignored in external mode
     * (configure PostgREST there).
     *
     * <pre>{@code
     * LocalSupabase.builder().preRequest("app.check_request").start();
     * }</pre>
     *
     * @param function {@code schema.function} or {@code function} ({@link #start()} refuses any
     *     other shape), or {@code null} for none
     * @return this builder
     */
    public Builder preRequest(@Nullable String function) {
      this.preRequest = function;
      this.preRequestSet = true;
      return this;
    }

    /**
     * The schemas the gateway exposes, like PostgREST's {@code db-schemas} (default {@code
     * public}); the first is the default, the others are chosen with {@code Accept-Profile}/{@code
     * Content-Profile}.
     *
     * @param schemas at least one schema name
     * @return this builder
     * @throws NullPointerException when the list or a name is null
     * @throws IllegalArgumentException when the list is empty
     */
    public Builder schemas(List<String> schemas) {
      Objects.requireNonNull(schemas, "schemas == null");
      schemas.forEach(x -> Objects.requireNonNull(x, "schema == null"));
      if (schemas.isEmpty()) {
        throw new IllegalArgumentException("schemas is empty");
      }
      this.schemas = List.copyOf(schemas);
      return this;
    }

    /**
     * Applies a team's own migrations instead of this project's: every {@code *.sql} file of {@code
     * dir}, in file-name order, each as one script, after the Supabase bootstrap (roles, {@code
     * auth} schema). The project's seed is not loaded then; see {@link #seedFrom(Path)}.
     *
     * @param dir a directory of migration files (e.g. {@code supabase/migrations})
     * @return this builder
     * @throws NullPointerException when {@code dir} is null
     * @throws IllegalArgumentException when it is not a directory
     */
    public Builder migrationsFrom(Path dir) {
      Objects.requireNonNull(dir, "dir == null");
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("not a directory: " + dir);
      }
      this.migrationsDir = dir;
      return this;
    }

    /**
     * A team's own seed script, run after the migrations and again by {@link
     * LocalSupabase#resetData()} (which first empties {@code public} and {@code auth.users}).
     * Replaces the project's seed.
     *
     * @param file the seed (e.g. {@code supabase/seed.sql})
     * @return this builder
     * @throws NullPointerException when {@code file} is null
     * @throws IllegalArgumentException when it is not a readable file
     */
    public Builder seedFrom(Path file) {
      Objects.requireNonNull(file, "file == null");
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("not a file: " + file);
      }
      this.seedFile = file;
      return this;
    }

    /**
     * The largest request body the embedded gateway accepts (default 1 MiB, like Supabase's API
     * gateway); a larger one is answered with 413, which the SDK throws as {@code
     * RequestTooLargeException}. Ignored in external mode.
     *
     * @param bytes at least 1
     * @return this builder
     * @throws IllegalArgumentException when below 1
     */
    public Builder maxRequestBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxRequestBodyBytes must be at least 1: " + bytes);
      }
      this.maxRequestBodyBytes = bytes;
      return this;
    }

    /**
     * Whether the embedded gateway serves aggregate functions in {@code select} ({@code
     * select=minutes.sum(),count()}), like PostgREST's {@code db-aggregates-enabled}. Default
     * {@code false}, as on Supabase, where they answer 400 {@code PGRST123}; a project that enables
     * them on Supabase ({@code alter role authenticator set pgrst.db_aggregates_enabled = 'true'})
     * enables them here too. Ignored in external mode (the real server's setting applies).
     *
     * <pre>{@code
     * LocalSupabase supabase = LocalSupabase.builder().aggregatesEnabled(true).start();
     * }</pre>
     *
     * @param enabled whether aggregates are allowed
     * @return this builder
     */
    public Builder aggregatesEnabled(boolean enabled) {
      this.aggregatesEnabled = enabled;
      return this;
    }

    /**
     * The HS256 secret for the embedded gateway (ignored in external mode).
     *
     * @param jwtSecret at least 32 characters
     * @return this builder
     * @throws NullPointerException when {@code jwtSecret} is null
     * @throws IllegalArgumentException when it is shorter than 32 characters
     */
    public Builder jwtSecret(String jwtSecret) {
      Objects.requireNonNull(jwtSecret, "jwtSecret == null");
      if (jwtSecret.length() < ExternalSupabase.MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException(
            "jwtSecret must be at least "
                + ExternalSupabase.MIN_SECRET_LENGTH
                + " characters long");
      }
      this.jwtSecret = jwtSecret;
      return this;
    }

    /**
     * The gateway port on 127.0.0.1; 0 (the default) picks a free one. Ignored in external mode.
     *
     * @param port 0..65535
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Whether to load {@code supabase/seed.sql} (default true). Ignored in external mode.
     *
     * @param seed whether to seed
     * @return this builder
     */
    public Builder seed(boolean seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Whether to apply the project's migrations (default true). Without them only the Supabase
     * bootstrap (roles, {@code auth} schema) exists, and implies no seed. Ignored in external mode.
     *
     * @param migrations whether to migrate
     * @return this builder
     */
    public Builder migrations(boolean migrations) {
      this.migrations = migrations;
      return this;
    }

    /**
     * Generates a data set of this size instead of loading the seed. Ignored in external mode.
     *
     * @param scale the size, e.g. {@link ScaleOptions#nhf()}
     * @return this builder
     * @throws NullPointerException when {@code scale} is null
     */
    public Builder scale(ScaleOptions scale) {
      this.scale = Objects.requireNonNull(scale, "scale == null");
      return this;
    }

    /**
     * Environment variables to look for an external Supabase in (normally {@link System#getenv()}).
     * When none of the {@code SUPABASE_*} variables is set, an embedded stack is started.
     *
     * @param environment the variables; copied
     * @return this builder
     * @throws NullPointerException when {@code environment} is null
     */
    public Builder environment(Map<String, String> environment) {
      Objects.requireNonNull(environment, "environment == null");
      this.environment = Map.copyOf(environment);
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Starts the stack (or connects to the external one).
     *
     * @return the running stack
     * @throws IllegalArgumentException when the environment describes an incomplete or malformed
     *     external Supabase
     * @throws IllegalStateException when the database or the gateway cannot be started
     */
    public LocalSupabase start() {
      Optional<ExternalSupabase> ext = ExternalSupabase.fromEnvironment(environment);
      if (ext.isPresent()) {
        ExternalSupabase e = ext.get();
        return new LocalSupabase(
            null,
            null,
            e,
            e.apiUrl(),
            e.anonKey(),
            e.serviceRoleKey(),
            e.jwtSecret(),
            e.database().jdbcUrl(),
            e.database().user(),
            e.database().password(),
            clock);
      }
      boolean own = migrationsDir != null || seedFile != null;
      LocalDatabase.Builder db =
          own
              ? LocalDatabase.builder().migrations(false).seed(false)
              : LocalDatabase.builder()
                  .migrations(migrations)
                  .seed(migrations && seed && scale == null);
      if (scale != null) {
        db.scale(scale);
      }
      LocalDatabase database;
      try {
        database = db.start();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "could not start the embedded database: " + e.getMessage(), e);
      }
      PostgrestGateway gateway = null;
      LocalAuthUsers auth = new LocalAuthUsers(() -> database.dataSource().getConnection());
      try {
        String ownSeed = own ? applyOwnScripts(database) : null;
        try {
          // the gateway's other defaults are Supabase's: 127.0.0.1, anon role anon, 1,000 rows at
          // most
          gateway =
              PostgrestGateway.start(
                  GatewayConfig.builder()
                      .auth(auth)
                      .jdbcUrl(
                          database.authenticatorJdbcUrl(),
                          LocalDatabase.AUTHENTICATOR,
                          database.authenticatorPassword())
                      .jwtSecret(jwtSecret)
                      .port(port)
                      .schemas(schemas)
                      .maxRequestBodyBytes(maxRequestBodyBytes)
                      .aggregatesEnabled(aggregatesEnabled)
                      .preRequest(preRequest)
                      .inDatabaseConfig(!preRequestSet)
                      .build());
        } catch (RuntimeException e) {
          throw new IllegalStateException(
              "could not start the gateway on 127.0.0.1:"
                  + port
                  + (port == 0 ? "" : " (port in use?)")
                  + ": "
                  + e.getMessage(),
              e);
        }
        LocalSupabase started =
            new LocalSupabase(
                database,
                gateway,
                null,
                gateway.baseUrl(),
                Jwts.apiKey(jwtSecret, "anon"),
                Jwts.apiKey(jwtSecret, "service_role"),
                jwtSecret,
                database.jdbcUrl(),
                database.superuser(),
                database.password(),
                clock);
        started.userSeed = ownSeed;
        started.otherSchemas = schemas.stream().filter(x -> !x.equals("public")).toList();
        auth.tokens(started.tokens);
        return started;
      } catch (RuntimeException | Error e) {
        try {
          if (gateway != null) {
            gateway.close();
          }
        } finally {
          database.close();
        }
        throw e;
      }
    }

    /**
     * Runs the team's migrations (file-name order) and seed; returns the seed text for resetData().
     */
    private @Nullable String applyOwnScripts(LocalDatabase database) {
      try {
        if (migrationsDir != null) {
          List<Path> files;
          try (Stream<Path> list = Files.list(migrationsDir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
          }
          for (Path f : files) {
            try {
              database.execute(Files.readString(f));
            } catch (LocalDatabase.DatabaseException e) {
              throw new IllegalStateException(
                  "migration " + f.getFileName() + " failed: " + e.getMessage(), e);
            }
          }
        }
        if (seedFile == null) {
          return null;
        }
        String seedSql = Files.readString(seedFile);
        database.execute(seedSql);
        return seedSql;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

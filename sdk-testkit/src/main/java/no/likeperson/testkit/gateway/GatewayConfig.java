package no.likeperson.testkit.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link PostgrestGateway}: where the database is, the JWT secret, the
 * exposed schemas and the limits PostgREST would be configured with.
 *
 * <p>Either give a ready {@link DataSource} whose connections log in as {@code authenticator}, or a
 * JDBC URL with user and password, from which the gateway builds its own small HikariCP pool.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.builder()
 *     .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/postgres", "authenticator", password)
 *     .jwtSecret("super-secret-jwt-token-with-at-least-32-characters-long")
 *     .port(0).schemas(List.of("public"))
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} never prints the secret or the password. Not API (see the package
 * documentation): public only for {@code LocalSupabase}; the settings it does not use are
 * package-private, for the gateway's own tests.
 */
public final class GatewayConfig {
  private final @Nullable DataSource dataSource;
  private final @Nullable String jdbcUrl;
  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable String jwtSecret;
  private final @Nullable String jwtAudience;
  private final String host;
  private final int port;
  private final List<String> schemas;
  private final List<String> extraSearchPath;
  private final String anonRole;
  private final Integer maxRows;
  private final int poolSize;
  private final boolean txOverrideAllowed;
  private final int retryAfterSeconds;
  private final @Nullable AuthUsers auth;
  private final boolean requireApiKey;
  private final long maxRequestBodyBytes;
  private final boolean aggregatesEnabled;
  private final @Nullable String preRequest;
  private final boolean inDatabaseConfig;

  private GatewayConfig(Builder b) {
    this.dataSource = b.dataSource;
    this.jdbcUrl = b.jdbcUrl;
    this.user = b.user;
    this.password = b.password;
    this.jwtSecret = b.jwtSecret;
    this.jwtAudience = b.jwtAudience;
    this.host = b.host;
    this.port = b.port;
    this.schemas = Collections.unmodifiableList(new ArrayList<>(b.schemas));
    this.extraSearchPath = Collections.unmodifiableList(new ArrayList<>(b.extraSearchPath));
    this.anonRole = b.anonRole;
    this.maxRows = b.maxRows;
    this.poolSize = b.poolSize;
    this.txOverrideAllowed = b.txOverrideAllowed;
    this.retryAfterSeconds = b.retryAfterSeconds;
    this.auth = b.auth;
    this.requireApiKey = b.requireApiKey;
    this.maxRequestBodyBytes = b.maxRequestBodyBytes;
    this.aggregatesEnabled = b.aggregatesEnabled;
    this.preRequest = b.preRequest;
    this.inDatabaseConfig = b.inDatabaseConfig;
  }

  /**
   * Starts a builder with Supabase's defaults: host 127.0.0.1, a free port, schema {@code public},
   * extra search path {@code public}, anonymous role {@code anon}, 1,000 rows at most per response,
   * a pool of 8 connections, {@code Prefer: tx=commit|rollback} honoured, an {@code apikey}
   * required on every API request (like Supabase's API gateway) and request bodies of at most
   * {@link #DEFAULT_MAX_REQUEST_BODY_BYTES} (larger ones: 413).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the data source given to the builder, or {@code null} when a JDBC URL was given
   */
  @Nullable DataSource dataSource() {
    return dataSource;
  }

  /**
   * @return the JDBC URL, or {@code null} when a data source was given
   */
  @Nullable String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * @return the login role of the JDBC URL, or {@code null}
   */
  @Nullable String user() {
    return user;
  }

  @Nullable String password() {
    return password;
  }

  @Nullable String jwtSecret() {
    return jwtSecret;
  }

  /**
   * @return the audience a JWT must carry, or {@code null} when {@code aud} is not checked
   *     (Supabase)
   */
  @Nullable String jwtAudience() {
    return jwtAudience;
  }

  /**
   * @return the address the HTTP server binds to
   */
  String host() {
    return host;
  }

  /**
   * @return the TCP port, 0 for a free one
   */
  int port() {
    return port;
  }

  /**
   * @return the exposed schemas, the first is the default one
   */
  List<String> schemas() {
    return schemas;
  }

  /**
   * @return schemas appended to the search path of every request
   */
  List<String> extraSearchPath() {
    return extraSearchPath;
  }

  /**
   * @return the role of requests without a token, or {@code null} when anonymous access is disabled
   */
  String anonRole() {
    return anonRole;
  }

  /**
   * @return the row cap of every read, or {@code null} for none
   */
  Integer maxRows() {
    return maxRows;
  }

  /**
   * @return the size of the pool built from a JDBC URL
   */
  int poolSize() {
    return poolSize;
  }

  /**
   * @return whether {@code Prefer: tx=rollback|commit} is honoured ({@code
   *     db-tx-end=commit-allow-override})
   */
  boolean txOverrideAllowed() {
    return txOverrideAllowed;
  }

  /**
   * @return the {@code Retry-After} seconds of a 503 answer
   */
  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * @return the users of the {@code /auth/v1} endpoints, or null when they are not served
   */
  @Nullable AuthUsers auth() {
    return auth;
  }

  /**
   * @return whether requests under {@code /rest/v1} and {@code /auth/v1} without an {@code apikey}
   *     header (or {@code ?apikey=} parameter) are refused with 401, as Supabase's API gateway does
   *     before PostgREST or Auth sees them
   */
  boolean requireApiKey() {
    return requireApiKey;
  }

  /**
   * Default limit of a request body: 1 MiB, the {@code client_max_body_size} default of nginx, on
   * which Supabase's API gateway (Kong / OpenResty) runs. See docs/gateway.md, "Request size".
   */
  public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 1024L * 1024L;

  /**
   * @return the largest request body accepted; a larger one is answered with 413
   */
  long maxRequestBodyBytes() {
    return maxRequestBodyBytes;
  }

  /**
   * @return whether {@code select=amount.sum(),count()} is served (PostgREST's {@code
   *     db-aggregates-enabled})
   */
  boolean aggregatesEnabled() {
    return aggregatesEnabled;
  }

  /**
   * @return the function called in every request's transaction after the request settings and
   *     before the main statement ({@code schema.function} or {@code function}), or {@code null}
   *     for none
   */
  @Nullable String preRequest() {
    return preRequest;
  }

  /**
   * @return whether the connecting role's {@code pgrst.*} settings override this configuration
   *     (PostgREST's {@code db-config}), read with the schema cache
   */
  boolean inDatabaseConfig() {
    return inDatabaseConfig;
  }

  @Override
  public String toString() {
    // a JDBC URL may carry ?password=...: print it without its query string
    String url = jdbcUrl == null ? "<dataSource>" : jdbcUrl.replaceAll("\\?.*$", "?...");
    return "GatewayConfig{jdbcUrl="
        + url
        + ", user="
        + user
        + ", host="
        + host
        + ", port="
        + port
        + ", schemas="
        + schemas
        + ", anonRole="
        + anonRole
        + ", maxRows="
        + maxRows
        + ", poolSize="
        + poolSize
        + ", txOverrideAllowed="
        + txOverrideAllowed
        + ", requireApiKey="
        + requireApiKey
        + ", maxRequestBodyBytes="
        + maxRequestBodyBytes
        + ", aggregatesEnabled="
        + aggregatesEnabled
        + ", preRequest="
        + preRequest
        + ", inDatabaseConfig="
        + inDatabaseConfig
        + "}";
  }

  /**
   * Builds a {@link GatewayConfig}; {@link #build()} validates every value.
   *
   * <pre>{@code
   * GatewayConfig c = GatewayConfig.builder().dataSource(ds).jwtSecret(secret).build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable String jdbcUrl;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable String jwtSecret;
    private @Nullable String jwtAudience;
    private String host = "127.0.0.1";
    private int port = 0;
    private List<String> schemas = List.of("public");
    private List<String> extraSearchPath = List.of("public");
    private String anonRole = "anon";
    private Integer maxRows = 1000;
    private int poolSize = 8;
    private boolean txOverrideAllowed = true;
    private int retryAfterSeconds = 1;
    private @Nullable AuthUsers auth;
    private boolean requireApiKey = true;
    private long maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
    private boolean aggregatesEnabled;
    private @Nullable String preRequest;
    private boolean inDatabaseConfig;

    private Builder() {}

    /**
     * Also serves Supabase Auth's session endpoints under {@code /auth/v1} for these users.
     *
     * @param auth who signs in and how their tokens are minted
     * @return this builder
     * @throws NullPointerException if {@code auth} is null
     */
    public Builder auth(AuthUsers auth) {
      this.auth = Objects.requireNonNull(auth, "auth == null");
      return this;
    }

    /**
     * Uses a ready data source whose connections log in as {@code authenticator}; the caller keeps
     * ownership (the gateway does not close it).
     *
     * @param dataSource the pool
     * @return this builder
     * @throws NullPointerException if {@code dataSource} is null
     */
    Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
      return this;
    }

    /**
     * Lets the gateway build (and close) its own HikariCP pool.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL
     * @param user the login role, normally {@code authenticator}
     * @param password its password
     * @return this builder
     * @throws NullPointerException if any argument is null
     */
    public Builder jdbcUrl(String jdbcUrl, String user, String password) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
      this.user = Objects.requireNonNull(user, "user == null");
      this.password = Objects.requireNonNull(password, "password == null");
      return this;
    }

    /**
     * @param jwtSecret the HMAC secret (raw UTF-8 bytes), at least 32 characters
     * @return this builder
     * @throws NullPointerException if {@code jwtSecret} is null
     */
    public Builder jwtSecret(String jwtSecret) {
      this.jwtSecret = Objects.requireNonNull(jwtSecret, "jwtSecret == null");
      return this;
    }

    /**
     * @param jwtAudience the required {@code aud}, or {@code null} to not check it (Supabase's
     *     default)
     * @return this builder
     */
    Builder jwtAudience(String jwtAudience) {
      this.jwtAudience = jwtAudience;
      return this;
    }

    /**
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @return this builder
     * @throws NullPointerException if {@code host} is null
     */
    Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host == null");
      return this;
    }

    /**
     * @param port 0..65535, 0 for a free port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * @param schemas the exposed schemas, at least one; the first is the default
     * @return this builder
     * @throws NullPointerException if {@code schemas} or an element is null
     */
    public Builder schemas(List<String> schemas) {
      Objects.requireNonNull(schemas, "schemas == null");
      schemas.forEach(s -> Objects.requireNonNull(s, "schema == null"));
      this.schemas = List.copyOf(schemas);
      return this;
    }

    /**
     * @param extraSearchPath schemas appended to every request's search path
     * @return this builder
     * @throws NullPointerException if the list or an element is null
     */
    Builder extraSearchPath(List<String> extraSearchPath) {
      Objects.requireNonNull(extraSearchPath, "extraSearchPath == null");
      extraSearchPath.forEach(s -> Objects.requireNonNull(s, "schema == null"));
      this.extraSearchPath = List.copyOf(extraSearchPath);
      return this;
    }

    /**
     * @param anonRole the role of requests without a token; {@code null} disables anonymous access
     *     (PGRST302)
     * @return this builder
     */
    Builder anonRole(String anonRole) {
      this.anonRole = anonRole;
      return this;
    }

    /**
     * @param maxRows the row cap of every read ({@code db-max-rows}), or {@code null} for none
     * @return this builder
     */
    Builder maxRows(Integer maxRows) {
      this.maxRows = maxRows;
      return this;
    }

    /**
     * @param poolSize connections of the pool built from a JDBC URL, at least 1
     * @return this builder
     */
    Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /**
     * @param allowed whether {@code Prefer: tx=rollback|commit} is honoured
     * @return this builder
     */
    Builder txOverrideAllowed(boolean allowed) {
      this.txOverrideAllowed = allowed;
      return this;
    }

    /**
     * @param seconds the {@code Retry-After} value of 503 answers, at least 0
     * @return this builder
     */
    Builder retryAfterSeconds(int seconds) {
      this.retryAfterSeconds = seconds;
      return this;
    }

    /**
     * @param required whether requests under {@code /rest/v1} and {@code /auth/v1} without an
     *     {@code apikey} are refused with 401 (default {@code true}, like Supabase; {@code false}
     *     behaves like a bare PostgREST, which ignores it)
     * @return this builder
     */
    Builder requireApiKey(boolean required) {
      this.requireApiKey = required;
      return this;
    }

    /**
     * @param bytes the largest request body accepted (at least 1); larger ones are answered with
     *     {@code 413} and a PostgREST-shaped error body, before any SQL runs
     * @return this builder
     */
    public Builder maxRequestBodyBytes(long bytes) {
      this.maxRequestBodyBytes = bytes;
      return this;
    }

    /**
     * @param enabled whether aggregate functions in {@code select} are allowed (default {@code
     *     false}, like PostgREST's {@code db-aggregates-enabled}; when off they answer 400
     *     PGRST123)
     * @return this builder
     */
    public Builder aggregatesEnabled(boolean enabled) {
      this.aggregatesEnabled = enabled;
      return this;
    }

    /**
     * PostgREST's {@code db-pre-request}: a function called with no arguments in every request's
     * transaction, after the role, claims and request settings are set and before the main
     * statement, as {@code SELECT "schema"."function"()}. It can read every request setting, set
     * transaction-local settings the main statement reads, or raise an error, which is answered
     * like any error of the main statement (e.g. {@code raise sqlstate 'PT403'} gives 403).
     * Default: none, as in PostgREST.
     *
     * @param preRequest {@code schema.function} or {@code function} (resolved through the request's
     *     search path), or {@code null} for none
     * @return this builder
     */
    public Builder preRequest(@Nullable String preRequest) {
      this.preRequest = preRequest;
      return this;
    }

    /**
     * PostgREST's {@code db-config}: the connecting (authenticator) role's {@code pgrst.*} settings
     * override this configuration, as PostgREST's in-database configuration overrides its file and
     * environment. Read when the schema cache loads, so {@code NOTIFY pgrst, 'reload config'} or
     * {@code 'reload schema'} applies a change without a restart. The gateway reads {@code
     * pgrst.db_pre_request} (the setting a migration uses to configure the pre-request on
     * Supabase); a database-specific setting wins over one for all databases. Default: off
     * (PostgREST's default is on; {@code LocalSupabase} turns it on unless a pre-request is given).
     *
     * <pre>{@code
     * // alter role authenticator set pgrst.db_pre_request = 'app.pre_request';
     * // notify pgrst, 'reload config';
     * GatewayConfig.builder().jdbcUrl(url, "authenticator", password).jwtSecret(secret)
     *     .inDatabaseConfig(true).build();
     * }</pre>
     *
     * @param inDatabaseConfig whether to read the role's settings
     * @return this builder
     */
    public Builder inDatabaseConfig(boolean inDatabaseConfig) {
      this.inDatabaseConfig = inDatabaseConfig;
      return this;
    }

    /**
     * @return the validated configuration
     * @throws IllegalStateException if neither or both of a data source and a JDBC URL were given,
     *     or the JWT secret is missing
     * @throws IllegalArgumentException if a value is out of range (secret shorter than 32
     *     characters, port, pool size, max rows, request body limit, empty or blank schema names, a
     *     pre-request name that is not {@code function} or {@code schema.function})
     */
    public GatewayConfig build() {
      if ((dataSource == null) == (jdbcUrl == null)) {
        throw new IllegalStateException(
            "exactly one of dataSource(...) and jdbcUrl(...) is required");
      }
      if (jwtSecret == null) {
        throw new IllegalStateException("jwtSecret(...) is required");
      }
      if (jwtSecret.length() < 32) {
        throw new IllegalArgumentException(
            "jwtSecret must be at least 32 characters (PostgREST 13+ refuses shorter ones)");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize < 1: " + poolSize);
      }
      if (maxRows != null && maxRows < 1) {
        throw new IllegalArgumentException("maxRows < 1: " + maxRows);
      }
      if (retryAfterSeconds < 0) {
        throw new IllegalArgumentException("retryAfterSeconds < 0: " + retryAfterSeconds);
      }
      if (maxRequestBodyBytes < 1) {
        throw new IllegalArgumentException("maxRequestBodyBytes < 1: " + maxRequestBodyBytes);
      }
      if (schemas.isEmpty()) {
        throw new IllegalArgumentException("schemas is empty");
      }
      for (String s : schemas) {
        if (s.isBlank()) throw new IllegalArgumentException("blank schema name");
        if (s.equals("pg_catalog") || s.equals("information_schema")) {
          throw new IllegalArgumentException("schema cannot be exposed: " + s);
        }
      }
      if (anonRole != null && anonRole.isBlank()) {
        throw new IllegalArgumentException("blank anonRole");
      }
      if (preRequest != null && PreRequest.parts(preRequest) == null) {
        throw new IllegalArgumentException(
            "preRequest must be function or schema.function: " + preRequest);
      }
      return new GatewayConfig(this);
    }
  }
}

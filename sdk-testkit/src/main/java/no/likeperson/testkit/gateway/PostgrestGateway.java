package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgREST-compatible HTTP gateway over a real PostgreSQL: the subset of PostgREST 12/13 that
 * the SDK uses, served under {@code /rest/v1} like Supabase. Every request runs in one transaction
 * as the role of its JWT; row-level security is enforced by PostgreSQL, never by the gateway.
 * Unsupported PostgREST features answer {@code 400 PGRST127}.
 *
 * <pre>{@code
 * try (PostgrestGateway gw = PostgrestGateway.start(GatewayConfig.builder()
 *     .jdbcUrl(authenticatorJdbcUrl, "authenticator", password)
 *     .jwtSecret("super-secret-jwt-token-with-at-least-32-characters-long")
 *     .build())) {
 *   String api = gw.baseUrl() + "/rest/v1";   // e.g. http://127.0.0.1:49153/rest/v1
 *   // ... GET api + "/activities?select=id&org_id=eq." + org, Authorization: Bearer <jwt>
 *   gw.reloadSchemaCache();                    // after DDL, like NOTIFY pgrst, 'reload schema'
 * }
 * }</pre>
 *
 * <p>With {@link GatewayConfig.Builder#auth(AuthUsers)}, also Supabase Auth's session endpoints
 * under {@code /auth/v1} ({@code token}, {@code user}, {@code logout}). Also serves {@code GET
 * /live} (200 while running) and {@code GET /ready} (200 once the schema cache is loaded, 503 while
 * the database is unreachable).
 *
 * <p>Not API (see the package documentation): public only so that {@code LocalSupabase} can start
 * it.
 */
public final class PostgrestGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgrestGateway.class);

  private final GatewayConfig config;
  private final DataSource dataSource;
  private final @Nullable HikariDataSource ownPool;
  private final Undertow server;
  private final int port;
  private final Object cacheLock = new Object();
  private volatile @Nullable SchemaCache cache;
  private final SchemaListener listener;

  private PostgrestGateway(GatewayConfig config) {
    this.config = config;
    if (config.dataSource() != null) {
      this.dataSource = config.dataSource();
      this.ownPool = null;
    } else {
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl(config.jdbcUrl());
      hc.setUsername(config.user());
      hc.setPassword(config.password());
      hc.setMaximumPoolSize(config.poolSize());
      hc.setMinimumIdle(1);
      hc.setConnectionTimeout(3_000);
      hc.setInitializationFailTimeout(
          -1); // start even while the database is down: answer 503 meanwhile
      hc.setPoolName("postgrest-gateway");
      this.ownPool = new HikariDataSource(hc);
      this.dataSource = ownPool;
    }
    try {
      reloadSchemaCache();
    } catch (IllegalStateException e) {
      LOG.warn(
          "schema cache not loaded yet (database unreachable?); requests answer 503 until it loads: {}",
          e.getMessage());
    }
    // trailing content after the JSON value ({"id":1}{"id":2}) is invalid JSON, as for PostgREST's
    // aeson
    ObjectMapper json =
        new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    JwtAuthenticator jwt =
        new JwtAuthenticator(
            config.jwtSecret(), config.jwtAudience(), config.anonRole(), json, Clock.systemUTC());
    // outermost first: the body size limit and the apikey check of Supabase's API gateway, then
    // Auth, then PostgREST
    HttpHandler handler = new Router(config, dataSource, this::schemaCache, jwt, json);
    if (config.auth() != null) {
      handler =
          new AuthHandler(config.auth(), config.jwtSecret(), json, Clock.systemUTC(), handler);
    }
    if (config.requireApiKey()) {
      handler = new ApiKeyCheck(handler);
    }
    this.server =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
            .setHandler(new RequestSizeLimit(config.maxRequestBodyBytes(), handler))
            .build();
    try {
      server.start();
    } catch (RuntimeException e) {
      if (ownPool != null) ownPool.close();
      throw e;
    }
    this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    this.listener = new SchemaListener(config, dataSource, this::reloadAfterNotify);
    listener.start();
  }

  private void reloadAfterNotify() {
    try {
      reloadSchemaCache();
      LOG.info("schema cache reloaded (NOTIFY pgrst)");
    } catch (IllegalStateException e) {
      LOG.warn("schema cache reload after NOTIFY pgrst failed: {}", e.getMessage());
    }
  }

  /**
   * Starts the gateway: builds the pool (if given a JDBC URL), reads the schema cache and binds the
   * HTTP listener. A database that is not reachable yet does not fail the start: requests answer
   * {@code 503 PGRST002} until the schema cache can be read.
   *
   * @param config the configuration
   * @return the running gateway; close it to stop
   * @throws NullPointerException if {@code config} is null
   * @throws RuntimeException if the HTTP port cannot be bound
   */
  public static PostgrestGateway start(GatewayConfig config) {
    Objects.requireNonNull(config, "config == null");
    return new PostgrestGateway(config);
  }

  /**
   * @return the bound TCP port
   */
  int port() {
    return port;
  }

  /**
   * @return {@code http://<host>:<port>}; the PostgREST API is under {@code /rest/v1}
   */
  public String baseUrl() {
    return "http://" + config.host() + ":" + port;
  }

  /**
   * @return the configuration the gateway runs with
   */
  GatewayConfig config() {
    return config;
  }

  /**
   * Re-reads tables, views, columns, foreign keys and functions from the catalogs. The gateway also
   * does it by itself on {@code NOTIFY pgrst, 'reload schema'} (or an empty payload), PostgREST's
   * contract, so a migration run by a test suite needs no Java call; the reload then happens
   * shortly after the notifying transaction commits.
   *
   * @throws IllegalStateException if the catalogs cannot be read (database unreachable)
   */
  public void reloadSchemaCache() {
    synchronized (cacheLock) {
      try (Connection c = dataSource.getConnection()) {
        cache = SchemaCache.load(c, config.schemas(), config.inDatabaseConfig());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the schema cache: " + e.getMessage(), e);
      }
    }
  }

  @SuppressWarnings("NullAway") // reloadSchemaCache() sets the cache or throws
  SchemaCache schemaCache() {
    SchemaCache c = cache;
    if (c != null) {
      return c;
    }
    try {
      reloadSchemaCache();
      return cache;
    } catch (IllegalStateException e) {
      throw GatewayException.unavailable(
          "PGRST002", "Could not query the database for the schema cache. Retrying.");
    }
  }

  /** Stops the HTTP listener and closes the pool the gateway built itself. */
  @Override
  public void close() {
    listener.close();
    server.stop();
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return "PostgrestGateway{" + baseUrl() + "}";
  }
}

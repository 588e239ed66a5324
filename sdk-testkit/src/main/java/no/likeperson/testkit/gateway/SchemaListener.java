package no.likeperson.testkit.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.NullUnmarked;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL's {@code pgrst} channel like PostgREST: {@code NOTIFY pgrst, 'reload
 * schema'} (or an empty payload) reloads the schema cache, and {@code 'reload config'} does too:
 * the in-database configuration ({@link GatewayConfig.Builder#inDatabaseConfig(boolean)}) is read
 * with it. One daemon thread with its own connection (outside the request pool); a lost connection
 * is re-opened after a second.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class SchemaListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaListener.class);

  private final GatewayConfig config;
  private final DataSource dataSource;
  private final Runnable reload;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  SchemaListener(GatewayConfig config, DataSource dataSource, Runnable reload) {
    this.config = config;
    this.dataSource = dataSource;
    this.reload = reload;
    this.thread = new Thread(this::run, "postgrest-gateway-listener");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private Connection open() throws SQLException {
    // a connection of its own when the gateway has the URL; else one held from the caller's pool
    return config.jdbcUrl() != null
        ? DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())
        : dataSource.getConnection();
  }

  private void run() {
    boolean first = true;
    while (!closed) {
      try (Connection c = open()) {
        connection = c;
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN pgrst");
        }
        // a change made while no one listened is not missed: reload after every re-connection
        if (!first) reload.run();
        first = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] ns = pg.getNotifications(500);
          if (ns == null) continue;
          boolean reloadNow = false;
          for (PGNotification n : ns) {
            String payload = n.getParameter() == null ? "" : n.getParameter().trim();
            // 'reload config' too: the in-database configuration is read with the schema cache
            if (payload.isEmpty()
                || payload.equals("reload schema")
                || payload.equals("reload config")) {
              reloadNow = true;
            }
          }
          if (reloadNow) reload.run();
        }
      } catch (SQLException e) {
        if (closed) return;
        LOG.debug("schema listener connection lost: {}", e.getMessage());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      } finally {
        connection = null;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}

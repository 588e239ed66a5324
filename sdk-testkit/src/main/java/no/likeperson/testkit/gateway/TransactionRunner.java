package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import no.likeperson.testkit.gateway.JwtAuthenticator.Principal;
import org.jspecify.annotations.NullUnmarked;

/**
 * Runs one request's work in one transaction as {@code authenticator} with the request's role and
 * GUCs (reference §1.4/§1.5), and ends it in COMMIT or ROLLBACK.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class TransactionRunner {
  private final GatewayConfig config;
  private final DataSource dataSource;
  private final Supplier<SchemaCache> cache;
  private final ObjectMapper json;
  private final Map<String, Boolean> bypassRls = new ConcurrentHashMap<>();
  private volatile SchemaCache bypassRlsOf;

  TransactionRunner(
      GatewayConfig config, DataSource dataSource, Supplier<SchemaCache> cache, ObjectMapper json) {
    this.config = config;
    this.dataSource = dataSource;
    this.cache = cache;
    this.json = json;
  }

  /**
   * The single row every main query returns. The body stays the UTF-8 bytes the database sent
   * (pgjdbc returns a text column's bytes as received): a national Bufdir document is 23.6 MB, and
   * decoding it to a String only to encode it again cost both time and twice its size in heap.
   */
  record MainRow(
      Long total, long pageTotal, byte[] body, String responseHeaders, String responseStatus) {}

  @FunctionalInterface
  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /**
   * The open transaction. The request GUCs ({@code set_config(...)}) travel in the same round trip
   * as the first main statement (pgjdbc sends both statements with one Sync), which saves one
   * network round trip per request.
   */
  static final class Tx {
    final Connection c;
    private SqlWriter locals;

    /**
     * Statements in {@link #locals} after the access-mode statement (resets, settings,
     * pre-request).
     */
    private final int localStatements;

    /**
     * The main statement's batch already ended with COMMIT (nothing after it could need a
     * rollback).
     */
    boolean committed;

    Tx(Connection c, SqlWriter locals, int localStatements) {
      this.c = c;
      this.locals = locals;
      this.localStatements = localStatements;
    }
  }

  /** Marks that the transaction must end in ROLLBACK although the work succeeded. */
  static final class Outcome<T> {
    final T value;
    final boolean rollback;

    Outcome(T value, boolean rollback) {
      this.value = value;
      this.rollback = rollback;
    }
  }

  <T> T inTransaction(
      ApiRequest req,
      Principal p,
      String schema,
      boolean readOnly,
      Preferences prefs,
      Work<Outcome<T>> work) {
    SqlWriter locals =
        new SqlWriter()
            .append(readOnly ? SESSION_RESET_RO : SESSION_RESET_RW)
            .append(locals(req, p, schema, prefs));
    int localStatements = 3; // RESET ALL, RESET ROLE, set_config(...)
    // the database's pgrst.db_pre_request when the gateway reads it, else the configured one
    String preRequest = cache.get().preRequest(config);
    if (preRequest != null) {
      // db-pre-request: after the settings, before the main statement, in the same transaction
      locals.append("; ").append(PreRequest.statement(preRequest));
      localStatements++;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(readOnly);
      try {
        Tx tx = new Tx(c, locals, localStatements);
        Outcome<T> o = work.run(tx);
        if (tx.locals != null && preRequest != null) {
          // no main statement ran (an empty insert or patch): PostgREST still calls the pre-request
          try (PreparedStatement ps = c.prepareStatement(tx.locals.sql.toString())) {
            tx.locals.bind(ps);
            ps.execute();
          }
          tx.locals = null;
        }
        boolean rollback =
            o.rollback || (config.txOverrideAllowed() && "rollback".equals(prefs.tx()));
        if (tx.committed) {
          if (rollback) {
            throw new IllegalStateException("committed a transaction that needed a rollback");
          }
          c.commit(); // no round trip: the server is idle, pgjdbc knows it; keeps HikariCP's
          // state clean
        } else if (rollback) {
          try (PreparedStatement ps = c.prepareStatement("SET CONSTRAINTS ALL IMMEDIATE")) {
            ps.execute();
          }
          c.rollback();
        } else {
          c.commit();
        }
        return o.value;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is broken; HikariCP evicts it
        }
        throw e;
      }
    } catch (SQLException e) {
      throw ErrorMapper.fromSql(e, p.authenticated(), json);
    }
  }

  /**
   * {@code SELECT set_config(...)} of the request (reference §1.4/§1.5) as a writer with bound
   * values.
   */
  private SqlWriter locals(ApiRequest req, Principal p, String schema, Preferences prefs) {
    List<String[]> roleSettings = cache.get().roleSettings(p.role());
    StringBuilder sp = new StringBuilder(SqlWriter.ident(schema));
    for (String s : config.extraSearchPath()) {
      sp.append(", ").append(SqlWriter.ident(s));
    }
    SqlWriter w =
        new SqlWriter()
            .append("SELECT pg_catalog.set_config('search_path', ")
            .text(sp.toString())
            .append(", true)");
    for (String[] kv : roleSettings) {
      w.append(", pg_catalog.set_config(").text(kv[0]).append(", ").text(kv[1]).append(", true)");
    }
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    ObjectNode cookies = JsonNodeFactory.instance.objectNode();
    req.headers()
        .forEach(
            (k, v) -> {
              if (!k.equals("cookie")) headers.put(k, v);
            });
    String cookie = req.header("cookie");
    if (cookie != null) {
      for (String part : cookie.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0) cookies.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    w.append(", pg_catalog.set_config('role', ")
        .text(p.role())
        .append(", true), pg_catalog.set_config('request.jwt.claims', ")
        .text(p.claimsJson())
        .append(", true), pg_catalog.set_config('request.method', ")
        .text(req.method())
        .append(", true), pg_catalog.set_config('request.path', ")
        .text(req.path())
        .append(", true), pg_catalog.set_config('request.headers', ")
        .text(headers.toString())
        .append(", true), pg_catalog.set_config('request.cookies', ")
        .text(cookies.toString())
        .append(", true)");
    if (prefs.timezone() != null) {
      w.append(", pg_catalog.set_config('timezone', ").text(prefs.timezone()).append(", true)");
    }
    return w;
  }

  /**
   * Runs the main statement: request GUCs, statement and, when {@code commit} is set, COMMIT go to
   * PostgreSQL as one batch with a single Sync (one network round trip). Only used when nothing
   * read from the result can still require a rollback (no singular or max-affected check, no {@code
   * tx=rollback}, no follow-up statement). An error anywhere skips the rest of the batch, so a
   * failed statement is never committed.
   */
  /**
   * First statements of every transaction: the access mode and isolation stated explicitly
   * (PostgREST does the same with {@code BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE|READ
   * ONLY}), so a session-level {@code default_transaction_read_only}/{@code _isolation} left by an
   * earlier request cannot change this one; then {@code RESET ALL} / {@code RESET ROLE} clear any
   * other session-level state it left (an RPC calling {@code set_config(..., false)} or {@code SET
   * ROLE}).
   */
  private static final String SESSION_RESET_RW =
      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE; RESET ALL; RESET ROLE; ";

  private static final String SESSION_RESET_RO =
      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY; RESET ALL; RESET ROLE; ";

  static MainRow main(Tx tx, SqlWriter w, boolean commit) throws SQLException {
    SqlWriter stmt = w;
    boolean withLocals = tx.locals != null;
    if (withLocals) {
      stmt = new SqlWriter().append(tx.locals).append("; ").append(w);
      tx.locals = null;
    }
    if (commit) {
      stmt = new SqlWriter().append(stmt).append("; COMMIT");
    }
    try (PreparedStatement ps = tx.c.prepareStatement(stmt.sql.toString())) {
      stmt.bind(ps);
      ps.execute();
      if (withLocals) {
        // RESET ALL, RESET ROLE, set_config(...), [pre-request], then the main statement
        for (int i = 0; i < tx.localStatements; i++) {
          ps.getMoreResults();
        }
        ps.getMoreResults();
      }
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        long total = rs.getLong(1);
        Long t = rs.wasNull() ? null : total;
        MainRow row =
            new MainRow(t, rs.getLong(2), rs.getBytes(3), rs.getString(4), rs.getString(5));
        tx.committed = commit;
        return row;
      }
    }
  }

  boolean rollbackRequested(Preferences prefs) {
    return config.txOverrideAllowed() && "rollback".equals(prefs.tx());
  }

  /**
   * Whether a role is exempt from row-level security (superuser or {@code BYPASSRLS}, like
   * Supabase's {@code service_role}). Read from {@code pg_roles} once per role and schema cache
   * load (a reload also forgets these).
   */
  boolean bypassesRls(String role) {
    SchemaCache current = cache.get();
    if (current != bypassRlsOf) {
      bypassRls.clear();
      bypassRlsOf = current;
    }
    return bypassRls.computeIfAbsent(
        role,
        r -> {
          try (Connection c = dataSource.getConnection();
              PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            ps.setString(1, r);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() && rs.getBoolean(1);
            }
          } catch (SQLException e) {
            throw ErrorMapper.fromSql(e, false, json);
          }
        });
  }

  long planned(Tx tx, SqlWriter countQuery) throws SQLException {
    SqlWriter w = new SqlWriter().append("EXPLAIN (FORMAT JSON) ").append(countQuery);
    try (PreparedStatement ps = tx.c.prepareStatement(w.sql.toString())) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        try {
          return json.readTree(rs.getString(1)).path(0).path("Plan").path("Plan Rows").asLong();
        } catch (Exception e) {
          throw new SQLException("cannot read EXPLAIN output", e);
        }
      }
    }
  }
}

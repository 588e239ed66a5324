package no.likeperson.supabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One superuser transaction for test set-up and checks that must see every row; rolled back on
 * close unless {@link #commit()} was called. Like {@link PgSession} but without a role switch, so
 * triggers and constraints still fire while RLS does not apply.
 */
final class SuperuserTx implements AutoCloseable {

  private final Connection connection;

  private SuperuserTx(Connection connection) {
    this.connection = connection;
  }

  static SuperuserTx open(LocalDatabase db) throws SQLException {
    Connection c = db.dataSource().getConnection();
    c.setAutoCommit(false);
    return new SuperuserTx(c);
  }

  Connection connection() {
    return connection;
  }

  List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  Object scalar(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no row: " + sql);
      }
      return rs.getObject(1);
    }
  }

  long count(String sql, Object... params) throws SQLException {
    return ((Number) scalar(sql, params)).longValue();
  }

  int update(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params)) {
      return ps.executeUpdate();
    }
  }

  void execute(String sql) throws SQLException {
    try (var st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  /** Runs a statement in a savepoint; returns null on success or the SQLSTATE it raised. */
  String attempt(String sql, Object... params) throws SQLException {
    String error = attemptMessage(sql, params);
    return error == null ? null : error.substring(0, 5);
  }

  /**
   * Acts as PostgREST does for a request with this role and claims, for the following statements
   * ({@code SET LOCAL} of {@code role} and {@code request.jwt.claims}); {@code reset role} returns
   * to the superuser.
   */
  void act(String role, String claims) throws SQLException {
    scalar(
        "select set_config('role', ?, true) || set_config('request.jwt.claims', ?, true)",
        role,
        claims);
  }

  /** {@link #act} with the access token Supabase would issue to this user. */
  void actAs(LocalDatabase db, java.util.UUID user) throws SQLException {
    act("authenticated", PgSession.claimsFor(db, user));
  }

  /**
   * Like {@link #attempt} but returns the SQLSTATE, the message and, when the error names one, a
   * last line {@code constraint=<name>}; null on success.
   */
  String attemptMessage(String sql, Object... params) throws SQLException {
    Savepoint sp = connection.setSavepoint();
    try (PreparedStatement ps = prepare(sql, params)) {
      ps.execute();
      connection.releaseSavepoint(sp);
      return null;
    } catch (SQLException e) {
      connection.rollback(sp);
      String constraint =
          e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
              ? p.getServerErrorMessage().getConstraint()
              : null;
      return e.getSQLState()
          + " "
          + e.getMessage()
          + (constraint == null ? "" : "\nconstraint=" + constraint);
    }
  }

  void commit() throws SQLException {
    connection.commit();
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  @Override
  public void close() throws SQLException {
    try {
      connection.rollback();
    } finally {
      connection.close();
    }
  }
}

package no.likeperson.supabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Acts on the database exactly as PostgREST does for one request (reference §1.4/§1.5): one
 * transaction on a connection logged in as {@code authenticator} (superuser when the authenticator
 * password is unknown, e.g. a real Supabase database), then {@code set_config('search_path' |
 * 'role' | 'request.jwt.claims' | 'request.method' | 'request.path', ..., true)}, i.e. {@code SET
 * LOCAL}. {@link #close()} rolls back, so a test leaves nothing behind.
 *
 * <p>A user's claims are what Supabase would put in the access token: the GoTrue claims ({@code
 * sub}, {@code role=authenticated}, {@code aud}, {@code email}, {@code app_metadata} from {@code
 * auth.users.raw_app_meta_data}, ...) passed through {@code public.custom_access_token_hook} when
 * that function exists, else with {@code app_metadata.organisation_id / organisation_ids /
 * org_roles} built directly from {@code org_memberships}.
 *
 * <pre>{@code
 * try (PgSession s = PgSession.user(db, SeedData.COORD_OSLO)) {
 *   long n = s.count("select count(*) from public.activities");
 *   PgSession.Outcome o = s.attempt("delete from public.activities where org_id = ?", otherOrg);
 * }
 * }</pre>
 */
final class PgSession implements AutoCloseable {

  /** Result of a statement that may be refused: affected rows, or the SQLSTATE it raised. */
  record Outcome(int rows, String sqlState, String message) {
    boolean failed() {
      return sqlState != null;
    }

    @Override
    public String toString() {
      return failed() ? "raised " + sqlState + " (" + message + ")" : rows + " row(s)";
    }
  }

  private final Connection connection;

  /**
   * Whether a session calls {@code app.pre_request()} after its settings, as PostgREST does with
   * {@code db-pre-request} (default); {@code -Dpgsession.preRequest=false} runs every test on the
   * policies' fallback path (the helpers), as a SQL session without the pre-request sees them.
   */
  private static final boolean PRE_REQUEST =
      Boolean.parseBoolean(System.getProperty("pgsession.preRequest", "true"));

  private final String role;
  private final String claims;

  private PgSession(LocalDatabase db, String role, String claims) throws SQLException {
    this(db, role, claims, false);
  }

  private PgSession(LocalDatabase db, String role, String claims, boolean readOnly)
      throws SQLException {
    this(db, role, claims, readOnly, null, null);
  }

  private PgSession(
      LocalDatabase db, String role, String claims, boolean readOnly, UUID statusOf, String status)
      throws SQLException {
    this(db, role, claims, readOnly, statusOf, status, PRE_REQUEST);
  }

  /**
   * {@code statusOf != null}: on a superuser connection, first sets that user's {@code
   * users.status} to {@code status} inside the request's transaction (rolled back by {@link
   * #close()}). {@code preRequest}: call {@code app.pre_request()} after the settings.
   */
  private PgSession(
      LocalDatabase db,
      String role,
      String claims,
      boolean readOnly,
      UUID statusOf,
      String status,
      boolean preRequest)
      throws SQLException {
    this.role = role;
    this.claims = claims;
    Connection c;
    if (statusOf != null) {
      c = db.dataSource().getConnection();
    } else {
      try {
        c = db.authenticatorDataSource().getConnection();
      } catch (IllegalStateException noAuthenticatorPassword) {
        c = db.dataSource().getConnection();
      }
    }
    this.connection = c;
    try {
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        // PostgREST: GET/HEAD and non-volatile RPCs READ ONLY, everything else READ WRITE
        st.execute(
            "set transaction isolation level read committed "
                + (readOnly ? "read only" : "read write"));
      }
      if (statusOf != null) {
        try (PreparedStatement ps =
            connection.prepareStatement("update public.users set status = ? where id = ?")) {
          ps.setString(1, status);
          ps.setObject(2, statusOf);
          if (ps.executeUpdate() != 1) {
            throw new IllegalArgumentException("no public.users row " + statusOf);
          }
        }
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "select set_config('search_path', '\"public\", \"extensions\"', true), "
                  + "set_config('role', ?, true), set_config('request.jwt.claims', ?, true), "
                  + "set_config('request.method', ?, true), set_config('request.path', '/rpc/test', true), "
                  + "set_config('request.headers', '{}', true), set_config('request.cookies', '{}', true)")) {
        ps.setString(1, role);
        ps.setString(2, claims);
        ps.setString(3, readOnly ? "GET" : "POST");
        ps.execute();
      }
      if (preRequest) {
        // PostgREST's db-pre-request (the migrations configure app.pre_request), where it exists
        try (Statement st = connection.createStatement();
            ResultSet rs =
                st.executeQuery("select to_regprocedure('app.pre_request()') is not null")) {
          rs.next();
          if (rs.getBoolean(1)) {
            st.execute("select app.pre_request()");
          }
        }
      }
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /** A request without a token: role {@code anon}, claims {@code {"role":"anon"}}. */
  static PgSession anon(LocalDatabase db) throws SQLException {
    return new PgSession(db, "anon", "{\"role\":\"anon\"}");
  }

  /** A request with the service key: role {@code service_role} (BYPASSRLS). */
  static PgSession serviceRole(LocalDatabase db) throws SQLException {
    return new PgSession(
        db, "service_role", "{\"role\":\"service_role\",\"iss\":\"supabase-demo\"}");
  }

  /** A request with the access token Supabase would issue to this {@code auth.users} id. */
  static PgSession user(LocalDatabase db, UUID userId) throws SQLException {
    Objects.requireNonNull(userId, "userId == null");
    return new PgSession(db, "authenticated", claimsFor(db, userId));
  }

  /**
   * {@link #user} with the pre-request chosen by the test instead of by {@code
   * -Dpgsession.preRequest}, for tests that compare both paths in one run.
   */
  static PgSession user(LocalDatabase db, UUID userId, boolean preRequest) throws SQLException {
    Objects.requireNonNull(userId, "userId == null");
    return new PgSession(db, "authenticated", claimsFor(db, userId), false, null, null, preRequest);
  }

  /**
   * A request with the token Supabase issued to {@code userId} while they were active, after their
   * {@code users.status} became {@code status} (e.g. {@code suspended}): the token is still valid.
   * The status change lives in the request's transaction only and is rolled back with it.
   */
  static PgSession userWithStatus(LocalDatabase db, UUID userId, String status)
      throws SQLException {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(status, "status == null");
    return new PgSession(db, "authenticated", claimsFor(db, userId), false, userId, status);
  }

  /**
   * The same request as a GET (READ ONLY transaction, as PostgREST runs reads and non-volatile
   * RPCs): {@code userId == null} means anon.
   */
  static PgSession get(LocalDatabase db, UUID userId) throws SQLException {
    return userId == null
        ? new PgSession(db, "anon", "{\"role\":\"anon\"}", true)
        : new PgSession(db, "authenticated", claimsFor(db, userId), true);
  }

  /**
   * A request with claims computed earlier by {@link #claimsFor} (saves two round trips per request
   * in tests that open many); {@code readOnly} makes it a GET.
   */
  static PgSession withClaims(LocalDatabase db, String role, String claims, boolean readOnly)
      throws SQLException {
    Objects.requireNonNull(role, "role == null");
    Objects.requireNonNull(claims, "claims == null");
    return new PgSession(db, role, claims, readOnly);
  }

  /** A GET with the service key. */
  static PgSession getAsServiceRole(LocalDatabase db) throws SQLException {
    return new PgSession(
        db, "service_role", "{\"role\":\"service_role\",\"iss\":\"supabase-demo\"}", true);
  }

  /** The claims JSON {@link #user} would use, for tests of the claims themselves. */
  static String claimsFor(LocalDatabase db, UUID userId) throws SQLException {
    String base =
        "jsonb_build_object('sub', u.id::text, 'role', 'authenticated', 'aud', 'authenticated',"
            + " 'iss', 'http://127.0.0.1:54321/auth/v1', 'email', coalesce(u.email, ''), 'phone', '',"
            + " 'iat', extract(epoch from now())::bigint, 'exp', extract(epoch from now())::bigint + 3600,"
            + " 'app_metadata', coalesce(u.raw_app_meta_data, '{}'::jsonb)"
            + "   || '{\"provider\":\"email\",\"providers\":[\"email\"]}'::jsonb,"
            + " 'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),"
            + " 'aal', 'aal1', 'amr', jsonb_build_array(jsonb_build_object('method', 'password',"
            + " 'timestamp', extract(epoch from now())::bigint)),"
            + " 'session_id', '00000000-0000-4000-8000-000000000000', 'is_anonymous', false)";
    boolean hook;
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select to_regprocedure('public.custom_access_token_hook(jsonb)') is not null")) {
      rs.next();
      hook = rs.getBoolean(1);
    }
    String sql =
        hook
            ? "select (public.custom_access_token_hook(jsonb_build_object('user_id', u.id::text, "
                + "'claims', "
                + base
                + ", 'authentication_method', 'password')) -> 'claims')::text "
                + "from auth.users u where u.id = ?"
            : "select jsonb_set(b, '{app_metadata}', (b -> 'app_metadata') || jsonb_build_object("
                + " 'organisation_id', (select p.org_id from public.users p where p.id = x.id),"
                + " 'organisation_ids', coalesce((select jsonb_agg(distinct m.org_id) from public.org_memberships m"
                + "   where m.user_id = x.id), '[]'::jsonb),"
                + " 'org_roles', coalesce((select jsonb_object_agg(o.org_id, o.roles) from (select m.org_id,"
                + "   jsonb_agg(m.role order by m.role) as roles from public.org_memberships m"
                + "   where m.user_id = x.id group by m.org_id) o), '{}'::jsonb)))::text"
                + " from (select u.id, "
                + base
                + " as b from auth.users u where u.id = ?) x";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) {
          throw new IllegalArgumentException("no auth.users row (or hook result) for " + userId);
        }
        return rs.getString(1);
      }
    }
  }

  /** The impersonated role ({@code anon}, {@code authenticated}, {@code service_role}). */
  String role() {
    return role;
  }

  /** The claims JSON set as {@code request.jwt.claims}. */
  String claims() {
    return claims;
  }

  /** The underlying connection (inside the request transaction; do not commit it). */
  Connection connection() {
    return connection;
  }

  /** Runs a query and returns every row as column label to value, in order. */
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

  /** The first column of every row. */
  List<Object> column(String sql, Object... params) throws SQLException {
    List<Object> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getObject(1));
      }
    }
    return out;
  }

  /** The single value of a one-row, one-column query (null allowed). */
  Object scalar(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no row: " + sql);
      }
      return rs.getObject(1);
    }
  }

  /** A {@code select count(*) ...} as a long. */
  long count(String sql, Object... params) throws SQLException {
    return ((Number) scalar(sql, params)).longValue();
  }

  /**
   * Runs a statement and returns the affected rows; an error propagates (and dooms the
   * transaction).
   */
  int update(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params)) {
      return ps.executeUpdate();
    }
  }

  /**
   * Runs a statement that may be refused, inside a savepoint so the session stays usable: returns
   * the affected rows, or the SQLSTATE and message it raised (the savepoint is rolled back).
   */
  Outcome attempt(String sql, Object... params) throws SQLException {
    Savepoint sp = connection.setSavepoint();
    try (PreparedStatement ps = prepare(sql, params)) {
      boolean resultSet = ps.execute();
      int rows;
      if (resultSet) {
        rows = 0;
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            rows++;
          }
        }
      } else {
        rows = ps.getUpdateCount();
      }
      connection.releaseSavepoint(sp);
      return new Outcome(rows, null, null);
    } catch (SQLException e) {
      connection.rollback(sp);
      return new Outcome(0, e.getSQLState(), e.getMessage());
    }
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        if (p instanceof java.util.Collection) {
          // a collection binds as uuid[] (or text[] if it holds anything but UUIDs)
          java.util.Collection<?> items = (java.util.Collection<?>) p;
          boolean allUuids = items.stream().allMatch(x -> x instanceof UUID);
          ps.setArray(i + 1, connection.createArrayOf(allUuids ? "uuid" : "text", items.toArray()));
        } else {
          ps.setObject(i + 1, p);
        }
      }
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
    return ps;
  }

  /** Rolls the request back and returns the connection; nothing a test did survives. */
  @Override
  public void close() throws SQLException {
    try {
      connection.rollback();
    } finally {
      connection.close();
    }
  }
}

package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import no.likeperson.testkit.gateway.JwtAuthenticator.Principal;
import no.likeperson.testkit.gateway.QueryGrammar.Condition;
import no.likeperson.testkit.gateway.QueryGrammar.Field;
import no.likeperson.testkit.gateway.QueryGrammar.OrderTerm;
import no.likeperson.testkit.gateway.QueryGrammar.ParseFailure;
import no.likeperson.testkit.gateway.QueryGrammar.SelectItem;
import no.likeperson.testkit.gateway.SchemaCache.Arg;
import no.likeperson.testkit.gateway.SchemaCache.Relation;
import no.likeperson.testkit.gateway.SchemaCache.Routine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgREST engine: one HTTP request in, one transaction, one response out. */
final class RequestHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
  private static final String PREFIX = "/rest/v1";
  private static final String JSON_TYPE = "application/json; charset=utf-8";
  private static final Pattern RANGE = Pattern.compile("^([0-9]+)-([0-9]*)$");
  private static final List<SelectItem> STAR = List.of(new SelectItem(true, null, null, null));

  private final GatewayConfig config;
  private final DataSource dataSource;
  private final Supplier<SchemaCache> cache;
  private final JwtAuthenticator jwt;
  private final ObjectMapper json;

  RequestHandler(GatewayConfig config, DataSource dataSource, Supplier<SchemaCache> cache, JwtAuthenticator jwt,
      ObjectMapper json) {
    this.config = config;
    this.dataSource = dataSource;
    this.cache = cache;
    this.jwt = jwt;
    this.json = json;
  }

  /** How the body is shaped (reference §3.12). */
  enum Media { ARRAY, ARRAY_STRIPPED, OBJECT, OBJECT_STRIPPED }

  record Response(int status, Map<String, String> headers, byte[] body) {}

  /** Everything about the request the engine needs, read once from Undertow. */
  record Request(String method, String path, Map<String, String> headers, List<String> prefer,
      List<String[]> query, byte[] body) {
    String header(String lowerName) {
      return headers.get(lowerName);
    }
  }

  // ====================================================================== HTTP

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    if (ex.isInIoThread()) {
      ex.dispatch(this);
      return;
    }
    ex.startBlocking();
    Response r;
    try {
      r = process(ex);
    } catch (GatewayException g) {
      r = error(g);
    } catch (RuntimeException e) {
      LOG.error("gateway failure on {} {}", ex.getRequestMethod(), ex.getRequestPath(), e);
      r = error(new GatewayException(500, "PGRSTX00", "Internal error in the local gateway", null, null));
    }
    ex.setStatusCode(r.status());
    r.headers().forEach((k, v) -> ex.getResponseHeaders().put(HttpString.tryFromString(k), v));
    boolean head = ex.getRequestMethod().toString().equals("HEAD");
    byte[] body = r.body() == null || head ? new byte[0] : r.body();
    ex.getResponseHeaders().put(HttpString.tryFromString("Content-Length"),
        String.valueOf(r.body() == null ? 0 : r.body().length));
    if (body.length > 0) {
      ex.getOutputStream().write(body);
    }
    ex.endExchange();
  }

  Response error(GatewayException g) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", g.code);
    o.put("details", g.details);
    o.put("hint", g.hint);
    o.put("message", g.getMessage());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", JSON_TYPE);
    h.put("Proxy-Status", "PostgREST; error=" + g.code);
    if (g.status == 503) {
      h.put("Retry-After", String.valueOf(config.retryAfterSeconds()));
    }
    h.putAll(g.headers);
    return new Response(g.status, h, o.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Response process(HttpServerExchange ex) throws Exception {
    String method = ex.getRequestMethod().toString();
    String fullPath = ex.getRequestPath();
    if (fullPath.equals("/live")) {
      return new Response(200, new LinkedHashMap<>(), null);
    }
    if (fullPath.equals("/ready")) {
      cache.get();
      return new Response(200, new LinkedHashMap<>(), null);
    }
    if (!fullPath.equals(PREFIX) && !fullPath.startsWith(PREFIX + "/")) {
      throw invalidPath();
    }
    if (config.requireApiKey() && !method.equals("OPTIONS") && !hasApiKey(ex)) {
      return noApiKey();
    }
    String path = fullPath.substring(PREFIX.length());
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) segments.add(s);
    }
    boolean rpc;
    String name;
    if (segments.isEmpty()) {
      if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
        throw GatewayException.notImplemented("The OpenAPI description (GET /) is not served by the local gateway");
      }
      throw unsupportedMethod(method);
    } else if (segments.size() == 1 && !path.endsWith("/")) {
      rpc = false;
      name = segments.get(0);
    } else if (segments.size() == 2 && segments.get(0).equals("rpc")) {
      rpc = true;
      name = segments.get(1);
    } else {
      throw invalidPath();
    }

    Map<String, String> headers = new LinkedHashMap<>();
    List<String> prefer = new ArrayList<>();
    for (HeaderValues hv : ex.getRequestHeaders()) {
      String k = hv.getHeaderName().toString().toLowerCase(Locale.ROOT);
      if (k.equals("prefer")) prefer.addAll(hv);
      headers.put(k, hv.getLast());
    }

    if (rpc) {
      if (method.equals("OPTIONS")) {
        return new Response(200, mapOf("Allow", "OPTIONS,GET,HEAD,POST"), null);
      }
      if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
        throw new GatewayException(405, "PGRST101", "Cannot use the " + method + " method on RPC", null, null);
      }
    } else {
      switch (method) {
        case "GET", "HEAD", "POST", "PATCH", "DELETE" -> { }
        case "OPTIONS" -> {
          return new Response(200, mapOf("Allow", "OPTIONS,GET,HEAD,POST,PATCH,DELETE"), null);
        }
        case "PUT" -> throw GatewayException.notImplemented("PUT (single-row upsert) is not supported by the local gateway; use POST with Prefer: resolution=merge-duplicates");
        default -> throw unsupportedMethod(method);
      }
    }

    Principal principal = jwt.authenticate(headers.get("authorization"));
    boolean readMethod = method.equals("GET") || method.equals("HEAD");
    String profile = headers.get(readMethod ? "accept-profile" : "content-profile");
    String schema = profile == null ? config.schemas().get(0) : profile;
    if (!config.schemas().contains(schema)) {
      throw new GatewayException(406, "PGRST106", "Invalid schema: " + schema, null,
          "Only the following schemas are exposed: " + String.join(", ", config.schemas()));
    }
    Preferences prefs = Preferences.parse(prefer);
    if (prefs.strict() && !prefs.invalid().isEmpty()) {
      throw new GatewayException(400, "PGRST122", "Invalid preferences given with handling=strict",
          "Invalid preferences: " + String.join(", ", prefs.invalid()), null);
    }
    Media media = negotiate(headers.get("accept"));
    List<String[]> query = parseQuery(ex.getQueryString());
    byte[] body = method.equals("POST") || method.equals("PATCH") ? ex.getInputStream().readAllBytes() : new byte[0];
    Request req = new Request(method, path, headers, prefer, query, body);

    SchemaCache sc = cache.get();
    Map<String, String> out = new LinkedHashMap<>();
    if (config.schemas().size() > 1 || profile != null) {
      out.put("Content-Profile", schema);
    }
    Response r;
    if (rpc) {
      r = rpc(req, principal, schema, name, sc, prefs, media);
    } else {
      Relation rel = sc.relation(schema, name);
      if (rel == null) {
        throw GatewayException.tableNotFound(schema, name);
      }
      r = switch (method) {
        case "GET", "HEAD" -> read(req, principal, rel, prefs, media);
        case "POST" -> insert(req, principal, rel, prefs, media);
        case "PATCH" -> update(req, principal, rel, prefs, media);
        default -> delete(req, principal, rel, prefs, media);
      };
    }
    out.putAll(r.headers());
    return new Response(r.status(), out, r.body());
  }

  /** A non-blank {@code apikey} header or {@code ?apikey=} parameter, as Supabase's gateway (Kong key-auth) looks for. */
  private static boolean hasApiKey(HttpServerExchange ex) {
    String header = ex.getRequestHeaders().getLast("apikey");
    if (header != null && !header.isBlank()) {
      return true;
    }
    java.util.Deque<String> param = ex.getQueryParameters().get("apikey");
    return param != null && param.stream().anyMatch(v -> !v.isBlank());
  }

  /** Supabase's API gateway answer to a request without a key: 401, no PostgREST {@code code}. */
  static Response noApiKey() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("message", "No API key found in request");
    o.put("hint", "No `apikey` request header or url param was found.");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", JSON_TYPE);
    return new Response(401, h, o.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static GatewayException invalidPath() {
    return new GatewayException(404, "PGRST125", "Invalid path specified in request URL", null, null);
  }

  private static GatewayException unsupportedMethod(String method) {
    return new GatewayException(405, "PGRST117", "Unsupported HTTP method: " + method, null, null);
  }

  private static Map<String, String> mapOf(String k, String v) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(k, v);
    return m;
  }

  static List<String[]> parseQuery(String raw) {
    List<String[]> out = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      if (k.equals("apikey")) {
        continue; // the API gateway's key parameter, never a filter
      }
      try {
        out.add(new String[] {URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8)});
      } catch (IllegalArgumentException e) {
        throw GatewayException.parse("\"failed to parse query string\" (line 1, column 1)", "invalid percent-encoding");
      }
    }
    return out;
  }

  /** Accept negotiation; q-values honoured, first acceptable wins (reference §3.12). */
  static Media negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return Media.ARRAY;
    }
    record Choice(String type, boolean stripped, double q, int order) {}
    List<Choice> choices = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] params = parts[i].split(";");
      String type = params[0].trim().toLowerCase(Locale.ROOT);
      boolean stripped = false;
      double q = 1;
      for (int j = 1; j < params.length; j++) {
        String p = params[j].trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (p.equals("nulls=stripped")) stripped = true;
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0) choices.add(new Choice(type, stripped, q, i));
    }
    choices.sort((a, b) -> a.q() != b.q() ? Double.compare(b.q(), a.q()) : Integer.compare(a.order(), b.order()));
    for (Choice c : choices) {
      switch (c.type()) {
        case "application/json", "*/*", "application/*" -> {
          return Media.ARRAY;
        }
        case "application/vnd.pgrst.array+json" -> {
          return c.stripped() ? Media.ARRAY_STRIPPED : Media.ARRAY;
        }
        case "application/vnd.pgrst.object+json", "application/vnd.pgrst.object" -> {
          return c.stripped() ? Media.OBJECT_STRIPPED : Media.OBJECT;
        }
        case "text/csv", "application/geo+json", "application/vnd.pgrst.plan", "application/vnd.pgrst.plan+json",
            "application/vnd.pgrst.plan+text", "application/openapi+json" ->
            throw GatewayException.notImplemented("Media type " + c.type() + " is not supported by the local gateway");
        default -> { }
      }
    }
    throw new GatewayException(406, "PGRST107", "None of these media types are available: " + accept.trim(), null, null);
  }

  // ====================================================================== query parameters

  /** The query string split into PostgREST's reserved parameters, filters and (for GET /rpc) arguments. */
  private static final class Params {
    List<SelectItem> select = STAR;
    boolean explicitSelect;
    List<String> columns;
    List<String> onConflict;
    List<OrderTerm> order = List.of();
    Long limit;
    long offset;
    boolean limitGiven;
    boolean offsetGiven;
    final List<Condition> conditions = new ArrayList<>();
    final Map<String, List<String>> args = new LinkedHashMap<>();
  }

  private static Params params(List<String[]> query, boolean rpcGet) {
    Params p = new Params();
    try {
      for (String[] kv : query) {
        String k = kv[0];
        String v = kv[1];
        String last = k.contains(".") ? k.substring(k.lastIndexOf('.') + 1) : k;
        switch (k) {
          case "select" -> {
            if (!v.isEmpty()) {
              p.select = QueryGrammar.parseSelect(v);
              p.explicitSelect = true;
            }
            continue;
          }
          case "columns" -> {
            p.columns = names(v);
            continue;
          }
          case "on_conflict" -> {
            p.onConflict = names(v);
            continue;
          }
          case "order" -> {
            if (!v.isEmpty()) p.order = QueryGrammar.parseOrder(v);
            continue;
          }
          case "limit" -> {
            p.limitGiven = true;
            try {
              p.limit = Long.parseLong(v);
            } catch (NumberFormatException e) {
              p.limit = null; // PostgREST ignores what readMaybe cannot read
            }
            if (p.limit != null && p.limit < 0) {
              throw GatewayException.range("Limit should be greater than or equal to zero.");
            }
            continue;
          }
          case "offset" -> {
            try {
              long o = Long.parseLong(v);
              if (o >= 0) {
                p.offset = o;
                p.offsetGiven = true;
              }
            } catch (NumberFormatException e) {
              // ignored like PostgREST's readMaybe
            }
            continue;
          }
          case "or", "and", "not.or", "not.and" -> {
            p.conditions.add(QueryGrammar.parseTree(k.startsWith("not."), last.equals("or"), v));
            continue;
          }
          default -> { }
        }
        if (Set.of("order", "limit", "offset", "or", "and", "select").contains(last) || hasUnquotedDot(k)) {
          throw GatewayException.notImplemented("Resource embedding is not supported by the local gateway: " + k);
        }
        if (rpcGet && !QueryGrammar.looksLikeFilter(v)) {
          p.args.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
          continue;
        }
        if (v.isEmpty()) {
          continue;
        }
        Field f = QueryGrammar.parseKey(k);
        p.conditions.add(QueryGrammar.parseFilter(f, v));
      }
    } catch (ParseFailure e) {
      throw e.toGateway();
    }
    return p;
  }

  private static boolean hasUnquotedDot(String k) {
    boolean quote = false;
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c == '"') quote = !quote;
      if (c == '.' && !quote) return true;
    }
    return false;
  }

  private static List<String> names(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      String t = s.trim();
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  private static SqlWriter.Columns columnsOf(Relation rel) {
    return c -> {
      SchemaCache.Column col = rel.columns().get(c);
      if (col == null) throw GatewayException.undefinedColumn(rel.name(), c);
      return col.type();
    };
  }

  // ====================================================================== ranges and counts

  record Range(long lower, Long upper) {
    Long sqlLimit() {
      return upper == null ? null : RangeBounds.rowCount(lower, upper);
    }
  }

  private Range range(Request req, Params p, boolean applyMaxRows) {
    long lower = p.offset;
    Long upper = p.limit == null ? null : RangeBounds.lastRow(p.offset, p.limit);
    if (req.method().equals("GET") && req.header("range") != null) {
      Matcher m = RANGE.matcher(req.header("range").trim());
      if (m.matches()) {
        long from = RangeBounds.bound(m.group(1));
        Long to = m.group(2).isEmpty() ? null : RangeBounds.bound(m.group(2));
        if (to != null && from > to) {
          throw GatewayException.range(
              "The lower boundary must be lower than or equal to the upper boundary in the Range header.");
        }
        long newLower = Math.max(lower, from);
        Long newUpper = to == null ? upper : upper == null ? Long.valueOf(to) : Long.valueOf(Math.min(upper, to));
        lower = newLower;
        upper = newUpper;
      }
    }
    if (applyMaxRows && config.maxRows() != null) {
      long cap = RangeBounds.cap(lower, config.maxRows());
      upper = upper == null ? cap : Math.min(upper, cap);
    }
    return new Range(lower, upper);
  }

  /** Content-Range and 200/206/416 (reference §4). */
  private static int readStatus(Map<String, String> h, long lower, long rows, Long total) {
    long upper = lower + rows - 1;
    String rangeString = (total == null || total != 0) && lower <= upper ? lower + "-" + upper : "*";
    h.put("Content-Range", rangeString + "/" + (total == null ? "*" : String.valueOf(total)));
    if (total == null) return 200;
    if (lower > total) {
      // PostgREST keeps the read's headers on this 416 (Response.hs): Content-Range */<total> included
      GatewayException e = GatewayException.range(
          "An offset of " + lower + " was requested, but there are only " + total + " rows.")
          .header("Content-Range", h.get("Content-Range"));
      if (h.containsKey("Preference-Applied")) e.header("Preference-Applied", h.get("Preference-Applied"));
      throw e;
    }
    return rows < total ? 206 : 200;
  }

  // ====================================================================== transactions

  /** The single row every main query returns. */
  record MainRow(Long total, long pageTotal, String body, String responseHeaders, String responseStatus) {}

  @FunctionalInterface
  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /**
   * The open transaction. The request GUCs ({@code set_config(...)}) travel in the same round trip as
   * the first main statement (pgjdbc sends both statements with one Sync), which saves one network
   * round trip per request.
   */
  static final class Tx {
    final Connection c;
    private SqlWriter locals;
    /** The main statement's batch already ended with COMMIT (nothing after it could need a rollback). */
    boolean committed;

    Tx(Connection c, SqlWriter locals) {
      this.c = c;
      this.locals = locals;
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

  private <T> T inTransaction(Request req, Principal p, String schema, boolean readOnly, Preferences prefs,
      Work<Outcome<T>> work) {
    SqlWriter locals = new SqlWriter().append(readOnly ? SESSION_RESET_RO : SESSION_RESET_RW)
        .append(locals(req, p, schema, prefs));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(readOnly);
      try {
        Tx tx = new Tx(c, locals);
        Outcome<T> o = work.run(tx);
        boolean rollback = o.rollback || (config.txOverrideAllowed() && "rollback".equals(prefs.tx()));
        if (tx.committed) {
          if (rollback) {
            throw new IllegalStateException("committed a transaction that needed a rollback");
          }
          c.commit(); // no round trip: the server is idle, pgjdbc knows it; keeps HikariCP's state clean
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

  /** {@code SELECT set_config(...)} of the request (reference §1.4/§1.5) as a writer with bound values. */
  private SqlWriter locals(Request req, Principal p, String schema, Preferences prefs) {
    List<String[]> roleSettings = cache.get().roleSettings(p.role());
    StringBuilder sp = new StringBuilder(SqlWriter.ident(schema));
    for (String s : config.extraSearchPath()) {
      sp.append(", ").append(SqlWriter.ident(s));
    }
    SqlWriter w = new SqlWriter().append("SELECT pg_catalog.set_config('search_path', ").text(sp.toString())
        .append(", true)");
    for (String[] kv : roleSettings) {
      w.append(", pg_catalog.set_config(").text(kv[0]).append(", ").text(kv[1]).append(", true)");
    }
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    ObjectNode cookies = JsonNodeFactory.instance.objectNode();
    req.headers().forEach((k, v) -> {
      if (!k.equals("cookie")) headers.put(k, v);
    });
    String cookie = req.header("cookie");
    if (cookie != null) {
      for (String part : cookie.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0) cookies.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    w.append(", pg_catalog.set_config('role', ").text(p.role())
        .append(", true), pg_catalog.set_config('request.jwt.claims', ").text(p.claimsJson())
        .append(", true), pg_catalog.set_config('request.method', ").text(req.method())
        .append(", true), pg_catalog.set_config('request.path', ").text(req.path())
        .append(", true), pg_catalog.set_config('request.headers', ").text(headers.toString())
        .append(", true), pg_catalog.set_config('request.cookies', ").text(cookies.toString())
        .append(", true)");
    if (prefs.timezone() != null) {
      w.append(", pg_catalog.set_config('timezone', ").text(prefs.timezone()).append(", true)");
    }
    return w;
  }

  /**
   * Runs the main statement: request GUCs, statement and, when {@code commit} is set, COMMIT go to
   * PostgreSQL as one batch with a single Sync (one network round trip). Only used when nothing read
   * from the result can still require a rollback (no singular or max-affected check, no
   * {@code tx=rollback}, no follow-up statement). An error anywhere skips the rest of the batch, so a
   * failed statement is never committed.
   */
  /**
   * First statements of every transaction: the access mode and isolation stated explicitly (PostgREST
   * does the same with {@code BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE|READ ONLY}), so a
   * session-level {@code default_transaction_read_only}/{@code _isolation} left by an earlier request
   * cannot change this one; then {@code RESET ALL} / {@code RESET ROLE} clear any other session-level
   * state it left (an RPC calling {@code set_config(..., false)} or {@code SET ROLE}).
   */
  private static final String SESSION_RESET_RW =
      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE; RESET ALL; RESET ROLE; ";
  private static final String SESSION_RESET_RO =
      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY; RESET ALL; RESET ROLE; ";

  private static MainRow main(Tx tx, SqlWriter w, boolean commit) throws SQLException {
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
        ps.getMoreResults(); // RESET ALL
        ps.getMoreResults(); // RESET ROLE
        ps.getMoreResults(); // set_config(...)
        ps.getMoreResults(); // the main statement
      }
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        long total = rs.getLong(1);
        Long t = rs.wasNull() ? null : total;
        MainRow row = new MainRow(t, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
        tx.committed = commit;
        return row;
      }
    }
  }

  private boolean rollbackRequested(Preferences prefs) {
    return config.txOverrideAllowed() && "rollback".equals(prefs.tx());
  }

  private long planned(Tx tx, SqlWriter countQuery) throws SQLException {
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

  /** Applies response.headers / response.status set by the query (reference §1.5). */
  private void responseGucs(MainRow row, Map<String, String> headers, int[] status) {
    if (row.responseHeaders() != null) {
      try {
        JsonNode n = json.readTree(row.responseHeaders());
        if (!n.isArray()) throw new IllegalArgumentException();
        for (JsonNode o : n) {
          if (!o.isObject() || o.size() != 1) throw new IllegalArgumentException();
          Map.Entry<String, JsonNode> e = o.properties().iterator().next();
          headers.put(e.getKey(), e.getValue().asText());
        }
      } catch (Exception e) {
        throw new GatewayException(500, "PGRST111", "response.headers guc must be a JSON array composed of objects with a single key and a string value", null, null);
      }
    }
    if (row.responseStatus() != null) {
      try {
        status[0] = Integer.parseInt(row.responseStatus().trim());
      } catch (NumberFormatException e) {
        throw new GatewayException(500, "PGRST112", "response.status guc must be a valid status code", null, null);
      }
    }
  }

  private static String bodyAggregate(Media media, String rowExpr, boolean head) {
    if (head) return "NULL::text";
    return switch (media) {
      case ARRAY -> "coalesce(pg_catalog.json_agg(" + rowExpr + "), '[]')::text";
      case ARRAY_STRIPPED -> "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(" + rowExpr + ")), '[]')::text";
      case OBJECT -> "coalesce((pg_catalog.json_agg(" + rowExpr + ")->0)::text, 'null')";
      case OBJECT_STRIPPED -> "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(" + rowExpr + ")->0)::text, 'null')";
    };
  }

  private static boolean singular(Media m) {
    return m == Media.OBJECT || m == Media.OBJECT_STRIPPED;
  }

  private static String contentType(Media m) {
    return switch (m) {
      case OBJECT -> "application/vnd.pgrst.object+json; charset=utf-8";
      case OBJECT_STRIPPED -> "application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8";
      case ARRAY_STRIPPED -> "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8";
      default -> JSON_TYPE;
    };
  }

  private String preferenceApplied(Preferences prefs, boolean resolution, boolean missing, boolean ret,
      boolean count, boolean maxAffected) {
    List<String> a = new ArrayList<>();
    if (resolution && prefs.resolution() != null) a.add("resolution=" + prefs.resolution());
    if (missing && prefs.missing() != null) a.add("missing=" + prefs.missing());
    if (ret && prefs.returnPref() != null) a.add("return=" + prefs.returnPref());
    if (count && prefs.count() != null) a.add("count=" + prefs.count());
    if (config.txOverrideAllowed() && prefs.tx() != null) a.add("tx=" + prefs.tx());
    if (prefs.handling() != null) a.add("handling=" + prefs.handling());
    if (prefs.timezone() != null) a.add("timezone=" + prefs.timezone());
    if (maxAffected && prefs.maxAffected() != null && prefs.strict()) a.add("max-affected=" + prefs.maxAffected());
    return a.isEmpty() ? null : String.join(", ", a);
  }

  private static String qualified(Relation rel) {
    return SqlWriter.ident(rel.schema()) + "." + SqlWriter.ident(rel.name());
  }

  // ====================================================================== GET / HEAD table

  private Response read(Request req, Principal principal, Relation rel, Preferences prefs, Media media) {
    Params p = params(req.query(), false);
    Range range = range(req, p, true);
    boolean head = req.method().equals("HEAD");
    SqlWriter.Columns cols = columnsOf(rel);
    String from = qualified(rel);

    SqlWriter filters = new SqlWriter();
    filters.where(from, p.conditions, cols);

    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (SELECT ");
    w.selectList(from, p.select, cols, cache.get()::isKnownType);
    w.append(" FROM ").append(from).append(filters);
    w.orderBy(from, p.order, cols);
    appendLimitOffset(w, range);
    w.append(")");
    SqlWriter countQuery = new SqlWriter().append("SELECT 1 FROM ").append(from).append(filters);
    String count = prefs.count();
    boolean estimated = "estimated".equals(count) && config.maxRows() != null;
    if ("exact".equals(count) || "estimated".equals(count)) {
      w.append(", pgrst_source_count AS (").append(countQuery);
      if (estimated) {
        w.append(" LIMIT ").longValue(config.maxRows() + 1L);
      }
      w.append(")");
    }
    String total = "exact".equals(count) || "estimated".equals(count)
        ? "(SELECT pg_catalog.count(*) FROM pgrst_source_count)" : "NULL::bigint";
    w.append(" SELECT ").append(total).append(", pg_catalog.count(_postgrest_t), ")
        .append(bodyAggregate(media, "_postgrest_t", head))
        .append(", nullif(pg_catalog.current_setting('response.headers', true), '')"
            + ", nullif(pg_catalog.current_setting('response.status', true), '')"
            + " FROM (SELECT * FROM pgrst_source) _postgrest_t");

    boolean oneTrip = !singular(media) && !"planned".equals(count) && !estimated && !rollbackRequested(prefs);
    MainRow row = inTransaction(req, principal, rel.schema(), true, prefs, tx -> {
      MainRow r = main(tx, w, oneTrip);
      Long t = r.total();
      if ("planned".equals(count)) {
        t = planned(tx, countQuery);
      } else if (estimated && t != null && t > config.maxRows()) {
        t = Math.max(t, planned(tx, countQuery));
      }
      MainRow res = new MainRow(t, r.pageTotal(), r.body(), r.responseHeaders(), r.responseStatus());
      return new Outcome<>(res, singular(media) && r.pageTotal() != 1);
    });
    if (singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType(media));
    String applied = preferenceApplied(prefs, false, false, false, true, false);
    if (applied != null) h.put("Preference-Applied", applied);
    int[] status = {readStatus(h, range.lower(), row.pageTotal(), row.total())};
    responseGucs(row, h, status);
    return new Response(status[0], h, head ? null : row.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void appendLimitOffset(SqlWriter w, Range range) {
    Long limit = range.sqlLimit();
    if (limit != null) {
      w.append(" LIMIT ").longValue(limit);
    }
    if (range.lower() > 0) {
      w.append(" OFFSET ").longValue(range.lower());
    }
  }

  // ====================================================================== payloads

  private JsonNode payload(Request req) {
    String ct = req.header("content-type");
    if (ct != null) {
      String type = ct.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (type.equals("application/x-www-form-urlencoded") || type.equals("text/csv")) {
        throw GatewayException.notImplemented("Content-Type " + type + " is not supported by the local gateway");
      }
      if (!type.equals("application/json") && !type.isEmpty()) {
        throw GatewayException.invalidBody("Content-Type not acceptable: " + ct);
      }
    }
    try {
      if (req.body().length == 0) {
        throw GatewayException.invalidBody("Empty or invalid json");
      }
      JsonNode n = json.readTree(req.body());
      if (n == null || n.isMissingNode()) {
        throw GatewayException.invalidBody("Empty or invalid json");
      }
      return n;
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw GatewayException.invalidBody("Empty or invalid json");
    }
  }

  /** Rows of an insert payload and their common column list (PGRST102 when the key sets differ). */
  private static List<String> payloadColumns(ArrayNode rows, Params p, Relation rel) {
    List<String> keys;
    if (p.columns != null) {
      keys = p.columns;
    } else {
      keys = new ArrayList<>();
      Set<String> first = null;
      for (JsonNode r : rows) {
        if (!r.isObject()) {
          throw GatewayException.invalidBody("All object keys must match");
        }
        Set<String> ks = new LinkedHashSet<>();
        r.fieldNames().forEachRemaining(ks::add);
        if (first == null) {
          first = ks;
          keys.addAll(ks);
        } else if (!first.equals(ks)) {
          throw GatewayException.invalidBody("All object keys must match");
        }
      }
    }
    for (String k : keys) {
      if (!rel.hasColumn(k)) {
        throw GatewayException.columnNotFound(k, rel.name());
      }
    }
    return keys;
  }

  private static void recordDefinition(SqlWriter w, Relation rel, List<String> cols) {
    w.append(" AS _(");
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) w.append(", ");
      w.append(SqlWriter.ident(cols.get(i))).append(" ").append(rel.columns().get(cols.get(i)).type());
    }
    w.append(")");
  }

  // ====================================================================== POST table

  private Response insert(Request req, Principal principal, Relation rel, Preferences prefs, Media media) {
    Params p = params(req.query(), false);
    JsonNode body = payload(req);
    ArrayNode rows;
    if (body.isArray()) {
      rows = (ArrayNode) body;
    } else if (body.isObject()) {
      rows = JsonNodeFactory.instance.arrayNode().add(body);
    } else {
      rows = JsonNodeFactory.instance.arrayNode();
    }
    List<String> cols = payloadColumns(rows, p, rel);
    List<String> conflict = p.onConflict != null ? p.onConflict : rel.primaryKey();
    for (String c : conflict) {
      if (!rel.hasColumn(c)) throw GatewayException.undefinedColumn(rel.name(), c);
    }
    boolean upsert = prefs.resolution() != null && !conflict.isEmpty();
    boolean merge = upsert && prefs.resolution().equals("merge-duplicates") && !cols.isEmpty();
    boolean representation = prefs.representation();
    boolean headersOnly = "headers-only".equals(prefs.returnPref()) && !rel.primaryKey().isEmpty();
    boolean missingDefault = "default".equals(prefs.missing());
    String table = qualified(rel);
    SqlWriter.Columns relCols = columnsOf(rel);

    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (INSERT INTO ").append(table);
    if (cols.isEmpty()) {
      w.append(" SELECT FROM pg_catalog.json_array_elements(CAST(").text(rows.toString()).append(" AS json))");
    } else {
      w.append("(");
      for (int i = 0; i < cols.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(cols.get(i)));
      }
      w.append(") SELECT ");
      for (int i = 0; i < cols.size(); i++) {
        if (i > 0) w.append(", ");
        SchemaCache.Column col = rel.columns().get(cols.get(i));
        if (missingDefault && p.columns != null && col.defaultExpr() != null) {
          w.append("CASE WHEN pg_catalog.jsonb_exists(pgrst_body.pgrst_elem::jsonb, ").text(col.name())
              .append(") THEN pgrst_body.").append(SqlWriter.ident(col.name())).append(" ELSE ")
              .append(col.defaultExpr()).append(" END");
        } else {
          w.append("pgrst_body.").append(SqlWriter.ident(col.name()));
        }
      }
      w.append(" FROM (SELECT CAST(").text(rows.toString()).append(" AS json) AS json_data) pgrst_payload,"
          + " LATERAL (SELECT pgrst_elem, _.* FROM pg_catalog.json_array_elements(pgrst_payload.json_data) pgrst_elem,"
          + " LATERAL pg_catalog.json_to_record(pgrst_elem)");
      recordDefinition(w, rel, cols);
      w.append(") pgrst_body");
    }
    if (upsert) {
      w.append(" ON CONFLICT (");
      for (int i = 0; i < conflict.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(conflict.get(i)));
      }
      w.append(")");
      if (merge) {
        w.append(" DO UPDATE SET ");
        for (int i = 0; i < cols.size(); i++) {
          if (i > 0) w.append(", ");
          w.append(SqlWriter.ident(cols.get(i))).append(" = EXCLUDED.").append(SqlWriter.ident(cols.get(i)));
        }
        w.append(" WHERE pg_catalog.set_config('pgrst.updated_rows', (coalesce(nullif(pg_catalog.current_setting("
            + "'pgrst.updated_rows', true), '')::int, 0) + 1)::text, true) IS NOT NULL");
      } else {
        w.append(" DO NOTHING");
      }
    }
    List<SelectItem> select = p.select;
    if (headersOnly && !representation) {
      select = new ArrayList<>();
      for (String k : rel.primaryKey()) {
        select.add(new SelectItem(false, null, new Field(k, List.of()), null));
      }
    }
    boolean returning = representation || headersOnly;
    w.append(returning ? " RETURNING " + table + ".*)" : " RETURNING 1)");
    w.append(" SELECT NULL::bigint, pg_catalog.count(_postgrest_t), ")
        .append(returning ? bodyAggregate(headersOnly && !representation ? Media.ARRAY : media, "_postgrest_t", false) : "NULL::text")
        .append(", nullif(pg_catalog.current_setting('response.headers', true), '')"
            + ", nullif(pg_catalog.current_setting('response.status', true), '') FROM (SELECT ");
    if (returning) {
      w.selectList(null, select, relCols, cache.get()::isKnownType);
    } else {
      w.append("1");
    }
    w.append(" FROM pgrst_source) _postgrest_t");

    long[] updated = {0};
    MainRow row = inTransaction(req, principal, rel.schema(), false, prefs, tx -> {
      if (rows.isEmpty()) {
        return new Outcome<>(new MainRow(null, 0, representation ? "[]" : null, null, null), false);
      }
      MainRow r = main(tx, w, !merge && !singular(media) && !rollbackRequested(prefs));
      if (merge) {
        try (PreparedStatement ps = tx.c.prepareStatement(
            "SELECT coalesce(nullif(pg_catalog.current_setting('pgrst.updated_rows', true), '')::int, 0)");
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          updated[0] = rs.getLong(1);
        }
      }
      return new Outcome<>(r, singular(media) && r.pageTotal() != 1);
    });
    if (singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    Map<String, String> h = new LinkedHashMap<>();
    long affected = row.pageTotal();
    h.put("Content-Range", "*/" + (prefs.count() != null ? String.valueOf(affected) : "*"));
    if (headersOnly && affected == 1 && row.body() != null) {
      h.put("Location", location(rel, row.body()));
    }
    String applied = preferenceApplied(prefs, upsert, p.columns != null || prefs.missing() != null, true, true, false);
    if (applied != null) h.put("Preference-Applied", applied);
    long inserted = affected - updated[0];
    int[] status = {upsert && inserted == 0 && affected > 0 ? 200 : upsert && affected == 0 ? 200 : 201};
    byte[] out = null;
    if (representation) {
      h.put("Content-Type", contentType(media));
      out = row.body().getBytes(StandardCharsets.UTF_8);
    }
    responseGucs(row, h, status);
    return new Response(status[0], h, out);
  }

  private String location(Relation rel, String body) {
    try {
      JsonNode first = json.readTree(body);
      if (first.isArray()) first = first.get(0);
      StringBuilder b = new StringBuilder("/").append(rel.name()).append('?');
      boolean f = true;
      for (String k : rel.primaryKey()) {
        if (!f) b.append('&');
        f = false;
        JsonNode v = first.get(k);
        b.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append("=eq.")
            .append(java.net.URLEncoder.encode(v == null || v.isNull() ? "null" : v.asText(), StandardCharsets.UTF_8));
      }
      return b.toString();
    } catch (Exception e) {
      return "/" + rel.name();
    }
  }

  // ====================================================================== PATCH / DELETE

  private Response update(Request req, Principal principal, Relation rel, Preferences prefs, Media media) {
    Params p = params(req.query(), false);
    rejectLimited(p);
    JsonNode body = payload(req);
    if (!body.isObject()) {
      throw GatewayException.invalidBody("Empty or invalid json");
    }
    List<String> cols = new ArrayList<>();
    body.fieldNames().forEachRemaining(cols::add);
    if (p.columns != null) {
      cols.retainAll(p.columns);
    }
    for (String k : cols) {
      if (!rel.hasColumn(k)) throw GatewayException.columnNotFound(k, rel.name());
    }
    String table = qualified(rel);
    SqlWriter.Columns relCols = columnsOf(rel);
    boolean representation = prefs.representation();
    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (UPDATE ").append(table).append(" SET ");
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) w.append(", ");
      w.append(SqlWriter.ident(cols.get(i))).append(" = pgrst_body.").append(SqlWriter.ident(cols.get(i)));
    }
    w.append(" FROM (SELECT CAST(").text(body.toString()).append(" AS json) AS json_data) pgrst_payload, LATERAL (SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) w.append(", ");
      w.append(SqlWriter.ident(cols.get(i)));
    }
    w.append(" FROM pg_catalog.json_to_record(pgrst_payload.json_data)");
    recordDefinition(w, rel, cols);
    w.append(") pgrst_body");
    w.where(table, p.conditions, relCols);
    return mutationResponse(req, principal, rel, prefs, media, w, p, representation, cols.isEmpty(), true);
  }

  private Response delete(Request req, Principal principal, Relation rel, Preferences prefs, Media media) {
    Params p = params(req.query(), false);
    rejectLimited(p);
    String table = qualified(rel);
    boolean representation = prefs.representation();
    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (DELETE FROM ").append(table);
    w.where(table, p.conditions, columnsOf(rel));
    return mutationResponse(req, principal, rel, prefs, media, w, p, representation, false, false);
  }

  private static void rejectLimited(Params p) {
    if (p.limitGiven || p.offsetGiven) {
      throw GatewayException.notImplemented("limit/offset on PATCH or DELETE is not supported by the local gateway");
    }
  }

  private Response mutationResponse(Request req, Principal principal, Relation rel, Preferences prefs, Media media,
      SqlWriter w, Params p, boolean representation, boolean noop, boolean patch) {
    String table = qualified(rel);
    w.append(representation ? " RETURNING " + table + ".*)" : " RETURNING 1)");
    w.append(" SELECT NULL::bigint, pg_catalog.count(_postgrest_t), ")
        .append(representation ? bodyAggregate(media, "_postgrest_t", false) : "NULL::text")
        .append(", nullif(pg_catalog.current_setting('response.headers', true), '')"
            + ", nullif(pg_catalog.current_setting('response.status', true), '') FROM (SELECT ");
    if (representation) {
      w.selectList(null, p.select, columnsOf(rel), cache.get()::isKnownType);
    } else {
      w.append("1");
    }
    w.append(" FROM pgrst_source) _postgrest_t");
    Long maxAffected = prefs.strict() ? prefs.maxAffected() : null;
    MainRow row = inTransaction(req, principal, rel.schema(), false, prefs, tx -> {
      boolean oneTrip = !singular(media) && maxAffected == null && !rollbackRequested(prefs);
      MainRow r = noop ? new MainRow(null, 0, "[]", null, null) : main(tx, w, oneTrip);
      boolean bad = (singular(media) && r.pageTotal() != 1) || (maxAffected != null && r.pageTotal() > maxAffected);
      return new Outcome<>(r, bad);
    });
    if (singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    if (maxAffected != null && row.pageTotal() > maxAffected) {
      throw new GatewayException(400, "PGRST124", "Query result exceeds max-affected preference constraint",
          "The query affects " + row.pageTotal() + " rows", null);
    }
    Map<String, String> h = new LinkedHashMap<>();
    long n = row.pageTotal();
    String totalString = prefs.count() != null ? String.valueOf(n) : "*";
    if (patch) {
      h.put("Content-Range", (n > 0 ? "0-" + (n - 1) : "*") + "/" + totalString);
    } else {
      h.put("Content-Range", "*/" + totalString);
    }
    String applied = preferenceApplied(prefs, false, patch, true, true, true);
    if (applied != null) h.put("Preference-Applied", applied);
    int[] status = {representation ? 200 : 204};
    byte[] out = null;
    if (representation) {
      h.put("Content-Type", contentType(media));
      out = row.body().getBytes(StandardCharsets.UTF_8);
    }
    responseGucs(row, h, status);
    return new Response(status[0], h, out);
  }

  // ====================================================================== RPC

  private Response rpc(Request req, Principal principal, String schema, String name, SchemaCache sc,
      Preferences prefs, Media media) {
    boolean get = !req.method().equals("POST");
    Params p = params(req.query(), get);
    ObjectNode args;
    JsonNode wholeBody = null;
    if (get) {
      args = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, List<String>> e : p.args.entrySet()) {
        List<String> vs = e.getValue();
        args.put(e.getKey(), vs.get(vs.size() - 1));
      }
    } else if (req.body().length == 0) {
      args = JsonNodeFactory.instance.objectNode();
    } else {
      JsonNode body = payload(req);
      wholeBody = body;
      args = body.isObject() ? (ObjectNode) body : null;
    }
    List<Routine> candidates = sc.routines(schema, name);
    Set<String> keys = new TreeSet<>();
    if (args != null) args.fieldNames().forEachRemaining(keys::add);
    Routine match = null;
    boolean unnamedJson = false;
    List<Routine> matches = new ArrayList<>();
    if (args != null) {
      for (Routine r : candidates) {
        if (matchesKeys(r, keys)) matches.add(r);
      }
    }
    if (matches.size() > 1) {
      StringBuilder b = new StringBuilder();
      for (Routine r : matches) {
        if (b.length() > 0) b.append(", ");
        List<String> sig = new ArrayList<>();
        r.args().forEach(a -> sig.add(a.name() + " => " + a.type()));
        b.append(schema).append('.').append(name).append('(').append(String.join(", ", sig)).append(')');
      }
      throw new GatewayException(300, "PGRST203", "Could not choose the best candidate function between: " + b,
          null, "Try renaming the parameters or the function itself in the database so function overloading can be resolved");
    }
    if (matches.size() == 1) {
      match = matches.get(0);
    } else if (!get && wholeBody != null) {
      for (Routine r : candidates) {
        if (r.args().size() == 1 && r.args().get(0).name().isEmpty()
            && (r.args().get(0).type().equals("json") || r.args().get(0).type().equals("jsonb"))) {
          match = r;
          unnamedJson = true;
        }
      }
    }
    if (match == null) {
      String list = String.join(", ", keys);
      String fn = schema + "." + name;
      throw new GatewayException(404, "PGRST202",
          keys.isEmpty() ? "Could not find the function " + fn + " without parameters in the schema cache"
              : "Could not find the function " + fn + "(" + list + ") in the schema cache",
          keys.isEmpty() ? "Searched for the function " + fn + " without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache."
              : "Searched for the function " + fn + " with parameters " + list + " or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
          null);
    }
    final Routine fn = match;
    if (get) {
      for (Arg a : fn.args()) {
        List<String> vs = p.args.get(a.name());
        if (a.variadic() && vs != null) {
          ArrayNode arr = args.putArray(a.name());
          vs.forEach(arr::add);
        }
      }
    }
    boolean head = req.method().equals("HEAD");
    boolean readOnly = get || !fn.volatileFn();
    String call = SqlWriter.ident(schema) + "." + SqlWriter.ident(name);

    SqlWriter w = new SqlWriter().append("WITH pgrst_source AS (SELECT ");
    w.append(fn.returnsComposite() ? "pgrst_call.*" : "pgrst_call.pgrst_scalar");
    w.append(" FROM ");
    List<Arg> used = new ArrayList<>();
    for (Arg a : fn.args()) {
      if (keys.contains(a.name())) used.add(a);
    }
    StringBuilder callArgs = new StringBuilder();
    if (unnamedJson) {
      w.append("(SELECT CAST(").text(wholeBody.toString()).append(" AS ").append(fn.args().get(0).type())
          .append(") AS pgrst_arg) pgrst_body, ");
      callArgs.append("pgrst_body.pgrst_arg");
    } else if (!used.isEmpty()) {
      w.append("(SELECT CAST(").text(args.toString()).append(" AS json) AS json_data) pgrst_payload, LATERAL (SELECT ");
      for (int i = 0; i < used.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(used.get(i).name()));
      }
      w.append(" FROM pg_catalog.json_to_record(pgrst_payload.json_data) AS _(");
      for (int i = 0; i < used.size(); i++) {
        if (i > 0) w.append(", ");
        w.append(SqlWriter.ident(used.get(i).name())).append(" ").append(used.get(i).type());
      }
      w.append(") LIMIT 1) pgrst_body, ");
      for (int i = 0; i < used.size(); i++) {
        if (i > 0) callArgs.append(", ");
        Arg a = used.get(i);
        if (a.variadic()) callArgs.append("VARIADIC ");
        callArgs.append(SqlWriter.ident(a.name())).append(" := pgrst_body.").append(SqlWriter.ident(a.name()));
      }
    }
    if (fn.returnsComposite()) {
      w.append("LATERAL ").append(call).append("(").append(callArgs.toString()).append(") pgrst_call");
    } else {
      w.append("LATERAL (SELECT ").append(call).append("(").append(callArgs.toString())
          .append(") pgrst_scalar) pgrst_call");
    }
    w.append(")");

    SqlWriter.Columns resultCols = c -> {
      if (fn.returnsComposite() && (fn.resultColumns().isEmpty() || fn.resultColumns().contains(c))) return null;
      throw GatewayException.undefinedColumn("pgrst_source", c);
    };
    Range range = fn.returnsSet() ? range(req, p, true) : new Range(0, null);
    SqlWriter inner = new SqlWriter().append("SELECT ");
    if (fn.returnsComposite()) {
      inner.selectList(null, p.select, resultCols, sc::isKnownType);
    } else {
      if (p.explicitSelect && !(p.select.size() == 1 && p.select.get(0).star())) {
        throw GatewayException.notImplemented("select on a function returning a scalar is not supported by the local gateway");
      }
      inner.append("pgrst_scalar");
    }
    inner.append(" FROM pgrst_source");
    SqlWriter filters = new SqlWriter();
    filters.where(null, p.conditions, resultCols);
    inner.append(filters);
    inner.orderBy(null, p.order, resultCols);
    appendLimitOffset(inner, range);

    String count = fn.returnsVoid() ? null : prefs.count();
    if (count != null) {
      w.append(", pgrst_source_count AS (SELECT 1 FROM pgrst_source").append(filters).append(")");
    }
    String rowExpr = fn.returnsComposite() ? "_postgrest_t" : "_postgrest_t.pgrst_scalar";
    Media bodyMedia = media;
    if (!fn.returnsSet() && !singular(media)) {
      bodyMedia = media == Media.ARRAY_STRIPPED ? Media.OBJECT_STRIPPED : Media.OBJECT;
    }
    w.append(" SELECT ").append(count != null ? "(SELECT pg_catalog.count(*) FROM pgrst_source_count)" : "NULL::bigint")
        .append(fn.returnsSet() ? ", pg_catalog.count(_postgrest_t), " : ", 1, ")
        .append(fn.returnsVoid() ? "NULL::text" : bodyAggregate(bodyMedia, rowExpr, head))
        .append(", nullif(pg_catalog.current_setting('response.headers', true), '')"
            + ", nullif(pg_catalog.current_setting('response.status', true), '') FROM (")
        .append(inner).append(") _postgrest_t");

    boolean oneTrip = !singular(media) && !rollbackRequested(prefs);
    MainRow row = inTransaction(req, principal, schema, readOnly, prefs, tx -> {
      MainRow r = main(tx, w, oneTrip);
      return new Outcome<>(r, singular(media) && r.pageTotal() != 1);
    });
    if (singular(media) && row.pageTotal() != 1) {
      throw GatewayException.singular(row.pageTotal());
    }
    Map<String, String> h = new LinkedHashMap<>();
    String applied = preferenceApplied(prefs, false, false, false, !fn.returnsVoid(), false);
    if (applied != null) h.put("Preference-Applied", applied);
    if (fn.returnsVoid()) {
      int[] status = {204};
      responseGucs(row, h, status);
      return new Response(status[0], h, null);
    }
    h.put("Content-Type", contentType(media));
    int[] status = {readStatus(h, range.lower(), row.pageTotal(), row.total())};
    responseGucs(row, h, status);
    return new Response(status[0], h, head ? null : row.body().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean matchesKeys(Routine r, Set<String> keys) {
    Set<String> all = new java.util.HashSet<>();
    for (Arg a : r.args()) {
      if (a.name().isEmpty()) return keys.isEmpty() && r.args().stream().allMatch(Arg::hasDefault);
      all.add(a.name());
      if (!a.hasDefault() && !keys.contains(a.name())) return false;
    }
    return all.containsAll(keys);
  }
}

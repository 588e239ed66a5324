package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import no.likeperson.testkit.gateway.JwtAuthenticator.Principal;
import no.likeperson.testkit.gateway.SchemaCache.Relation;
import org.jspecify.annotations.NullUnmarked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP entry point behind the API gateway's checks ({@link ApiKeyCheck}): health endpoints,
 * then PostgREST's routing under {@code /rest/v1} to {@link TableReads}, {@link TableWrites} or
 * {@link RpcCalls}. Each request runs on a worker thread and is answered once; every {@link
 * GatewayException} becomes the PostgREST error body. A new API (another prefix) gets its own
 * branch in {@link #process}.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class Router implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final String REST = "/rest/v1";
  private static final String JSON_TYPE = Media.JSON_TYPE;

  private final GatewayConfig config;
  private final Supplier<SchemaCache> cache;
  private final JwtAuthenticator jwt;
  private final TableReads reads;
  private final TableWrites writes;
  private final RpcCalls rpc;

  Router(
      GatewayConfig config,
      DataSource dataSource,
      Supplier<SchemaCache> cache,
      JwtAuthenticator jwt,
      ObjectMapper json) {
    this.config = config;
    this.cache = cache;
    this.jwt = jwt;
    TransactionRunner runner = new TransactionRunner(config, dataSource, cache, json);
    ResponseParts parts = new ResponseParts(config, json);
    this.reads = new TableReads(config, cache, json, runner, parts);
    this.writes = new TableWrites(config, cache, json, runner, parts);
    this.rpc = new RpcCalls(config, cache, json, runner, parts);
  }

  // ====================================================================== HTTP

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    if (ex.isInIoThread()) {
      ex.dispatch(this);
      return;
    }
    ex.startBlocking();
    ApiResponse r;
    try {
      r = process(ex);
    } catch (GatewayException g) {
      r = error(g);
    } catch (RuntimeException e) {
      LOG.error("gateway failure on {} {}", ex.getRequestMethod(), ex.getRequestPath(), e);
      r =
          error(
              new GatewayException(
                  500, "PGRSTX00", "Internal error in the local gateway", null, null));
    }
    ex.setStatusCode(r.status());
    r.headers().forEach((k, v) -> ex.getResponseHeaders().put(HttpString.tryFromString(k), v));
    boolean head = ex.getRequestMethod().toString().equals("HEAD");
    byte[] body = r.body() == null || head ? new byte[0] : r.body();
    ex.getResponseHeaders()
        .put(
            HttpString.tryFromString("Content-Length"),
            String.valueOf(r.body() == null ? 0 : r.body().length));
    if (body.length > 0) {
      ex.getOutputStream().write(body);
    }
    ex.endExchange();
  }

  ApiResponse error(GatewayException g) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", g.code);
    if (g.jsonDetails != null) {
      o.set("details", g.jsonDetails);
    } else {
      o.put("details", g.details);
    }
    o.put("hint", g.hint);
    o.put("message", g.getMessage());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", JSON_TYPE);
    h.put("Proxy-Status", "PostgREST; error=" + g.code);
    if (g.status == 503) {
      h.put("Retry-After", String.valueOf(config.retryAfterSeconds()));
    }
    h.putAll(g.headers);
    return new ApiResponse(g.status, h, o.toString().getBytes(StandardCharsets.UTF_8));
  }

  private ApiResponse process(HttpServerExchange ex) throws Exception {
    String method = ex.getRequestMethod().toString();
    String fullPath = ex.getRequestPath();
    if (fullPath.equals("/live")) {
      return new ApiResponse(200, new LinkedHashMap<>(), null);
    }
    if (fullPath.equals("/ready")) {
      Objects.requireNonNull(cache.get(), "schema cache"); // loading it is the readiness check
      return new ApiResponse(200, new LinkedHashMap<>(), null);
    }
    if (under(fullPath, REST)) {
      return rest(ex, method, fullPath.substring(REST.length()));
    }
    throw invalidPath();
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  /**
   * PostgREST: {@code path} is below {@code /rest/v1}, as PostgREST sees it behind Supabase's
   * gateway.
   */
  private ApiResponse rest(HttpServerExchange ex, String method, String path) throws Exception {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) segments.add(s);
    }
    boolean isRpc;
    String name;
    if (segments.isEmpty()) {
      if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
        throw GatewayException.notImplemented(
            "The OpenAPI description (GET /) is not served by the local gateway");
      }
      throw unsupportedMethod(method);
    } else if (segments.size() == 1 && !path.endsWith("/")) {
      isRpc = false;
      name = segments.get(0);
    } else if (segments.size() == 2 && segments.get(0).equals("rpc")) {
      isRpc = true;
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

    if (isRpc) {
      if (method.equals("OPTIONS")) {
        return new ApiResponse(200, mapOf("Allow", "OPTIONS,GET,HEAD,POST"), null);
      }
      if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
        throw new GatewayException(
            405, "PGRST101", "Cannot use the " + method + " method on RPC", null, null);
      }
    } else {
      switch (method) {
        case "GET", "HEAD", "POST", "PATCH", "DELETE" -> {}
        case "OPTIONS" -> {
          return new ApiResponse(200, mapOf("Allow", "OPTIONS,GET,HEAD,POST,PATCH,DELETE"), null);
        }
        case "PUT" ->
            throw GatewayException.notImplemented(
                "PUT (single-row upsert) is not supported by the local gateway; use POST with Prefer: resolution=merge-duplicates");
        default -> throw unsupportedMethod(method);
      }
    }

    Principal principal = jwt.authenticate(headers.get("authorization"));
    boolean readMethod = method.equals("GET") || method.equals("HEAD");
    String profile = headers.get(readMethod ? "accept-profile" : "content-profile");
    String schema = profile == null ? config.schemas().get(0) : profile;
    if (!config.schemas().contains(schema)) {
      throw new GatewayException(
          406,
          "PGRST106",
          "Invalid schema: " + schema,
          null,
          "Only the following schemas are exposed: " + String.join(", ", config.schemas()));
    }
    Preferences prefs = Preferences.parse(prefer);
    if (prefs.strict() && !prefs.invalid().isEmpty()) {
      throw new GatewayException(
          400,
          "PGRST122",
          "Invalid preferences given with handling=strict",
          "Invalid preferences: " + String.join(", ", prefs.invalid()),
          null);
    }
    Media media = Media.negotiate(headers.get("accept"));
    List<String[]> query = parseQuery(ex.getQueryString());
    byte[] body =
        method.equals("POST") || method.equals("PATCH")
            ? ex.getInputStream().readAllBytes()
            : new byte[0];
    ApiRequest req = new ApiRequest(method, path, headers, prefer, query, body);

    SchemaCache sc = cache.get();
    Map<String, String> out = new LinkedHashMap<>();
    if (config.schemas().size() > 1 || profile != null) {
      out.put("Content-Profile", schema);
    }
    ApiResponse r;
    if (isRpc) {
      r = rpc.call(req, principal, schema, name, sc, prefs, media);
    } else {
      Relation rel = sc.relation(schema, name);
      if (rel == null) {
        throw GatewayException.tableNotFound(schema, name);
      }
      r =
          switch (method) {
            case "GET", "HEAD" -> reads.read(req, principal, rel, prefs, media);
            case "POST" -> writes.insert(req, principal, rel, prefs, media);
            case "PATCH" -> writes.update(req, principal, rel, prefs, media);
            default -> writes.delete(req, principal, rel, prefs, media);
          };
    }
    out.putAll(r.headers());
    return new ApiResponse(r.status(), out, r.body());
  }

  private static GatewayException invalidPath() {
    return new GatewayException(
        404, "PGRST125", "Invalid path specified in request URL", null, null);
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
        out.add(
            new String[] {
              URLDecoder.decode(k, StandardCharsets.UTF_8),
              URLDecoder.decode(v, StandardCharsets.UTF_8)
            });
      } catch (IllegalArgumentException e) {
        throw GatewayException.parse(
            "\"failed to parse query string\" (line 1, column 1)", "invalid percent-encoding");
      }
    }
    return out;
  }
}

package no.likeperson.testkit.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import org.jspecify.annotations.NullUnmarked;

/**
 * Supabase's API gateway in front of PostgREST and Auth: a request under {@code /rest/v1} or {@code
 * /auth/v1} without a non-blank {@code apikey} header or {@code ?apikey=} parameter (Kong's
 * key-auth looks at both) is answered 401 before either service sees it, with the hosted gateway's
 * body (no PostgREST {@code code}). CORS preflights ({@code OPTIONS}) and the health endpoints
 * pass. Whether the key is one of the project's is not checked here: PostgREST takes the role from
 * {@code Authorization}, and {@link AuthHandler} verifies the key itself.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class ApiKeyCheck implements HttpHandler {
  static final String NO_KEY =
      "{\"message\":\"No API key found in request\","
          + "\"hint\":\"No `apikey` request header or url param was found.\"}";
  static final String INVALID_KEY =
      "{\"message\":\"Invalid API key\","
          + "\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}";

  private final HttpHandler next;

  ApiKeyCheck(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    String path = ex.getRequestPath();
    boolean guarded = under(path, "/rest/v1") || under(path, "/auth/v1");
    if (guarded && !ex.getRequestMethod().equalToString("OPTIONS") && key(ex) == null) {
      refuse(ex, NO_KEY);
      return;
    }
    next.handleRequest(ex);
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  /**
   * The non-blank key of the {@code apikey} header, else of the {@code ?apikey=} parameter, else
   * null.
   */
  static String key(HttpServerExchange ex) {
    String header = ex.getRequestHeaders().getLast("apikey");
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    Deque<String> param = ex.getQueryParameters().get("apikey");
    return param == null
        ? null
        : param.stream().filter(v -> !v.isBlank()).map(String::trim).findFirst().orElse(null);
  }

  /** Answers 401 with one of the gateway's bodies ({@link #NO_KEY}, {@link #INVALID_KEY}). */
  static void refuse(HttpServerExchange ex, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.setStatusCode(401);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Media.JSON_TYPE);
    ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, String.valueOf(bytes.length));
    ex.getResponseSender().send(ByteBuffer.wrap(bytes));
  }
}

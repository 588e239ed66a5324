package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The request size limit of the API gateway in front of PostgREST: a request body larger than the
 * limit is answered with {@code 413} and a PostgREST-shaped error body ({@code
 * {"code":"PGRSTX13","details":...,"hint":...,"message":"Request body too large"}}) before the
 * request reaches the engine, so no SQL runs and nothing is written. A declared {@code
 * Content-Length} over the limit is refused at once; a chunked body is refused as soon as it grows
 * past the limit.
 *
 * <pre>{@code
 * HttpHandler root = new RequestSizeLimit(GatewayConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, engine);
 * }</pre>
 */
final class RequestSizeLimit implements HttpHandler {

  /** The error code of the answer (X: the local gateway's own codes, like PGRSTX00). */
  static final String CODE = "PGRSTX13";

  /**
   * A refused body is read and discarded up to this many bytes, so that a client still writing it
   * reads the 413 instead of a connection reset; the connection is closed afterwards either way.
   */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final long limit;
  private final HttpHandler next;

  RequestSizeLimit(long limit, HttpHandler next) {
    this.limit = limit;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    if (ex.isInIoThread()) {
      // bodies are read in blocking mode, here and in the engine: run on a worker thread
      ex.dispatch(this);
      return;
    }
    long declared = ex.getRequestContentLength();
    if (declared > limit) {
      ex.startBlocking();
      drain(ex.getInputStream());
      refuse(ex, "The request body has " + declared + " bytes; the limit is " + limit + " bytes.");
      return;
    }
    if (declared < 0 && ex.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
      // a chunked body: read at most limit + 1 bytes here, then put what was read back for the
      // engine
      ex.startBlocking();
      InputStream in = ex.getInputStream();
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, limit + 1));
      if (body.length > limit) {
        drain(in);
        refuse(
            ex,
            "The request body has more than "
                + limit
                + " bytes; the limit is "
                + limit
                + " bytes.");
        return;
      }
      Connectors.ungetRequestBytes(ex, new ImmediatePooledByteBuffer(ByteBuffer.wrap(body)));
      Connectors.resetRequestChannel(ex);
    }
    next.handleRequest(ex);
  }

  private static void drain(InputStream in) {
    byte[] buffer = new byte[64 * 1024];
    long read = 0;
    try {
      int n;
      while (read < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
        read += n;
      }
    } catch (IOException e) {
      // the client gave up sending: the answer below is still attempted
    }
  }

  private static void refuse(HttpServerExchange ex, String details) throws IOException {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", CODE);
    o.put("details", details);
    o.put("hint", "Send fewer or smaller rows per request.");
    o.put("message", "Request body too large");
    byte[] body = o.toString().getBytes(StandardCharsets.UTF_8);
    if (!ex.isBlocking()) {
      ex.startBlocking();
    }
    ex.setStatusCode(413);
    ex.setPersistent(false);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    ex.getResponseHeaders()
        .put(HttpString.tryFromString("Proxy-Status"), "PostgREST; error=" + CODE);
    ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, String.valueOf(body.length));
    ex.getOutputStream().write(body);
    ex.endExchange();
  }
}

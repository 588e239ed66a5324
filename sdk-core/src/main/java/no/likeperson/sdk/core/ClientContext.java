package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import no.likeperson.sdk.core.error.InvalidRequestException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** What every request builder of one client shares; assembles {@link WireRequest}s. */
final class ClientContext {

  /** PostgREST behind most proxies accepts about 8 KiB of request line; fail before sending. */
  static final int MAX_URL_LENGTH = 8_000;

  static final String JSON = "application/json";
  static final String OBJECT_JSON = "application/vnd.pgrst.object+json";

  final HttpUrl restBase;
  final Transport transport;
  final ObjectMapper mapper;
  final String defaultSchema;

  ClientContext(HttpUrl restBase, Transport transport, ObjectMapper mapper, String defaultSchema) {
    this.restBase = Objects.requireNonNull(restBase, "restBase == null");
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.defaultSchema = Objects.requireNonNull(defaultSchema, "defaultSchema == null");
  }

  /** One query parameter, unencoded. */
  record Param(String key, String value) {}

  /** The parts of one request, filled in by a builder. */
  static final class Spec {
    String method;
    final List<String> path = new ArrayList<>();
    final List<Param> query = new ArrayList<>();
    final List<String> prefer = new ArrayList<>();
    String accept = JSON;
    byte @Nullable [] body;
    boolean replayable;
    RequestOptions options = RequestOptions.defaults();

    Spec(String method) {
      this.method = method;
    }

    Spec param(String key, String value) {
      query.add(new Param(key, value));
      return this;
    }
  }

  /**
   * A future failed with {@code e} ({@code CompletableFuture.failedFuture} is not on Android 26).
   */
  static <T> CompletableFuture<T> failed(Throwable e) {
    CompletableFuture<T> f = new CompletableFuture<>();
    f.completeExceptionally(e);
    return f;
  }

  /** {@code String.isBlank()} is Java 11 and not on Android 26. */
  static boolean isBlank(String s) {
    return s.trim().isEmpty();
  }

  /**
   * A schema name as sent in {@code Accept-Profile}/{@code Content-Profile}: not blank, and only
   * characters an HTTP header value can carry (OkHttp would otherwise throw an untyped
   * IllegalArgumentException when the request is built).
   *
   * @throws InvalidRequestException if the name is blank or has control or non-ASCII characters
   */
  static String checkSchema(String schema) {
    if (isBlank(schema)) {
      throw new InvalidRequestException("schema is blank");
    }
    for (int i = 0; i < schema.length(); i++) {
      char c = schema.charAt(i);
      if (c < ' ' || c >= 0x7f) {
        throw new InvalidRequestException(
            "schema contains control or non-ASCII characters, which an HTTP header cannot carry");
      }
    }
    return schema;
  }

  /**
   * An API key as sent in the {@code apikey} header: present, and only characters a header value
   * can carry (said without echoing the key).
   *
   * @throws InvalidRequestException if it is missing, blank or not header-safe
   */
  static String checkApiKey(@Nullable String apiKey) {
    if (apiKey == null || isBlank(apiKey)) {
      throw new InvalidRequestException("apiKey is required");
    }
    if (apiKey.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      throw new InvalidRequestException("apiKey contains white space or non-ASCII characters");
    }
    return apiKey;
  }

  static String checkName(String what, String name) {
    if (name == null) {
      throw new NullPointerException(what + " == null");
    }
    if (ClientContext.isBlank(name)) {
      throw new InvalidRequestException(what + " is blank");
    }
    if (name.indexOf('\0') >= 0) {
      throw new InvalidRequestException(what + " contains a NUL character");
    }
    if (name.equals(".") || name.equals("..")) {
      // a dot segment would make the URL builder step out of /rest/v1/ (path traversal)
      throw new InvalidRequestException(what + " must not be '.' or '..'");
    }
    return name;
  }

  /**
   * Builds the request from {@code spec} and executes it; the handler factory gets the operation
   * ({@code METHOD /path}) for its messages.
   *
   * @throws InvalidRequestException if the request cannot be built; nothing is sent
   */
  <T> T execute(Spec spec, Function<String, ResponseHandler<T>> handler) {
    WireRequest request = build(spec);
    return transport.execute(request, handler.apply(request.operation()));
  }

  /**
   * Async twin of {@link #execute}: a request that cannot be built fails the future (never throws).
   */
  <T> CompletableFuture<T> executeAsync(
      Supplier<Spec> spec, Function<String, ResponseHandler<T>> handler) {
    WireRequest request;
    try {
      request = build(spec.get());
    } catch (RuntimeException e) {
      return failed(e);
    }
    return transport.executeAsync(request, handler.apply(request.operation()));
  }

  /**
   * Builds the wire request.
   *
   * @throws InvalidRequestException if the URL is longer than {@link #MAX_URL_LENGTH}
   */
  WireRequest build(Spec spec) {
    HttpUrl.Builder url = restBase.newBuilder();
    for (String segment : spec.path) {
      url.addPathSegment(segment);
    }
    if (!spec.query.isEmpty()) {
      StringBuilder q = new StringBuilder(64 * spec.query.size());
      try {
        for (Param p : spec.query) {
          if (q.length() > 0) {
            q.append('&');
          }
          q.append(UrlGrammar.encodeQueryComponent(p.key()))
              .append('=')
              .append(UrlGrammar.encodeQueryComponent(p.value()));
        }
      } catch (IllegalArgumentException e) {
        // the error path only: the operation is built from the path alone, never the query values
        throw new InvalidRequestException(
            spec.method
                + " "
                + url.query(null).build().encodedPath()
                + ": a filter or argument "
                + e.getMessage());
      }
      url.encodedQuery(q.toString());
    }
    // one build: the operation is the built URL's path (never its query)
    HttpUrl built = url.build();
    String operation = spec.method + " " + built.encodedPath();
    int length = built.toString().length();
    if (length > MAX_URL_LENGTH) {
      throw new InvalidRequestException(
          operation
              + ": the request URL would be "
              + length
              + " characters, over the limit of "
              + MAX_URL_LENGTH
              + "; narrow the filters (e.g. split a long in() list) or move the query into an RPC");
    }
    Headers.Builder headers = new Headers.Builder();
    headers.add("Accept", spec.accept);
    String schema = spec.options.schema().orElse(defaultSchema);
    boolean read = spec.method.equals("GET") || spec.method.equals("HEAD");
    headers.add(read ? "Accept-Profile" : "Content-Profile", schema);
    if (spec.body != null) {
      headers.add("Content-Type", JSON);
    }
    if (!spec.prefer.isEmpty()) {
      headers.add("Prefer", String.join(",", spec.prefer));
    }
    return new WireRequest(
        spec.method,
        built,
        headers.build(),
        spec.body,
        spec.replayable,
        operation,
        spec.options.accessToken().orElse(null));
  }
}

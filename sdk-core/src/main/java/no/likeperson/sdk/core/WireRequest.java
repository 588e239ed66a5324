package no.likeperson.sdk.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange as the API layer describes it. Immutable: the body is copied on the way in and
 * out.
 *
 * <p>The transport adds {@code apikey}, {@code Authorization}, {@code X-Client-Info} and, on
 * retries, {@code X-Retry-Count}; everything else (Prefer, Accept, Accept-Profile/Content-Profile,
 * Content-Type) is in {@link #headers()}.
 *
 * <pre>{@code
 * WireRequest r = new WireRequest("GET", url, Headers.of("Accept", "application/json"), null,
 *     true, "GET /rest/v1/activities", null);
 * }</pre>
 *
 * @param method GET, HEAD, POST, PATCH, PUT or DELETE
 * @param url full URL, already encoded by the API layer
 * @param headers request headers other than the auth headers
 * @param body JSON bytes, or {@code null} for none
 * @param replayable true if safe to retry (GET/HEAD, read-only RPC, idempotent-by-construction
 *     write)
 * @param operation for logs and messages, e.g. {@code "GET /rest/v1/activities"}: never query
 *     values
 * @param tokenOverride nullable per-call access token used instead of the provider's
 */
record WireRequest(
    String method,
    HttpUrl url,
    Headers headers,
    byte @Nullable [] body,
    boolean replayable,
    String operation,
    @Nullable String tokenOverride) {

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE");

  /** Validates and copies. */
  public WireRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(operation, "operation == null");
    method = method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("unsupported method: " + method);
    }
    body = body == null ? null : body.clone();
  }

  /** Returns a copy of the body, or {@code null}. */
  @Override
  public byte @Nullable [] body() {
    return body == null ? null : body.clone();
  }

  /** Body length without copying. */
  int bodyLength() {
    return body == null ? 0 : body.length;
  }

  /** The body array itself for the transport (never mutated). */
  byte @Nullable [] bodyUnsafe() {
    return body;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WireRequest w
        && method.equals(w.method)
        && url.equals(w.url)
        && headers.equals(w.headers)
        && Arrays.equals(body, w.body)
        && replayable == w.replayable
        && operation.equals(w.operation)
        && Objects.equals(tokenOverride, w.tokenOverride);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method, url, headers, Arrays.hashCode(body), replayable, operation, tokenOverride);
  }

  /** Never prints the URL's query, the body or the token. */
  @Override
  public String toString() {
    return "WireRequest{"
        + operation
        + ", replayable="
        + replayable
        + ", bodyBytes="
        + bodyLength()
        + "}";
  }
}

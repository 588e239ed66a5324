package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OkHttp transport. Per request: choose the token (refresh first if it is about to expire), ask
 * the circuit breaker ({@link CircuitGate}), send with auth headers (interceptor), map a non-2xx
 * answer to a typed exception, then let the {@link RetryPolicy} decide: replay once after a refresh
 * when the server rejected the token, retry a transient failure of a replayable request after a
 * backoff, or fail. The sync path below sleeps through the injected {@link Sleeper}; the async path
 * ({@link AsyncExecution}) runs on OkHttp's dispatcher and waits for retries on the {@link
 * RetryScheduler}, a one-thread scheduler owned by this transport (created on first need, shut down
 * by close()).
 *
 * <pre>{@code
 * try (Transport t = Transports.create(config)) {
 *   String body = t.execute(request, response -> response.body().string());
 * }
 * }</pre>
 */
final class OkHttpTransport implements Transport {

  static final String REQUEST_LOGGER = "no.likeperson.sdk.core.request";
  private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;
  private static final String JSON_TEXT = "application/json";
  private static final MediaType JSON = MediaType.get(JSON_TEXT);

  private final OkHttpClient http;

  /**
   * The same client (pool, dispatcher) without OkHttp's own retryOnConnectionFailure, for requests
   * that are not replayable: OkHttp would otherwise silently send a POST again when a reused
   * keep-alive connection drops after the request was written, so the server could apply it twice.
   */
  private final OkHttpClient httpNoReplay;

  private final TokenManager tokens;
  private final ErrorMapper errors;
  private final RetryPolicy retryPolicy;
  private final CircuitGate gate;
  private final RetryScheduler retryScheduler = new RetryScheduler();
  private final Sleeper sleeper;
  private final @Nullable Logger requestLog;
  private volatile boolean closed;

  OkHttpTransport(TransportConfig config) {
    this.tokens =
        new TokenManager(
            config.tokenProvider(), config.apiKey(), config.clock(), config.tokenExpirySkew());
    this.http =
        config
            .okHttpClient()
            .newBuilder()
            // PostgREST never redirects; OkHttp would carry the apikey header to whatever host a
            // 3xx names
            .followRedirects(false)
            .followSslRedirects(false)
            .addInterceptor(new AuthHeadersInterceptor(config.apiKey(), ClientInfo.headerValue()))
            .addNetworkInterceptor(new RetryAfterSanitizer(config.retry().maxRetryAfter()))
            .build();
    this.httpNoReplay = http.newBuilder().retryOnConnectionFailure(false).build();
    this.errors = new ErrorMapper(config.objectMapper(), config.clock());
    this.retryPolicy = new RetryPolicy(config.retry());
    this.gate = new CircuitGate(config.circuitBreaker(), config.clock());
    this.sleeper = config.sleeper();
    this.requestLog = config.requestLog() ? LoggerFactory.getLogger(REQUEST_LOGGER) : null;
  }

  // ---------------------------------------------------------------- sync

  @Override
  public <T> T execute(WireRequest request, ResponseHandler<T> handler) {
    checkOpen();
    RetryPolicy.Attempts attempts = retryPolicy.start(request);
    String token = request.tokenOverride() != null ? request.tokenOverride() : tokens.userToken();
    while (true) {
      try {
        T value = attemptSync(request, handler, token, attempts.retryCount());
        attempts.succeeded();
        return value;
      } catch (AttemptFailure f) {
        SupabaseException e = f.error;
        if (attempts.replayWithFreshToken(f.tokenRejected, token)) {
          String fresh = TokenManager.join(tokens.refresh(token, null));
          if (fresh != null && !fresh.equals(token)) {
            token = fresh;
            continue; // the server rejected the token before executing anything: replay is safe
          }
          throw e;
        }
        long delay = attempts.nextDelay(e);
        if (delay < 0) {
          throw e;
        }
        try {
          sleeper.sleep(Duration.ofMillis(delay));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          SupabaseClientException ce =
              new SupabaseClientException(
                  "interrupted while waiting to retry " + describe(request), ie, false);
          ce.addSuppressed(e);
          throw ce;
        }
        if (request.tokenOverride() == null) {
          token = tokens.userToken();
        }
      }
    }
  }

  private <T> T attemptSync(
      WireRequest request, ResponseHandler<T> handler, @Nullable String token, int retryCount) {
    checkHeaderSafe(token);
    gate.acquire(request);
    long start = System.nanoTime();
    Call call = newCall(request, token, retryCount);
    try (Response response = call.execute()) {
      T value = onResponse(request, handler, response);
      gate.success(start);
      log(request, String.valueOf(response.code()), start, retryCount);
      return value;
    } catch (AttemptFailure f) {
      gate.failure(start, f.error);
      log(request, outcome(f.error), start, retryCount);
      throw f;
    } catch (IOException e) {
      SupabaseException se = ioFailure(request, e);
      if (isInterruption(e)) {
        gate.release(); // the caller gave up: says nothing about the server
      } else {
        gate.failure(start, se);
      }
      log(request, outcome(se), start, retryCount);
      throw new AttemptFailure(se, false);
    } catch (RuntimeException | Error e) {
      gate.release(); // an OkHttp programming error must not leave a half-open trial slot taken
      throw e;
    } catch (Exception e) {
      // a checked exception thrown through Kotlin code: OkHttp 5 waits for its connect attempts
      // with
      // LinkedBlockingDeque.poll, which throws InterruptedException when the caller is interrupted
      gate.release();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new SupabaseClientException("interrupted during " + describe(request), e, false);
      }
      throw new SupabaseClientException(
          describe(request) + " failed (" + e.getClass().getSimpleName() + ")", e, false);
    }
  }

  // ---------------------------------------------------------------- async

  @Override
  public <T> CompletableFuture<T> executeAsync(WireRequest request, ResponseHandler<T> handler) {
    if (closed) {
      return TokenManager.failed(closedError());
    }
    AsyncExecution<T> execution = new AsyncExecution<>(this, request, handler);
    execution.begin();
    return execution.result;
  }

  private OkHttpClient clientFor(WireRequest request) {
    return request.replayable() ? http : httpNoReplay;
  }

  CompletableFuture<String> userTokenAsync() {
    return tokens.userTokenAsync(refreshExecutor());
  }

  CompletableFuture<String> refreshAsync(@Nullable String rejected) {
    return tokens.refresh(rejected, refreshExecutor());
  }

  private Executor refreshExecutor() {
    return http.dispatcher().executorService();
  }

  Call newCall(WireRequest request, @Nullable String token, int retryCount) {
    return clientFor(request).newCall(toOkHttp(request, token, retryCount));
  }

  RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  RetryScheduler retryScheduler() {
    return retryScheduler;
  }

  CircuitGate gate() {
    return gate;
  }

  // ---------------------------------------------------------------- shared

  <T> T onResponse(WireRequest request, ResponseHandler<T> handler, Response response) {
    if (response.isSuccessful()) {
      try {
        return handler.handle(response);
      } catch (JsonProcessingException e) {
        IOException broken = ResponseHandler.brokenStream(e);
        if (broken != null) {
          // databind wraps a connection that broke inside a nested value: still an I/O failure
          throw new AttemptFailure(ioFailure(request, broken), false);
        }
        throw new AttemptFailure(
            new SupabaseClientException(
                "unparseable response body from " + describe(request), e, false),
            false);
      } catch (IOException e) {
        throw new AttemptFailure(ioFailure(request, e), false);
      } catch (SupabaseException e) {
        throw new AttemptFailure(e, false);
      } catch (Exception e) {
        // RuntimeException, or a checked exception a Kotlin deserializer throws undeclared: without
        // this the async future was never completed (OkHttp only rethrows from its dispatcher)
        throw new AttemptFailure(
            new SupabaseClientException(
                "reading the response of "
                    + describe(request)
                    + " failed ("
                    + e.getClass().getSimpleName()
                    + ")",
                e,
                false),
            false);
      }
    }
    byte @Nullable [] body = null;
    try {
      body = response.peekBody(MAX_ERROR_BODY_BYTES).bytes();
    } catch (IOException | RuntimeException e) {
      // the status alone still classifies the error
    }
    SupabaseServiceException mapped =
        errors.map(response.code(), response.headers(), body, describe(request));
    boolean rejected = ErrorMapper.isTokenRejection(mapped, response.header("WWW-Authenticate"));
    throw new AttemptFailure(mapped, rejected);
  }

  private Request toOkHttp(WireRequest request, @Nullable String userToken, int retryCount) {
    Request.Builder b =
        new Request.Builder()
            .url(request.url())
            .headers(request.headers())
            .tag(
                AuthHeadersInterceptor.Bearer.class,
                new AuthHeadersInterceptor.Bearer(tokens.bearerFor(userToken)));
    if (retryCount > 0) {
      b.header("X-Retry-Count", Integer.toString(retryCount));
    }
    RequestBody body = null;
    byte[] bytes = request.bodyUnsafe();
    String method = request.method();
    if (bytes != null) {
      String ct = request.headers().get("Content-Type");
      // the API layer always sends JSON: skip MediaType's regex parse for that one value
      MediaType type = ct == null || ct.equals(JSON_TEXT) ? JSON : MediaType.parse(ct);
      body = RequestBody.create(bytes, type == null ? JSON : type);
    } else if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
      body = RequestBody.create(new byte[0], null);
    }
    b.method(method, body);
    return b.build();
  }

  /**
   * An I/O failure is retryable for the caller when repeating cannot double-apply anything: the
   * request is replayable, or the connection was never made. A non-replayable write that failed
   * after connecting has an unknown outcome (reference §5.5) and is not marked retryable.
   */
  static SupabaseClientException ioFailure(WireRequest request, IOException e) {
    if ("Canceled".equals(e.getMessage())) {
      return new SupabaseClientException("cancelled: " + describe(request), e, false);
    }
    if (isInterruption(e)) {
      // the calling thread was interrupted (Okio checks the flag and leaves it set): stop, no retry
      return new SupabaseClientException("interrupted during " + describe(request), e, false);
    }
    boolean neverSent =
        e instanceof ConnectException
            || e instanceof UnknownHostException
            || e instanceof NoRouteToHostException;
    String kind = e instanceof InterruptedIOException ? "timeout" : "I/O failure";
    String message =
        kind + " during " + describe(request) + " (" + e.getClass().getSimpleName() + ")";
    if (!request.replayable() && !neverSent) {
      message += "; the write may or may not have been applied";
    }
    return new SupabaseClientException(message, e, request.replayable() || neverSent);
  }

  private static boolean isInterruption(IOException e) {
    return e instanceof InterruptedIOException && Thread.currentThread().isInterrupted();
  }

  /** Method and path only: the query holds filter values and never goes into messages or logs. */
  static String describe(WireRequest request) {
    return request.method() + " " + request.url().encodedPath();
  }

  /**
   * A token with control or non-ASCII characters would let a compromised token store inject
   * headers; OkHttp would refuse it too, but with an IllegalArgumentException that can quote the
   * value.
   */
  static void checkHeaderSafe(@Nullable String token) {
    if (token == null) {
      return;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new InvalidRequestException(
            "access token contains characters not allowed in an HTTP header");
      }
    }
  }

  static String outcome(SupabaseException e) {
    if (e instanceof SupabaseServiceException s) {
      return s.code() == null ? String.valueOf(s.statusCode()) : s.statusCode() + " " + s.code();
    }
    return e.getClass().getSimpleName();
  }

  void log(WireRequest request, String outcome, long startNanos, int retryCount) {
    if (requestLog != null && requestLog.isInfoEnabled()) {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      requestLog.info(
          "{} {} -> {} in {} ms (retry {})",
          request.method(),
          request.url().encodedPath(),
          outcome,
          ms,
          retryCount);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw closedError();
    }
  }

  static SupabaseClientException closedError() {
    return new SupabaseClientException("the client is closed", null, false);
  }

  /** Async retries waiting in the scheduler (tests and diagnostics). */
  int pendingRetries() {
    return retryScheduler.pending();
  }

  /**
   * The resilience4j retry (its event publisher reports each computed wait; tests and diagnostics).
   */
  Retry retry() {
    return retryPolicy.retry();
  }

  /** Breaker state for tests and diagnostics. */
  String circuitState() {
    return gate.state();
  }

  @Override
  public JwtClaims claims() {
    return tokens.claims();
  }

  @Override
  public @Nullable String userToken() {
    return tokens.userToken();
  }

  @Override
  public void close() {
    closed = true;
    retryScheduler.close(closedError());
  }

  @Override
  public String toString() {
    return "OkHttpTransport{retry=" + retryPolicy.settings() + ", circuit=" + circuitState() + "}";
  }

  /** One failed attempt; internal control flow only, never escapes the transport. */
  static final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SupabaseException error;
    final boolean tokenRejected;

    AttemptFailure(SupabaseException error, boolean tokenRejected) {
      super(null, null, false, false);
      this.error = error;
      this.tokenRejected = tokenRejected;
    }
  }
}

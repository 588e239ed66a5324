package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.core.error.CircuitOpenException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.RateLimitedException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OkHttp transport. Per request: choose the token (refresh first if it is about to expire), ask the
 * circuit breaker, send with auth headers (interceptor), map a non-2xx answer to a typed exception,
 * replay once after a refresh when the server rejects the token, and retry transient failures of
 * replayable requests with exponential backoff and jitter honouring Retry-After. The sync path sleeps
 * through the injected {@link Sleeper}; the async path runs on OkHttp's dispatcher and schedules retries
 * on a one-thread scheduler owned by this transport (created on first need, shut down by close()).
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
  private final RetrySettings retrySettings;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Sleeper sleeper;
  private final Logger requestLog;

  private final Object schedulerLock = new Object();
  private ScheduledExecutorService scheduler; // guarded by schedulerLock
  private volatile boolean closed;
  /** Async executions waiting for a scheduled retry; failed by close(). */
  private final Set<AsyncExecution<?>> waiting = ConcurrentHashMap.newKeySet();

  OkHttpTransport(TransportConfig config) {
    this.tokens = new TokenManager(config.tokenProvider(), config.apiKey(), config.clock(),
        config.tokenExpirySkew());
    this.http = config.okHttpClient().newBuilder()
        // PostgREST never redirects; OkHttp would carry the apikey header to whatever host a 3xx names
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new AuthHeadersInterceptor(config.apiKey(), ClientInfo.headerValue()))
        .addNetworkInterceptor(new RetryAfterSanitizer(config.retry().maxRetryAfter()))
        .build();
    this.httpNoReplay = http.newBuilder().retryOnConnectionFailure(false).build();
    this.errors = new ErrorMapper(config.objectMapper(), config.clock());
    this.retrySettings = config.retry();
    this.retry = Retry.of("likeperson-sdk", RetryConfig.custom()
        .maxAttempts(retrySettings.maxAttempts())
        .retryOnException(OkHttpTransport::isTransient)
        .intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) ->
            waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
        .failAfterMaxAttempts(false)
        .build());
    this.breaker = newBreaker(config.circuitBreaker(), config);
    this.sleeper = config.sleeper();
    this.requestLog = config.requestLog() ? LoggerFactory.getLogger(REQUEST_LOGGER) : null;
  }

  private static CircuitBreaker newBreaker(CircuitBreakerSettings s, TransportConfig config) {
    if (!s.enabled()) {
      return null;
    }
    return CircuitBreaker.of("likeperson-sdk", CircuitBreakerConfig.custom()
        .failureRateThreshold(s.failureRateThreshold())
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        // the LOCK_FREE metrics use java.lang.invoke.VarHandle, which Android has only from API 33
        .slidingWindowSynchronizationStrategy(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
        .slidingWindowSize(s.slidingWindowSize())
        .minimumNumberOfCalls(s.minimumNumberOfCalls())
        .waitDurationInOpenState(s.waitInOpenState())
        .permittedNumberOfCallsInHalfOpenState(s.permittedCallsInHalfOpenState())
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .recordException(OkHttpTransport::countsAgainstBreaker)
        .writableStackTraceEnabled(false)
        .clock(config.clock())
        .build());
  }

  // ---------------------------------------------------------------- policy

  /** Retried (for replayable requests): I/O failures, 429, 502/503/504/520, 500 with 40001/40P01. */
  static boolean isTransient(Throwable t) {
    return t instanceof SupabaseException e && e.isRetryable() && !(t instanceof CircuitOpenException);
  }

  /** The breaker counts only server-side and transport failures, never 4xx answers. */
  static boolean countsAgainstBreaker(Throwable t) {
    if (t instanceof SupabaseServiceException s) {
      return s.statusCode() >= 500;
    }
    return t instanceof SupabaseClientException c && c.getCause() instanceof IOException
        && !(c.getCause() instanceof JsonProcessingException) && !"Canceled".equals(c.getCause().getMessage());
  }

  /** Exponential backoff with jitter, or the server's Retry-After (capped) when that is longer. */
  long waitMillis(int attempt, Throwable failure) {
    RetrySettings s = retrySettings;
    double base = s.initialBackoff().toMillis() * Math.pow(s.multiplier(), Math.max(0, attempt - 1));
    double capped = Math.min(base, s.maxBackoff().toMillis());
    double jittered = capped * (1.0 - s.jitter() * ThreadLocalRandom.current().nextDouble());
    long wait = Math.max(0L, Math.round(jittered));
    Duration retryAfter = null;
    if (failure instanceof ServiceUnavailableException u) {
      retryAfter = u.retryAfter().orElse(null);
    } else if (failure instanceof RateLimitedException r) {
      retryAfter = r.retryAfter().orElse(null);
    }
    if (retryAfter != null) {
      long ra = Math.min(retryAfter.toMillis(), s.maxRetryAfter().toMillis());
      wait = Math.max(wait, ra);
    }
    return wait;
  }

  // ---------------------------------------------------------------- sync

  @Override
  public <T> T execute(WireRequest request, ResponseHandler<T> handler) {
    checkOpen();
    Retry.AsyncContext<Object> retryContext = retry.asyncContext();
    boolean replayed = false;
    int retryCount = 0;
    String token = request.tokenOverride() != null ? request.tokenOverride() : tokens.userToken();
    while (true) {
      try {
        T value = attemptSync(request, handler, token, retryCount);
        retryContext.onComplete();
        return value;
      } catch (AttemptFailure f) {
        SupabaseException e = f.error;
        if (f.tokenRejected && !replayed && request.tokenOverride() == null && token != null) {
          replayed = true;
          String fresh = TokenManager.join(tokens.refresh(token, null));
          if (fresh != null && !fresh.equals(token)) {
            token = fresh;
            continue; // the server rejected the token before executing anything: replay is safe
          }
          throw e;
        }
        if (!request.replayable() || !isTransient(e)) {
          throw e;
        }
        long delay = retryContext.onError(e);
        if (delay < 0) {
          throw e;
        }
        try {
          sleeper.sleep(Duration.ofMillis(delay));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          SupabaseClientException ce = new SupabaseClientException(
              "interrupted while waiting to retry " + describe(request), ie, false);
          ce.addSuppressed(e);
          throw ce;
        }
        retryCount++;
        if (request.tokenOverride() == null) {
          token = tokens.userToken();
        }
      }
    }
  }

  private <T> T attemptSync(WireRequest request, ResponseHandler<T> handler, String token, int retryCount) {
    checkHeaderSafe(token);
    acquirePermission(request);
    long start = System.nanoTime();
    Call call = clientFor(request).newCall(toOkHttp(request, token, retryCount));
    try (Response response = call.execute()) {
      T value = onResponse(request, handler, response);
      breakerSuccess(start);
      log(request, String.valueOf(response.code()), start, retryCount);
      return value;
    } catch (AttemptFailure f) {
      breakerError(start, f.error);
      log(request, outcome(f.error), start, retryCount);
      throw f;
    } catch (IOException e) {
      SupabaseException se = ioFailure(request, e);
      if (isInterruption(e)) {
        releasePermission(); // the caller gave up: says nothing about the server
      } else {
        breakerError(start, se);
      }
      log(request, outcome(se), start, retryCount);
      throw new AttemptFailure(se, false);
    } catch (RuntimeException | Error e) {
      releasePermission(); // an OkHttp programming error must not leave a half-open trial slot taken
      throw e;
    } catch (Exception e) {
      // a checked exception thrown through Kotlin code: OkHttp 5 waits for its connect attempts with
      // LinkedBlockingDeque.poll, which throws InterruptedException when the caller is interrupted
      releasePermission();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new SupabaseClientException("interrupted during " + describe(request), e, false);
      }
      throw new SupabaseClientException(describe(request) + " failed (" + e.getClass().getSimpleName() + ")",
          e, false);
    }
  }

  // ---------------------------------------------------------------- async

  @Override
  public <T> CompletableFuture<T> executeAsync(WireRequest request, ResponseHandler<T> handler) {
    if (closed) {
      return TokenManager.failed(closedError());
    }
    AsyncExecution<T> execution = new AsyncExecution<>(request, handler);
    execution.begin();
    return execution.result;
  }

  private final class AsyncExecution<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    final WireRequest request;
    final ResponseHandler<T> handler;
    final Retry.AsyncContext<Object> retryContext = retry.asyncContext();
    volatile Call call;
    volatile ScheduledFuture<?> pending;
    volatile int retryCount;
    volatile boolean replayed;
    /** Set just before the transport completes the future itself. */
    volatile boolean settled;

    void succeed(T value) {
      settled = true;
      result.complete(value);
    }

    void fail(Throwable error) {
      settled = true;
      result.completeExceptionally(error);
    }

    AsyncExecution(WireRequest request, ResponseHandler<T> handler) {
      this.request = request;
      this.handler = handler;
      // completing or cancelling the future from outside cancels the HTTP call and any pending retry
      result.whenComplete((v, t) -> {
        waiting.remove(this);
        if (settled) {
          return; // finished by the transport itself: nothing left to cancel
        }
        Call c = call;
        if (c != null) {
          c.cancel();
        }
        ScheduledFuture<?> p = pending;
        if (p != null) {
          p.cancel(false);
        }
      });
    }

    void begin() {
      if (result.isDone()) {
        return;
      }
      CompletableFuture<String> token = request.tokenOverride() != null
          ? CompletableFuture.completedFuture(request.tokenOverride())
          : tokens.userTokenAsync(refreshExecutor());
      token.whenComplete((t, err) -> {
        if (err != null) {
          fail(TokenManager.unwrap(err));
        } else {
          send(t);
        }
      });
    }

    void send(String token) {
      if (result.isDone()) {
        return;
      }
      try {
        checkHeaderSafe(token);
        acquirePermission(request);
      } catch (InvalidRequestException | CircuitOpenException e) {
        fail(e);
        return;
      }
      long start = System.nanoTime();
      int attemptRetryCount = retryCount;
      Call c = clientFor(request).newCall(toOkHttp(request, token, attemptRetryCount));
      call = c;
      if (result.isDone()) {
        c.cancel();
      }
      c.enqueue(new Callback() {
        @Override
        public void onFailure(Call failed, IOException e) {
          if (result.isDone()) {
            releasePermission();
            return;
          }
          SupabaseException se = ioFailure(request, e);
          breakerError(start, se);
          log(request, outcome(se), start, attemptRetryCount);
          failed(se, false, token);
        }

        @Override
        public void onResponse(Call done, Response response) {
          try (response) {
            if (result.isDone()) {
              releasePermission();
              return;
            }
            T value = OkHttpTransport.this.onResponse(request, handler, response);
            breakerSuccess(start);
            log(request, String.valueOf(response.code()), start, attemptRetryCount);
            retryContext.onComplete();
            succeed(value);
          } catch (AttemptFailure f) {
            if (result.isDone()) {
              releasePermission();
              return;
            }
            breakerError(start, f.error);
            log(request, outcome(f.error), start, attemptRetryCount);
            failed(f.error, f.tokenRejected, token);
          } catch (RuntimeException | Error e) {
            releasePermission();
            fail(e);
          }
        }
      });
    }

    void failed(SupabaseException e, boolean tokenRejected, String tokenSent) {
      if (tokenRejected && !replayed && request.tokenOverride() == null && tokenSent != null) {
        replayed = true;
        tokens.refresh(tokenSent, refreshExecutor()).whenComplete((fresh, err) -> {
          if (err != null) {
            // the refresh failure is shared by every caller waiting on it: do not mutate it
            fail(TokenManager.unwrap(err));
          } else if (fresh == null || fresh.equals(tokenSent)) {
            fail(e);
          } else {
            send(fresh);
          }
        });
        return;
      }
      if (!request.replayable() || !isTransient(e)) {
        fail(e);
        return;
      }
      long delay = retryContext.onError(e);
      if (delay < 0) {
        fail(e);
        return;
      }
      retryCount++;
      if (delay == 0) {
        begin();
        return;
      }
      try {
        waiting.add(this);
        pending = scheduler().schedule(() -> {
          waiting.remove(this);
          begin();
        }, delay, TimeUnit.MILLISECONDS);
        if (result.isDone()) {
          pending.cancel(false);
        }
      } catch (RejectedExecutionException | IllegalStateException rejected) {
        waiting.remove(this);
        SupabaseClientException ce = closedError();
        ce.addSuppressed(e);
        fail(ce);
      }
    }
  }

  private OkHttpClient clientFor(WireRequest request) {
    return request.replayable() ? http : httpNoReplay;
  }

  private Executor refreshExecutor() {
    return http.dispatcher().executorService();
  }

  private ScheduledExecutorService scheduler() {
    synchronized (schedulerLock) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (scheduler == null) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
          Thread t = new Thread(r, "likeperson-sdk-retry");
          t.setDaemon(true);
          return t;
        });
        s.setRemoveOnCancelPolicy(true);
        scheduler = s;
      }
      return scheduler;
    }
  }

  // ---------------------------------------------------------------- shared

  private <T> T onResponse(WireRequest request, ResponseHandler<T> handler, Response response) {
    if (response.isSuccessful()) {
      try {
        return handler.handle(response);
      } catch (JsonProcessingException e) {
        IOException broken = ResponseHandler.brokenStream(e);
        if (broken != null) {
          // databind wraps a connection that broke inside a nested value: still an I/O failure
          throw new AttemptFailure(ioFailure(request, broken), false);
        }
        throw new AttemptFailure(new SupabaseClientException(
            "unparseable response body from " + describe(request), e, false), false);
      } catch (IOException e) {
        throw new AttemptFailure(ioFailure(request, e), false);
      } catch (SupabaseException e) {
        throw new AttemptFailure(e, false);
      } catch (Exception e) {
        // RuntimeException, or a checked exception a Kotlin deserializer throws undeclared: without
        // this the async future was never completed (OkHttp only rethrows from its dispatcher)
        throw new AttemptFailure(new SupabaseClientException(
            "reading the response of " + describe(request) + " failed (" + e.getClass().getSimpleName() + ")",
            e, false), false);
      }
    }
    byte[] body = null;
    try {
      body = response.peekBody(MAX_ERROR_BODY_BYTES).bytes();
    } catch (IOException | RuntimeException e) {
      // the status alone still classifies the error
    }
    SupabaseServiceException mapped = errors.map(response.code(), response.headers(), body, describe(request));
    boolean rejected = ErrorMapper.isTokenRejection(mapped, response.header("WWW-Authenticate"));
    throw new AttemptFailure(mapped, rejected);
  }

  private Request toOkHttp(WireRequest request, String userToken, int retryCount) {
    Request.Builder b = new Request.Builder()
        .url(request.url())
        .headers(request.headers())
        .tag(AuthHeadersInterceptor.Bearer.class, new AuthHeadersInterceptor.Bearer(tokens.bearerFor(userToken)));
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
   * request is replayable, or the connection was never made. A non-replayable write that failed after
   * connecting has an unknown outcome (reference §5.5) and is not marked retryable.
   */
  private static SupabaseClientException ioFailure(WireRequest request, IOException e) {
    if ("Canceled".equals(e.getMessage())) {
      return new SupabaseClientException("cancelled: " + describe(request), e, false);
    }
    if (isInterruption(e)) {
      // the calling thread was interrupted (Okio checks the flag and leaves it set): stop, no retry
      return new SupabaseClientException("interrupted during " + describe(request), e, false);
    }
    boolean neverSent = e instanceof ConnectException || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException;
    String kind = e instanceof InterruptedIOException ? "timeout" : "I/O failure";
    String message = kind + " during " + describe(request) + " (" + e.getClass().getSimpleName() + ")";
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
   * A token with control or non-ASCII characters would let a compromised token store inject headers;
   * OkHttp would refuse it too, but with an IllegalArgumentException that can quote the value.
   */
  private static void checkHeaderSafe(String token) {
    if (token == null) {
      return;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new InvalidRequestException("access token contains characters not allowed in an HTTP header");
      }
    }
  }

  private void acquirePermission(WireRequest request) {
    if (breaker != null && !breaker.tryAcquirePermission()) {
      throw new CircuitOpenException("circuit breaker is open after repeated server failures; "
          + describe(request) + " was not sent");
    }
  }

  private void releasePermission() {
    if (breaker != null) {
      breaker.releasePermission();
    }
  }

  private void breakerSuccess(long startNanos) {
    if (breaker != null) {
      breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void breakerError(long startNanos, SupabaseException e) {
    if (breaker != null) {
      breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, e);
    }
  }

  private static String outcome(SupabaseException e) {
    if (e instanceof SupabaseServiceException s) {
      return s.code() == null ? String.valueOf(s.statusCode()) : s.statusCode() + " " + s.code();
    }
    return e.getClass().getSimpleName();
  }

  private void log(WireRequest request, String outcome, long startNanos, int retryCount) {
    if (requestLog != null && requestLog.isInfoEnabled()) {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      requestLog.info("{} {} -> {} in {} ms (retry {})", request.method(), request.url().encodedPath(),
          outcome, ms, retryCount);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw closedError();
    }
  }

  private static SupabaseClientException closedError() {
    return new SupabaseClientException("the client is closed", null, false);
  }

  /** Async retries waiting in the scheduler (tests and diagnostics). */
  int pendingRetries() {
    synchronized (schedulerLock) {
      return scheduler == null ? 0 : ((ScheduledThreadPoolExecutor) scheduler).getQueue().size();
    }
  }

  /** The resilience4j retry (its event publisher reports each computed wait; tests and diagnostics). */
  Retry retry() {
    return retry;
  }

  /** Breaker state for tests and diagnostics. */
  String circuitState() {
    return breaker == null ? "DISABLED" : breaker.getState().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public JwtClaims claims() {
    return tokens.claims();
  }

  @Override
  public String userToken() {
    return tokens.userToken();
  }

  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (schedulerLock) {
      closed = true;
      s = scheduler;
      scheduler = null;
    }
    if (s != null) {
      s.shutdownNow();
    }
    for (AsyncExecution<?> e : waiting) {
      e.result.completeExceptionally(closedError());
    }
    waiting.clear();
  }

  @Override
  public String toString() {
    return "OkHttpTransport{retry=" + retrySettings + ", circuit=" + circuitState() + "}";
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

package no.likeperson.sdk.core;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import no.likeperson.sdk.core.OkHttpTransport.AttemptFailure;
import no.likeperson.sdk.core.error.CircuitOpenException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * One asynchronous request: token, breaker permission, the call on OkHttp's dispatcher, then the
 * retry policy's decision (replay with a fresh token, schedule the next attempt on the {@link
 * RetryScheduler}, or fail). Completing or cancelling {@link #result} from outside cancels the HTTP
 * call in flight and any scheduled retry.
 *
 * <pre>{@code
 * AsyncExecution<T> e = new AsyncExecution<>(transport, request, handler);
 * e.begin();
 * return e.result;
 * }</pre>
 */
final class AsyncExecution<T> {
  final CompletableFuture<T> result = new CompletableFuture<>();
  private final OkHttpTransport transport;
  private final WireRequest request;
  private final ResponseHandler<T> handler;
  private final RetryPolicy.Attempts attempts;
  private volatile @Nullable Call call;
  private volatile @Nullable ScheduledFuture<?> pending;

  /** Set just before the transport completes the future itself. */
  private volatile boolean settled;

  AsyncExecution(OkHttpTransport transport, WireRequest request, ResponseHandler<T> handler) {
    this.transport = transport;
    this.request = request;
    this.handler = handler;
    this.attempts = transport.retryPolicy().start(request);
    // completing or cancelling the future from outside cancels the HTTP call and any pending retry
    result.whenComplete(
        (v, t) -> {
          transport.retryScheduler().forget(this);
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

  private void succeed(T value) {
    settled = true;
    result.complete(value);
  }

  private void fail(Throwable error) {
    settled = true;
    result.completeExceptionally(error);
  }

  /** The transport closed while this execution waited for a retry. */
  void abandon(SupabaseException error) {
    result.completeExceptionally(error);
  }

  /** Gets the token (refreshing it first when it is about to expire), then sends. */
  void begin() {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<String> token =
        request.tokenOverride() != null
            ? CompletableFuture.completedFuture(request.tokenOverride())
            : transport.userTokenAsync();
    token.whenComplete(
        (t, err) -> {
          if (err != null) {
            fail(TokenManager.unwrap(err));
          } else {
            send(t);
          }
        });
  }

  private void send(@Nullable String token) {
    if (result.isDone()) {
      return;
    }
    CircuitGate gate = transport.gate();
    try {
      OkHttpTransport.checkHeaderSafe(token);
      gate.acquire(request);
    } catch (InvalidRequestException | CircuitOpenException e) {
      fail(e);
      return;
    }
    long start = System.nanoTime();
    int retryCount = attempts.retryCount();
    Call c = transport.newCall(request, token, retryCount);
    call = c;
    if (result.isDone()) {
      c.cancel();
    }
    c.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call failed, IOException e) {
            if (result.isDone()) {
              gate.release();
              return;
            }
            SupabaseException se = OkHttpTransport.ioFailure(request, e);
            gate.failure(start, se);
            transport.log(request, OkHttpTransport.outcome(se), start, retryCount);
            failed(se, false, token);
          }

          @Override
          public void onResponse(Call done, Response response) {
            try (response) {
              if (result.isDone()) {
                gate.release();
                return;
              }
              T value = transport.onResponse(request, handler, response);
              gate.success(start);
              transport.log(request, String.valueOf(response.code()), start, retryCount);
              attempts.succeeded();
              succeed(value);
            } catch (AttemptFailure f) {
              if (result.isDone()) {
                gate.release();
                return;
              }
              gate.failure(start, f.error);
              transport.log(request, OkHttpTransport.outcome(f.error), start, retryCount);
              failed(f.error, f.tokenRejected, token);
            } catch (RuntimeException | Error e) {
              gate.release();
              fail(e);
            }
          }
        });
  }

  private void failed(SupabaseException e, boolean tokenRejected, @Nullable String tokenSent) {
    if (attempts.replayWithFreshToken(tokenRejected, tokenSent)) {
      transport
          .refreshAsync(tokenSent)
          .whenComplete(
              (fresh, err) -> {
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
    long delay = attempts.nextDelay(e);
    if (delay < 0) {
      fail(e);
      return;
    }
    if (delay == 0) {
      begin();
      return;
    }
    try {
      pending = transport.retryScheduler().schedule(this, this::begin, delay);
      if (result.isDone()) {
        pending.cancel(false);
      }
    } catch (RejectedExecutionException rejected) {
      SupabaseClientException ce = OkHttpTransport.closedError();
      ce.addSuppressed(e);
      fail(ce);
    }
  }
}

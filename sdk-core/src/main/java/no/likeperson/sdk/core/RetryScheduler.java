package no.likeperson.sdk.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.core.error.SupabaseException;
import org.jspecify.annotations.Nullable;

/**
 * Where async executions wait for their next attempt: a one-thread daemon scheduler owned by the
 * transport, created on first need (a client that never retries asynchronously starts no thread)
 * and shut down by {@link #close}, which also fails every execution still waiting.
 *
 * <pre>{@code
 * ScheduledFuture<?> f = scheduler.schedule(execution, execution::begin, 250);
 * }</pre>
 */
final class RetryScheduler {

  private final Object lock = new Object();
  private @Nullable ScheduledExecutorService executor; // guarded by lock
  private boolean closed; // guarded by lock

  /** Async executions waiting for a scheduled retry; failed by close(). */
  private final Set<AsyncExecution<?>> waiting = ConcurrentHashMap.newKeySet();

  /**
   * Runs {@code next} after {@code delayMillis} on the scheduler thread.
   *
   * @throws RejectedExecutionException when closed (also while closing)
   */
  ScheduledFuture<?> schedule(AsyncExecution<?> execution, Runnable next, long delayMillis) {
    waiting.add(execution);
    try {
      return executor()
          .schedule(
              () -> {
                waiting.remove(execution);
                next.run();
              },
              delayMillis,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      waiting.remove(execution);
      throw e;
    }
  }

  /** The execution finished: it no longer waits. */
  void forget(AsyncExecution<?> execution) {
    waiting.remove(execution);
  }

  private ScheduledExecutorService executor() {
    synchronized (lock) {
      if (closed) {
        throw new RejectedExecutionException("closed");
      }
      if (executor == null) {
        ScheduledThreadPoolExecutor s =
            new ScheduledThreadPoolExecutor(
                1,
                r -> {
                  Thread t = new Thread(r, "likeperson-sdk-retry");
                  t.setDaemon(true);
                  return t;
                });
        s.setRemoveOnCancelPolicy(true);
        executor = s;
      }
      return executor;
    }
  }

  /** Retries waiting in the scheduler (tests and diagnostics). */
  int pending() {
    synchronized (lock) {
      return executor == null ? 0 : ((ScheduledThreadPoolExecutor) executor).getQueue().size();
    }
  }

  /** Stops the thread and fails every execution still waiting with {@code error}. */
  void close(SupabaseException error) {
    ScheduledExecutorService s;
    synchronized (lock) {
      closed = true;
      s = executor;
      executor = null;
    }
    if (s != null) {
      s.shutdownNow();
    }
    for (AsyncExecution<?> e : waiting) {
      e.abandon(error);
    }
    waiting.clear();
  }
}

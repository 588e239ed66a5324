package no.likeperson.sdk.stats;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import no.likeperson.sdk.core.error.RepositoryException;
import no.likeperson.sdk.core.error.SupabaseException;

/**
 * The one exception of sdk-stats: the server refused the stats read or the call failed (I/O,
 * timeout, unparseable answer). The sdk-core exception is kept as the cause; {@link
 * #isRetryable()}, {@link #statusCode()} and {@link #code()} answer from it. Argument errors
 * ({@link NullPointerException}, {@link IllegalArgumentException}) and the org guard's {@link
 * no.likeperson.sdk.core.error.UnauthorisedAccessException} are not wrapped: they are raised before
 * anything is sent.
 *
 * <pre>{@code
 * try {
 *   List<StatsRow> rows = stats.coordinatorMonthlyStats(orgId, coordinatorId, from, to);
 * } catch (StatsException e) {
 *   if (e.isRetryable()) retryLater();
 *   else show("Statistics unavailable (" + e.code().orElse("?") + ")");
 * }
 * }</pre>
 */
public final class StatsException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param what what the module was doing, e.g. {@code "coordinator monthly stats"}
   * @param cause the sdk-core failure
   * @throws NullPointerException if an argument is null
   */
  StatsException(String what, SupabaseException cause) {
    super(what, cause);
  }

  static <T> T call(String what, Supplier<T> body) {
    return RepositoryException.call(body, e -> new StatsException(what, e));
  }

  static <T> CompletableFuture<T> callAsync(String what, Supplier<CompletableFuture<T>> body) {
    return RepositoryException.callAsync(body, e -> new StatsException(what, e));
  }
}

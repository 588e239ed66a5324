package no.likeperson.sdk.bufdir;

import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.error.RepositoryException;
import no.likeperson.sdk.core.error.SupabaseException;

/**
 * The one exception of sdk-bufdir: the server refused (e.g. 42501, not allowed to aggregate that
 * organisation; a proxy registration that breaks a database rule) or the call failed (I/O, timeout,
 * unparseable answer). The sdk-core exception is kept as the cause; {@link #isRetryable()},
 * {@link #statusCode()} and {@link #code()} answer from it. Argument errors and the org guard's
 * {@link no.likeperson.sdk.core.error.UnauthorisedAccessException} are not wrapped.
 *
 * <pre>{@code
 * try {
 *   payload = service.aggregateActivities(orgId, from, to, ScopeLevel.CHAPTER);
 * } catch (BufdirException e) {
 *   if (e.isRetryable()) retryLater();
 *   else show("Bufdir report failed (" + e.code().orElse("?") + "): " + e.getMessage());
 * }
 * }</pre>
 */
public class BufdirException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /**
   * @param what what the module was doing, e.g. {@code "Bufdir aggregation"}
   * @param cause the sdk-core failure
   * @throws NullPointerException if an argument is null
   */
  public BufdirException(String what, SupabaseException cause) {
    super(what, cause);
  }

  static <T> T call(String what, Supplier<T> body) {
    return RepositoryException.call(body, e -> new BufdirException(what, e));
  }

  static <T> CompletableFuture<T> callAsync(String what, Supplier<CompletableFuture<T>> body) {
    return RepositoryException.callAsync(body, e -> new BufdirException(what, e));
  }
}

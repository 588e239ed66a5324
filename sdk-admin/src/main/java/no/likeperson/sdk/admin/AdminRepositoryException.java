package no.likeperson.sdk.admin;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import no.likeperson.sdk.core.error.RepositoryException;
import no.likeperson.sdk.core.error.SupabaseException;

/**
 * The one exception of this module: a server answer or a transport failure met by {@link
 * AdminDataRepository} or {@link CertificationRepository}. The sdk-core exception is kept as the
 * {@link #getCause() cause}; {@link #isRetryable()}, {@link #statusCode()} and {@link #code()} are
 * answered from it. A {@code catch (SupabaseException e)} still catches it.
 *
 * <p>Not wrapped: argument errors ({@link NullPointerException}, {@link IllegalArgumentException})
 * and the guard's {@link no.likeperson.sdk.core.error.UnauthorisedAccessException}, both raised
 * before anything is sent.
 *
 * <pre>{@code
 * try {
 *   AdminStatDto kpis = admin.getKpiStats();
 * } catch (AdminRepositoryException e) {
 *   if (e.isRetryable()) retryLater();
 *   else if (e.code().filter("42501"::equals).isPresent()) showNotAllowed();
 * }
 * }</pre>
 */
public final class AdminRepositoryException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  AdminRepositoryException(String what, SupabaseException cause) {
    super(what, cause);
  }

  static <T> T call(String what, Supplier<T> body) {
    return RepositoryException.call(body, e -> new AdminRepositoryException(what, e));
  }

  static <T> CompletableFuture<T> callAsync(String what, Supplier<CompletableFuture<T>> body) {
    return RepositoryException.callAsync(body, e -> new AdminRepositoryException(what, e));
  }
}

package no.likeperson.sdk.core.error;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Base of the one exception each repository module throws ({@code StatsException}, {@code
 * BufdirException}, {@code AdminRepositoryException}): a server answer or a transport failure met
 * by a repository call. It extends {@link SupabaseException}, so {@code catch (SupabaseException
 * e)} still catches everything, and it keeps the sdk-core exception as its {@link #getCause()
 * cause}, from which {@link #isRetryable()}, {@link #statusCode()} and {@link #code()} are
 * answered.
 *
 * <p>What is not wrapped, by design: argument errors ({@link NullPointerException}, {@link
 * IllegalArgumentException}), the org guard's {@link UnauthorisedAccessException} and sdk-core's
 * {@link InvalidRequestException} (both raised before anything is sent) pass through unchanged.
 *
 * <pre>{@code
 * try {
 *   stats.coordinatorMonthlyStats(orgId, coordinatorId, from, to);
 * } catch (StatsException e) {                     // a RepositoryException
 *   if (e.isRetryable()) retryLater();
 *   else show("Could not load statistics (" + e.code().orElse("?") + ")");
 * }
 * }</pre>
 */
public abstract class RepositoryException extends SupabaseException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what the repository was doing, e.g. {@code "coordinator monthly stats"}; safe
   *     (no row data, no filter values)
   * @param cause the sdk-core failure (kept as the cause)
   * @throws NullPointerException if an argument is null
   */
  protected RepositoryException(String message, SupabaseException cause) {
    super(
        Objects.requireNonNull(message, "message == null")
            + " failed: "
            + Objects.requireNonNull(cause, "cause == null").getMessage(),
        cause,
        cause.isRetryable());
  }

  /** The sdk-core exception this wraps. */
  @Override
  @SuppressWarnings("NullAway") // the constructor requires the cause and it cannot be replaced
  public synchronized SupabaseException getCause() {
    return (SupabaseException) super.getCause();
  }

  /** The HTTP status of the server's answer, or empty when there was no answer (I/O, timeout). */
  public OptionalInt statusCode() {
    Throwable c = getCause();
    return c instanceof SupabaseServiceException s
        ? OptionalInt.of(s.statusCode())
        : OptionalInt.empty();
  }

  /** The PostgREST code or SQLSTATE of the server's answer ({@code "42501"}), or empty. */
  public Optional<String> code() {
    Throwable c = getCause();
    return c instanceof SupabaseServiceException s
        ? Optional.ofNullable(s.code())
        : Optional.empty();
  }

  /**
   * Whether a repository wraps {@code e}: every {@link SupabaseException} except the ones raised
   * before sending (the org guard's and invalid requests), which pass through unchanged, and except
   * repository exceptions themselves.
   *
   * @param e a failure met by a repository call
   * @return true if it should be wrapped in the module's exception
   */
  protected static boolean wraps(Throwable e) {
    return e instanceof SupabaseException
        && !(e instanceof UnauthorisedAccessException)
        && !(e instanceof InvalidRequestException)
        && !(e instanceof RepositoryException);
  }

  /**
   * Runs one repository call and wraps what {@link #wraps} says in the module's exception: the one
   * place a module translates failures, so every method does it the same way.
   *
   * <pre>{@code
   * // in StatsException (package-private helper the repository calls):
   * static <T> T call(String what, Supplier<T> body) {
   *   return RepositoryException.call(body, e -> new StatsException(what, e));
   * }
   * }</pre>
   *
   * @param body the call
   * @param wrap makes the module's exception from an sdk-core exception
   * @param <T> the result type
   * @return the call's result
   */
  protected static <T> T call(
      Supplier<T> body, Function<SupabaseException, ? extends RepositoryException> wrap) {
    try {
      return body.get();
    } catch (SupabaseException e) {
      if (wraps(e)) {
        throw wrap.apply(e);
      }
      throw e;
    }
  }

  /**
   * Async twin of {@link #call}: the returned future completes like the body's, with failures that
   * {@link #wraps} says wrapped in the module's exception; an exception thrown by {@code body}
   * itself (argument validation, the org guard) fails the future instead of being thrown, like
   * sdk-core's async calls. Cancelling the returned future cancels the body's future.
   *
   * @param body starts the call
   * @param wrap makes the module's exception from an sdk-core exception
   * @param <T> the result type
   * @return a future of the call's result
   */
  protected static <T> CompletableFuture<T> callAsync(
      Supplier<CompletableFuture<T>> body,
      Function<SupabaseException, ? extends RepositoryException> wrap) {
    CompletableFuture<T> inner;
    try {
      inner = Objects.requireNonNull(body.get(), "async body returned null");
    } catch (RuntimeException e) {
      CompletableFuture<T> failed = new CompletableFuture<>();
      failed.completeExceptionally(wraps(e) ? wrap.apply((SupabaseException) e) : e);
      return failed;
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    inner.whenComplete(
        (value, error) -> {
          if (error == null) {
            out.complete(value);
            return;
          }
          Throwable t =
              error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error;
          if (t instanceof CancellationException) {
            out.cancel(false);
          } else {
            out.completeExceptionally(wraps(t) ? wrap.apply((SupabaseException) t) : t);
          }
        });
    out.whenComplete(
        (value, error) -> {
          if (out.isCancelled()) {
            inner.cancel(true);
          }
        });
    return out;
  }
}

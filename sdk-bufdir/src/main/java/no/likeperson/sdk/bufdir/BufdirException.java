package no.likeperson.sdk.bufdir;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import no.likeperson.sdk.core.error.RepositoryException;
import no.likeperson.sdk.core.error.SupabaseException;
import org.jspecify.annotations.Nullable;

/**
 * The one exception of sdk-bufdir: the server refused (e.g. 42501, not allowed to aggregate that
 * organisation; a proxy registration that breaks a database rule) or the call failed (I/O, timeout,
 * unparseable answer). The sdk-core exception is kept as the cause; {@link #isRetryable()}, {@link
 * #statusCode()} and {@link #code()} answer from it. Argument errors and the org guard's {@link
 * no.likeperson.sdk.core.error.UnauthorisedAccessException} are not wrapped.
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
public final class BufdirException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String rule;

  /**
   * @param what what the module was doing, e.g. {@code "Bufdir aggregation"}
   * @param cause the sdk-core failure
   * @throws NullPointerException if an argument is null
   */
  BufdirException(String what, SupabaseException cause) {
    super(what, cause);
    this.rule = null;
  }

  /**
   * A refusal by a named database rule, explained in the message.
   *
   * @param what what the module was doing
   * @param rule the rule's name (a constraint name, e.g. {@code
   *     proxy_activities_same_org_attribution})
   * @param explanation what the rule requires, in words
   * @param cause the sdk-core failure
   */
  BufdirException(String what, String rule, String explanation, SupabaseException cause) {
    super(what + ": " + explanation + " (database rule " + rule + ")", cause);
    this.rule = rule;
  }

  /**
   * The database rule that refused the write, when the module recognised one (e.g. {@code
   * proxy_activities_same_org_attribution}: the attributed mentor must be a peer mentor of the
   * activity's organisation).
   */
  public Optional<String> rule() {
    return Optional.ofNullable(rule);
  }

  static <T> T call(String what, Supplier<T> body) {
    return RepositoryException.call(body, e -> new BufdirException(what, e));
  }

  static <T> CompletableFuture<T> callAsync(String what, Supplier<CompletableFuture<T>> body) {
    return RepositoryException.callAsync(body, e -> new BufdirException(what, e));
  }

  static <T> T callWith(Supplier<T> body, Function<SupabaseException, BufdirException> wrap) {
    return RepositoryException.call(body, wrap);
  }

  static <T> CompletableFuture<T> callAsyncWith(
      Supplier<CompletableFuture<T>> body, Function<SupabaseException, BufdirException> wrap) {
    return RepositoryException.callAsync(body, wrap);
  }
}

package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of every failure the SDK throws. Unchecked. Messages never contain tokens, keys or filter
 * values.
 *
 * <pre>{@code
 * try {
 *   client.from("activities").eq("org_id", orgId).list(Activity.class);
 * } catch (SupabaseException e) {
 *   if (e.isRetryable()) scheduleLater();
 * }
 * }</pre>
 */
public class SupabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * @param message safe message (no secrets, no filter values)
   * @param cause nullable cause
   * @param retryable whether repeating the same call later may succeed
   */
  protected SupabaseException(String message, @Nullable Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether repeating the same call later may succeed (transient failure). */
  public boolean isRetryable() {
    return retryable;
  }
}

package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * No usable answer from the server: I/O failure, timeout, connection refused, or a 2xx body the SDK
 * could not parse.
 *
 * <pre>{@code
 * catch (SupabaseClientException e) { log.warn("network trouble: {}", e.getMessage()); }
 * }</pre>
 */
public class SupabaseClientException extends SupabaseException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message safe message
   * @param cause nullable cause
   * @param retryable true for I/O failures and timeouts, false for unparseable bodies
   */
  public SupabaseClientException(String message, @Nullable Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}

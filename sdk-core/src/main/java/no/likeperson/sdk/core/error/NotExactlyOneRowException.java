package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * PGRST116: {@code single()} (vnd.pgrst.object) matched zero or several rows (406).
 *
 * <pre>{@code
 * catch (NotExactlyOneRowException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class NotExactlyOneRowException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  NotExactlyOneRowException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

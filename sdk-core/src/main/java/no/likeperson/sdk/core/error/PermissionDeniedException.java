package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Permission denied: SQLSTATE 42501 (403, or 401 when anonymous) or HTTP 403.
 *
 * <pre>{@code
 * catch (PermissionDeniedException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class PermissionDeniedException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  PermissionDeniedException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

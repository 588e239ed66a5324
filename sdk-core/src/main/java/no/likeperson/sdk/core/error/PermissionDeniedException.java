package no.likeperson.sdk.core.error;

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
   * @param statusCode    HTTP status
   * @param code          code, nullable
   * @param serverMessage server message, nullable
   * @param details       details, nullable
   * @param hint          hint, nullable
   * @param operation     method and path, nullable
   */
  PermissionDeniedException(int statusCode, String code, String serverMessage, String details, String hint,
      String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

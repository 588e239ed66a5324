package no.likeperson.sdk.core.error;

/**
 * Rejected input: 400 with 23514, 22P02, P0001, 23502, PGRST1xx and the like.
 *
 * <pre>{@code
 * catch (ValidationException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class ValidationException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode    HTTP status
   * @param code          code, nullable
   * @param serverMessage server message, nullable
   * @param details       details, nullable
   * @param hint          hint, nullable
   * @param operation     method and path, nullable
   */
  ValidationException(int statusCode, String code, String serverMessage, String details, String hint,
      String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

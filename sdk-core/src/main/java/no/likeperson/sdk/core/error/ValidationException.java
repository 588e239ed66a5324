package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

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
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  ValidationException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Conflict: 409, SQLSTATE 23505 (unique) or 23503 (foreign key).
 *
 * <pre>{@code
 * catch (ConflictException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class ConflictException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  ConflictException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

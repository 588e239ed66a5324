package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Not found: 404, PGRST202 (function), PGRST205 (table), 42P01, 42883.
 *
 * <pre>{@code
 * catch (NotFoundException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class NotFoundException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  NotFoundException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

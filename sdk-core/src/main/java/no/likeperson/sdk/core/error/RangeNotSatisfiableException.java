package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * 416 / PGRST103: the requested range starts past the end of the result.
 *
 * <pre>{@code
 * catch (RangeNotSatisfiableException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class RangeNotSatisfiableException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  RangeNotSatisfiableException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

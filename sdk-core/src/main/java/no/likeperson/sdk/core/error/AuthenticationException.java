package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Authentication failed: 401, or PostgREST PGRST301/302/303 (invalid, missing or expired JWT).
 *
 * <pre>{@code
 * catch (AuthenticationException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class AuthenticationException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  AuthenticationException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

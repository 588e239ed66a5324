package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Supabase Auth refused a sign-in, refresh or sign-out: {@link #code()} is Auth's {@code
 * error_code} ({@code invalid_credentials}, {@code refresh_token_already_used}, {@code
 * refresh_token_not_found}, {@code session_not_found}, ...). {@link #isSignInRequired()} says
 * whether the session is gone, so the app must ask the user to sign in again (the session store has
 * then been cleared).
 *
 * <pre>{@code
 * try {
 *   auth.refreshSession();
 * } catch (AuthException e) {
 *   if (e.isSignInRequired()) showLogin();
 * }
 * }</pre>
 */
public class AuthException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status
   * @param code Auth's {@code error_code}, nullable
   * @param serverMessage Auth's message, nullable
   * @param operation method and path, nullable
   * @param retryable whether repeating later may succeed
   */
  AuthException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String operation,
      boolean retryable) {
    super(statusCode, code, serverMessage, null, null, operation, retryable);
  }

  /**
   * The typed exception for a Supabase Auth error answer: {@link InvalidCredentialsException} for
   * wrong credentials ({@code invalid_credentials}, or a password grant's {@code invalid_grant}),
   * else an {@code AuthException} that is retryable for 429 and 5xx.
   *
   * <pre>{@code
   * AuthException e = AuthException.of(400, "invalid_credentials", "Invalid login credentials",
   *     "POST /auth/v1/token?grant_type=password");
   * assert e instanceof InvalidCredentialsException;
   * }</pre>
   *
   * @param statusCode HTTP status
   * @param code Auth's {@code error_code}, nullable
   * @param serverMessage Auth's message, nullable
   * @param operation method and path, nullable
   * @return the most specific type
   */
  public static AuthException of(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String operation) {
    if ("invalid_credentials".equals(code)
        || (statusCode == 400
            && "invalid_grant".equals(code)
            && operation != null
            && operation.endsWith("=password"))) {
      return new InvalidCredentialsException(statusCode, code, serverMessage, operation);
    }
    boolean retryable = statusCode == 429 || statusCode >= 500;
    return new AuthException(statusCode, code, serverMessage, operation, retryable);
  }

  /**
   * Whether the user must sign in again: a 4xx answer, i.e. Auth refused the credentials or
   * session.
   */
  public boolean isSignInRequired() {
    return statusCode() >= 400 && statusCode() < 500 && statusCode() != 429;
  }
}

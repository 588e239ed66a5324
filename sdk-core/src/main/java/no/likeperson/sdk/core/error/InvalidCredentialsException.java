package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * A password sign-in was refused: unknown email or wrong password (Auth does not say which).
 *
 * <pre>{@code
 * try {
 *   auth.signInWithPassword(email, password);
 * } catch (InvalidCredentialsException e) {
 *   showError("Wrong email or password");
 * }
 * }</pre>
 */
public class InvalidCredentialsException extends AuthException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status (400)
   * @param code Auth's {@code error_code}, e.g. {@code invalid_credentials}
   * @param serverMessage Auth's message, nullable
   * @param operation method and path, nullable
   */
  InvalidCredentialsException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, operation, false);
  }
}

package no.likeperson.sdk.core.error;

import java.util.Optional;

/**
 * The server answered with a non-2xx status. Carries the HTTP status and PostgREST's error body
 * ({@code code}, {@code message}, {@code details}, {@code hint}). Gateway bodies without a
 * {@code code} still produce this type with {@link #code()} {@code null}.
 *
 * <p>{@link #getMessage()} holds status, code and operation (method and path) only;
 * {@link #serverMessage()}, {@link #details()} and {@link #hint()} hold the server's text, which can
 * echo submitted values, so do not log them blindly.
 *
 * <pre>{@code
 * catch (SupabaseServiceException e) {
 *   log.warn("{} {}", e.statusCode(), e.code());
 * }
 * }</pre>
 */
public class SupabaseServiceException extends SupabaseException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String code;
  private final String serverMessage;
  private final String details;
  private final String hint;

  /**
   * @param statusCode    HTTP status
   * @param code          PostgREST / SQLSTATE code, nullable
   * @param serverMessage server's message, nullable
   * @param details       server's details, nullable
   * @param hint          server's hint, nullable
   * @param operation     method and path, e.g. {@code "GET /rest/v1/activities"}, nullable
   * @param retryable     whether repeating later may succeed
   */
  public SupabaseServiceException(int statusCode, String code, String serverMessage, String details,
      String hint, String operation, boolean retryable) {
    super(describe(statusCode, code, operation), null, retryable);
    this.statusCode = statusCode;
    this.code = code;
    this.serverMessage = serverMessage;
    this.details = details;
    this.hint = hint;
  }

  private static String describe(int statusCode, String code, String operation) {
    StringBuilder sb = new StringBuilder("HTTP ").append(statusCode);
    if (code != null) {
      sb.append(" (").append(code).append(')');
    }
    if (operation != null) {
      sb.append(" from ").append(operation);
    }
    return sb.toString();
  }

  /** HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  /** PostgREST code ({@code PGRST116}) or SQLSTATE ({@code 23505}), or {@code null}. */
  public String code() {
    return code;
  }

  /** The server's {@code message}, or the raw body of a gateway error, or {@code null}. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The server's {@code details}, or {@code null}. */
  public String details() {
    return details;
  }

  /** The server's {@code hint}, or {@code null}. */
  public String hint() {
    return hint;
  }

  /** The code as an Optional. */
  public Optional<String> codeOptional() {
    return Optional.ofNullable(code);
  }
}

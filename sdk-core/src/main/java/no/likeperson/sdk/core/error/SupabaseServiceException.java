package no.likeperson.sdk.core.error;

import java.util.Optional;

/**
 * The server answered with a non-2xx status. Carries the HTTP status and PostgREST's error body
 * ({@code code}, {@code message}, {@code details}, {@code hint}). Gateway bodies without a
 * {@code code} still produce this type with {@link #code()} {@code null}.
 *
 * <p>{@link #getMessage()} holds status, code, operation (method and path) and the server's message
 * made safe to log: identifiers are kept, but quoted values, ids and dates are replaced
 * ({@code HTTP 400 (22023) from POST /rest/v1/rpc/aggregate_activities_for_org: p_scope must be
 * chapter, region or national, was "<value>"}); a 401 also says what happened and what to do.
 * {@link #serverMessage()}, {@link #details()} and {@link #hint()} hold the server's text as sent,
 * which can echo submitted values and row data, so do not log them blindly.
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
    super(describe(statusCode, code, operation, serverMessage), null, retryable);
    this.statusCode = statusCode;
    this.code = code;
    this.serverMessage = serverMessage;
    this.details = details;
    this.hint = hint;
  }

  private static String describe(int statusCode, String code, String operation, String serverMessage) {
    StringBuilder sb = new StringBuilder("HTTP ").append(statusCode);
    if (code != null) {
      sb.append(" (").append(code).append(')');
    }
    if (operation != null) {
      sb.append(" from ").append(operation);
    }
    // a body without a code is a proxy's or gateway's (an HTML page, plain text): only a 401's is kept
    boolean auth = isAuthentication(statusCode, code);
    String safe = code != null || auth ? SafeText.of(code, serverMessage) : null;
    if (safe != null) {
      sb.append(": ").append(safe);
    }
    if (auth) {
      sb.append(safe == null ? ": " : "; ").append(SafeText.authAdvice(code, serverMessage));
    }
    return sb.toString();
  }

  private static boolean isAuthentication(int statusCode, String code) {
    return statusCode == 401 || "PGRST301".equals(code) || "PGRST302".equals(code) || "PGRST303".equals(code);
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

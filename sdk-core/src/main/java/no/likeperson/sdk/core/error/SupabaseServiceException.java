package no.likeperson.sdk.core.error;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with a non-2xx status. Carries the HTTP status and PostgREST's error body
 * ({@code code}, {@code message}, {@code details}, {@code hint}). Gateway bodies without a {@code
 * code} still produce this type with {@link #code()} {@code null}.
 *
 * <p>{@link #getMessage()} holds status, code, operation (method and path) and the server's message
 * made safe to log: identifiers are kept, but quoted values, ids and dates are replaced ({@code
 * HTTP 400 (22023) from POST /rest/v1/rpc/aggregate_activities_for_org: p_scope must be chapter,
 * region or national, was "<value>"}); a 401 also says what happened and what to do. {@link
 * #serverMessage()}, {@link #details()} and {@link #hint()} hold the server's text as sent, which
 * can echo submitted values and row data, so do not log them blindly.
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
  private final @Nullable String code;
  private final @Nullable String serverMessage;
  private final @Nullable String details;
  private final @Nullable String hint;

  /**
   * @param statusCode HTTP status
   * @param code PostgREST / SQLSTATE code, nullable
   * @param serverMessage server's message, nullable
   * @param details server's details, nullable
   * @param hint server's hint, nullable
   * @param operation method and path, e.g. {@code "GET /rest/v1/activities"}, nullable
   * @param retryable whether repeating later may succeed
   */
  SupabaseServiceException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation,
      boolean retryable) {
    super(describe(statusCode, code, operation, serverMessage), null, retryable);
    this.statusCode = statusCode;
    this.code = code;
    this.serverMessage = serverMessage;
    this.details = details;
    this.hint = hint;
  }

  /**
   * The typed exception for a server answer: picks the subclass from the HTTP status and the
   * PostgREST / SQLSTATE code the way the SDK does for every response (for example 409 or {@code
   * 23505} gives a {@link ConflictException}, 429 a {@link RateLimitedException}). The constructors
   * are not public; this is the one way to build one, e.g. in a test double.
   *
   * <pre>{@code
   * SupabaseServiceException e = SupabaseServiceException.of(409, "23505",
   *     "duplicate key value violates unique constraint", null, null, "POST /rest/v1/activities", null);
   * assert e instanceof ConflictException;
   * }</pre>
   *
   * @param statusCode HTTP status
   * @param code PostgREST / SQLSTATE code, nullable
   * @param serverMessage server's message, nullable
   * @param details server's details, nullable
   * @param hint server's hint, nullable
   * @param operation method and path, e.g. {@code "GET /rest/v1/activities"}, nullable
   * @param retryAfter the server's {@code Retry-After} (kept by the 429 and 503 types), nullable
   * @return the most specific type for status and code
   */
  public static SupabaseServiceException of(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation,
      @Nullable Duration retryAfter) {
    int status = statusCode;
    String message = serverMessage;
    String c = code == null ? "" : code.toUpperCase(Locale.ROOT);
    if (c.equals("42501")) {
      return new PermissionDeniedException(status, code, message, details, hint, operation);
    }
    if (c.equals("PGRST301") || c.equals("PGRST302") || c.equals("PGRST303") || status == 401) {
      return new AuthenticationException(status, code, message, details, hint, operation);
    }
    if (status == 403) {
      return new PermissionDeniedException(status, code, message, details, hint, operation);
    }
    if (status == 416 || c.equals("PGRST103")) {
      return new RangeNotSatisfiableException(status, code, message, details, hint, operation);
    }
    if (c.equals("PGRST116")) {
      return new NotExactlyOneRowException(status, code, message, details, hint, operation);
    }
    if (status == 404
        || c.equals("PGRST202")
        || c.equals("PGRST205")
        || c.equals("42P01")
        || c.equals("42883")) {
      return new NotFoundException(status, code, message, details, hint, operation);
    }
    if (status == 409 || c.equals("23505") || c.equals("23503")) {
      return new ConflictException(status, code, message, details, hint, operation);
    }
    if (status == 413) {
      return new RequestTooLargeException(status, code, message, details, hint, operation);
    }
    if (status == 429) {
      return new RateLimitedException(status, code, message, details, hint, operation, retryAfter);
    }
    if (status == 502
        || status == 503
        || status == 504
        || status == 520
        || (status == 500 && (c.equals("40001") || c.equals("40P01")))) {
      return new ServiceUnavailableException(
          status, code, message, details, hint, operation, retryAfter);
    }
    if (status == 400) {
      return new ValidationException(status, code, message, details, hint, operation);
    }
    return new SupabaseServiceException(status, code, message, details, hint, operation, false);
  }

  private static String describe(
      int statusCode,
      @Nullable String code,
      @Nullable String operation,
      @Nullable String serverMessage) {
    StringBuilder sb = new StringBuilder("HTTP ").append(statusCode);
    if (code != null) {
      sb.append(" (").append(code).append(')');
    }
    if (operation != null) {
      sb.append(" from ").append(operation);
    }
    // a body without a code is a proxy's or gateway's (an HTML page, plain text): only a 401's is
    // kept
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

  private static boolean isAuthentication(int statusCode, @Nullable String code) {
    return statusCode == 401
        || "PGRST301".equals(code)
        || "PGRST302".equals(code)
        || "PGRST303".equals(code);
  }

  /** HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  /** PostgREST code ({@code PGRST116}) or SQLSTATE ({@code 23505}), or {@code null}. */
  public @Nullable String code() {
    return code;
  }

  /** The server's {@code message}, or the raw body of a gateway error, or {@code null}. */
  public @Nullable String serverMessage() {
    return serverMessage;
  }

  /** The server's {@code details}, or {@code null}. */
  public @Nullable String details() {
    return details;
  }

  /** The server's {@code hint}, or {@code null}. */
  public @Nullable String hint() {
    return hint;
  }

  /** The code as an Optional. */
  public Optional<String> codeOptional() {
    return Optional.ofNullable(code);
  }
}

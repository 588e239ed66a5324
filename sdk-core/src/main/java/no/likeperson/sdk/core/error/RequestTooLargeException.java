package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * 413: the request body is larger than the API gateway accepts (Supabase's gateway, or the
 * testkit's with {@code GatewayConfig.maxRequestBodyBytes}). Nothing was written. Not retryable:
 * the same body is refused again; send fewer rows per request instead.
 *
 * <pre>{@code
 * try {
 *   client.from("activities").insert(rows).execute();
 * } catch (RequestTooLargeException e) {
 *   for (List<Activity> chunk : chunks(rows, 500)) client.from("activities").insert(chunk).execute();
 * }
 * }</pre>
 */
public class RequestTooLargeException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param statusCode HTTP status (413)
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   */
  RequestTooLargeException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation) {
    super(statusCode, code, serverMessage, details, hint, operation, false);
  }
}

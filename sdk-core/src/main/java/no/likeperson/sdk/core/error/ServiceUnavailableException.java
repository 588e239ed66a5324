package no.likeperson.sdk.core.error;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The service is temporarily unavailable: 503 / 504 / 502 / 520 (gateway or PostgREST lost its
 * database, PGRST000-003), or 500 with a serialization failure or deadlock (40001 / 40P01).
 * Retryable; {@link #retryAfter()} carries the server's {@code Retry-After}.
 *
 * <pre>{@code
 * catch (ServiceUnavailableException e) {
 *   Duration wait = e.retryAfter().orElse(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public class ServiceUnavailableException extends SupabaseServiceException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /**
   * @param statusCode HTTP status
   * @param code code, nullable
   * @param serverMessage server message, nullable
   * @param details details, nullable
   * @param hint hint, nullable
   * @param operation method and path, nullable
   * @param retryAfter the server's Retry-After, nullable
   */
  ServiceUnavailableException(
      int statusCode,
      @Nullable String code,
      @Nullable String serverMessage,
      @Nullable String details,
      @Nullable String hint,
      @Nullable String operation,
      @Nullable Duration retryAfter) {
    super(statusCode, code, serverMessage, details, hint, operation, true);
    this.retryAfter = retryAfter;
  }

  /** The server's {@code Retry-After}, if it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

package no.likeperson.sdk.core.error;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * 429 Too Many Requests. Retryable; see {@link #retryAfter()}.
 *
 * <pre>{@code
 * catch (RateLimitedException e) { log.info("{} {}", e.statusCode(), e.code()); }
 * }</pre>
 */
public class RateLimitedException extends SupabaseServiceException {
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
  RateLimitedException(
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

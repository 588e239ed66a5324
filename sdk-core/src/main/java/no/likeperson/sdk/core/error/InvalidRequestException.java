package no.likeperson.sdk.core.error;

import org.jspecify.annotations.Nullable;

/**
 * Bad input detected before anything was sent (blank column, URL too long, missing argument, ...).
 *
 * <pre>{@code
 * throw new InvalidRequestException("column name must not be blank");
 * }</pre>
 */
public class InvalidRequestException extends SupabaseException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message safe message (never the offending value if it is a filter value or secret)
   */
  public InvalidRequestException(String message) {
    super(message, null, false);
  }

  /**
   * @param message safe message
   * @param cause nullable cause
   */
  public InvalidRequestException(String message, @Nullable Throwable cause) {
    super(message, cause, false);
  }
}

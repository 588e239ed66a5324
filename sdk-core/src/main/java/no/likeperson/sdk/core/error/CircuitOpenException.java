package no.likeperson.sdk.core.error;

/**
 * The client's circuit breaker is open after repeated server-side failures; nothing was sent.
 * Retryable: try again after a pause.
 *
 * <pre>{@code
 * catch (CircuitOpenException e) { showOfflineBanner(); }
 * }</pre>
 */
public class CircuitOpenException extends SupabaseException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message safe message
   */
  public CircuitOpenException(String message) {
    super(message, null, true);
  }
}

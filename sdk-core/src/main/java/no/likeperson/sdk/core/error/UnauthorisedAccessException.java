package no.likeperson.sdk.core.error;

/**
 * The access token's organisation claims do not allow the requested organisation; thrown by the org
 * guard before any request is sent. The message never contains the token.
 *
 * <pre>{@code
 * client.orgGuard().requireAccess(orgId); // throws UnauthorisedAccessException
 * }</pre>
 */
public class UnauthorisedAccessException extends SupabaseException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message safe message
   */
  public UnauthorisedAccessException(String message) {
    super(message, null, false);
  }
}

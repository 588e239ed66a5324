package no.likeperson.sdk.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the user's access token (a Supabase JWT) for every request. The SDK calls {@link
 * #accessToken()} before each request, and {@link #refreshAccessToken()} when the token is expired
 * (within a 30 s skew) or the server rejects it with 401 PGRST301/PGRST303. Concurrent callers
 * share one refresh in flight, so an implementation need not be clever about concurrency, only
 * thread-safe. A refresh must not call back into the same {@link SupabaseClient} (it would wait for
 * itself); call the auth endpoint with its own HTTP client.
 *
 * <p>For a Supabase Auth session (sign-in, refresh with rotation, sign-out) use {@link
 * SupabaseAuth#tokenProvider()}.
 *
 * <pre>{@code
 * AccessTokenProvider session = supabaseAuth.tokenProvider();
 * AccessTokenProvider fixed = AccessTokenProvider.of(userJwt);    // cannot be refreshed
 * AccessTokenProvider refreshing = new AccessTokenProvider() {
 *   public String accessToken() { return session.accessToken(); }
 *   public String refreshAccessToken() { return session.refresh().accessToken(); }
 * };
 * }</pre>
 */
public interface AccessTokenProvider {

  /**
   * The current access token, or {@code null} when there is no signed-in user (then the API key is
   * sent as bearer when it is a JWT).
   *
   * @return the token or {@code null}
   */
  @Nullable String accessToken();

  /**
   * Obtains a new access token because the current one expired or was rejected. The default returns
   * {@link #accessToken()} (a fixed token cannot be refreshed; the request then fails with {@link
   * no.likeperson.sdk.core.error.AuthenticationException}).
   *
   * @return the new token; {@code null} means the session is gone: a request whose token had
   *     expired then fails with {@link no.likeperson.sdk.core.error.SupabaseClientException} before
   *     anything is sent (it never silently continues as {@code anon}), and a rejected token's 401
   *     is passed on
   * @throws RuntimeException when the refresh fails; it (or an undeclared checked exception, as
   *     Kotlin code throws) is passed on to the caller wrapped in a {@link
   *     no.likeperson.sdk.core.error.SupabaseException} unless it already is one, and the next
   *     request tries a new refresh
   */
  default @Nullable String refreshAccessToken() {
    return accessToken();
  }

  /**
   * A provider that always returns {@code token}.
   *
   * @param token the access token
   * @return the provider
   * @throws NullPointerException if {@code token} is null
   */
  static AccessTokenProvider of(String token) {
    Objects.requireNonNull(token, "token == null");
    return new AccessTokenProvider() {
      @Override
      public String accessToken() {
        return token;
      }

      @Override
      public String toString() {
        return "AccessTokenProvider.of(<redacted>)";
      }
    };
  }

  /**
   * A provider without a user: requests run with the API key only.
   *
   * @return the provider
   */
  static AccessTokenProvider anonymous() {
    return new AccessTokenProvider() {
      @Override
      public @Nullable String accessToken() {
        return null;
      }

      @Override
      public String toString() {
        return "AccessTokenProvider.anonymous()";
      }
    };
  }
}

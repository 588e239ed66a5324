package no.likeperson.sdk.core;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.JWTDecodeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the bearer for each request and refreshes the user token: before sending when it expires
 * within the skew, and after a 401 token rejection. Concurrent callers share one refresh in flight,
 * and a refresh already done for a given stale token is reused, so N callers holding the same
 * expired token cause exactly one call to {@link AccessTokenProvider#refreshAccessToken()}.
 */
final class TokenManager {

  private final AccessTokenProvider provider;
  private final String apiKey;
  private final boolean apiKeyIsJwt;
  private final Clock clock;
  private final Duration skew;

  private final Object lock = new Object();

  /** Guarded by lock. */
  private @Nullable CompletableFuture<String> inFlight;

  /** Guarded by lock: the token the last completed refresh replaced, and what replaced it. */
  private @Nullable String lastStale;

  private @Nullable String lastFresh;

  /**
   * Guarded by lock: cache of the last decoded token's expiry (decode costs a base64 + JSON parse).
   */
  private @Nullable String cachedToken;

  private @Nullable Instant cachedExp;

  TokenManager(AccessTokenProvider provider, String apiKey, Clock clock, Duration skew) {
    this.provider = provider;
    this.apiKey = apiKey;
    this.apiKeyIsJwt = looksLikeJwt(apiKey);
    this.clock = clock;
    this.skew = skew;
  }

  /** Three non-empty dot-separated parts (reference §6.2); new {@code sb_...} keys are not JWTs. */
  static boolean looksLikeJwt(@Nullable String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    int first = s.indexOf('.');
    int second = first < 0 ? -1 : s.indexOf('.', first + 1);
    return first > 0
        && second > first + 1
        && second < s.length() - 1
        && s.indexOf('.', second + 1) < 0;
  }

  /** The bearer to send with a given user token (null = omit Authorization). */
  @Nullable String bearerFor(@Nullable String userToken) {
    if (userToken != null) {
      return userToken;
    }
    return apiKeyIsJwt ? apiKey : null;
  }

  String apiKey() {
    return apiKey;
  }

  /**
   * The current user token, refreshed first if it is expired; blocks during a refresh. A session
   * whose refresh yields no token fails rather than silently continuing without a user: RLS would
   * then answer as {@code anon} (typically with empty results, which look like real data).
   */
  @Nullable String userToken() {
    String token = providerToken();
    if (token != null && isExpired(token)) {
      return requireRefreshed(join(refresh(token, null)));
    }
    return token;
  }

  private static String requireRefreshed(@Nullable String fresh) {
    if (fresh == null) {
      throw new SupabaseClientException(
          "the access token expired and its refresh returned no token; "
              + "sign in again (nothing was sent)",
          null,
          false);
    }
    return fresh;
  }

  /** Async twin of {@link #userToken()}: a refresh runs on {@code executor}. */
  CompletableFuture<String> userTokenAsync(Executor executor) {
    String token;
    try {
      token = providerToken();
    } catch (SupabaseException e) {
      return failed(e);
    }
    if (token != null && isExpired(token)) {
      return refresh(token, executor).thenApply(TokenManager::requireRefreshed);
    }
    return CompletableFuture.completedFuture(token);
  }

  /** The claims of the token the next request would carry. */
  JwtClaims claims() {
    String bearer = bearerFor(userToken());
    return bearer == null ? JwtClaims.anonymous() : JwtClaims.decode(bearer);
  }

  /**
   * Refreshes because {@code stale} expired or was rejected. Single flight: callers arriving while
   * a refresh runs get the same future; callers arriving later with the same stale token get its
   * result.
   *
   * @param executor where to run the provider; {@code null} runs it on the calling thread
   */
  CompletableFuture<String> refresh(@Nullable String stale, @Nullable Executor executor) {
    CompletableFuture<String> f;
    synchronized (lock) {
      if (stale != null && stale.equals(lastStale)) {
        return CompletableFuture.completedFuture(lastFresh);
      }
      if (inFlight != null) {
        return inFlight;
      }
      f = new CompletableFuture<>();
      inFlight = f;
    }
    CompletableFuture<String> mine = f;
    Runnable run =
        () -> {
          try {
            String fresh = provider.refreshAccessToken();
            synchronized (lock) {
              lastStale = stale;
              lastFresh = fresh;
              inFlight = null;
            }
            mine.complete(fresh);
          } catch (Throwable e) {
            // Throwable, not RuntimeException: a Kotlin provider can throw an undeclared checked
            // exception
            // (e.g. IOException from its auth call); missing it left the refresh "in flight"
            // forever
            synchronized (lock) {
              inFlight = null;
            }
            mine.completeExceptionally(
                e instanceof SupabaseException
                    ? e
                    : new SupabaseClientException(
                        "access token refresh failed (" + e.getClass().getSimpleName() + ")",
                        e,
                        false));
          }
        };
    if (executor == null) {
      run.run();
    } else {
      try {
        executor.execute(run);
      } catch (RuntimeException e) {
        synchronized (lock) {
          inFlight = null;
        }
        mine.completeExceptionally(
            new SupabaseClientException("cannot schedule token refresh", e, false));
      }
    }
    return mine;
  }

  boolean isExpired(String token) {
    Instant exp;
    synchronized (lock) {
      if (token.equals(cachedToken)) {
        exp = cachedExp;
      } else {
        exp = decodeExp(token);
        cachedToken = token;
        cachedExp = exp;
      }
    }
    return exp != null && !clock.instant().plus(skew).isBefore(exp);
  }

  private static @Nullable Instant decodeExp(String token) {
    try {
      return JWT.decode(token).getExpiresAtAsInstant();
    } catch (JWTDecodeException e) {
      return null; // opaque token: the server decides
    }
  }

  private @Nullable String providerToken() {
    try {
      return provider.accessToken();
    } catch (SupabaseException e) {
      throw e;
    } catch (Exception e) { // incl. undeclared checked exceptions from Kotlin providers
      throw new SupabaseClientException(
          "access token provider failed (" + e.getClass().getSimpleName() + ")", e, false);
    }
  }

  /** {@code CompletableFuture.failedFuture} is Java 9+ and not in Android API 26. */
  static <T> CompletableFuture<T> failed(Throwable t) {
    CompletableFuture<T> f = new CompletableFuture<>();
    f.completeExceptionally(t);
    return f;
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SupabaseClientException("interrupted while waiting for a token refresh", e, false);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause() != null ? e.getCause() : e);
    }
  }

  static RuntimeException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new SupabaseClientException(
        "unexpected failure (" + t.getClass().getSimpleName() + ")", t, false);
  }
}

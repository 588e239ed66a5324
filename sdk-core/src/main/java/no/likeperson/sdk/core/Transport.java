package no.likeperson.sdk.core;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Executes {@link WireRequest}s: auth headers, token refresh, retry, circuit breaker, error mapping
 * and the request log. 2xx (incl. 206) is success and goes to the handler; every other status
 * becomes a typed {@link no.likeperson.sdk.core.error.SupabaseServiceException} built from the
 * body.
 *
 * <p>Create with {@link Transports#create(TransportConfig)}.
 *
 * <pre>{@code
 * Transport t = Transports.create(config);
 * String body = t.execute(request, r -> r.body().string());
 * }</pre>
 */
interface Transport extends AutoCloseable {

  /**
   * Executes synchronously.
   *
   * @throws no.likeperson.sdk.core.error.SupabaseException subtypes for every failure
   */
  <T> T execute(WireRequest request, ResponseHandler<T> handler);

  /**
   * Executes on OkHttp's dispatcher. Cancelling (or completing) the returned future cancels the
   * HTTP call and any scheduled retry. Fails with the same exception types as {@link #execute}.
   */
  <T> CompletableFuture<T> executeAsync(WireRequest request, ResponseHandler<T> handler);

  /** The decoded claims of the current access token (calls the provider). */
  no.likeperson.sdk.core.JwtClaims claims();

  /**
   * The user token the next request would carry (refreshed first when it is expired, as before a
   * request), or {@code null} when there is no signed-in user.
   */
  @Nullable String userToken();

  /** Releases the retry scheduler owned by this transport (never the injected OkHttpClient). */
  @Override
  void close();
}

package no.likeperson.sdk.core.internal;

import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.JwtClaims;

/** Work in progress (core-2): replaced within the hour by the full transport. */
final class OkHttpTransport implements Transport {
  private final TransportConfig config;

  OkHttpTransport(TransportConfig config) {
    this.config = config;
  }

  @Override
  public <T> T execute(WireRequest request, ResponseHandler<T> handler) {
    throw new UnsupportedOperationException("transport not yet implemented");
  }

  @Override
  public <T> CompletableFuture<T> executeAsync(WireRequest request, ResponseHandler<T> handler) {
    throw new UnsupportedOperationException("transport not yet implemented");
  }

  @Override
  public JwtClaims claims() {
    String t = config.tokenProvider().accessToken();
    return t == null ? JwtClaims.anonymous() : JwtClaims.decode(t);
  }

  @Override
  public void close() {}
}

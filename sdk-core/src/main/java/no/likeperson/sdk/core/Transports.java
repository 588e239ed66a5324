package no.likeperson.sdk.core;

import java.util.Objects;

/**
 * Factory for the {@link Transport}. Called once per client by {@code
 * SupabaseClient.Builder.build()}.
 *
 * <pre>{@code
 * Transport t = Transports.create(TransportConfig.builder().apiKey(key).build());
 * }</pre>
 */
final class Transports {
  private Transports() {}

  /**
   * Creates the OkHttp transport (auth headers, refresh, retry, circuit breaker, error mapping,
   * log).
   *
   * @param config everything the transport needs
   * @return a transport; close it with the client
   * @throws NullPointerException if {@code config} is null
   */
  static Transport create(TransportConfig config) {
    Objects.requireNonNull(config, "config == null");
    return new OkHttpTransport(config);
  }
}

package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Everything the transport needs; built by {@code SupabaseClient.Builder.build()} and passed to
 * {@link Transports#create(TransportConfig)}.
 *
 * <pre>{@code
 * TransportConfig c = TransportConfig.builder()
 *     .apiKey(key).tokenProvider(provider).okHttpClient(ok).objectMapper(mapper)
 *     .retry(RetrySettings.defaults()).circuitBreaker(CircuitBreakerSettings.defaults())
 *     .requestLog(false).build();
 * }</pre>
 *
 * @param apiKey project API key (sent as {@code apikey}; as bearer only when it is a JWT and there
 *     is no user token); never logged
 * @param tokenProvider user access tokens
 * @param okHttpClient the caller's (or a default) client, already carrying the timeouts; the
 *     transport derives its own via {@code newBuilder()} so pool and dispatcher are shared
 * @param objectMapper used to parse error bodies
 * @param retry retry settings
 * @param circuitBreaker circuit-breaker settings
 * @param requestLog opt-in SLF4J request log (logger {@code no.likeperson.sdk.core.request}, INFO)
 * @param clock for token expiry
 * @param sleeper waits between synchronous retries
 * @param tokenExpirySkew a token expiring within this margin is refreshed before sending
 */
record TransportConfig(
    String apiKey,
    AccessTokenProvider tokenProvider,
    OkHttpClient okHttpClient,
    ObjectMapper objectMapper,
    RetrySettings retry,
    CircuitBreakerSettings circuitBreaker,
    boolean requestLog,
    Clock clock,
    Sleeper sleeper,
    Duration tokenExpirySkew) {

  /** Null checks. */
  public TransportConfig {
    Objects.requireNonNull(apiKey, "apiKey == null");
    Objects.requireNonNull(tokenProvider, "tokenProvider == null");
    Objects.requireNonNull(okHttpClient, "okHttpClient == null");
    Objects.requireNonNull(objectMapper, "objectMapper == null");
    Objects.requireNonNull(retry, "retry == null");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker == null");
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(sleeper, "sleeper == null");
    Objects.requireNonNull(tokenExpirySkew, "tokenExpirySkew == null");
  }

  /** A builder with defaults: no log, system clock, real sleeper, 30 s skew, default settings. */
  static Builder builder() {
    return new Builder();
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "TransportConfig{retry="
        + retry
        + ", circuitBreaker="
        + circuitBreaker
        + ", requestLog="
        + requestLog
        + "}";
  }

  /**
   * Builder for {@link TransportConfig}; unset parts take the defaults of {@link #builder()}.
   *
   * <pre>{@code
   * TransportConfig c = TransportConfig.builder().apiKey(key).clock(testClock).build();
   * }</pre>
   */
  static final class Builder {
    private @Nullable String apiKey;
    private AccessTokenProvider tokenProvider = AccessTokenProvider.anonymous();
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable ObjectMapper objectMapper;
    private RetrySettings retry = RetrySettings.defaults();
    private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.defaults();
    private boolean requestLog;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Duration tokenExpirySkew = Duration.ofSeconds(30);

    private Builder() {}

    public Builder apiKey(String v) {
      this.apiKey = v;
      return this;
    }

    public Builder tokenProvider(AccessTokenProvider v) {
      this.tokenProvider = v;
      return this;
    }

    public Builder okHttpClient(OkHttpClient v) {
      this.okHttpClient = v;
      return this;
    }

    public Builder objectMapper(ObjectMapper v) {
      this.objectMapper = v;
      return this;
    }

    public Builder retry(RetrySettings v) {
      this.retry = v;
      return this;
    }

    public Builder circuitBreaker(CircuitBreakerSettings v) {
      this.circuitBreaker = v;
      return this;
    }

    public Builder requestLog(boolean v) {
      this.requestLog = v;
      return this;
    }

    public Builder clock(Clock v) {
      this.clock = v;
      return this;
    }

    public Builder sleeper(Sleeper v) {
      this.sleeper = v;
      return this;
    }

    public Builder tokenExpirySkew(Duration v) {
      this.tokenExpirySkew = v;
      return this;
    }

    /** Builds; throws NullPointerException for a missing required part. */
    public TransportConfig build() {
      return new TransportConfig(
          Objects.requireNonNull(apiKey, "apiKey == null"),
          tokenProvider,
          okHttpClient == null ? new OkHttpClient() : okHttpClient,
          objectMapper == null ? new ObjectMapper() : objectMapper,
          retry,
          circuitBreaker,
          requestLog,
          clock,
          sleeper,
          tokenExpirySkew);
    }
  }
}

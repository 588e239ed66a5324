package no.likeperson.sdk.core;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Adds {@code apikey}, {@code Authorization: Bearer} and {@code X-Client-Info} to every request the
 * transport sends. The bearer for each request travels in a {@link Bearer} tag set by the transport
 * (chosen per attempt, so a refreshed token is used on replay). Caller-supplied copies of these
 * headers are dropped.
 */
final class AuthHeadersInterceptor implements Interceptor {

  /** Request tag holding the bearer for one attempt; {@code null} token = no Authorization. */
  static final class Bearer {
    final @Nullable String token;

    Bearer(@Nullable String token) {
      this.token = token;
    }

    @Override
    public String toString() {
      return token == null ? "Bearer(none)" : "Bearer(<redacted>)";
    }
  }

  private final String apiKey;
  private final String clientInfo;

  AuthHeadersInterceptor(String apiKey, String clientInfo) {
    this.apiKey = apiKey;
    this.clientInfo = clientInfo;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request original = chain.request();
    Request.Builder b =
        original
            .newBuilder()
            .removeHeader("apikey")
            .removeHeader("Authorization")
            .header("X-Client-Info", clientInfo);
    if (!apiKey.isEmpty()) {
      b.header("apikey", apiKey);
    }
    Bearer bearer = original.tag(Bearer.class);
    if (bearer != null && bearer.token != null) {
      b.header("Authorization", "Bearer " + bearer.token);
    }
    return chain.proceed(b.build());
  }

  @Override
  public String toString() {
    return "AuthHeadersInterceptor";
  }
}

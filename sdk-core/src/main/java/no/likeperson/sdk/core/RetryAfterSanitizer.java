package no.likeperson.sdk.core;

import java.io.IOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that caps a delta-seconds {@code Retry-After} before OkHttp's own follow-up
 * logic reads it. OkHttp parses the header of a 503 or 408 answer with {@code Integer.valueOf}: a
 * value above {@code 2147483647} throws a raw {@code NumberFormatException}, on the async path on
 * the dispatcher thread (which ends an Android process). Values above the SDK's retry cap become
 * the cap (at least 1 s: OkHttp resends a 503 whose {@code Retry-After} is 0 by itself, which must
 * not happen to a write). HTTP-dates and other text pass unchanged; the SDK's {@code ErrorMapper}
 * reads them.
 *
 * <pre>{@code
 * new OkHttpClient.Builder().addNetworkInterceptor(new RetryAfterSanitizer(Duration.ofSeconds(30)));
 * // "Retry-After: 2147483648" -> "Retry-After: 30"
 * }</pre>
 */
final class RetryAfterSanitizer implements Interceptor {

  private final long capSeconds;
  private final String capText;

  RetryAfterSanitizer(Duration cap) {
    this.capSeconds = Math.max(1, cap.getSeconds());
    this.capText = Long.toString(capSeconds);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String value = response.header("Retry-After");
    if (value == null || !exceedsCap(value.trim())) {
      return response;
    }
    return response.newBuilder().header("Retry-After", capText).build();
  }

  /** Whether {@code v} is all digits and above the cap (any length, leading zeros allowed). */
  boolean exceedsCap(String v) {
    if (v.isEmpty()) {
      return false;
    }
    int firstNonZero = -1;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      if (firstNonZero < 0 && c != '0') {
        firstNonZero = i;
      }
    }
    if (firstNonZero < 0) {
      return false;
    }
    String digits = v.substring(firstNonZero);
    return digits.length() > 18 || Long.parseLong(digits) > capSeconds;
  }
}

package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link WireRequest} is a value: equal when every component is equal, the body compared by its
 * bytes (a record would compare the array's identity), and its {@code toString} never shows the
 * query, the body or the token.
 */
class WireRequestContractTest {

  private static final HttpUrl URL = HttpUrl.get("http://localhost/rest/v1/t?ssn=eq.01019912345");

  private static WireRequest request(
      String method,
      HttpUrl url,
      Headers headers,
      @Nullable String body,
      boolean replayable,
      String operation,
      @Nullable String token) {
    return new WireRequest(
        method,
        url,
        headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        replayable,
        operation,
        token);
  }

  private static WireRequest base() {
    return request(
        "POST", URL, Headers.of("Prefer", "return=minimal"), "{\"a\":1}", false, "POST /t", "tok");
  }

  @Test
  void equalComponents_withDistinctBodyArrays_areEqual_withEqualHashCodes() {
    WireRequest a = base();
    WireRequest b = base();
    assertThat(a.bodyUnsafe()).isNotSameAs(b.bodyUnsafe());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(request("get", URL, Headers.of(), null, true, "GET /t", null))
        .isEqualTo(request("GET", URL, Headers.of(), null, true, "GET /t", null));
  }

  @Test
  void anyDifferentComponent_makesThemUnequal() {
    Headers h = Headers.of("Prefer", "return=minimal");
    List<WireRequest> others =
        List.of(
            request("PUT", URL, h, "{\"a\":1}", false, "POST /t", "tok"),
            request(
                "POST",
                URL.newBuilder().query(null).build(),
                h,
                "{\"a\":1}",
                false,
                "POST /t",
                "tok"),
            request("POST", URL, Headers.of(), "{\"a\":1}", false, "POST /t", "tok"),
            request("POST", URL, h, "{\"a\":2}", false, "POST /t", "tok"),
            request("POST", URL, h, null, false, "POST /t", "tok"),
            request("POST", URL, h, "{\"a\":1}", true, "POST /t", "tok"),
            request("POST", URL, h, "{\"a\":1}", false, "POST /u", "tok"),
            request("POST", URL, h, "{\"a\":1}", false, "POST /t", "other"),
            request("POST", URL, h, "{\"a\":1}", false, "POST /t", null));
    WireRequest base = base();
    for (WireRequest other : others) {
      assertThat(base).as(other.toString()).isNotEqualTo(other);
      assertThat(other).isNotEqualTo(base);
    }
    assertThat(base).isNotEqualTo("POST /t");
  }

  @Test
  void toString_showsOperationAndBodySize_neverQueryBodyOrToken() {
    assertThat(base().toString())
        .isEqualTo("WireRequest{POST /t, replayable=false, bodyBytes=7}")
        .doesNotContain("01019912345", "\"a\"", "tok");
    assertThat(request("GET", URL, Headers.of(), null, true, "GET /t", null).toString())
        .isEqualTo("WireRequest{GET /t, replayable=true, bodyBytes=0}");
  }
}

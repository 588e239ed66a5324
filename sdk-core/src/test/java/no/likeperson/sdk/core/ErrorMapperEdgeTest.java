package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Where the error's message and code come from when the answer is not PostgREST's own JSON: a
 * gateway's {@code msg}/{@code error_description}/{@code error} fields in that order, the {@code
 * WWW-Authenticate} header, {@code Proxy-Status}, and a raw body cut at exactly 500 characters.
 */
class ErrorMapperEdgeTest {

  private final ErrorMapper mapper =
      new ErrorMapper(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

  private SupabaseServiceException map(int status, Headers headers, @Nullable String body) {
    return mapper.map(
        status,
        headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        "GET /rest/v1/t");
  }

  @Test
  void gatewayBodies_takeMsgThenErrorDescriptionThenError() {
    String all = "{\"msg\":\"m\",\"error_description\":\"d\",\"error\":\"e\"}";
    assertThat(map(401, Headers.of(), all).serverMessage()).isEqualTo("m");
    assertThat(
            map(401, Headers.of(), "{\"error_description\":\"d\",\"error\":\"e\"}").serverMessage())
        .isEqualTo("d");
    assertThat(map(401, Headers.of(), "{\"error\":\"e\"}").serverMessage()).isEqualTo("e");
  }

  @Test
  void jsonWithoutAnyMessageField_fallsBackToWwwAuthenticate_elseNone() {
    Headers bearer =
        Headers.of(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\"JWT expired\"");
    assertThat(map(401, bearer, "{\"other\":1}").serverMessage()).isEqualTo("JWT expired");
    assertThat(map(401, Headers.of(), "{\"other\":1}").serverMessage()).isNull();
  }

  @Test
  void headAnswerWithoutBody_hasNoMessageOrCode_unlessTheHeadersCarryThem() {
    SupabaseServiceException bare = map(503, Headers.of(), null);
    assertThat(bare.serverMessage()).isNull();
    assertThat(bare.code()).isNull();
    SupabaseServiceException noError =
        map(503, Headers.of("Proxy-Status", "PostgREST", "WWW-Authenticate", "Bearer"), null);
    assertThat(noError.code()).isNull();
    assertThat(noError.serverMessage()).isNull();
    SupabaseServiceException withCode =
        map(404, Headers.of("Proxy-Status", "PostgREST; error=PGRST205"), null);
    assertThat(withCode.code()).isEqualTo("PGRST205");
  }

  @Test
  void errorDescription_atTheStart_unterminated_orEmpty() {
    assertThat(ErrorMapper.errorDescription("error_description=\"x y\"")).isEqualTo("x y");
    assertThat(ErrorMapper.errorDescription("Bearer error_description=\"cut")).isEqualTo("cut");
    assertThat(ErrorMapper.errorDescription("Bearer error_description=\"\"")).isNull();
    assertThat(ErrorMapper.errorDescription("Bearer realm=\"x\"")).isNull();
    assertThat(ErrorMapper.errorDescription(null)).isNull();
  }

  @Test
  void rawBody_ofExactlyTheLimit_isKeptWhole_oneMoreIsCut() {
    String limit = "x".repeat(ErrorMapper.MAX_RAW_BODY_CHARS);
    assertThat(map(502, Headers.of(), limit).serverMessage()).isEqualTo(limit);
    assertThat(map(502, Headers.of(), limit + "y").serverMessage()).isEqualTo(limit + "…");
  }
}

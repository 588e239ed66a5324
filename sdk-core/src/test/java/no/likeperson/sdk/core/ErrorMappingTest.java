package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.get;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.AuthenticationException;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.RangeNotSatisfiableException;
import no.likeperson.sdk.core.error.RateLimitedException;
import no.likeperson.sdk.core.error.RequestTooLargeException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.error.ValidationException;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real PostgREST / gateway bodies from reference §5 and §6.2, mapped to the typed exceptions. */
class ErrorMappingTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final ErrorMapper mapper =
      new ErrorMapper(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<Arguments> realBodies() {
    return Stream.of(
        Arguments.of(
            409,
            "{\"code\":\"23505\",\"details\":\"Key (email)=(a) already exists.\",\"hint\":null,"
                + "\"message\":\"duplicate key value violates unique constraint \\\"u_email_key\\\"\"}",
            ConflictException.class,
            "23505",
            false),
        Arguments.of(
            409,
            "{\"code\":\"23503\",\"details\":\"Key (p)=(99) is not present in table \\\"u\\\".\","
                + "\"hint\":null,\"message\":\"insert or update on table \\\"u\\\" violates foreign key constraint "
                + "\\\"u_p_fkey\\\"\"}",
            ConflictException.class,
            "23503",
            false),
        Arguments.of(
            400,
            "{\"code\":\"23514\",\"details\":\"Failing row contains (4, c, 0, null).\",\"hint\":null,"
                + "\"message\":\"new row for relation \\\"u\\\" violates check constraint \\\"u_n_check\\\"\"}",
            ValidationException.class,
            "23514",
            false),
        Arguments.of(
            400,
            "{\"code\":\"23502\",\"details\":\"Failing row contains (null, d, 1, null).\","
                + "\"hint\":null,\"message\":\"null value in column \\\"id\\\" of relation \\\"u\\\" violates "
                + "not-null constraint\"}",
            ValidationException.class,
            "23502",
            false),
        Arguments.of(
            400,
            "{\"code\":\"22P02\",\"details\":null,\"hint\":null,"
                + "\"message\":\"invalid input syntax for type integer: \\\"abc\\\"\"}",
            ValidationException.class,
            "22P02",
            false),
        Arguments.of(
            400,
            "{\"code\":\"P0001\",\"details\":\"Pretty simple\",\"hint\":\"There is nothing you can do.\","
                + "\"message\":\"I refuse!\"}",
            ValidationException.class,
            "P0001",
            false),
        Arguments.of(
            400,
            "{\"code\":\"42703\",\"details\":null,\"hint\":null,"
                + "\"message\":\"column \\\"nosuchcol\\\" does not exist\"}",
            ValidationException.class,
            "42703",
            false),
        Arguments.of(
            400,
            "{\"code\":\"PGRST100\",\"details\":\"unexpected \\\"x\\\" expecting \\\"(\\\"\","
                + "\"hint\":null,\"message\":\"\\\"failed to parse filter (x)\\\" (line 1, column 4)\"}",
            ValidationException.class,
            "PGRST100",
            false),
        Arguments.of(
            404,
            "{\"code\":\"42883\",\"details\":null,\"hint\":\"No function matches the given name and "
                + "argument types. You might need to add explicit type casts.\","
                + "\"message\":\"function public.nosuchfn(integer) does not exist\"}",
            NotFoundException.class,
            "42883",
            false),
        Arguments.of(
            404,
            "{\"code\":\"42P01\",\"details\":null,\"hint\":null,"
                + "\"message\":\"relation \\\"public.nosuchtable\\\" does not exist\"}",
            NotFoundException.class,
            "42P01",
            false),
        Arguments.of(
            404,
            "{\"code\":\"PGRST202\",\"details\":\"Searched for the function public.nope without "
                + "parameters\",\"hint\":null,\"message\":\"Could not find the function public.nope without parameters "
                + "in the schema cache\"}",
            NotFoundException.class,
            "PGRST202",
            false),
        Arguments.of(
            404,
            "{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,"
                + "\"message\":\"Could not find the table 'public.nope' in the schema cache\"}",
            NotFoundException.class,
            "PGRST205",
            false),
        Arguments.of(404, "{}", NotFoundException.class, null, false),
        Arguments.of(
            403,
            "{\"code\":\"42501\",\"details\":null,\"hint\":null,"
                + "\"message\":\"permission denied for table todos\"}",
            PermissionDeniedException.class,
            "42501",
            false),
        Arguments.of(
            401,
            "{\"code\":\"42501\",\"details\":null,\"hint\":null,"
                + "\"message\":\"new row violates row-level security policy for table \\\"todos\\\"\"}",
            PermissionDeniedException.class,
            "42501",
            false),
        Arguments.of(
            401,
            "{\"code\":\"PGRST301\",\"details\":null,\"hint\":null,"
                + "\"message\":\"JWSError JWSInvalidSignature\"}",
            AuthenticationException.class,
            "PGRST301",
            false),
        Arguments.of(
            401,
            "{\"code\":\"PGRST303\",\"details\":null,\"hint\":null,\"message\":\"JWT expired\"}",
            AuthenticationException.class,
            "PGRST303",
            false),
        Arguments.of(
            401,
            "{\"code\":\"PGRST302\",\"details\":null,\"hint\":null,"
                + "\"message\":\"Anonymous access is disabled\"}",
            AuthenticationException.class,
            "PGRST302",
            false),
        Arguments.of(
            406,
            "{\"code\":\"PGRST116\",\"details\":\"The result contains 0 rows\",\"hint\":null,"
                + "\"message\":\"JSON object requested, multiple (or no) rows returned\"}",
            NotExactlyOneRowException.class,
            "PGRST116",
            false),
        Arguments.of(
            416,
            "{\"code\":\"PGRST103\",\"details\":\"An offset of 100 was requested, but there are only "
                + "3 rows.\",\"hint\":null,\"message\":\"Requested range not satisfiable\"}",
            RangeNotSatisfiableException.class,
            "PGRST103",
            false),
        Arguments.of(
            503,
            "{\"code\":\"PGRST000\",\"details\":\"connection refused\",\"hint\":null,"
                + "\"message\":\"Database connection error. Retrying the connection.\"}",
            ServiceUnavailableException.class,
            "PGRST000",
            true),
        Arguments.of(
            503,
            "{\"code\":\"PGRST002\",\"details\":null,\"hint\":null,\"message\":\"Could not query the "
                + "database for the schema cache. Retrying.\"}",
            ServiceUnavailableException.class,
            "PGRST002",
            true),
        Arguments.of(
            504,
            "{\"code\":\"PGRST003\",\"details\":null,\"hint\":null,"
                + "\"message\":\"Timed out acquiring connection from connection pool.\"}",
            ServiceUnavailableException.class,
            "PGRST003",
            true),
        Arguments.of(
            500,
            "{\"code\":\"40001\",\"details\":null,\"hint\":null,\"message\":\"could not serialize "
                + "access due to concurrent update\"}",
            ServiceUnavailableException.class,
            "40001",
            true),
        Arguments.of(
            500,
            "{\"code\":\"40P01\",\"details\":null,\"hint\":null,\"message\":\"deadlock detected\"}",
            ServiceUnavailableException.class,
            "40P01",
            true),
        Arguments.of(
            500,
            "{\"code\":\"57014\",\"details\":null,\"hint\":null,"
                + "\"message\":\"canceling statement due to statement timeout\"}",
            SupabaseServiceException.class,
            "57014",
            false),
        Arguments.of(
            405,
            "{\"code\":\"25006\",\"details\":null,\"hint\":null,"
                + "\"message\":\"cannot execute INSERT in a read-only transaction\"}",
            SupabaseServiceException.class,
            "25006",
            false),
        Arguments.of(
            402,
            "{\"code\":\"PT402\",\"details\":\"Quota exceeded\",\"hint\":\"Upgrade your plan\","
                + "\"message\":\"Payment Required\"}",
            SupabaseServiceException.class,
            "PT402",
            false),
        Arguments.of(
            406,
            "{\"code\":\"PGRST106\",\"details\":null,\"hint\":\"Only the following schemas are exposed: "
                + "public, graphql_public\",\"message\":\"Invalid schema: foo\"}",
            SupabaseServiceException.class,
            "PGRST106",
            false),
        Arguments.of(
            413,
            "{\"code\":\"PGRSTX13\",\"details\":\"The request body has 2000000 bytes; the limit is "
                + "1048576 bytes.\",\"hint\":null,\"message\":\"Request body too large\"}",
            RequestTooLargeException.class,
            "PGRSTX13",
            false),
        Arguments.of(
            413,
            "<html><head><title>413 Request Entity Too Large</title></head></html>",
            RequestTooLargeException.class,
            null,
            false),
        Arguments.of(
            429, "{\"message\":\"Too many requests\"}", RateLimitedException.class, null, true),
        Arguments.of(
            502,
            "<html><body>Bad Gateway</body></html>",
            ServiceUnavailableException.class,
            null,
            true),
        Arguments.of(520, "", ServiceUnavailableException.class, null, true));
  }

  @ParameterizedTest(name = "{0} {3} -> {2}")
  @MethodSource("realBodies")
  void map_realPostgrestBody_givesTypedException(
      int status, String body, Class<?> type, String code, boolean retryable) {
    SupabaseServiceException e =
        mapper.map(status, Headers.of(), body.getBytes(StandardCharsets.UTF_8), "GET /rest/v1/t");
    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.getMessage())
        .startsWith(
            "HTTP " + status + (code == null ? "" : " (" + code + ")") + " from GET /rest/v1/t");
    // details carry row data and submitted values (Key (email)=(a), Failing row contains (...)):
    // never shown
    if (e.details() != null && e.details().length() > 3) {
      assertThat(e.getMessage()).doesNotContain(e.details());
    }
    assertThat(e.getMessage())
        .doesNotContain("abc")
        .doesNotContain("Failing row")
        .doesNotContain("<html>");
  }

  @ParameterizedTest(name = "sync and async over the wire: {0} {3} -> {2}")
  @MethodSource("realBodies")
  void execute_syncAndAsync_throwTheSameTypedException(
      int status, String body, Class<?> type, String code, boolean retryable) throws Exception {
    MockResponse response =
        new MockResponse.Builder()
            .code(status)
            .setHeader("Content-Type", "application/json; charset=utf-8")
            .body(body)
            .build();
    server.enqueue(response);
    server.enqueue(response);
    try (Transport t =
        Transports.create(
            config(server)
                .retry(RetrySettings.disabled())
                .tokenProvider(AccessTokenProvider.of(userToken("u", NOW.plusSeconds(3600))))
                .build())) {
      Throwable sync =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> t.execute(get(server, "/rest/v1/t?id=eq.1"), BODY));
      Throwable async =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> t.executeAsync(get(server, "/rest/v1/t?id=eq.1"), BODY).get());
      assertThat(sync).isExactlyInstanceOf(type);
      assertThat(async).isInstanceOf(java.util.concurrent.ExecutionException.class);
      assertThat(async.getCause()).isExactlyInstanceOf(type);
      SupabaseServiceException s = (SupabaseServiceException) sync;
      SupabaseServiceException a = (SupabaseServiceException) async.getCause();
      assertThat(a.statusCode()).isEqualTo(s.statusCode()).isEqualTo(status);
      assertThat(a.code()).isEqualTo(s.code()).isEqualTo(code);
      assertThat(a.isRetryable()).isEqualTo(s.isRetryable()).isEqualTo(retryable);
      assertThat(a.getMessage())
          .isEqualTo(s.getMessage())
          .startsWith(
              "HTTP " + status + (code == null ? "" : " (" + code + ")") + " from GET /rest/v1/t");
    }
  }

  @Test
  void map_keepsMessageDetailsAndHint_outsideGetMessage() {
    SupabaseServiceException e =
        mapper.map(
            409,
            Headers.of(),
            ("{\"code\":\"23505\",\"details\":\"Key (email)=(a@b.no) "
                    + "already exists.\",\"hint\":\"use another\",\"message\":\"duplicate key value violates unique "
                    + "constraint \\\"u_email_key\\\"\"}")
                .getBytes(StandardCharsets.UTF_8),
            "POST /rest/v1/users");
    assertThat(e.serverMessage())
        .isEqualTo("duplicate key value violates unique constraint \"u_email_key\"");
    assertThat(e.details()).isEqualTo("Key (email)=(a@b.no) already exists.");
    assertThat(e.hint()).isEqualTo("use another");
    assertThat(e.getMessage())
        .isEqualTo(
            "HTTP 409 (23505) from POST /rest/v1/users: duplicate key value "
                + "violates unique constraint \"u_email_key\"")
        .doesNotContain("a@b.no");
  }

  @Test
  void map_gatewayBodyWithoutCode_stillUseful() {
    SupabaseServiceException e =
        mapper.map(
            401,
            Headers.of("WWW-Authenticate", "Key realm=\"kong\""),
            ("{\"message\":\"Invalid API key\",\"hint\":\"Double check your Supabase `anon` or `service_role` "
                    + "API key.\"}")
                .getBytes(StandardCharsets.UTF_8),
            "GET /rest/v1/t");
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.code()).isNull();
    assertThat(e.serverMessage()).isEqualTo("Invalid API key");
    assertThat(e.hint()).startsWith("Double check");
    assertThat(e.getMessage())
        .isEqualTo(
            "HTTP 401 from GET /rest/v1/t: Invalid API key; the server refused "
                + "the credentials: check the API key and the access token, or sign in again");
  }

  @Test
  void map_ambiguousEmbedDetailsArray_keptAsJsonText() {
    SupabaseServiceException e =
        mapper.map(
            300,
            Headers.of(),
            ("{\"code\":\"PGRST201\",\"details\":[{\"cardinality\":"
                    + "\"many-to-one\",\"relationship\":\"a\"}],\"hint\":\"Try changing\",\"message\":\"Could not embed\"}")
                .getBytes(StandardCharsets.UTF_8),
            "GET /rest/v1/t");
    assertThat(e.details()).isEqualTo("[{\"cardinality\":\"many-to-one\",\"relationship\":\"a\"}]");
  }

  @Test
  void map_headWithoutBody_takesCodeFromProxyStatus() {
    SupabaseServiceException e =
        mapper.map(
            404,
            Headers.of("Proxy-Status", "PostgREST; error=PGRST205"),
            new byte[0],
            "HEAD /rest/v1/t");
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(e.code()).isEqualTo("PGRST205");
  }

  @Test
  void map_expiredTokenOnHead_saysWhatHappenedAndWhatToDo() {
    // a HEAD answer has no body: the code comes from Proxy-Status, the message from
    // WWW-Authenticate
    SupabaseServiceException e =
        mapper.map(
            401,
            Headers.of(
                "Proxy-Status",
                "PostgREST; error=PGRST303",
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"JWT expired\""),
            new byte[0],
            "HEAD /rest/v1/activities");
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.serverMessage()).isEqualTo("JWT expired");
    assertThat(e.getMessage())
        .isEqualTo(
            "HTTP 401 (PGRST303) from HEAD /rest/v1/activities: JWT expired; "
                + "the access token has expired: give the client an AccessTokenProvider that refreshes "
                + "(e.g. SupabaseAuth's session; AccessTokenProvider.of(token) cannot) or sign in again");
  }

  @Test
  void map_headWith401AndNothingElse_stillSaysWhatToDo() {
    SupabaseServiceException e =
        mapper.map(401, Headers.of(), new byte[0], "HEAD /rest/v1/activities");
    assertThat(e.getMessage())
        .isEqualTo(
            "HTTP 401 from HEAD /rest/v1/activities: the server refused the "
                + "credentials: check the API key and the access token, or sign in again");
  }

  @Test
  void map_projectRaiseText_isShownWithoutItsValues() {
    SupabaseServiceException e =
        mapper.map(
            400,
            Headers.of(),
            ("{\"code\":\"22023\",\"details\":null,"
                    + "\"hint\":null,\"message\":\"p_scope must be chapter, region or national, was \\\"lokallag\\\"\"}")
                .getBytes(StandardCharsets.UTF_8),
            "POST /rest/v1/rpc/aggregate_activities_for_org");
    assertThat(e.getMessage())
        .isEqualTo(
            "HTTP 400 (22023) from POST /rest/v1/rpc/aggregate_activities_for_org: "
                + "p_scope must be chapter, region or national, was \"<value>\"");
    assertThat(e.serverMessage()).contains("lokallag");
  }

  @Test
  void map_htmlBody_isTruncatedRawMessage() {
    String html = "<html>" + "x".repeat(2000) + "</html>";
    SupabaseServiceException e =
        mapper.map(502, Headers.of(), html.getBytes(StandardCharsets.UTF_8), "GET /x");
    assertThat(e.serverMessage()).hasSize(ErrorMapper.MAX_RAW_BODY_CHARS + 1).startsWith("<html>");
  }

  @Test
  void retryAfter_secondsAndHttpDate_areParsed() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    assertThat(ErrorMapper.retryAfter("7", clock)).isEqualTo(Duration.ofSeconds(7));
    assertThat(ErrorMapper.retryAfter(" 0 ", clock)).isEqualTo(Duration.ZERO);
    assertThat(ErrorMapper.retryAfter("Sun, 01 Mar 2026 10:00:12 GMT", clock))
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(ErrorMapper.retryAfter("Sun, 01 Mar 2026 09:00:00 GMT", clock))
        .isEqualTo(Duration.ZERO);
    assertThat(ErrorMapper.retryAfter("soon", clock)).isNull();
    assertThat(ErrorMapper.retryAfter("-5", clock)).isNull();
    assertThat(ErrorMapper.retryAfter(null, clock)).isNull();
    assertThat(ErrorMapper.retryAfter("99999999999999999999999", clock)).isPositive();
  }

  @Test
  void execute_503WithRetryAfter_exposesRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Retry-After", "9")
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"code\":\"PGRST000\",\"details\":null,\"hint\":null,\"message\":\"Database connection error.\"}")
            .build());
    try (Transport t =
        Transports.create(
            config(server)
                .retry(RetrySettings.disabled())
                .tokenProvider(AccessTokenProvider.of(userToken("u", NOW.plusSeconds(3600))))
                .build())) {
      ServiceUnavailableException e =
          catchThrowableOfType(
              ServiceUnavailableException.class,
              () -> t.execute(get(server, "/rest/v1/activities?org_id=eq.secret-org"), BODY));
      assertThat(e).isNotNull();
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
      assertThat(e.getMessage())
          .isEqualTo(
              "HTTP 503 (PGRST000) from GET /rest/v1/activities: Database connection error.");
    }
  }

  @Test
  void execute_416_isRangeNotSatisfiable() {
    server.enqueue(TestSupport.error(416, "PGRST103", "Requested range not satisfiable"));
    try (Transport t =
        Transports.create(
            config(server)
                .tokenProvider(AccessTokenProvider.of(userToken("u", NOW.plusSeconds(3600))))
                .build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities?offset=100"), BODY))
          .isInstanceOf(RangeNotSatisfiableException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}

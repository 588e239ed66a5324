package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.noContent;
import static no.likeperson.sdk.core.ApiFixture.params;
import static no.likeperson.sdk.core.ApiFixture.rawQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.ValidationException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** RPC: POST named args, GET for read-only calls, every result shape. */
class RpcTest extends ApiTest {

  final ObjectMapper mapper = new ObjectMapper();

  record Args(
      @JsonProperty("p_org_id") UUID orgId, @JsonProperty("p_period_start") LocalDate start) {}

  record Kpi(String name, long value) {}

  @Test
  void post_sendsNamedArgumentsAsJsonObject_andReadsScalar() throws Exception {
    server.enqueue(json("3"));
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("a", 1);
    args.put("b", 2);
    assertThat(client.rpc("add_them", args).single(Integer.class)).isEqualTo(3);

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/rpc/add_them");
    assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeaders().get("Content-Profile")).isEqualTo("public");
    assertThat(r.getHeaders().get("Accept-Profile")).isNull();
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(r.getHeaders().get("Prefer")).isNull();
    assertThat(r.getHeaders().get("apikey")).isEqualTo(ApiFixture.API_KEY);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ApiFixture.USER_TOKEN);
    assertThat(r.getHeaders().get("X-Client-Info")).startsWith("likeperson-sdk-java/");
    assertThat(r.getBody().utf8()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void post_recordArguments_areWrittenWithJavaTimeAsIsoDates() throws Exception {
    server.enqueue(json("{\"ok\":true}"));
    UUID org = UUID.randomUUID();
    client.rpc("fn", new Args(org, LocalDate.of(2026, 1, 1))).single(JsonNode.class);
    assertThat(mapper.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(
            mapper.readTree("{\"p_org_id\":\"" + org + "\",\"p_period_start\":\"2026-01-01\"}"));
  }

  @Test
  void noArguments_sendsEmptyObject() throws Exception {
    server.enqueue(json("\"Hello guest!\""));
    assertThat(client.rpc("hello").single(String.class)).isEqualTo("Hello guest!");
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void bigDecimalArguments_areSentInPlainNotation_overGetAndPost() throws Exception {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("p_total", new java.math.BigDecimal("1E+3"));
    args.put("p_ids", List.of(new java.math.BigDecimal("2E+1"), new java.math.BigDecimal("0.50")));
    server.enqueue(json("3"));
    client.rpc("fn", args).readOnly().single(Integer.class);
    RecordedRequest get = server.takeRequest();
    assertThat(params(get, "p_total")).containsExactly("1000");
    assertThat(params(get, "p_ids")).containsExactly("{20,0.50}");

    server.enqueue(json("3"));
    client.rpc("fn", args).single(Integer.class);
    RecordedRequest post = server.takeRequest();
    assertThat(mapper.readTree(post.getBody().utf8()))
        .isEqualTo(mapper.readTree("{\"p_total\":1000,\"p_ids\":[20,0.50]}"));
    assertThat(post.getBody().utf8()).doesNotContain("E+");
  }

  @Test
  void readOnly_sendsGetWithQueryArguments() throws Exception {
    server.enqueue(json("3"));
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("a", 1);
    args.put("name", "Bjørn, \"Ærlig\" & co");
    args.put("ids", List.of(1, 2, 3));
    args.put("tags", Arrays.asList("a b", null, "c,d"));
    args.put("doc", Map.of("k", "v"));
    args.put("on", true);
    client.rpc("fn", args).readOnly().single(Integer.class);

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(ApiFixture.path(r)).isEqualTo("/rest/v1/rpc/fn");
    assertThat(r.getBodySize()).isZero();
    assertThat(r.getHeaders().get("Accept-Profile")).isEqualTo("public");
    assertThat(r.getHeaders().get("Content-Profile")).isNull();
    assertThat(r.getHeaders().get("Content-Type")).isNull();
    assertThat(params(r, "a")).containsExactly("1");
    assertThat(params(r, "name")).containsExactly("Bjørn, \"Ærlig\" & co");
    assertThat(params(r, "ids")).containsExactly("{1,2,3}");
    assertThat(params(r, "tags")).containsExactly("{\"a b\",NULL,\"c,d\"}");
    assertThat(params(r, "doc")).containsExactly("{\"k\":\"v\"}");
    assertThat(params(r, "on")).containsExactly("true");
    assertThat(rawQuery(r)).startsWith("a=1&name=Bj%C3%B8rn,%20%22%C3%86rlig%22%20%26%20co&ids=");
  }

  @Test
  void readOnly_rejectsArgumentsAGetCannotCarry() {
    assertThatThrownBy(() -> client.rpc("fn", Arrays.asList(1)).readOnly())
        .isInstanceOf(InvalidRequestException.class);
    Map<String, Object> nullArg = new LinkedHashMap<>();
    nullArg.put("a", null);
    assertThatThrownBy(() -> client.rpc("fn", nullArg).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> client.rpc("fn", Map.of("a", "eq.5")).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("filter");
    assertThatThrownBy(() -> client.rpc("fn", Map.of("a", "not.in.(1,2)")).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.rpc("fn", Map.of("a", "fts(english).cat")).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.rpc("fn", Map.of("limit", 5)).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> client.rpc("fn", Map.of("x.order", 5)).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> client.rpc("fn", Map.of("a", List.of(List.of(1)))).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void readOnly_valuesThatMerelyStartLikeOperators_areAllowed() throws Exception {
    server.enqueue(noContent());
    client.rpc("fn", Map.of("a", "equal.parts", "b", "is")).readOnly().execute();
    RecordedRequest r = server.takeRequest();
    assertThat(params(r, "a")).containsExactly("equal.parts");
    assertThat(params(r, "b")).containsExactly("is");
  }

  @Test
  void post_argumentsThatAreNotAnObject_areRejected() {
    assertThatThrownBy(() -> client.rpc("fn", List.of(1, 2)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("named arguments");
    assertThatThrownBy(() -> client.rpc("fn", 5)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.rpc(" ", Map.of())).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void objectResult_mapsToRecord() {
    server.enqueue(json("{\"name\":\"active_mentors\",\"value\":1234}"));
    assertThat(client.rpc("kpi").single(Kpi.class)).isEqualTo(new Kpi("active_mentors", 1234));
  }

  @Test
  void genericResult_viaTypeReference() {
    server.enqueue(json("{\"a\":1,\"b\":9007199254740993}"));
    Map<String, Long> m = client.rpc("kpis").single(new TypeReference<Map<String, Long>>() {});
    assertThat(m).containsEntry("b", 9007199254740993L);
  }

  @Test
  void arrayResult_mapsToList() {
    server.enqueue(json("[{\"name\":\"a\",\"value\":1}, \n {\"name\":\"b\",\"value\":2}]"));
    assertThat(client.rpc("kpi_rows").list(Kpi.class))
        .containsExactly(new Kpi("a", 1), new Kpi("b", 2));
  }

  @Test
  void setofScalars_mapToList() {
    server.enqueue(json("[1, 2, 3]"));
    assertThat(client.rpc("nums").list(Integer.class)).containsExactly(1, 2, 3);
  }

  @Test
  void voidResult_204_executes() throws Exception {
    server.enqueue(noContent());
    client.rpc("touch", Map.of("p_id", 1)).execute();
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
  }

  @Test
  void single_on204OrNull_isClientError_butMaybeSingleIsEmpty() {
    server.enqueue(noContent());
    assertThatThrownBy(() -> client.rpc("fn").single(Kpi.class))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("no value");
    server.enqueue(json("null"));
    assertThat(client.rpc("fn").maybeSingle(Kpi.class)).isEmpty();
    server.enqueue(noContent());
    assertThat(client.rpc("fn").maybeSingle(Kpi.class)).isEmpty();
  }

  @Test
  void single_onOneRowSet_unwraps_andOnTwoRows_throws() {
    server.enqueue(json("[{\"name\":\"a\",\"value\":1}]"));
    assertThat(client.rpc("fn").single(Kpi.class)).isEqualTo(new Kpi("a", 1));
    server.enqueue(json("[{\"name\":\"a\",\"value\":1},{\"name\":\"b\",\"value\":2}]"));
    assertThatThrownBy(() -> client.rpc("fn").single(Kpi.class))
        .isInstanceOf(NotExactlyOneRowException.class);
  }

  @Test
  void single_intoListType_keepsTheArray() {
    server.enqueue(json("[1,2]"));
    assertThat(client.rpc("fn").single(new TypeReference<List<Integer>>() {}))
        .containsExactly(1, 2);
  }

  @Test
  void jsonNodeResult_keepsAJsonArrayAsTheValue() {
    server.enqueue(json("[1, {\"a\":2}]"));
    JsonNode n = client.rpc("returns_json").single(JsonNode.class);
    assertThat(n.isArray()).isTrue();
    assertThat(n).hasSize(2);
    server.enqueue(json("[]"));
    assertThat(client.rpc("returns_json").maybeSingle(JsonNode.class))
        .hasValueSatisfying(v -> assertThat(v.isArray()).isTrue());
  }

  @Test
  void list_ofNullBody_isEmpty_andOfLoneObject_isOneRow() {
    server.enqueue(json("null"));
    assertThat(client.rpc("fn").list(Kpi.class)).isEmpty();
    server.enqueue(json("{\"name\":\"a\",\"value\":1}"));
    assertThat(client.rpc("fn").list(Kpi.class)).containsExactly(new Kpi("a", 1));
  }

  @Test
  void unknownFunction_pgrst202_isNotFound() {
    server.enqueue(
        json(
            404,
            "{\"code\":\"PGRST202\",\"details\":\"Searched for the function "
                + "public.fn with parameter a or with a single unnamed json/jsonb parameter, but no matches "
                + "were found in the schema cache.\",\"hint\":null,\"message\":\"Could not find the function "
                + "public.fn(a) in the schema cache\"}"));
    assertThatThrownBy(() -> client.rpc("fn", Map.of("a", 1)).execute())
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void raiseException_p0001_isValidation() {
    server.enqueue(
        json(
            400,
            "{\"code\":\"P0001\",\"details\":\"Pretty simple\",\"hint\":null,"
                + "\"message\":\"I refuse!\"}"));
    assertThatThrownBy(() -> client.rpc("refuse").execute())
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void largeObjectResult_isStreamParsed() {
    int groups = 50_000;
    Buffer body = new Buffer().writeUtf8("{\"year\":2026,\"groups\":[");
    for (int i = 0; i < groups; i++) {
      body.writeUtf8(i == 0 ? "" : ",").writeUtf8("{\"name\":\"m" + i + "\",\"value\":" + i + "}");
    }
    body.writeUtf8("]}");
    server.enqueue(new MockResponse.Builder().code(200).body(body).build());
    Report report = client.rpc("aggregate_activities_for_org").single(Report.class);
    assertThat(report.groups()).hasSize(groups);
    assertThat(report.groups().get(groups - 1)).isEqualTo(new Kpi("m" + (groups - 1), groups - 1));
  }

  record Report(int year, List<Kpi> groups) {}

  // ---- retry: POST never, GET (read-only) yes ----

  private static MockResponse unavailable() {
    return json(
        503,
        "{\"code\":\"PGRST002\",\"details\":null,\"hint\":null,\"message\":"
            + "\"Could not query the database for the schema cache. Retrying.\"}");
  }

  @Test
  void post_isNotRetried() {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(unavailable());
      assertThatThrownBy(() -> c.rpc("fn").execute())
          .isInstanceOf(ServiceUnavailableException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void postDeclaredIdempotent_isRetried_withSameBody() throws Exception {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(unavailable());
      server.enqueue(json("{\"name\":\"n\",\"value\":1}"));
      Kpi k =
          c.rpc("aggregate", Map.of("p_org_id", "x"))
              .options(RequestOptions.builder().idempotent(true).build())
              .single(Kpi.class);
      assertThat(k).isEqualTo(new Kpi("n", 1));
      RecordedRequest first = server.takeRequest();
      RecordedRequest second = server.takeRequest();
      assertThat(second.getMethod()).isEqualTo("POST");
      assertThat(second.getBody()).isEqualTo(first.getBody());
      assertThat(second.getHeaders().get("X-Retry-Count")).isEqualTo("1");
    }
  }

  @Test
  void readOnly_isRetriedAndSucceeds() throws Exception {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(unavailable());
      server.enqueue(json("42"));
      assertThat(c.rpc("fn", Map.of("a", 1)).readOnly().single(Integer.class)).isEqualTo(42);
      assertThat(server.getRequestCount()).isEqualTo(2);
      server.takeRequest();
      assertThat(server.takeRequest().getHeaders().get("X-Retry-Count")).isEqualTo("1");
    }
  }

  @Test
  void rpcToString_hidesArguments() {
    assertThat(client.rpc("fn", Map.of("ssn", "01019912345")).toString()).doesNotContain("0101");
  }

  @Test
  void rollbackOption_isSentForRpc() throws Exception {
    server.enqueue(noContent());
    client
        .rpc("renew_certification", Map.of("p_id", 1))
        .options(RequestOptions.builder().rollback(true).build())
        .execute();
    assertThat(server.takeRequest().getHeaders().get("Prefer")).isEqualTo("tx=rollback");
  }

  @Test
  void schemaOption_usesContentProfileForPost() throws Exception {
    server.enqueue(noContent());
    client.rpc("fn").options(RequestOptions.builder().schema("app_api").build()).execute();
    assertThat(server.takeRequest().getHeaders().get("Content-Profile")).isEqualTo("app_api");
  }
}

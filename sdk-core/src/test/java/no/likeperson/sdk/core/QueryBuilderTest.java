package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.rawQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Reads: method, path, exact query string, every header, typed results. */
class QueryBuilderTest extends ApiTest {

  record Activity(
      UUID id,
      @JsonProperty("org_id") UUID orgId,
      @JsonProperty("activity_date") LocalDate activityDate) {}

  static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
  static final String ROW =
      "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"org_id\":\""
          + ORG
          + "\",\"activity_date\":\"2026-03-01\",\"unknown_new_column\":true}";

  @Test
  void list_sendsGetWithSelectFiltersOrderLimit_andEveryHeader() throws Exception {
    server.enqueue(json("[" + ROW + "]"));
    List<Activity> rows =
        client
            .from("activities")
            .select("id, org_id, activity_date")
            .eq("org_id", ORG)
            .gte("activity_date", LocalDate.of(2026, 1, 1))
            .order("activity_date", Order.DESC)
            .limit(25)
            .list(Activity.class);

    assertThat(rows)
        .containsExactly(
            new Activity(
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                ORG,
                LocalDate.of(2026, 3, 1)));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getTarget())
        .isEqualTo(
            "/rest/v1/activities?select=id,org_id,activity_date"
                + "&org_id=eq."
                + ORG
                + "&activity_date=gte.2026-01-01&order=activity_date.desc&limit=25");
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(r.getHeaders().get("Accept-Profile")).isEqualTo("public");
    assertThat(r.getHeaders().get("Content-Profile")).isNull();
    assertThat(r.getHeaders().get("Prefer")).isNull();
    assertThat(r.getHeaders().get("Content-Type")).isNull();
    assertThat(r.getHeaders().get("apikey")).isEqualTo(ApiFixture.API_KEY);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ApiFixture.USER_TOKEN);
    assertThat(r.getHeaders().get("X-Client-Info"))
        .startsWith("likeperson-sdk-java/")
        .doesNotEndWith("/")
        .doesNotContain("${");
    assertThat(r.getHeaders().get("Range")).isNull();
    assertThat(r.getBodySize()).isZero();
  }

  @Test
  void select_keepsWhitespaceInsideQuotes_andRejectsBlank() throws Exception {
    server.enqueue(json("[]"));
    client.from("t").select(" id , \"my col\" , alias:data->>k ").list(Object.class);
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo("select=id,%22my%20col%22,alias:data-%3E%3Ek");
    assertThatThrownBy(() -> client.from("t").select("  "))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void order_multipleTerms_withNulls() throws Exception {
    server.enqueue(json("[]"));
    client
        .from("t")
        .order("a")
        .order("b", Order.DESC, NullsOrder.LAST)
        .order("c", Order.ASC, NullsOrder.FIRST)
        .order("data->>k", Order.DESC)
        .list(Object.class);
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo("order=a.asc,b.desc.nullslast,c.asc.nullsfirst,data-%3E%3Ek.desc");
  }

  @Test
  void range_isSentAsOffsetAndLimit_neverAsRangeHeader() throws Exception {
    server.enqueue(json("[]"));
    client.from("t").range(50, 74).list(Object.class);
    RecordedRequest r = server.takeRequest();
    assertThat(rawQuery(r)).isEqualTo("limit=25&offset=50");
    assertThat(r.getHeaders().get("Range")).isNull();
  }

  @Test
  void limitZeroAndOffset_areSent() throws Exception {
    server.enqueue(json("[]"));
    client.from("t").limit(0).offset(7).list(Object.class);
    assertThat(rawQuery(server.takeRequest())).isEqualTo("limit=0&offset=7");
  }

  @Test
  void negativeLimitOffsetOrBackwardsRange_areRejected() {
    assertThatThrownBy(() -> client.from("t").limit(-1))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").offset(-1))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").range(5, 4))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").range(-1, 4))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void blankRelation_isRejected() {
    assertThatThrownBy(() -> client.from(" ")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("relation == null");
  }

  @Test
  void relationWithSpecialCharacters_isPathEncoded() throws Exception {
    server.enqueue(json("[]"));
    client.from("møte plan").list(Object.class);
    assertThat(ApiFixture.path(server.takeRequest())).isEqualTo("/rest/v1/m%C3%B8te%20plan");
  }

  @Test
  void single_sendsObjectAccept_andMapsObject() throws Exception {
    server.enqueue(json(ROW));
    Activity a = client.from("activities").eq("id", "x").single(Activity.class);
    assertThat(a.orgId()).isEqualTo(ORG);
    assertThat(server.takeRequest().getHeaders().get("Accept"))
        .isEqualTo("application/vnd.pgrst.object+json");
  }

  @Test
  void single_whenServerSays406Pgrst116_throwsNotExactlyOneRow() {
    server.enqueue(
        json(
            406,
            "{\"code\":\"PGRST116\",\"details\":\"The result contains 0 rows\","
                + "\"hint\":null,\"message\":\"Cannot coerce the result to a single JSON object\"}"));
    assertThatThrownBy(() -> client.from("activities").eq("id", "x").single(Activity.class))
        .isInstanceOf(NotExactlyOneRowException.class);
  }

  @Test
  void maybeSingle_requestsArray_andMapsZeroOrOne() throws Exception {
    server.enqueue(json("[]"));
    server.enqueue(json("[" + ROW + "]"));
    assertThat(client.from("activities").eq("id", "x").maybeSingle(Activity.class)).isEmpty();
    Optional<Activity> one = client.from("activities").eq("id", "x").maybeSingle(Activity.class);
    assertThat(one).map(Activity::orgId).contains(ORG);
    assertThat(server.takeRequest().getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void maybeSingle_intoJsonNode_stillReadsRows() {
    server.enqueue(json("[]"));
    assertThat(client.from("t").maybeSingle(com.fasterxml.jackson.databind.JsonNode.class))
        .isEmpty();
    server.enqueue(json("[{\"id\":1}]"));
    assertThat(client.from("t").maybeSingle(com.fasterxml.jackson.databind.JsonNode.class))
        .hasValueSatisfying(n -> assertThat(n.get("id").asInt()).isEqualTo(1));
  }

  @Test
  void maybeSingle_withTwoRows_throwsNotExactlyOneRow() {
    server.enqueue(json("[" + ROW + "," + ROW + "]"));
    assertThatThrownBy(() -> client.from("activities").maybeSingle(Activity.class))
        .isInstanceOf(NotExactlyOneRowException.class)
        .satisfies(
            e -> {
              NotExactlyOneRowException n = (NotExactlyOneRowException) e;
              assertThat(n.code()).isEqualTo("PGRST116");
              assertThat(n.details()).contains("2 rows");
            });
  }

  @Test
  void count_isHeadWithPreferCount_andNoBody() throws Exception {
    for (CountMode mode : CountMode.values()) {
      server.enqueue(
          new MockResponse.Builder().code(206).addHeader("Content-Range", "0-24/42").build());
      assertThat(client.from("activities").eq("org_id", ORG).count(mode)).isEqualTo(42);
      RecordedRequest r = server.takeRequest();
      assertThat(r.getMethod()).isEqualTo("HEAD");
      assertThat(r.getTarget()).isEqualTo("/rest/v1/activities?org_id=eq." + ORG);
      assertThat(r.getHeaders().get("Prefer"))
          .isEqualTo("count=" + mode.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(r.getHeaders().get("Accept-Profile")).isEqualTo("public");
    }
  }

  @Test
  void options_schemaCountAndTokenOverride_areSent() throws Exception {
    server.enqueue(json(200, "[]", "*/0"));
    client
        .from("t")
        .options(
            RequestOptions.builder()
                .schema("reporting")
                .count(CountMode.EXACT)
                .accessToken("per-call-token")
                .build())
        .list(Object.class);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("Accept-Profile")).isEqualTo("reporting");
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("count=exact");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer per-call-token");
  }

  @Test
  void requestOptions_toString_hidesToken_andRejectsBlank() {
    RequestOptions o = RequestOptions.builder().accessToken("secret-token-value").build();
    assertThat(o.toString()).doesNotContain("secret-token-value").contains("<redacted>");
    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThatThrownBy(() -> RequestOptions.builder().schema(" "))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> RequestOptions.builder().accessToken(""))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void urlLongerThan8000Characters_isRejectedBeforeSending() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    assertThatThrownBy(() -> client.from("activities").in("id", ids).list(Object.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("8000")
        .hasMessageNotContaining(ids.get(0));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void urlJustUnderTheLimit_isSent() throws Exception {
    String base = server.url("/rest/v1/t?v=eq.").toString();
    String value = "x".repeat(ClientContext.MAX_URL_LENGTH - base.length());
    server.enqueue(json("[]"));
    client.from("t").eq("v", value).list(Object.class);
    assertThat(server.takeRequest().getUrl().toString()).hasSize(ClientContext.MAX_URL_LENGTH);
    assertThatThrownBy(() -> client.from("t").eq("v", value + "x").list(Object.class))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void list_streamsLargeArray_intoTypedRows() {
    int n = 20_000;
    Buffer body = new Buffer().writeUtf8("[");
    for (int i = 0; i < n; i++) {
      body.writeUtf8(i == 0 ? "" : ", \n ").writeUtf8(ROW);
    }
    body.writeUtf8("]");
    server.enqueue(new MockResponse.Builder().code(200).body(body).build());
    List<Activity> rows = client.from("activities").list(Activity.class);
    assertThat(rows).hasSize(n).allSatisfy(a -> assertThat(a.orgId()).isEqualTo(ORG));
  }

  private static MockResponse bodyCutMidway() {
    Buffer big = new Buffer().writeUtf8("[");
    for (int i = 0; i < 5_000; i++) {
      big.writeUtf8(i == 0 ? "" : ",").writeUtf8(ROW);
    }
    big.writeUtf8("]");
    return new MockResponse.Builder()
        .code(200)
        .body(big)
        .onResponseBody(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  @Test
  void list_disconnectDuringBody_isRetryableClientError() {
    server.enqueue(bodyCutMidway());
    assertThatThrownBy(() -> client.from("activities").list(Activity.class))
        .isInstanceOf(SupabaseClientException.class)
        .satisfies(e -> assertThat(((SupabaseClientException) e).isRetryable()).isTrue());
  }

  @Test
  void list_disconnectDuringBody_isRetriedForReads_andParsesTheNewAnswer() throws Exception {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(bodyCutMidway());
      server.enqueue(json("[" + ROW + "]"));
      assertThat(c.from("activities").list(Activity.class)).hasSize(1);
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void insertRepresentation_disconnectDuringBody_isNotRetried() {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(bodyCutMidway());
      server.enqueue(json("[]"));
      assertThatThrownBy(
              () -> c.from("activities").insert(java.util.Map.of("a", 1)).list(Activity.class))
          .isInstanceOf(SupabaseClientException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void list_bodyThatIsNotTheExpectedShape_isNonRetryableClientError() {
    server.enqueue(json("[{\"id\":\"not-a-uuid\"}]"));
    assertThatThrownBy(() -> client.from("activities").list(Activity.class))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining("not-a-uuid")
        .satisfies(e -> assertThat(((SupabaseClientException) e).isRetryable()).isFalse());
  }

  @Test
  void list_invalidJson_isClientError() {
    server.enqueue(json("[{\"id\": ]"));
    assertThatThrownBy(() -> client.from("activities").list(Object.class))
        .isInstanceOf(SupabaseClientException.class);
  }

  @Test
  void list_trailingGarbage_isClientError() {
    server.enqueue(json("[] []"));
    assertThatThrownBy(() -> client.from("activities").list(Object.class))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void list_manyRowsDecodedByOneReader_keepOrderNullsNestingAndTrailingCheck() {
    server.enqueue(json("[{\"id\":1},null,{\"id\":3}]"));
    List<com.fasterxml.jackson.databind.JsonNode> rows =
        client.from("t").list(com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("id").asInt()).isEqualTo(1);
    assertThat(rows.get(1).isNull()).isTrue();
    assertThat(rows.get(2).get("id").asInt()).isEqualTo(3);

    server.enqueue(json("[null,{\"id\":\"00000000-0000-4000-8000-000000000001\"}]"));
    List<Activity> typed = client.from("t").list(Activity.class);
    assertThat(typed).hasSize(2);
    assertThat(typed.get(0)).isNull();
    assertThat(typed.get(1)).isNotNull();

    server.enqueue(json("[[1,2],[],[3]]"));
    assertThat(client.from("t").list(int[].class))
        .hasSize(3)
        .satisfies(l -> assertThat(l.get(0)).containsExactly(1, 2))
        .satisfies(l -> assertThat(l.get(1)).isEmpty());

    server.enqueue(json("[1] [2]"));
    assertThatThrownBy(() -> client.from("t").list(Integer.class))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("trailing");

    server.enqueue(json("[1, 2"));
    assertThatThrownBy(() -> client.from("t").list(Integer.class))
        .isInstanceOf(SupabaseClientException.class);
  }

  @Test
  void list_rowsMayBeNullScalars() {
    server.enqueue(json("[1, null, 3]"));
    assertThat(client.from("t").list(Integer.class)).containsExactly(1, null, 3);
  }

  @Test
  void writeAfterReadModifiers_isRejected() {
    assertThatThrownBy(() -> client.from("t").limit(1).delete())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").eq("a", 1).insert(java.util.Map.of("a", 1)))
        .isInstanceOf(InvalidRequestException.class);
  }
}

package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.noContent;
import static no.likeperson.sdk.core.ApiFixture.rawQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import org.junit.jupiter.api.Test;

/** Insert, upsert, update, delete: method, Prefer, query, body, result and idempotency rules. */
class MutationTest extends ApiTest {

  final ObjectMapper mapper = new ObjectMapper();

  record NewActivity(
      @JsonProperty("org_id") UUID orgId,
      @JsonProperty("activity_date") LocalDate activityDate,
      @JsonProperty("session_count") int sessionCount) {}

  record Saved(long id, String name) {}

  static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

  private static void assertWriteHeaders(RecordedRequest r) {
    assertThat(r.getHeaders().get("Content-Profile")).isEqualTo("public");
    assertThat(r.getHeaders().get("Accept-Profile")).isNull();
    assertThat(r.getHeaders().get("apikey")).isEqualTo(ApiFixture.API_KEY);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + ApiFixture.USER_TOKEN);
    assertThat(r.getHeaders().get("X-Client-Info")).startsWith("likeperson-sdk-java/");
  }

  @Test
  void insertObject_postsJsonWithReturnMinimal() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).addHeader("Content-Range", "*/*").build());
    client.from("activities").insert(new NewActivity(ORG, LocalDate.of(2026, 3, 1), 2)).execute();

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/activities");
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("return=minimal");
    assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/json");
    assertWriteHeaders(r);
    assertThat(mapper.readTree(r.getBody().utf8()))
        .isEqualTo(
            mapper.readTree(
                "{\"org_id\":\""
                    + ORG
                    + "\",\"activity_date\":\"2026-03-01\",\"session_count\":2}"));
  }

  @Test
  void insert_bigDecimals_areSentExactInPlainNotation() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).build());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("amount", new java.math.BigDecimal("1000"));
    row.put("km", new java.math.BigDecimal("12.50"));
    row.put("total", new java.math.BigDecimal("3E+2"));
    client.from("reimbursements").insert(row).execute();
    assertThat(server.takeRequest().getBody().utf8())
        .isEqualTo("{\"amount\":1000,\"km\":12.50,\"total\":300}");
  }

  @Test
  void insertBatch_withRepresentation_sendsColumnsUnion_andReturnsRows() throws Exception {
    server.enqueue(json(201, "[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]", "*/*"));
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("name", "a");
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("name", "b");
    second.put("my col", true);
    List<Saved> saved =
        client.from("things").insert(List.of(first, second)).select("id,name").list(Saved.class);

    assertThat(saved).containsExactly(new Saved(1, "a"), new Saved(2, "b"));
    RecordedRequest r = server.takeRequest();
    assertThat(rawQuery(r)).isEqualTo("select=id,name&columns=name,%22my%20col%22");
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("return=representation");
    assertThat(mapper.readTree(r.getBody().utf8()))
        .isEqualTo(mapper.readTree("[{\"name\":\"a\"},{\"name\":\"b\",\"my col\":true}]"));
  }

  @Test
  void insertBatch_withUniformKeys_sendsNoColumns() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).build());
    client.from("things").insert(List.of(Map.of("name", "a"), Map.of("name", "b"))).execute();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getTarget()).isEqualTo("/rest/v1/things");
    assertThat(mapper.readTree(r.getBody().utf8()))
        .isEqualTo(mapper.readTree("[{\"name\":\"a\"},{\"name\":\"b\"}]"));
  }

  @Test
  void insertSingle_usesObjectAccept_andFailsOnPgrst116() throws Exception {
    server.enqueue(json(201, "{\"id\":7,\"name\":\"x\"}"));
    assertThat(client.from("things").insert(Map.of("name", "x")).single(Saved.class))
        .isEqualTo(new Saved(7, "x"));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("Accept")).isEqualTo("application/vnd.pgrst.object+json");
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("return=representation");

    server.enqueue(
        json(
            406,
            "{\"code\":\"PGRST116\",\"details\":\"The result contains 2 rows\","
                + "\"hint\":null,\"message\":\"Cannot coerce the result to a single JSON object\"}"));
    assertThatThrownBy(
            () ->
                client
                    .from("things")
                    .insert(List.of(Map.of("name", "a"), Map.of("name", "b")))
                    .single(Saved.class))
        .isInstanceOf(NotExactlyOneRowException.class);
  }

  @Test
  void insertWithMissingDefaultAndCount_combinesPreferTokensInOneHeader() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).addHeader("Content-Range", "*/2").build());
    client
        .from("things")
        .insert(List.of(Map.of("a", 1), Map.of("b", 2)))
        .missingDefault()
        .options(RequestOptions.builder().count(CountMode.EXACT).build())
        .execute();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().values("Prefer"))
        .containsExactly("missing=default,return=minimal,count=exact");
    assertThat(rawQuery(r)).isEqualTo("columns=a,b");
  }

  @Test
  void rollbackOption_addsTxRollbackLast() throws Exception {
    server.enqueue(json(201, "[{\"id\":1,\"name\":\"a\"}]"));
    client
        .from("things")
        .upsert(Map.of("id", 1, "name", "a"))
        .options(RequestOptions.builder().rollback(true).count(CountMode.EXACT).build())
        .list(Saved.class);
    assertThat(server.takeRequest().getHeaders().get("Prefer"))
        .isEqualTo("resolution=merge-duplicates,return=representation,count=exact,tx=rollback");
  }

  @Test
  void upsert_defaultsToMergeDuplicates_withOnConflict() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    client
        .from("activity_types")
        .upsert(Map.of("org_id", ORG.toString(), "code", "MEET", "name", "Møte"))
        .onConflict("org_id", "code")
        .execute();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(rawQuery(r)).isEqualTo("on_conflict=org_id,code");
    assertThat(r.getHeaders().get("Prefer"))
        .isEqualTo("resolution=merge-duplicates,return=minimal");
    assertThat(mapper.readTree(r.getBody().utf8()).get("name").asText()).isEqualTo("Møte");
  }

  @Test
  void upsert_ignoreDuplicates_withRepresentation() throws Exception {
    server.enqueue(json(201, "[]"));
    assertThat(client.from("t").upsert(Map.of("id", 1)).ignoreDuplicates().list(JsonNode.class))
        .isEmpty();
    assertThat(server.takeRequest().getHeaders().get("Prefer"))
        .isEqualTo("resolution=ignore-duplicates,return=representation");
  }

  @Test
  void update_patchesMatchingRows() throws Exception {
    server.enqueue(noContent());
    client.from("reimbursements").update(Map.of("status", "approved")).eq("id", 5).execute();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("PATCH");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/reimbursements?id=eq.5");
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("return=minimal");
    assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertWriteHeaders(r);
    assertThat(r.getBody().utf8()).isEqualTo("{\"status\":\"approved\"}");
  }

  @Test
  void update_filtersBeforeOrAfterUpdate_areBothSent() throws Exception {
    server.enqueue(json("[{\"id\":5,\"name\":\"n\"}]"));
    List<Saved> rows =
        client
            .from("t")
            .eq("org_id", ORG)
            .update(Map.of("name", "n"))
            .eq("id", 5)
            .select("id,name")
            .list(Saved.class);
    assertThat(rows).containsExactly(new Saved(5, "n"));
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo("select=id,name&org_id=eq." + ORG + "&id=eq.5");
  }

  @Test
  void update_matchingNoRows_isNotAnError() {
    server.enqueue(json(200, "[]", "*/*"));
    assertThat(client.from("t").update(Map.of("a", 1)).eq("id", 404).list(JsonNode.class))
        .isEmpty();
  }

  @Test
  void delete_sendsNoBodyAndNoContentType() throws Exception {
    server.enqueue(noContent());
    client.from("activities").delete().eq("id", 9).execute();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("DELETE");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/activities?id=eq.9");
    assertThat(r.getHeaders().get("Content-Type")).isNull();
    assertThat(r.getBodySize()).isZero();
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("return=minimal");
    assertWriteHeaders(r);
  }

  @Test
  void delete_withRepresentation_returnsDeletedRows() throws Exception {
    server.enqueue(json("[{\"id\":9,\"name\":\"gone\"}]"));
    assertThat(client.from("t").delete().in("id", List.of(9)).list(Saved.class))
        .containsExactly(new Saved(9, "gone"));
    assertThat(server.takeRequest().getHeaders().get("Prefer")).isEqualTo("return=representation");
  }

  @Test
  void updateOrDeleteWithoutFilter_isRejectedBeforeSending() {
    assertThatThrownBy(() -> client.from("activities").update(Map.of("a", 1)).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("every row");
    assertThatThrownBy(() -> client.from("activities").delete().execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("every row");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void invalidPayloads_areRejectedBeforeSending() {
    assertThatThrownBy(() -> client.from("t").update(Map.of()).eq("id", 1).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no fields");
    assertThatThrownBy(() -> client.from("t").update(List.of(Map.of("a", 1))).eq("id", 1).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").insert("just a string").execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").insert(List.of(Map.of("a", 1), 5)).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("every row");
    assertThatThrownBy(() -> client.from("t").insert(Map.of("a", 1)).eq("a", 1).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("filters");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void optionsForTheWrongKind_areRejected() {
    assertThatThrownBy(() -> client.from("t").insert(Map.of("a", 1)).onConflict("a"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").update(Map.of("a", 1)).ignoreDuplicates())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").delete().missingDefault())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from("t").upsert(Map.of("a", 1)).onConflict())
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void conflict23505_isConflictException() {
    server.enqueue(
        json(
            409,
            "{\"code\":\"23505\",\"details\":\"Key (email)=(a) already exists.\","
                + "\"hint\":null,\"message\":\"duplicate key value violates unique constraint \\\"u_email_key\\\"\"}"));
    assertThatThrownBy(() -> client.from("users").insert(Map.of("email", "a")).execute())
        .isInstanceOf(ConflictException.class);
  }

  // ---- idempotency: never a blind retry of a write ----

  private static MockResponse unavailable() {
    return json(
        503,
        "{\"code\":\"PGRST000\",\"details\":null,\"hint\":null,"
            + "\"message\":\"Database connection error. Retrying the connection.\"}");
  }

  @Test
  void plainInsert_isNotRetriedOn503() {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(unavailable());
      server.enqueue(new MockResponse.Builder().code(201).build());
      assertThatThrownBy(() -> c.from("t").insert(Map.of("id", 1)).execute())
          .isInstanceOf(ServiceUnavailableException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void idempotentUpsertWithClientIds_isRetriedOn503() throws Exception {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(unavailable());
      server.enqueue(new MockResponse.Builder().code(201).build());
      UUID id = UUID.randomUUID();
      c.from("proxy_activities")
          .upsert(List.of(Map.of("id", id.toString(), "n", 1)))
          .ignoreDuplicates()
          .options(RequestOptions.builder().idempotent(true).build())
          .execute();
      assertThat(server.getRequestCount()).isEqualTo(2);
      RecordedRequest first = server.takeRequest();
      RecordedRequest second = server.takeRequest();
      assertThat(first.getHeaders().get("X-Retry-Count")).isNull();
      assertThat(second.getHeaders().get("X-Retry-Count")).isEqualTo("1");
      assertThat(second.getBody()).isEqualTo(first.getBody());
    }
  }

  @Test
  void idempotentFlag_onWritesThatAreNotIdempotentByConstruction_isRejected() {
    RequestOptions idem = RequestOptions.builder().idempotent(true).build();
    assertThatThrownBy(() -> client.from("t").insert(Map.of("id", 1)).options(idem).execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ignoreDuplicates");
    assertThatThrownBy(() -> client.from("t").upsert(Map.of("id", 1)).options(idem).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> client.from("t").update(Map.of("a", 1)).eq("id", 1).options(idem).execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                client
                    .from("t")
                    .upsert(List.of(Map.of("id", 1), Map.of("n", 2)))
                    .ignoreDuplicates()
                    .options(idem)
                    .execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("conflict key id");
    assertThatThrownBy(
            () ->
                client
                    .from("t")
                    .upsert(Map.of("id", 1))
                    .onConflict("org_id", "code")
                    .ignoreDuplicates()
                    .options(idem)
                    .execute())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("org_id");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void mutationToString_showsNoPayload() {
    assertThat(client.from("t").insert(Map.of("ssn", "01019912345")).toString())
        .doesNotContain("01019912345");
  }
}

package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.params;
import static no.likeperson.sdk.core.ApiFixture.rawQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resource embedding on the wire: {@code referenced(path, ...)} sends filters, order, limit, offset
 * and range of an embedded resource with the path as key prefix, exactly as PostgREST reads them
 * ({@code <path>.<col>=op.v}, {@code <path>.order=}, {@code <path>.limit=}, {@code <path>.offset=},
 * {@code <path>.or=(...)}); bad paths fail before sending; nested results decode into records.
 */
class EmbeddingQueryTest extends ApiTest {

  record Type(@JsonProperty("name") String name) {
    @JsonCreator
    Type {}
  }

  record Activity(@JsonProperty("id") long id, @JsonProperty("activity_types") Type type) {
    @JsonCreator
    Activity {}
  }

  record Org(
      @JsonProperty("id") long id,
      @JsonProperty("name") String name,
      @JsonProperty("activities") List<Activity> activities) {
    @JsonCreator
    Org {}
  }

  @Test
  void orderLimitOffset_onAReferencedTable_exactQueryString() throws Exception {
    server.enqueue(json("[]"));
    client
        .from("organisations")
        .select("id,name,activities(id,activity_date)")
        .eq("id", 7)
        .referenced(
            "activities",
            a ->
                a.order("activity_date", Order.DESC, NullsOrder.LAST)
                    .order("id")
                    .limit(5)
                    .offset(10))
        .order("name")
        .list(JsonNode.class);
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo(
            "select=id,name,activities(id,activity_date)"
                + "&id=eq.7&order=name.asc"
                + "&activities.order=activity_date.desc.nullslast,id.asc&activities.limit=5&activities.offset=10");
  }

  @Test
  void range_onAReferencedTable_isOffsetAndLimit() throws Exception {
    server.enqueue(json("[]"));
    client
        .from("organisations")
        .select("id,activities(id)")
        .referenced("activities", a -> a.range(10, 19))
        .list(JsonNode.class);
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo("select=id,activities(id)&activities.limit=10&activities.offset=10");
  }

  @Test
  void filters_onEmbeddedColumns_carryThePathPrefix() throws Exception {
    server.enqueue(json("[]"));
    client
        .from("organisations")
        .select("id,activities(id,activity_date,note)")
        .referenced(
            "activities",
            a ->
                a.gte("activity_date", LocalDate.of(2026, 1, 1))
                    .in("id", List.of(1, 2))
                    .ilike("note", "*møte*")
                    .or(Filter.isNull("note"), Filter.eq("id", 3))
                    .not(Filter.and(Filter.eq("id", 4), Filter.eq("id", 5))))
        .list(JsonNode.class);
    RecordedRequest r = server.takeRequest();
    assertThat(rawQuery(r))
        .isEqualTo(
            "select=id,activities(id,activity_date,note)"
                + "&activities.activity_date=gte.2026-01-01&activities.id=in.(1,2)"
                + "&activities.note=ilike.*m%C3%B8te*&activities.or=(note.is.null,id.eq.3)"
                + "&activities.not.and=(id.eq.4,id.eq.5)");
    assertThat(params(r, "activities.note")).containsExactly("ilike.*møte*");
  }

  @Test
  void nestedPath_andAlias_areTheKeyPrefix() throws Exception {
    server.enqueue(json("[]"));
    client
        .from("organisations")
        .select("id,acts:activities!inner(id,kind:activity_types(name))")
        .referenced("acts.kind", t -> t.eq("name", "Samtale").limit(1))
        .referenced("acts", a -> a.order("id", Order.DESC))
        .referenced("acts.kind", t -> t.order("name"))
        .list(JsonNode.class);
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo(
            "select=id,acts:activities!inner(id,kind:activity_types(name))"
                + "&acts.kind.name=eq.Samtale&acts.kind.order=name.asc&acts.kind.limit=1"
                + "&acts.order=id.desc");
  }

  @Test
  void isNull_onTheEmbed_filtersTheParents() throws Exception {
    server.enqueue(json("[]"));
    server.enqueue(json("[]"));
    client
        .from("organisations")
        .select("id,activities(id)")
        .isNull("activities")
        .list(JsonNode.class);
    client
        .from("organisations")
        .select("id,activities()")
        .isNotNull("activities")
        .referenced("activities", a -> a.eq("id", 1))
        .list(JsonNode.class);
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo("select=id,activities(id)&activities=is.null");
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo("select=id,activities()&activities=not.is.null&activities.id=eq.1");
  }

  static List<String> reserved() {
    return ReservedNameTest.reserved();
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void reservedEmbeddedColumnNames_areQuoted_neverAParameter(String column) throws Exception {
    server.enqueue(json("[]"));
    client
        .from("organisations")
        .select("id,activities(*)")
        .referenced(
            "activities", a -> a.eq(column, 5).order(column, Order.DESC).or(Filter.eq(column, 1)))
        .list(JsonNode.class);
    RecordedRequest r = server.takeRequest();
    String q = "\"" + column + "\"";
    assertThat(params(r, "activities." + q)).containsExactly("eq.5");
    assertThat(params(r, "activities.order")).containsExactly(q + ".desc");
    assertThat(params(r, "activities.or")).containsExactly("(" + q + ".eq.1)");
    assertThat(params(r, "activities." + column)).doesNotContain("eq.5");
    assertThat(r.getUrl().queryParameterNames())
        .containsExactlyInAnyOrder(
            "select", "activities." + q, "activities.order", "activities.or");
  }

  @Test
  void reservedWordsAsRelationNames_stayInThePath_whereTheyAreNeverTheLastSegment()
      throws Exception {
    server.enqueue(json("[]"));
    client
        .from("t")
        .select("id,order(id,limit(id))")
        .referenced("order.limit", l -> l.eq("offset", 1).limit(2))
        .list(JsonNode.class);
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo(
            "select=id,order(id,limit(id))&order.limit.%22offset%22=eq.1&order.limit.limit=2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "activities.",
        ".activities",
        "a..b",
        "my table",
        "a\"b",
        "a->b",
        "a,b",
        "a(b)",
        "a\0b",
        "rel!inner"
      })
  void invalidPaths_areRefusedAtOnce(String path) {
    assertThatThrownBy(() -> client.from("organisations").referenced(path, a -> a.limit(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("referenced table");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void invalidModifiers_onAReferencedTable_areRefusedAtOnce() {
    TableQuery q = client.from("organisations").select("id,activities(id)");
    assertThatThrownBy(() -> q.referenced("activities", a -> a.limit(-1)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> q.referenced("activities", a -> a.offset(-1)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> q.referenced("activities", a -> a.range(5, 4)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> q.referenced("activities", a -> a.order("")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> q.referenced("activities", a -> a.eq("id", null)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> q.referenced(null, a -> a.limit(1)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.referenced("activities", null))
        .isInstanceOf(NullPointerException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "id,name",
        "id,activity(id)",
        "id,acts:activities(id)",
        "id,activities_x(id)",
        "id,x:y(activities(id))"
      })
  void aPathTheSelectDoesNotEmbed_isRefusedBeforeSending(String select) {
    TableQuery q =
        client.from("organisations").select(select).referenced("activities", a -> a.limit(1));
    assertThatThrownBy(() -> q.list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'activities' is not an embedded resource");
    assertThat(q.listAsync(JsonNode.class))
        .failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> q.count()).isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void noSelectAtAll_embedsNothing() {
    assertThatThrownBy(
            () ->
                client
                    .from("organisations")
                    .referenced("activities", a -> a.limit(1))
                    .list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void embedPaths_followAliasesHintsSpreadsAndNesting() {
    assertThat(
            ReferencedTable.embedPaths(
                "id,a:activities!activities_org_id_fkey!inner(id,t:activity_types(name),notes(x::text)),"
                    + "...people(name),\"odd,(name\",count(),members!left(users(id))"))
        .containsExactlyInAnyOrder(
            "a", "a.t", "a.notes", "people", "count", "members", "members.users");
  }

  @Test
  void aRefusedReferencedCall_leavesNothingBehind() throws Exception {
    TableQuery q = client.from("organisations").select("id");
    assertThatThrownBy(() -> q.referenced("activities", a -> a.limit(1).offset(-1)))
        .isInstanceOf(InvalidRequestException.class);
    server.enqueue(json("[]"));
    q.list(JsonNode.class);
    assertThat(rawQuery(server.takeRequest())).isEqualTo("select=id");
  }

  @Test
  void writes_refuseReferencedModifiers() {
    assertThatThrownBy(
            () ->
                client
                    .from("organisations")
                    .select("id,activities(id)")
                    .referenced("activities", a -> a.limit(1))
                    .delete())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("referenced");
    assertThatThrownBy(
            () ->
                client
                    .from("organisations")
                    .referenced("activities", a -> a.eq("id", 1))
                    .update(Map.of("name", "x")))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void toString_showsStructure_neverValues() {
    TableQuery q =
        client
            .from("organisations")
            .select("id,activities(id)")
            .referenced("activities", a -> a.eq("note", "hemmelig"));
    assertThat(q.toString()).contains("activities", "eq(note)").doesNotContain("hemmelig");
  }

  @Test
  void nestedResults_decodeIntoRecords_toManyAndToOne() throws Exception {
    server.enqueue(
        json(
            "[{\"id\":1,\"name\":\"Oslo\",\"activities\":["
                + "{\"id\":10,\"activity_types\":{\"name\":\"Samtale\"}},{\"id\":11,\"activity_types\":null}]},"
                + "{\"id\":2,\"name\":\"Bergen\",\"activities\":[]}]"));
    List<Org> orgs =
        client
            .from("organisations")
            .select("id,name,activities(id,activity_types(name))")
            .list(Org.class);
    assertThat(orgs)
        .containsExactly(
            new Org(
                1, "Oslo", List.of(new Activity(10, new Type("Samtale")), new Activity(11, null))),
            new Org(2, "Bergen", List.of()));
  }

  @Test
  void nestedResult_ofSingleAndMaybeSingle() throws Exception {
    server.enqueue(json("{\"id\":10,\"activity_types\":{\"name\":\"Samtale\"}}"));
    server.enqueue(json("[{\"id\":11,\"activity_types\":{\"name\":\"Kurs\"}}]"));
    assertThat(
            client
                .from("activities")
                .select("id,activity_types(name)")
                .eq("id", 10)
                .single(Activity.class))
        .isEqualTo(new Activity(10, new Type("Samtale")));
    Optional<Activity> one =
        client
            .from("activities")
            .select("id,activity_types(name)")
            .eq("id", 11)
            .maybeSingle(Activity.class);
    assertThat(one).contains(new Activity(11, new Type("Kurs")));
  }

  @Test
  void asyncRead_sendsTheSameQuery() throws Exception {
    server.enqueue(json("[]"));
    client
        .from("organisations")
        .select("id,activities(id)")
        .referenced("activities", a -> a.limit(2))
        .listAsync(JsonNode.class)
        .join();
    assertThat(rawQuery(server.takeRequest()))
        .isEqualTo("select=id,activities(id)&activities.limit=2");
  }

  @Test
  void aNestedResultOfTheWrongShape_failsAsAClientError() {
    server.enqueue(json("[{\"id\":1,\"name\":\"Oslo\",\"activities\":{\"id\":10}}]"));
    assertThatThrownBy(
            () -> client.from("organisations").select("id,name,activities(id)").list(Org.class))
        .isInstanceOf(no.likeperson.sdk.core.error.SupabaseClientException.class);
  }
}

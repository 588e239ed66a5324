package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.noContent;
import static no.likeperson.sdk.core.ApiFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A column whose name is one of PostgREST's reserved query keys ({@code select}, {@code columns},
 * {@code on_conflict}, {@code order}, {@code limit}, {@code offset}, {@code and}, {@code or}) must
 * still be sent as a filter: PostgREST reads an unquoted {@code offset=eq.5} as the offset
 * parameter (and ignores it), so a filtered delete would delete every row the caller may delete.
 * The SDK quotes such names ({@code "offset"=eq.5}), which PostgREST parses as a field name.
 */
class ReservedNameTest extends ApiTest {

  /** Every key PostgREST treats as a parameter, in the spellings a column may have. */
  static List<String> reserved() {
    return List.of(
        "select",
        "columns",
        "on_conflict",
        "order",
        "limit",
        "offset",
        "and",
        "or",
        "not",
        "Offset",
        "LIMIT");
  }

  private static final Set<String> PARAMETER_KEYS =
      Set.of(
          "select",
          "columns",
          "on_conflict",
          "order",
          "limit",
          "offset",
          "and",
          "or",
          "not.and",
          "not.or");

  private static void assertNoParameterKey(RecordedRequest r) {
    assertThat(r.getUrl().queryParameterNames()).doesNotContainAnyElementsOf(PARAMETER_KEYS);
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void filteredDelete_sendsTheReservedColumnQuoted(String column) throws Exception {
    server.enqueue(noContent());
    client.from("activities").delete().eq(column, 5).execute();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("DELETE");
    assertNoParameterKey(r);
    assertThat(params(r, "\"" + column + "\"")).containsExactly("eq.5");
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void filteredUpdate_sendsTheReservedColumnQuoted(String column) throws Exception {
    server.enqueue(noContent());
    client.from("activities").update(Map.of("note", "x")).neq(column, "a").execute();
    RecordedRequest r = server.takeRequest();
    assertNoParameterKey(r);
    assertThat(params(r, "\"" + column + "\"")).containsExactly("neq.a");
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void read_everyFilterShape_quotesTheReservedColumn(String column) throws Exception {
    server.enqueue(json("[]"));
    client
        .from("t")
        .in(column, List.of(1, 2))
        .isNull(column)
        .not(Filter.eq(column, 3))
        .list(JsonNode.class);
    RecordedRequest r = server.takeRequest();
    assertNoParameterKey(r);
    assertThat(params(r, "\"" + column + "\"")).containsExactly("in.(1,2)", "is.null", "not.eq.3");
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void logicTrees_quoteTheReservedColumnInEveryElement(String column) throws Exception {
    server.enqueue(json("[]"));
    client
        .from("t")
        .or(
            Filter.eq(column, 1),
            Filter.and(Filter.gt(column, 2), Filter.not(Filter.lt(column, 9))))
        .list(JsonNode.class);
    String q = "\"" + column + "\"";
    assertThat(params(server.takeRequest(), "or"))
        .containsExactly("(" + q + ".eq.1,and(" + q + ".gt.2," + q + ".not.lt.9))");
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void order_quotesTheReservedColumn(String column) throws Exception {
    server.enqueue(json("[]"));
    client.from("t").order(column, Order.DESC).list(JsonNode.class);
    assertThat(params(server.takeRequest(), "order")).containsExactly("\"" + column + "\".desc");
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void upsertOnConflict_quotesTheReservedColumn(String column) throws Exception {
    server.enqueue(json(201, "[]"));
    client.from("t").upsert(List.of(Map.of(column, 1, "id", 2))).onConflict(column).execute();
    assertThat(params(server.takeRequest(), "on_conflict")).containsExactly("\"" + column + "\"");
  }

  @ParameterizedTest
  @MethodSource("reserved")
  void filterValueThatIsAReservedWord_staysAValue(String word) throws Exception {
    server.enqueue(json("[]"));
    client.from("t").eq("name", word).list(JsonNode.class);
    assertThat(params(server.takeRequest(), "name")).containsExactly("eq." + word);
  }
}

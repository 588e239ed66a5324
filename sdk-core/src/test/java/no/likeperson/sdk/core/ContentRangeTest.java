package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalLong;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.RangeNotSatisfiableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Content-Range in every form PostgREST sends, 200/206 as success, 416 as an error. */
class ContentRangeTest extends ApiTest {

  @Test
  void parse_rangeAndTotal() {
    ContentRange r = ContentRange.parse("0-24/3573");
    assertThat(r.first()).hasValue(0);
    assertThat(r.last()).hasValue(24);
    assertThat(r.total()).hasValue(3573);
    assertThat(r.length()).isEqualTo(25);
    assertThat(r).hasToString("0-24/3573");
  }

  @Test
  void parse_noRowsZeroTotal() {
    ContentRange r = ContentRange.parse("*/0");
    assertThat(r.first()).isEmpty();
    assertThat(r.last()).isEmpty();
    assertThat(r.total()).hasValue(0);
    assertThat(r.length()).isZero();
  }

  @Test
  void parse_noRowsUnknownTotal() {
    ContentRange r = ContentRange.parse("*/*");
    assertThat(r.first()).isEmpty();
    assertThat(r.total()).isEmpty();
    assertThat(r).hasToString("*/*");
  }

  @Test
  void parse_rangeWithUnknownTotal() {
    ContentRange r = ContentRange.parse("0-24/*");
    assertThat(r.last()).hasValue(24);
    assertThat(r.total()).isEmpty();
  }

  @Test
  void parse_limitZeroWithCount() {
    assertThat(ContentRange.parse("*/7").total()).hasValue(7);
  }

  @Test
  void parse_acceptsUnitPrefixAndWhitespace() {
    assertThat(ContentRange.parse(" items 10-19/200 ").first()).hasValue(10);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "0-24",
        "0-24/",
        "/5",
        "5-2/10",
        "-1-2/3",
        "a-b/c",
        "0-1/2/3",
        "1-/5",
        "0-24/-1",
        "99999999999999999999-1/2",
        "0-24/1e3"
      })
  void parse_rejectsMalformedValues(String header) {
    assertThatThrownBy(() -> ContentRange.parse(header))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_rejectsInconsistentParts() {
    assertThatThrownBy(
            () -> new ContentRange(OptionalLong.of(1), OptionalLong.empty(), OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ContentRange(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void page_206PartialContent_isSuccessWithTotal() throws Exception {
    server.enqueue(json(206, "[{\"id\":1},{\"id\":2}]", "0-1/3573"));
    Page<JsonNode> page = client.from("activities").limit(2).page(JsonNode.class, CountMode.EXACT);
    assertThat(page.rows()).hasSize(2);
    assertThat(page.total()).hasValue(3573);
    assertThat(page.contentRange()).contains(ContentRange.parse("0-1/3573"));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("count=exact");
  }

  @Test
  void page_200WithAllRows_hasTotal() {
    server.enqueue(json(200, "[{\"id\":1}]", "0-0/1"));
    assertThat(client.from("t").page(JsonNode.class, CountMode.PLANNED).total()).hasValue(1);
  }

  @Test
  void page_emptyTableWithCount_isZero() {
    server.enqueue(json(200, "[]", "*/0"));
    Page<JsonNode> page = client.from("t").page(JsonNode.class, CountMode.ESTIMATED);
    assertThat(page.rows()).isEmpty();
    assertThat(page.total()).hasValue(0);
  }

  @Test
  void page_withoutCount_hasUnknownTotal() {
    server.enqueue(json(200, "[{\"id\":1}]", "0-0/*"));
    assertThat(client.from("t").page(JsonNode.class).total()).isEmpty();
  }

  @Test
  void page_withoutContentRangeHeader_hasNoRange() {
    server.enqueue(json("[]"));
    Page<JsonNode> page = client.from("t").page(JsonNode.class);
    assertThat(page.contentRange()).isEmpty();
    assertThat(page.total()).isEmpty();
  }

  @Test
  void page_416_isRangeNotSatisfiable() {
    server.enqueue(
        json(
            416,
            "{\"code\":\"PGRST103\",\"details\":\"An offset of 10 was requested, "
                + "but there are only 5 rows.\",\"hint\":null,\"message\":\"Requested range not satisfiable\"}",
            "*/5"));
    assertThatThrownBy(() -> client.from("t").offset(10).page(JsonNode.class, CountMode.EXACT))
        .isInstanceOf(RangeNotSatisfiableException.class);
  }

  @Test
  void page_malformedContentRange_isClientError() {
    server.enqueue(json(200, "[]", "bogus"));
    assertThatThrownBy(() -> client.from("t").page(JsonNode.class, CountMode.EXACT))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("Content-Range");
  }

  @Test
  void count_readsTotalFromHead206() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(206).addHeader("Content-Range", "0-24/3573").build());
    assertThat(client.from("activities").count(CountMode.EXACT)).isEqualTo(3573);
    assertThat(server.takeRequest().getMethod()).isEqualTo("HEAD");
  }

  @Test
  void count_readsZeroFromStarSlashZero() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Range", "*/0").build());
    assertThat(client.from("activities").count()).isZero();
  }

  @Test
  void count_withUnknownTotal_isClientError() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Range", "*/*").build());
    assertThatThrownBy(() -> client.from("activities").count(CountMode.EXACT))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessageContaining("without a total");
  }

  @Test
  void count_withoutHeader_isClientError() {
    server.enqueue(new MockResponse.Builder().code(200).build());
    assertThatThrownBy(() -> client.from("activities").count(CountMode.EXACT))
        .isInstanceOf(SupabaseClientException.class);
  }
}

package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.params;
import static no.likeperson.sdk.core.ApiFixture.parsePostgrestList;
import static no.likeperson.sdk.core.ApiFixture.rawQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** Every filter's encoding on the wire, per PostgREST's URL grammar. */
class FilterEncodingTest extends ApiTest {

  enum Status {
    ACTIVE,
    SUSPENDED
  }

  @Test
  void eq_plainValue_isSentVerbatimAfterOperator() throws Exception {
    RecordedRequest r = send(q -> q.eq("org_id", "abc"));
    assertThat(r.getTarget()).isEqualTo("/rest/v1/t?org_id=eq.abc");
  }

  @Test
  void simpleOperators_encodeTheirTokens() throws Exception {
    RecordedRequest r =
        send(
            q ->
                q.neq("a", 1)
                    .gt("b", 2)
                    .gte("c", 3)
                    .lt("d", 4)
                    .lte("e", 5)
                    .like("f", "Ha*")
                    .ilike("g", "*ø*"));
    assertThat(rawQuery(r))
        .isEqualTo("a=neq.1&b=gt.2&c=gte.3&d=lt.4&e=lte.5&f=like.Ha*&g=ilike.*%C3%B8*");
  }

  @Test
  void topLevelValue_withCommasQuotesParentheses_isNotQuoted() throws Exception {
    // at top level PostgREST takes everything after "eq." verbatim: quoting would change the value
    RecordedRequest r = send(q -> q.eq("name", "a,b (c) \"d\" e.f:g"));
    assertThat(params(r, "name")).containsExactly("eq.a,b (c) \"d\" e.f:g");
    assertThat(rawQuery(r)).isEqualTo("name=eq.a,b%20(c)%20%22d%22%20e.f:g");
  }

  @Test
  void reservedUrlCharacters_arePercentEncoded() throws Exception {
    RecordedRequest r = send(q -> q.eq("v", "a&b=c#d+e%f?g'h[i]"));
    assertThat(rawQuery(r)).isEqualTo("v=eq.a%26b%3Dc%23d%2Be%25f%3Fg%27h%5Bi%5D");
    assertThat(params(r, "v")).containsExactly("eq.a&b=c#d+e%f?g'h[i]");
  }

  @Test
  void plusSign_isNeverSentRaw_becausePostgrestReadsPlusAsSpace() throws Exception {
    RecordedRequest r =
        send(q -> q.eq("ts", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(1))));
    assertThat(rawQuery(r)).isEqualTo("ts=eq.2026-01-02T03:04:05%2B01:00");
  }

  @Test
  void unicodeAndBackslash_areUtf8PercentEncoded() throws Exception {
    RecordedRequest r = send(q -> q.eq("name", "Bjørn Ærlig Håland").eq("path", "C:\\dir"));
    assertThat(rawQuery(r))
        .isEqualTo("name=eq.Bj%C3%B8rn%20%C3%86rlig%20H%C3%A5land&path=eq.C:%5Cdir");
    assertThat(params(r, "name")).containsExactly("eq.Bjørn Ærlig Håland");
  }

  @Test
  void supplementaryCharacters_areEncodedAsFourUtf8Bytes() throws Exception {
    RecordedRequest r = send(q -> q.eq("note", "ok \uD83D\uDE00"));
    assertThat(rawQuery(r)).isEqualTo("note=eq.ok%20%F0%9F%98%80");
  }

  @Test
  void unpairedSurrogate_isRejectedInsteadOfBecomingQuestionMark() {
    assertThatThrownBy(() -> client.from("t").eq("note", "bad \uD83D").list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("surrogate");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void is_sendsKeywords_andIsNotNull_usesNotPrefix() throws Exception {
    RecordedRequest r =
        send(q -> q.isNull("a").is("b", true).is("c", false).isNotNull("d").is("e", null));
    assertThat(rawQuery(r)).isEqualTo("a=is.null&b=is.true&c=is.false&d=not.is.null&e=is.null");
  }

  @Test
  void in_quotesOnlyElementsWithReservedCharacters() throws Exception {
    RecordedRequest r = send(q -> q.in("id", List.of(1, 2, 3)).in("name", List.of("plain", "a,b")));
    assertThat(params(r, "id")).containsExactly("in.(1,2,3)");
    assertThat(params(r, "name")).containsExactly("in.(plain,\"a,b\")");
  }

  @Test
  void in_withHostileValues_roundTripsThroughPostgrestListGrammar() throws Exception {
    List<String> values =
        List.of(
            "plain",
            "a,b",
            "say \"hi\"",
            "(x)",
            "x)y",
            "back\\slash",
            "æøå ÆØÅ",
            "",
            " pad ",
            "a.b",
            "k:v",
            "{arr}",
            "\"",
            "\\",
            ",",
            "é+&#%");
    RecordedRequest r = send(q -> q.in("name", values));
    String p = params(r, "name").get(0);
    assertThat(p).startsWith("in.(");
    assertThat(parsePostgrestList(p.substring(3))).containsExactlyElementsOf(values);
  }

  @Test
  void in_withEmptyCollection_sendsEmptyList() throws Exception {
    RecordedRequest r = send(q -> q.in("id", List.of()));
    assertThat(rawQuery(r)).isEqualTo("id=in.()");
  }

  @Test
  void notIn_prefixesNot() throws Exception {
    RecordedRequest r = send(q -> q.not(Filter.in("id", List.of(1, 2))));
    assertThat(rawQuery(r)).isEqualTo("id=not.in.(1,2)");
  }

  @Test
  void contains_collection_isPostgresArrayLiteral() throws Exception {
    RecordedRequest r =
        send(
            q ->
                q.contains("tags", List.of("a", "b c", "x,y", "q\"t", "NULL", ""))
                    .containedBy("ids", new Integer[] {1, 2}));
    assertThat(params(r, "tags"))
        .containsExactly("cs.{a,\"b c\",\"x,y\",\"q\\\"t\",\"NULL\",\"\"}");
    assertThat(params(r, "ids")).containsExactly("cd.{1,2}");
  }

  @Test
  void contains_mapOrJsonNode_isJson_andStringIsLiteral() throws Exception {
    RecordedRequest r =
        send(
            q ->
                q.contains("data", Map.of("k", 1))
                    .containedBy("during", "[2026-01-01,2026-02-01)"));
    assertThat(params(r, "data")).containsExactly("cs.{\"k\":1}");
    assertThat(params(r, "during")).containsExactly("cd.[2026-01-01,2026-02-01)");
  }

  @Test
  void or_group_rendersTree() throws Exception {
    RecordedRequest r = send(q -> q.or(Filter.eq("a", 1), Filter.gt("b", 2)));
    assertThat(rawQuery(r)).isEqualTo("or=(a.eq.1,b.gt.2)");
  }

  @Test
  void nestedGroups_withNot_renderPostgrestTree() throws Exception {
    RecordedRequest r =
        send(
            q ->
                q.or(
                    Filter.eq("a", 1),
                    Filter.and(Filter.gte("b", 2), Filter.lt("c", 3)),
                    Filter.not(Filter.and(Filter.isNull("d"), Filter.like("e", "x*"))),
                    Filter.not(Filter.eq("f", "z"))));
    assertThat(params(r, "or"))
        .containsExactly("(a.eq.1,and(b.gte.2,c.lt.3),not.and(d.is.null,e.like.x*),f.not.eq.z)");
  }

  @Test
  void negatedTopLevelGroup_usesNotOrKey() throws Exception {
    RecordedRequest r = send(q -> q.not(Filter.or(Filter.eq("a", 1), Filter.eq("b", 2))));
    assertThat(rawQuery(r)).isEqualTo("not.or=(a.eq.1,b.eq.2)");
  }

  @Test
  void doubleNegation_cancelsOut() throws Exception {
    RecordedRequest r = send(q -> q.not(Filter.not(Filter.eq("a", 1))));
    assertThat(rawQuery(r)).isEqualTo("a=eq.1");
  }

  @Test
  void treeValues_withReservedCharacters_areQuotedAndEscaped() throws Exception {
    RecordedRequest r =
        send(
            q ->
                q.or(
                    Filter.eq("name", "a,b"),
                    Filter.eq("name", "x)y"),
                    Filter.eq("name", "say \"hi\" \\ ok"),
                    Filter.ilike("name", "*ø*"),
                    Filter.eq("amount", new BigDecimal("1.50"))));
    assertThat(params(r, "or"))
        .containsExactly(
            "(name.eq.\"a,b\",name.eq.\"x)y\",name.eq.\"say \\\"hi\\\" \\\\ ok\",name.ilike.*ø*,"
                + "amount.eq.\"1.50\")");
  }

  @Test
  void treeValues_roundTripThroughPostgrestGrammar() throws Exception {
    List<String> values = List.of("a,b", "x)y", "(", "\"q\"", "\\", "æ.ø:å", " lead", "");
    List<Filter> fs = new ArrayList<>();
    values.forEach(v -> fs.add(Filter.eq("c", v)));
    RecordedRequest r = send(q -> q.or(fs.toArray(new Filter[0])));
    String tree = params(r, "or").get(0);
    // strip the "c.eq." prefixes inside the tree, then read it as a PostgREST list
    List<String> elements = parsePostgrestList(tree.replace("(c.eq.", "(").replace(",c.eq.", ","));
    assertThat(elements).containsExactlyElementsOf(values);
  }

  @Test
  void inAndContainsInsideTree_areQuotedAsOneValue() throws Exception {
    RecordedRequest r =
        send(
            q ->
                q.or(
                    Filter.in("id", List.of(1, "a,b")),
                    Filter.contains("tags", List.of("x", "y"))));
    assertThat(params(r, "or")).containsExactly("(id.in.(1,\"a,b\"),tags.cs.\"{x,y}\")");
  }

  @Test
  void columnNames_thatAreNotPlainIdentifiers_areQuoted() throws Exception {
    RecordedRequest r =
        send(
            q ->
                q.eq("information.cpe", "x")
                    .eq("data->>k", "y")
                    .eq("arr->0", "z")
                    .eq("my col", "w")
                    .eq("kebab-case", "v")
                    .eq("odd\"name", "u"));
    assertThat(ApiFixture.params(r, "\"information.cpe\"")).containsExactly("eq.x");
    assertThat(params(r, "data->>k")).containsExactly("eq.y");
    assertThat(params(r, "arr->0")).containsExactly("eq.z");
    assertThat(params(r, "\"my col\"")).containsExactly("eq.w");
    assertThat(params(r, "kebab-case")).containsExactly("eq.v");
    assertThat(params(r, "\"odd\\\"name\"")).containsExactly("eq.u");
  }

  @Test
  void javaValues_areConvertedToPostgresText() throws Exception {
    UUID id = UUID.fromString("6f1c7a0e-2b9a-4c1e-9d0b-0a1b2c3d4e5f");
    RecordedRequest r =
        send(
            q ->
                q.eq("d", LocalDate.of(2026, 1, 1))
                    .eq("i", Instant.parse("2026-01-01T10:00:00Z"))
                    .eq("z", ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Oslo")))
                    .eq("n", new BigDecimal("1E+3"))
                    .eq("s", Status.SUSPENDED)
                    .eq("u", id)
                    .eq("b", true)
                    .eq("l", 9007199254740993L));
    assertThat(params(r, "d")).containsExactly("eq.2026-01-01");
    assertThat(params(r, "i")).containsExactly("eq.2026-01-01T10:00:00Z");
    assertThat(params(r, "z")).containsExactly("eq.2026-07-01T12:00+02:00");
    assertThat(params(r, "n")).containsExactly("eq.1000");
    assertThat(params(r, "s")).containsExactly("eq.SUSPENDED");
    assertThat(params(r, "u")).containsExactly("eq." + id);
    assertThat(params(r, "b")).containsExactly("eq.true");
    assertThat(params(r, "l")).containsExactly("eq.9007199254740993");
  }

  @Test
  void nullValue_isRejectedBeforeSending() {
    assertThatThrownBy(() -> client.from("t").eq("a", null).list(JsonNode.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("isNull");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void inWithNullElement_isRejectedBeforeSending() {
    assertThatThrownBy(() -> client.from("t").in("a", Arrays.asList(1, null)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void unsupportedValueType_isRejectedWithItsTypeName() {
    assertThatThrownBy(() -> client.from("t").eq("a", new Object()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> Filter.contains("a", new Object()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nulCharacter_inValueOrColumn_isRejected() {
    assertThatThrownBy(() -> Filter.eq("a", "x\0y")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Filter.eq("a\0", "x")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void emptyColumnOrEmptyGroup_isRejected() {
    assertThatThrownBy(() -> Filter.eq("", "x")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(Filter::or).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Filter.in("a", null)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void filterToString_neverShowsValues() {
    Filter f =
        Filter.or(Filter.eq("ssn", "01019912345"), Filter.not(Filter.in("id", List.of("s3cr3t"))));
    assertThat(f.toString())
        .doesNotContain("01019912345")
        .doesNotContain("s3cr3t")
        .contains("eq(ssn)")
        .contains("in(id)");
    assertThat(client.from("t").eq("ssn", "01019912345").toString()).doesNotContain("01019912345");
  }

  @Test
  void filters_withSameContent_areEqual() {
    assertThat(Filter.eq("a", 1)).isEqualTo(Filter.eq("a", 1)).hasSameHashCodeAs(Filter.eq("a", 1));
    assertThat(Filter.eq("a", 1)).isNotEqualTo(Filter.neq("a", 1));
    assertThat(Filter.not(Filter.eq("a", 1))).isNotEqualTo(Filter.eq("a", 1));
  }
}

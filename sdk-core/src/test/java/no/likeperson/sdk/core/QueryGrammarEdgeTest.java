package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.params;
import static no.likeperson.sdk.core.ApiFixture.rawQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

/**
 * The edges of the query grammar on the wire: where percent-encoding starts, the first non-ASCII
 * character, the list values PostgREST would trim or drop unless quoted, NUL characters at index 0,
 * escaped quotes in a select list, and {@code count()}'s default mode.
 */
class QueryGrammarEdgeTest extends ApiTest {

  @Test
  void nonAsciiFirstCharacter_andU0080_arePercentEncodedAsUtf8() throws Exception {
    // a key that starts with a non-ASCII letter; U+0080 is the first code point past ASCII
    RecordedRequest r = send(q -> q.eq("ø", "\u0080").eq("a", "x\u0080y"));
    assertThat(rawQuery(r)).isEqualTo("%C3%B8=eq.%C2%80&a=eq.x%C2%80y");
  }

  @Test
  void reservedCharactersBeforeTheFirstSafeOne_areEncodedToo() throws Exception {
    // the quoted key starts with two characters that need encoding, then a safe one: an
    // unencoded '&' would split the parameter in two
    RecordedRequest r = send(q -> q.eq("&a", 1).eq("=b", 2));
    assertThat(rawQuery(r)).isEqualTo("%22%26a%22=eq.1&%22%3Db%22=eq.2");
    assertThat(params(r, "\"&a\"")).containsExactly("eq.1");
  }

  @Test
  void listValues_emptyOrWithOuterWhitespace_areQuoted() throws Exception {
    // unquoted, PostgREST would read an empty element as missing and trim the padded ones
    RecordedRequest r = send(q -> q.in("name", List.of("", " lead", "trail ", "in side")));
    assertThat(params(r, "name")).containsExactly("in.(\"\",\" lead\",\"trail \",in side)");
  }

  @Test
  void columnNameStartingWithNul_isRefusedBeforeSending() {
    assertThatThrownBy(() -> client.from("t").eq("\0a", 1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("NUL");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void selectStartingWithNul_isRefusedBeforeSending() {
    assertThatThrownBy(() -> client.from("t").select("\0id"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("select columns contain a NUL character");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void select_anEscapedQuoteDoesNotCloseTheQuotedName() throws Exception {
    // "a\" b" is one quoted name containing a quote and a space: the space stays
    RecordedRequest r = send(q -> q.select("\"a\\\" b\" , c"));
    assertThat(params(r, "select")).containsExactly("\"a\\\" b\",c");
  }

  @Test
  void select_quotedNameAtTheStart_keepsItsSpaces() throws Exception {
    RecordedRequest r = send(q -> q.select("\"x y\" ,z"));
    assertThat(params(r, "select")).containsExactly("\"x y\",z");
  }

  @Test
  void decimals_upToThePlainTextLimit_passTheirOwnCheck_longerOnesAreRefusedAtTheFilter() {
    // 8000 characters in plain notation, sign included; as a URL such a filter is then refused
    // by the URL limit, which is checked when sending
    int limit = (int) FilterValues.MAX_PLAIN_DECIMAL_CHARS;
    String digits = "9".repeat(limit - 1);
    List<BigDecimal> atLimit =
        List.of(
            new BigDecimal(digits), // scale 0
            new BigDecimal("1E+" + (limit - 2)), // negative scale
            new BigDecimal(BigInteger.ONE, limit - 3)); // "0." and the scale's digits
    List<BigDecimal> over =
        List.of(
            new BigDecimal(digits + "9"),
            new BigDecimal("1E+" + (limit - 1)),
            new BigDecimal(BigInteger.ONE, limit - 2));
    for (BigDecimal d : atLimit) {
      assertThat(Filter.eq("n", d)).isNotNull();
      assertThatThrownBy(() -> client.from("t").eq("n", d).list(JsonNode.class))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("the request URL would be");
    }
    for (BigDecimal d : over) {
      assertThatThrownBy(() -> Filter.eq("n", d))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("characters in plain notation, over the limit of " + limit);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void filterValueStartingWithNul_isRefusedBeforeSending() {
    assertThatThrownBy(() -> client.from("t").eq("a", "\0x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("filter value contains a NUL character");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void count_withoutMode_isExact_andReturnsTheTotal() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(206).addHeader("Content-Range", "0-9/1234").build());
    assertThat(client.from("t").count()).isEqualTo(1234L);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("HEAD");
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("count=exact");
  }
}

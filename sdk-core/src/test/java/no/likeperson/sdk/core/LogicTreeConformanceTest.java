package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * What the SDK puts on the wire for or/and/not trees, read back with PostgREST's grammar, must be
 * the tree the caller built, for hostile values at every nesting depth.
 */
class LogicTreeConformanceTest extends ApiTest {

  static final String[] HOSTILE = {
    "plain",
    "a,b",
    "x)y",
    "(",
    ")",
    "\"",
    "\\",
    "\\\"",
    "a.b:c",
    "{x,y}",
    "}",
    " lead",
    "trail ",
    "",
    "æøå ÆØÅ",
    "&select=*",
    "+47",
    "%25",
    "#",
    "or(a.eq.1)",
    "not.eq.1",
    "\"quoted\",x",
    "😀",
    "tab\tnew\nline"
  };

  /** Sends the filter and reads back its tree from the recorded URL. */
  private String roundTrip(Filter f) throws InterruptedException {
    server.enqueue(json("[]"));
    client.from("t").filter(f).list(JsonNode.class);
    RecordedRequest r = server.takeRequest();
    HttpUrl url = r.getUrl();
    String key = url.queryParameterName(0);
    return PostgrestGrammar.readTree(key, url.queryParameterValue(0));
  }

  @Test
  void everyHostileValue_inEveryOperator_isReadBackExactly() throws Exception {
    for (String v : HOSTILE) {
      Filter f =
          Filter.or(
              Filter.eq("a", v),
              Filter.not(Filter.like("b", v)),
              Filter.in("c", List.of(v, "z")),
              Filter.contains("d", List.of(v)));
      String got = roundTrip(f);
      String arrayLiteral = UrlGrammar.arrayElement(v);
      assertThat(got)
          .as("value %s", v)
          .isEqualTo(
              "or[a eq <"
                  + v
                  + ">, b not.like <"
                  + v
                  + ">, c in <"
                  + v
                  + "|z>, d cs <{"
                  + arrayLiteral
                  + "}>]");
    }
  }

  @Test
  void randomNestedTrees_areReadBackAsBuilt() throws Exception {
    Random random = new Random(20261123);
    for (int n = 0; n < 100; n++) {
      Built b = randomTree(random, 0);
      if (!b.expected.matches("^(not )?(or|and)\\[.*")) {
        b = new Built(Filter.or(b.filter), "or[" + b.expected + "]"); // a leaf: put it in a tree
      }
      assertThat(roundTrip(b.filter)).isEqualTo(b.expected);
    }
  }

  record Built(Filter filter, String expected) {}

  private Built randomTree(Random r, int depth) {
    if (depth >= 3 || r.nextInt(3) == 0) {
      String v = HOSTILE[r.nextInt(HOSTILE.length)];
      String col = List.of("a", "b_c", "data->>k", "my-col").get(r.nextInt(4));
      switch (r.nextInt(4)) {
        case 0:
          return new Built(Filter.eq(col, v), col + " eq <" + v + ">");
        case 1:
          return new Built(Filter.not(Filter.ilike(col, v)), col + " not.ilike <" + v + ">");
        case 2:
          return new Built(Filter.in(col, List.of(v, "k")), col + " in <" + v + "|k>");
        default:
          return new Built(Filter.isNull(col), col + " is <null>");
      }
    }
    int k = 1 + r.nextInt(3);
    Filter[] kids = new Filter[k];
    StringBuilder exp = new StringBuilder();
    for (int j = 0; j < k; j++) {
      Built c = randomTree(r, depth + 1);
      kids[j] = c.filter;
      exp.append(j == 0 ? "" : ", ").append(c.expected);
    }
    boolean or = r.nextBoolean();
    Filter g = or ? Filter.or(kids) : Filter.and(kids);
    String e = (or ? "or" : "and") + "[" + exp + "]";
    if (r.nextInt(3) == 0) {
      return new Built(Filter.not(g), "not " + e);
    }
    return new Built(g, e);
  }

  @Test
  void topLevelNotGroup_isReadBack() throws Exception {
    assertThat(roundTrip(Filter.not(Filter.and(Filter.eq("a", "x,y"), Filter.isNull("b")))))
        .isEqualTo("not and[a eq <x,y>, b is <null>]");
    assertThat(roundTrip(Filter.or(Filter.contains("tags", Map.of("k", "v,w")))))
        .isEqualTo("or[tags cs <{\"k\":\"v,w\"}>]");
  }
}

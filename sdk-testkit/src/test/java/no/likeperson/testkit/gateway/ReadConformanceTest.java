package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static no.likeperson.testkit.gateway.GatewayFixture.userToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.Test;

/**
 * GET/HEAD on tables and views: filters, select, order, ranges, counts, singular (reference
 * §3.2-§3.6, §4).
 */
class ReadConformanceTest {
  private final GatewayFixture f = GatewayFixture.get();

  private List<Integer> ids(Reply r) {
    assertThat(r.status()).as(r.body()).isBetween(200, 206);
    List<Integer> out = new ArrayList<>();
    for (JsonNode n : r.json()) out.add(n.get("id").asInt());
    return out;
  }

  @Test
  void get_withoutQuery_returnsAllRowsAsJsonArray_withContentRangeAndJsonType() {
    Reply r = f.get("/items?order=id");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.header("Content-Range")).isEqualTo("0-12/*");
    assertThat(r.json()).hasSize(13);
  }

  @Test
  void get_rendersTypesLikePostgresJson() {
    JsonNode row = f.get("/items?id=eq.2").json().get(0);
    assertThat(row.get("price").decimalValue()).isEqualByComparingTo("2.50");
    assertThat(f.get("/items?id=eq.2&select=price").body()).contains("2.50");
    assertThat(row.get("big").asLong()).isEqualTo(9007199254740992L);
    assertThat(row.get("tags").isArray()).isTrue();
    assertThat(row.get("data").get("color").asText()).isEqualTo("red");
    assertThat(row.get("born").asText()).isEqualTo("2024-01-03");
    assertThat(row.get("at").asText()).isEqualTo("2026-01-01T02:00:00+00:00");
    assertThat(row.get("flag").asBoolean()).isTrue();
  }

  @Test
  void filters_comparisonOperators_selectTheRightRows() {
    assertThat(ids(f.get("/items?id=eq.3"))).containsExactly(3);
    assertThat(ids(f.get("/items?id=neq.3&id=lte.4&order=id"))).containsExactly(1, 2, 4);
    assertThat(ids(f.get("/items?id=gt.10&order=id"))).containsExactly(11, 12, 13);
    assertThat(ids(f.get("/items?id=gte.12&order=id"))).containsExactly(12, 13);
    assertThat(ids(f.get("/items?id=lt.3&order=id"))).containsExactly(1, 2);
    assertThat(ids(f.get("/items?price=gt.11.4&order=id"))).containsExactly(11, 12);
    assertThat(ids(f.get("/items?born=eq.2024-01-05"))).containsExactly(4);
  }

  @Test
  void filters_likeAndIlike_translateStarsToPercent() {
    assertThat(ids(f.get("/items?name=like.item%201*&order=id"))).containsExactly(1, 10, 11, 12);
    assertThat(ids(f.get("/items?name=ilike.ITEM%202"))).containsExactly(2);
    assertThat(ids(f.get("/items?name=like(any).%7Bitem%203,item%204%7D&order=id")))
        .containsExactly(3, 4);
  }

  @Test
  void filters_isAndIn_andNot() {
    assertThat(ids(f.get("/items?note=is.null&order=id"))).containsExactly(4, 8, 12, 13);
    assertThat(ids(f.get("/items?note=not.is.null&id=lt.4&order=id"))).containsExactly(1, 2, 3);
    assertThat(ids(f.get("/items?flag=is.true&id=lt.5&order=id"))).containsExactly(2, 4);
    assertThat(ids(f.get("/items?flag=is.false&id=lt.5&order=id"))).containsExactly(1, 3);
    assertThat(ids(f.get("/items?id=in.(1,3,5)&order=id"))).containsExactly(1, 3, 5);
    assertThat(ids(f.get("/items?id=not.in.(1,3,5)&id=lt.7&order=id"))).containsExactly(2, 4, 6);
    assertThat(
            ids(
                f.get(
                    "/items?name=in.(%22it's%20%5C%22quoted%5C%22,%20(odd)%22,item%201)&order=id")))
        .containsExactly(1, 13);
    assertThat(ids(f.get("/items?id=in.()"))).isEmpty();
  }

  @Test
  void filters_arraysJsonAndFullText() {
    assertThat(ids(f.get("/items?tags=cs.%7Bt1%7D&order=id"))).containsExactly(1, 4, 7, 10);
    assertThat(ids(f.get("/items?tags=cd.%7Bt0,all,zzz%7D&order=id"))).containsExactly(3, 6, 9, 12);
    assertThat(ids(f.get("/items?tags=ov.%7Bt2%7D&order=id"))).containsExactly(2, 5, 8, 11);
    assertThat(ids(f.get("/items?data=cs.%7B%22n%22:5%7D"))).containsExactly(5);
    assertThat(ids(f.get("/items?data->>color=eq.red&id=lt.5&order=id"))).containsExactly(2, 4);
    assertThat(ids(f.get("/items?data->nested->>k=eq.v7"))).containsExactly(7);
    assertThat(ids(f.get("/items?doc=fts(english).fox%20%26%207"))).containsExactly(7);
    assertThat(ids(f.get("/items?doc=wfts.%2211%22"))).containsExactly(11);
  }

  @Test
  void filters_logicTrees_orAndNested() {
    assertThat(ids(f.get("/items?or=(id.eq.1,id.eq.12)&order=id"))).containsExactly(1, 12);
    assertThat(ids(f.get("/items?or=(id.lt.2,and(id.gt.5,id.lt.8))&order=id")))
        .containsExactly(1, 6, 7);
    assertThat(ids(f.get("/items?not.or=(id.gt.2,note.is.null)&order=id"))).containsExactly(1, 2);
    assertThat(ids(f.get("/items?and=(id.gte.3,id.lte.4)&order=id"))).containsExactly(3, 4);
    assertThat(ids(f.get("/items?or=(id.in.(2,3),name.eq.%22item%2C%205%22)&order=id")))
        .containsExactly(2, 3);
    assertThat(ids(f.get("/items?or=(tags.cs.%7Bt2%7D,id.eq.1)&id=lt.6&order=id")))
        .containsExactly(1, 2, 5);
  }

  @Test
  void select_listAliasCastAndJsonPath() {
    JsonNode row =
        f.get(
                "/items?id=eq.3&select=id,label:name,qty::text,data->>color,c:data->nested->k,%22Odd%20Name%22")
            .json()
            .get(0);
    assertThat(row.get("id").asInt()).isEqualTo(3);
    assertThat(row.get("label").asText()).isEqualTo("item 3");
    assertThat(row.get("qty").isTextual()).isTrue();
    assertThat(row.get("color").asText()).isEqualTo("blue");
    assertThat(row.get("c").asText()).isEqualTo("v3");
    assertThat(row.get("Odd Name").asText()).isEqualTo("odd 3");
    assertThat(row.size()).isEqualTo(6);
  }

  @Test
  void order_directionsAndNulls() {
    assertThat(ids(f.get("/items?order=id.desc&limit=3"))).containsExactly(13, 12, 11);
    assertThat(ids(f.get("/items?select=id&id=lt.9&order=note.desc.nullsfirst,id.asc")))
        .containsExactly(4, 8, 7, 6, 5, 3, 2, 1);
    assertThat(ids(f.get("/items?select=id&id=lt.9&order=note.asc.nullslast,id")))
        .containsExactly(1, 2, 3, 5, 6, 7, 4, 8);
    assertThat(ids(f.get("/items?order=data->>n.desc&limit=1&id=lt.13"))).containsExactly(9);
  }

  @Test
  void view_isReadableLikeATable() {
    Reply r = f.get("/items_view?order=id.desc&limit=1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get(0).get("id").asInt()).isEqualTo(12);
  }

  @Test
  void count_exact_withLimit_gives206AndTotal() {
    Reply r = f.get("/items?select=id&limit=5&order=id", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("0-4/13");
    assertThat(r.header("Preference-Applied")).isEqualTo("count=exact");
  }

  @Test
  void count_exact_allRows_gives200() {
    Reply r = f.get("/items?id=lt.5", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Range")).isEqualTo("0-3/4");
  }

  @Test
  void count_onEmptyTable_givesStarSlashZero() {
    Reply r = f.get("/empty", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Range")).isEqualTo("*/0");
    assertThat(r.body()).isEqualTo("[]");
    Reply none = f.get("/empty");
    assertThat(none.header("Content-Range")).isEqualTo("*/*");
  }

  @Test
  void count_offsetBeyondRows_gives416_butWithoutCountEmpty200() {
    Reply r = f.get("/items?id=lt.6&offset=10", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(416);
    assertThat(r.code()).isEqualTo("PGRST103");
    assertThat(r.json().get("details").asText())
        .isEqualTo("An offset of 10 was requested, but there are only 5 rows.");
    Reply n = f.get("/items?id=lt.6&offset=10");
    assertThat(n.status()).isEqualTo(200);
    assertThat(n.header("Content-Range")).isEqualTo("*/*");
  }

  @Test
  void count_limitZero_countsButReturnsNothing() {
    Reply r = f.get("/items?limit=0", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("*/13");
    assertThat(r.body()).isEqualTo("[]");
  }

  @Test
  void count_plannedAndEstimated_giveANumber() {
    Reply p = f.get("/many?limit=1", "Prefer", "count=planned");
    assertThat(p.header("Content-Range")).matches("0-0/\\d+");
    assertThat(p.header("Preference-Applied")).isEqualTo("count=planned");
    Reply filtered = f.get("/many?n=gt.100&limit=1", "Prefer", "count=planned");
    assertThat(filtered.status()).as(filtered.body()).isIn(200, 206);
    assertThat(filtered.header("Content-Range")).matches("0-0/\\d+");
    Reply e = f.get("/items?limit=1", "Prefer", "count=estimated");
    assertThat(e.header("Content-Range")).isEqualTo("0-0/13"); // under max-rows: exact
    Reply big = f.get("/many?limit=1", "Prefer", "count=estimated");
    assertThat(Long.parseLong(big.header("Content-Range").split("/")[1])).isGreaterThan(1000);
  }

  @Test
  void head_countOnly_hasHeadersButNoBody() {
    Reply r = f.send("HEAD", "/items?id=lt.4", null, "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Range")).isEqualTo("0-2/3");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void maxRows_capsEveryRead_at1000() {
    Reply r = f.get("/many?select=n", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("0-999/1205");
    assertThat(r.json()).hasSize(1000);
    Reply page = f.get("/many?select=n&order=n&offset=1000&limit=5000");
    assertThat(page.json()).hasSize(205);
    assertThat(page.header("Content-Range")).isEqualTo("1000-1204/*");
  }

  @Test
  void rangeHeader_onGet_isIntersectedWithLimitOffset() {
    Reply r = f.get("/items?select=id&order=id", "Range", "2-4");
    assertThat(ids(r)).containsExactly(3, 4, 5);
    assertThat(r.header("Content-Range")).isEqualTo("2-4/*");
    Reply bad = f.get("/items?order=id", "Range", "5-2");
    assertThat(bad.status()).isEqualTo(416);
    assertThat(bad.code()).isEqualTo("PGRST103");
    assertThat(f.get("/items?limit=-1").status()).isEqualTo(416);
  }

  @Test
  void singular_exactlyOneRow_returnsObject() {
    Reply r = f.get("/items?id=eq.1&select=id,name", "Accept", "application/vnd.pgrst.object+json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type"))
        .isEqualTo("application/vnd.pgrst.object+json; charset=utf-8");
    assertThat(r.json().get("name").asText()).isEqualTo("item 1");
  }

  @Test
  void singular_zeroOrManyRows_gives406PGRST116() {
    Reply none = f.get("/items?id=eq.999", "Accept", "application/vnd.pgrst.object+json");
    assertThat(none.status()).isEqualTo(406);
    assertThat(none.code()).isEqualTo("PGRST116");
    assertThat(none.json().get("details").asText()).isEqualTo("The result contains 0 rows");
    assertThat(none.json().get("message").asText())
        .isEqualTo("Cannot coerce the result to a single JSON object");
    Reply many = f.get("/items?id=lt.3", "Accept", "application/vnd.pgrst.object+json");
    assertThat(many.status()).isEqualTo(406);
    assertThat(many.json().get("details").asText()).isEqualTo("The result contains 2 rows");
  }

  @Test
  void nullsStripped_removesNullKeys() {
    Reply r =
        f.get(
            "/items?id=eq.4&select=id,note",
            "Accept",
            "application/vnd.pgrst.array+json;nulls=stripped");
    assertThat(r.json().get(0).has("note")).isFalse();
  }

  @Test
  void accept_unavailableMediaType_gives406PGRST107_andCsvIsNotImplemented() {
    Reply html = f.get("/items", "Accept", "text/html");
    assertThat(html.status()).isEqualTo(406);
    assertThat(html.code()).isEqualTo("PGRST107");
    Reply csv = f.get("/items", "Accept", "text/csv");
    assertThat(csv.status()).isEqualTo(400);
    assertThat(csv.code()).isEqualTo("PGRST127");
  }

  @Test
  void unknownTable_gives404PGRST205() {
    Reply r = f.get("/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.code()).isEqualTo("PGRST205");
    assertThat(r.json().get("message").asText())
        .isEqualTo("Could not find the table 'public.nope' in the schema cache");
  }

  @Test
  void unknownColumn_inFilterSelectOrOrder_gives400_42703() {
    for (String q :
        List.of(
            "/items?nosuch=eq.1",
            "/items?select=nosuch",
            "/items?order=nosuch",
            "/items?or=(nosuch.eq.1)")) {
      Reply r = f.get(q);
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(r.code()).as(q).isEqualTo("42703");
    }
  }

  @Test
  void badFilterSyntax_gives400PGRST100() {
    Reply r = f.get("/items?id=noop.0");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST100");
    assertThat(r.json().get("details").asText()).contains("expecting \"not\" or operator");
    assertThat(f.get("/items?id=is.maybe").code()).isEqualTo("PGRST100");
    assertThat(f.get("/items?or=(id.eq.1").code()).isEqualTo("PGRST100");
    assertThat(f.get("/items?order=id.sideways").code()).isEqualTo("PGRST100");
  }

  @Test
  void badValue_forColumnType_gives400_22P02() {
    Reply r = f.get("/items?id=eq.abc");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("22P02");
    assertThat(r.json().get("message").asText())
        .isEqualTo("invalid input syntax for type integer: \"abc\"");
  }

  @Test
  void unsupportedFeatures_aggregates_areRefusedNotAnsweredWrongly() {
    // embedding is supported (EmbeddingConformanceTest); without a foreign key it is PostgREST's
    // PGRST200
    assertThat(f.get("/items?select=id,parents(id)").code()).isEqualTo("PGRST200");
    assertThat(f.get("/items?parents.id=eq.1").code()).isEqualTo("PGRST108");
    assertThat(f.get("/items?select=count()").code()).isEqualTo("PGRST123");
    assertThat(f.get("/items?select=qty.sum()").code()).isEqualTo("PGRST123");
    assertThat(f.get("/").code()).isEqualTo("PGRST127");
  }

  @Test
  void routing_invalidPathsAndMethods() {
    assertThat(f.get("/items/1").code()).isEqualTo("PGRST125");
    assertThat(f.get("/items/1").status()).isEqualTo(404);
    Reply put = f.send("PUT", "/items?id=eq.1", "{}");
    assertThat(put.code()).isEqualTo("PGRST127");
    Reply rpcPut = f.send("PUT", "/rpc/add_them", "{}");
    assertThat(rpcPut.status()).isEqualTo(405);
    assertThat(rpcPut.code()).isEqualTo("PGRST101");
    assertThat(rpcPut.json().get("message").asText()).isEqualTo("Cannot use the PUT method on RPC");
  }

  @Test
  void schemaProfile_unknown_gives406PGRST106_known_isEchoed() {
    Reply bad = f.get("/items", "Accept-Profile", "private");
    assertThat(bad.status()).isEqualTo(406);
    assertThat(bad.code()).isEqualTo("PGRST106");
    assertThat(bad.json().get("message").asText()).isEqualTo("Invalid schema: private");
    Reply ok = f.get("/items?id=eq.1", "Accept-Profile", "public");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("Content-Profile")).isEqualTo("public");
  }

  @Test
  void rls_isEnforcedByPostgres_userSeesOnlyOwnRows() {
    Reply alice = f.get("/todos?select=title&order=id", bearer(userToken(GatewayFixture.ALICE)));
    assertThat(alice.json())
        .extracting(n -> n.get("title").asText())
        .containsExactly("alice 1", "alice 2", "alice 3");
    Reply bob =
        f.get(
            "/todos?select=title", bearer(userToken(GatewayFixture.BOB), "Prefer", "count=exact"));
    assertThat(bob.header("Content-Range")).isEqualTo("0-0/1");
    Reply anon = f.get("/todos");
    assertThat(anon.status()).isEqualTo(200);
    assertThat(anon.body()).isEqualTo("[]");
  }

  @Test
  void missingGrant_forAnon_gives401_forUser403Never() {
    Reply anon = f.get("/secrets");
    assertThat(anon.status()).isEqualTo(401);
    assertThat(anon.code()).isEqualTo("42501");
    assertThat(anon.json().get("message").asText())
        .isEqualTo("permission denied for table secrets");
    assertThat(anon.header("WWW-Authenticate")).isEqualTo("Bearer");
    Reply user = f.get("/secrets", bearer(userToken(GatewayFixture.ALICE)));
    assertThat(user.status()).isEqualTo(200);
  }
}

package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static no.likeperson.testkit.gateway.GatewayFixture.serviceToken;
import static org.assertj.core.api.Assertions.assertThat;

import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.Test;

/** /rpc: arguments, overloads, return shapes, volatility and transaction mode (reference §3.11). */
class RpcConformanceTest {
  private final GatewayFixture f = GatewayFixture.get();

  @Test
  void scalar_postNamedArgs_returnsBareValue() {
    Reply r = f.post("/rpc/add_them", "{\"a\":1,\"b\":2}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("3");
    assertThat(r.header("Content-Range")).isEqualTo("0-0/*");
  }

  @Test
  void scalar_withExactCount_countsItsSingleRow() {
    Reply r = f.post("/rpc/add_them", "{\"a\":1,\"b\":2}", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Range")).isEqualTo("0-0/1");
    assertThat(r.header("Preference-Applied")).isEqualTo("count=exact");
  }

  @Test
  void scalar_getQueryArgs_returnsBareValue() {
    assertThat(f.get("/rpc/add_them?a=1&b=2").body()).isEqualTo("3");
  }

  @Test
  void defaultedArgs_mayBeOmitted() {
    assertThat(f.post("/rpc/hello", "{}").body()).isEqualTo("\"Hello guest!\"");
    assertThat(f.post("/rpc/hello", "").body()).isEqualTo("\"Hello guest!\"");
    assertThat(f.get("/rpc/hello?name=Kari").body()).isEqualTo("\"Hello Kari!\"");
  }

  @Test
  void setofScalar_returnsArray() {
    assertThat(f.post("/rpc/numbers", "{}").json().toString()).isEqualTo("[1,2,3]");
  }

  @Test
  void singleComposite_returnsObject() {
    Reply r = f.post("/rpc/get_item", "{\"p_id\":5}");
    assertThat(r.json().isObject()).isTrue();
    assertThat(r.json().get("name").asText()).isEqualTo("item 5");
  }

  @Test
  void setofComposite_acceptsSelectFiltersOrderLimitAndCount() {
    Reply r =
        f.post(
            "/rpc/items_above?select=id,name&id=lt.9&order=id.desc&limit=2",
            "{\"p_qty\":40}",
            "Prefer",
            "count=exact");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("0-1/4");
    assertThat(r.json()).hasSize(2);
    assertThat(r.json().get(0).get("id").asInt()).isEqualTo(8);
    assertThat(r.json().get(0).size()).isEqualTo(2);
  }

  @Test
  void returnsTable_returnsArrayOfObjects() {
    Reply r = f.get("/rpc/pairs");
    assertThat(r.json().toString()).isEqualTo("[{\"x\":1,\"y\":\"a\"},{\"x\":2,\"y\":\"b\"}]");
  }

  @Test
  void void_gives204WithoutBodyOrContentType() {
    Reply r = f.post("/rpc/do_nothing", "{}");
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("Content-Type")).isNull();
  }

  @Test
  void arraysAndVariadic_arePassedAsJson() {
    assertThat(f.post("/rpc/array_len", "{\"arr\":[4,5,6]}").body()).isEqualTo("3");
    assertThat(f.get("/rpc/array_len?arr=%7B1,2%7D").body()).isEqualTo("2");
    assertThat(f.post("/rpc/sum_all", "{\"v\":[1,2,3]}").body()).isEqualTo("6");
    assertThat(f.get("/rpc/sum_all?v=4&v=5").body()).isEqualTo("9");
    assertThat(f.get("/rpc/sum_all?v=4").body()).isEqualTo("4");
  }

  @Test
  void singleUnnamedJsonParam_receivesTheWholeBody() {
    Reply r = f.post("/rpc/echo_json", "[1,{\"a\":true}]");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().toString()).isEqualTo("[1,{\"a\":true}]");
  }

  @Test
  void unknownFunctionOrArgs_gives404PGRST202() {
    Reply missingArg = f.post("/rpc/add_them", "{\"a\":1}");
    assertThat(missingArg.status()).isEqualTo(404);
    assertThat(missingArg.code()).isEqualTo("PGRST202");
    assertThat(missingArg.json().get("message").asText())
        .isEqualTo("Could not find the function public.add_them(a) in the schema cache");
    Reply extra = f.post("/rpc/add_them", "{\"a\":1,\"b\":2,\"c\":3}");
    assertThat(extra.code()).isEqualTo("PGRST202");
    Reply none = f.post("/rpc/nosuch", "{}");
    assertThat(none.code()).isEqualTo("PGRST202");
    assertThat(none.json().get("message").asText())
        .isEqualTo(
            "Could not find the function public.nosuch without parameters in the schema cache");
  }

  @Test
  void ambiguousOverload_gives300PGRST203() {
    Reply r = f.post("/rpc/ov", "{\"a\":1}");
    assertThat(r.status()).isEqualTo(300);
    assertThat(r.code()).isEqualTo("PGRST203");
  }

  @Test
  void transactionMode_readOnlyForGetAndStable_readWriteForVolatilePost() {
    assertThat(f.get("/rpc/whoami").json().get("read_only").asText()).isEqualTo("on");
    assertThat(f.post("/rpc/whoami", "{}").json().get("read_only").asText()).isEqualTo("on");
    assertThat(f.post("/rpc/whoami_volatile", "{}").json().get("read_only").asText())
        .isEqualTo("off");
    assertThat(f.get("/rpc/whoami_volatile").json().get("read_only").asText()).isEqualTo("on");
  }

  @Test
  void volatilePost_writes_andTxRollbackUndoesIt() {
    String svc = serviceToken();
    Reply r =
        f.post(
            "/rpc/add_parent",
            "{\"p_id\":200,\"p_code\":\"p200\"}",
            bearer(svc, "Prefer", "tx=rollback"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("200");
    assertThat(r.header("Preference-Applied")).isEqualTo("tx=rollback");
    assertThat(f.get("/parents?id=eq.200", bearer(svc)).body()).isEqualTo("[]");
  }

  @Test
  void singular_onScalarFunction_alwaysSatisfied_onSetofNeedsOneRow() {
    Reply scalar =
        f.post("/rpc/add_them", "{\"a\":1,\"b\":1}", "Accept", "application/vnd.pgrst.object+json");
    assertThat(scalar.status()).isEqualTo(200);
    assertThat(scalar.body()).isEqualTo("2");
    Reply set = f.post("/rpc/numbers", "{}", "Accept", "application/vnd.pgrst.object+json");
    assertThat(set.status()).isEqualTo(406);
    assertThat(set.code()).isEqualTo("PGRST116");
  }

  @Test
  void responseGucs_setHeadersAndStatus() {
    Reply r = f.get("/rpc/set_response");
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("X-Custom")).isEqualTo("yes");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void head_onRpc_givesHeadersOnly() {
    Reply r = f.send("HEAD", "/rpc/numbers", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }
}

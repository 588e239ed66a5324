package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static no.likeperson.testkit.gateway.GatewayFixture.serviceToken;
import static no.likeperson.testkit.gateway.GatewayFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * The review's attacks (docs/gateway.md "Attack review"): roles a token may name, read-only
 * escapes, method override, path traversal, odd profiles and preferences, hostile bodies and huge
 * inputs. The canary is the one used by {@link InjectionTest}: the secret never comes back, nothing
 * is written.
 */
class AttackReviewTest {
  private final GatewayFixture f = GatewayFixture.get();
  private final long now = System.currentTimeMillis() / 1000;

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void assertNoDamage(Reply r) {
    assertThat(r.body()).doesNotContain("hush");
    assertThat(r.status()).as(r.body()).isLessThan(500);
    assertThat(f.get("/secrets", bearer(serviceToken())).body()).contains("hush");
    assertThat(f.get("/items?select=id", "Prefer", "count=exact").header("Content-Range"))
        .endsWith("/13");
  }

  private void assertParentAbsent(int id) {
    assertThat(f.get("/parents?id=eq." + id, bearer(serviceToken())).body()).isEqualTo("[]");
  }

  @Test
  void roleClaims_thatNameTheAuthenticatorOrResetTheRole_neverGainMoreThanAnon() {
    for (String role :
        List.of(
            "authenticator",
            "none",
            "NONE",
            "",
            "pg_read_all_data",
            "pg_write_all_data",
            "public",
            "anon; set role postgres",
            "\"postgres\"",
            "service_role\u0000")) {
      Reply who = f.get("/rpc/whoami", bearer(token(Map.of("role", role, "exp", now + 60))));
      if (who.status() == 200) {
        // only the authenticator itself (SET ROLE to oneself / NONE): it holds no table grants
        assertThat(who.json().get("current_user").asText()).as(role).isEqualTo("authenticator");
      } else {
        assertThat(who.status()).as(role + ": " + who.body()).isIn(400, 401, 403);
      }
      Reply secrets = f.get("/secrets", bearer(token(Map.of("role", role, "exp", now + 60))));
      assertThat(secrets.status()).as(role + ": " + secrets.body()).isIn(400, 401, 403, 404);
      assertNoDamage(secrets);
      Reply write =
          f.post(
              "/parents",
              "{\"id\":902,\"code\":\"x\"}",
              bearer(token(Map.of("role", role, "exp", now + 60))));
      assertThat(write.status()).as(role + ": " + write.body()).isIn(400, 401, 403, 404);
      assertParentAbsent(902);
    }
  }

  @Test
  void getOnAVolatileWritingFunction_isReadOnly_405_25006_andWritesNothing() {
    Reply r = f.get("/rpc/add_parent?p_id=903&p_code=x");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.code()).isEqualTo("25006");
    assertParentAbsent(903);
    Reply head = f.send("HEAD", "/rpc/add_parent?p_id=903&p_code=x", null);
    assertThat(head.status()).isEqualTo(405);
    assertParentAbsent(903);
  }

  @Test
  void stableFunctionOverPost_cannotWrite_norSwitchItsTransactionToReadWrite() {
    Reply w = f.post("/rpc/stable_writer", "{}");
    assertThat(w.status())
        .isEqualTo(400); // PostgreSQL refuses INSERT in a STABLE SQL function first
    assertThat(w.code()).isEqualTo("0A000");
    assertParentAbsent(900);
    Reply e = f.post("/rpc/escape_read_only", "{}");
    assertThat(e.status())
        .as(e.body())
        .isEqualTo(500); // 25xxx other than 25006: 500 (reference §5.2)
    assertThat(e.code()).isEqualTo("25001");
    assertParentAbsent(901);
  }

  @Test
  void methodOverrideHeaders_areIgnored() {
    for (String h : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
      Reply r = f.get("/parents?id=eq.1", h, "DELETE");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("\"one\"");
    }
    Reply post =
        f.post("/parents?id=eq.2", "{\"code\":\"patched\"}", "X-HTTP-Method-Override", "PATCH");
    assertThat(post.status()).isIn(400, 409); // an insert without id, never a PATCH
    assertThat(f.get("/parents?id=eq.2").body()).contains("\"two\"");
  }

  @Test
  void pathTraversal_neverReachesAnotherRelationOrTheFilesystem() {
    for (String path :
        List.of(
            "/../secrets",
            "/%2e%2e/secrets",
            "/items%2F..%2Fsecrets",
            "/items/../secrets",
            "/rpc/..%2Fsecrets",
            "/rpc/%2e%2e%2fwhoami",
            "/..%2F..%2F..%2Fetc%2Fpasswd",
            "/items%00",
            "/public.secrets",
            "/%22secrets%22",
            "/pg_catalog.pg_authid",
            "/rpc/pg_catalog.pg_sleep?seconds=0")) {
      Reply r =
          f.execute(
              new Request.Builder().url(f.url("/items").replace("/items", "") + path).build());
      assertThat(r.body()).as(path).doesNotContain("root:").doesNotContain("rolpassword");
      assertThat(r.status()).as(path + ": " + r.body()).isBetween(400, 499);
      assertNoDamage(r);
    }
  }

  @Test
  void oddSchemaProfiles_areRefused406PGRST106() {
    for (String schema :
        List.of(
            "pg_catalog",
            "information_schema",
            "auth",
            "public\"; drop table public.secrets; --",
            "PUBLIC",
            "public,pg_catalog",
            "api2")) {
      Reply r = f.get("/items?select=id", "Accept-Profile", schema);
      assertThat(r.status()).as(schema).isEqualTo(406);
      assertThat(r.code()).isEqualTo("PGRST106");
      Reply w = f.post("/rpc/whoami", "{}", "Content-Profile", schema);
      assertThat(w.status()).as(schema).isEqualTo(406);
      assertNoDamage(w);
    }
  }

  @Test
  void hostilePreferValues_areBoundOrIgnored() {
    for (String prefer :
        List.of(
            "timezone='; drop table public.secrets; --",
            "timezone=Europe/Oslo'--",
            "count=exact; drop table public.secrets",
            "tx=commit",
            "return=representation, tx=rollback; x=y",
            "max-affected=1; drop",
            "handling=strict, max-affected=-1",
            "missing=default\r\nX-Evil: 1")) {
      Reply r = f.get("/items?select=id&limit=1", "Prefer", prefer.replace("\r\n", " "));
      assertThat(r.status()).as(prefer + ": " + r.body()).isIn(200, 206, 400);
      assertThat(r.header("X-Evil")).isNull();
      assertNoDamage(r);
    }
  }

  @Test
  void bodiesThatAreNotJson_orDeeplyNested_orWithTrailingContent_give400_notA500() {
    for (String body :
        List.of(
            "not json",
            "{\"id\":",
            "[1,2,3]",
            "{\"id\":901,\"code\":\"a\"}{\"id\":2}",
            "{\"id\":901,\"code\":\"a\"} x",
            "[".repeat(100_000) + "]".repeat(100_000),
            "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000))) {
      String label = body.length() > 40 ? body.substring(0, 40) : body;
      Reply r = f.post("/parents", body, bearer(serviceToken()));
      assertThat(r.status()).as(label + ": " + r.body()).isEqualTo(400);
      assertThat(r.code()).as(label).isEqualTo("PGRST102");
      assertParentAbsent(901);
      Reply rpc = f.post("/rpc/add_them", body);
      assertThat(rpc.status()).as("rpc " + label).isBetween(400, 499);
      assertNoDamage(rpc);
    }
    // a JSON scalar is an empty payload for PostgREST (payloadAttributes): nothing inserted
    for (String scalar : List.of("\"text\"", "null", "42")) {
      Reply r =
          f.post("/parents", scalar, bearer(serviceToken(), "Prefer", "return=representation"));
      assertThat(r.status()).as(scalar).isEqualTo(201);
      assertThat(r.body()).isEqualTo("[]");
    }
    Reply text =
        f.execute(
            new Request.Builder()
                .url(f.url("/parents"))
                .post(RequestBody.create("id=5", MediaType.get("text/plain")))
                .build());
    assertThat(text.status()).isBetween(400, 499);
    assertParentAbsent(5);
  }

  @Test
  void deeplyNestedLogicTrees_andHugeInListsAndSelects_give400OrAnAnswer_neverA500() {
    String deep = "or=(" + "or(".repeat(20_000) + "id.eq.1" + ")".repeat(20_000) + ")";
    Reply r = f.get("/items?" + deep.replace("(", "%28").replace(")", "%29"));
    assertThat(r.status())
        .as(r.body().length() > 200 ? r.body().substring(0, 200) : r.body())
        .isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST100");
    assertNoDamage(r);
    String ok =
        "or=("
            + "or(".repeat(QueryGrammar.MAX_TREE_DEPTH - 1)
            + "id.eq.1"
            + ")".repeat(QueryGrammar.MAX_TREE_DEPTH - 1)
            + ")";
    Reply fine = f.get("/items?select=id&" + ok.replace("(", "%28").replace(")", "%29"));
    assertThat(fine.body()).isEqualTo("[{\"id\":1}]");
    StringBuilder in = new StringBuilder("in.(");
    for (int i = 0; i < 20_000; i++) in.append(i == 0 ? "" : ",").append(i);
    Reply list = f.get("/items?select=id&id=" + enc(in.append(")").toString()));
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().size()).isEqualTo(13);
    Reply sel = f.get("/items?limit=1&select=" + "id,".repeat(5_000) + "id");
    // 5,001 output columns: PostgreSQL's 54011 "target lists can have at most 1664 entries", 500
    // (§5.2)
    assertThat(sel.status()).as(sel.body()).isEqualTo(500);
    assertThat(sel.code()).isEqualTo("54011");
    assertNoDamage(f.get("/items?limit=1&select=" + "id,".repeat(1_000) + "id"));
    Reply path = f.get("/items?select=id&data->" + "a->".repeat(10_000) + "b=eq.1");
    // 10,000 JSON-path steps: PostgreSQL's own 54001 "stack depth limit exceeded", 500 like
    // PostgREST
    assertThat(path.status()).as(path.body()).isEqualTo(500);
    assertThat(path.code()).isEqualTo("54001");
    assertNoDamage(f.get("/items?select=id&data->" + "a->".repeat(100) + "b=eq.1"));
  }

  @Test
  void jsonPathKeys_withQuotesAndOperators_areBound() {
    for (String key :
        List.of("a'b", "a\"b", "a');drop table public.secrets;--", "a->>b", "0) or (1=1")) {
      Reply r = f.get("/items?select=id&data->>" + enc(key) + "=eq.1");
      // "a->>b" splits into a second operator: text ->> varchar is 42883, 404 like PostgREST
      assertThat(r.status()).as(key + ": " + r.body()).isIn(200, 400, 404);
      if (r.status() == 200) assertThat(r.json()).isEmpty();
      assertNoDamage(r);
      Reply s = f.get("/items?select=id,x:data->>" + enc(key) + "&order=data->>" + enc(key));
      assertThat(s.status()).as(key + ": " + s.body()).isIn(200, 400, 404);
      assertNoDamage(s);
    }
  }

  @Test
  void rpcArgumentNames_thatAreNotParameters_give404PGRST202_evenForVariadicAndOverloads() {
    for (String arg :
        List.of("v\"", "v); drop table public.secrets; --", "VARIADIC v", "a := 1, a")) {
      Reply r = f.post("/rpc/sum_all", "{" + GatewayFixture.JSON.valueToTree(arg) + ":[1]}");
      assertThat(r.status()).as(arg).isEqualTo(404);
      assertThat(r.code()).isEqualTo("PGRST202");
      Reply o = f.get("/rpc/ov?" + enc(arg) + "=1");
      assertThat(o.status())
          .as(arg + ": " + o.body())
          .isIn(400, 404); // 400: a malformed filter key
      assertNoDamage(o);
    }
    JsonNode ok = f.post("/rpc/sum_all", "{\"v\":[1,2,\"3\"]}").json();
    assertThat(ok.asInt()).isEqualTo(6);
  }

  @Test
  void columnsAndOnConflict_withQuotedIdentifiersAndEmbeddedQuotes_neverReachSql() {
    for (String cols :
        List.of(
            "id,\"code\"",
            "id,\"co\"\"de\"",
            "id,code);drop table public.secrets;--",
            "id,\"code\";drop",
            "id,(select s from public.secrets)")) {
      Reply r =
          f.post(
              "/parents?columns=" + enc(cols),
              "{\"id\":970,\"code\":\"c\"}",
              bearer(serviceToken(), "Prefer", "tx=rollback"));
      assertThat(r.status()).as(cols + ": " + r.body()).isIn(201, 400);
      assertNoDamage(r);
      Reply u =
          f.post(
              "/parents?on_conflict=" + enc(cols),
              "{\"id\":1,\"code\":\"one\"}",
              bearer(serviceToken(), "Prefer", "resolution=merge-duplicates, tx=rollback"));
      assertThat(u.status()).as(cols + ": " + u.body()).isBetween(400, 499);
      assertNoDamage(u);
    }
    assertParentAbsent(970);
  }
}

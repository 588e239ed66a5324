package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RPC details PostgREST users meet: PGRST202 word for word (parameter/parameters, GET without the
 * json clause, the "Perhaps you meant" hint), a single unnamed {@code text} parameter taking a
 * {@code text/plain} body, and {@code handling=strict, max-affected} on a function (PGRST124,
 * rolled back).
 */
class RpcWordingAndLimitsTest {
  private static final GatewayFixture f = GatewayFixture.get();

  @BeforeAll
  static void functions() {
    f.db.execute(
        """
        create or replace function public.shout(text) returns text language sql immutable as $$ select upper($1) $$;
        create or replace function public.add_parents_returning(n int) returns setof public.parents
          language sql volatile as $$
            insert into public.parents select 5000 + g, 'mx' || g from generate_series(1, n) g returning * $$;
        grant execute on function public.shout(text), public.add_parents_returning(int) to anon, authenticated, service_role;
        """);
    f.gateway.reloadSchemaCache();
  }

  private static Reply text(String fn, String body) {
    return f.execute(
        new Request.Builder()
            .url(f.url("/rpc/" + fn))
            .post(RequestBody.create(body, MediaType.get("text/plain; charset=utf-8")))
            .build());
  }

  @Test
  void pgrst202_wording_singularPluralGetAndHint() {
    Reply one = f.post("/rpc/add_them", "{\"a\":1}");
    assertThat(one.json().get("details").asText())
        .isEqualTo(
            "Searched for the function public.add_them with "
                + "parameter a or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.");
    assertThat(one.json().get("hint").asText())
        .isEqualTo("Perhaps you meant to call the function public.add_them(a, b)");
    Reply three = f.post("/rpc/add_them", "{\"a\":1,\"b\":2,\"c\":3}");
    assertThat(three.json().get("details").asText())
        .startsWith(
            "Searched for the function public.add_them with parameters a, b, c or with a single unnamed json/jsonb parameter");
    Reply get = f.get("/rpc/add_them?a=1");
    assertThat(get.json().get("details").asText())
        .isEqualTo(
            "Searched for the function public.add_them with parameter a, but no matches were found in the schema cache.");
    Reply typo = f.post("/rpc/add_thme", "{}");
    assertThat(typo.json().get("message").asText())
        .isEqualTo(
            "Could not find the function public.add_thme without parameters in the schema cache");
    assertThat(typo.json().get("details").asText())
        .isEqualTo(
            "Searched for the function public.add_thme without "
                + "parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.");
    assertThat(typo.json().get("hint").asText())
        .isEqualTo("Perhaps you meant to call the function public.add_them");
    Reply nothingLike = f.post("/rpc/zzzzzzzzzzzzzzzzzzzz", "{}");
    assertThat(nothingLike.json().get("hint").isNull()).isTrue();
  }

  @Test
  void singleUnnamedTextParameter_takesATextPlainBody() {
    Reply r = text("shout", "hei på deg");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().asText()).isEqualTo("HEI PÅ DEG");
    Reply none = text("add_them", "x");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json().get("message").asText())
        .isEqualTo("Could not find the function public.add_them in the schema cache");
    assertThat(none.json().get("details").asText())
        .isEqualTo(
            "Searched for the function public.add_them with a "
                + "single unnamed text parameter, but no matches were found in the schema cache.");
    assertThat(none.json().get("hint").isNull()).isTrue();
    // the unnamed json(b) parameter still takes a JSON body whole
    assertThat(f.post("/rpc/echo_json", "{\"k\":[1,2]}").json().toString())
        .isEqualTo("{\"k\":[1,2]}");
  }

  @Test
  void maxAffected_onRpc_isPgrst124_andRolledBack() {
    String svc = GatewayFixture.serviceToken();
    Reply over =
        f.post(
            "/rpc/add_parents_returning",
            "{\"n\":3}",
            bearer(svc, "Prefer", "handling=strict, max-affected=2"));
    assertThat(over.status()).as(over.body()).isEqualTo(400);
    assertThat(over.code()).isEqualTo("PGRST124");
    assertThat(over.json().get("details").asText()).isEqualTo("The query affects 3 rows");
    assertThat(f.get("/parents?id=gte.5000", bearer(svc)).json().size()).isZero();

    Reply within =
        f.post(
            "/rpc/add_parents_returning",
            "{\"n\":2}",
            bearer(svc, "Prefer", "handling=strict, max-affected=2", "Prefer", "tx=rollback"));
    assertThat(within.status()).as(within.body()).isEqualTo(200);
    assertThat(within.json().size()).isEqualTo(2);
    assertThat(within.header("Preference-Applied")).contains("max-affected=2");
    // lenient handling ignores max-affected, as on tables
    Reply lenient =
        f.post(
            "/rpc/add_parents_returning",
            "{\"n\":3}",
            bearer(svc, "Prefer", "max-affected=1", "Prefer", "tx=rollback"));
    assertThat(lenient.status()).isEqualTo(200);
  }
}

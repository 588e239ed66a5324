package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static no.likeperson.testkit.gateway.GatewayFixture.token;
import static no.likeperson.testkit.gateway.GatewayFixture.userToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.Test;

/** The golden cases of reference §8.5, against the fixture's {@code todos}. */
class GoldenCasesTest {
  private final GatewayFixture f = GatewayFixture.get();
  private final String alice = userToken(GatewayFixture.ALICE);

  @Test
  void golden1_selectFilterOrderLimit_withExactCount_gives206() {
    Reply r =
        f.get(
            "/todos?select=id,title&done=is.false&order=id.desc&limit=1",
            bearer(alice, "Prefer", "count=exact"));
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("0-0/2");
    assertThat(r.json().get(0).get("title").asText()).isEqualTo("alice 3");
  }

  @Test
  void golden2_singularWithTwoRows_gives406PGRST116() {
    Reply r =
        f.get(
            "/todos?select=id,title&done=is.false&order=id.desc&limit=2",
            bearer(alice, "Accept", "application/vnd.pgrst.object+json"));
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.code()).isEqualTo("PGRST116");
  }

  @Test
  void golden3_bulkInsertWithDifferentKeys_gives400PGRST102() {
    Reply r =
        f.post(
            "/todos",
            "[{\"title\":\"a\"},{\"title\":\"b\",\"done\":true}]",
            bearer(alice, "Prefer", "return=representation"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST102");
  }

  @Test
  void golden4_rlsInsertViolation_anon401_user403() {
    Reply anon = f.post("/todos", "{\"title\":\"x\",\"owner\":\"" + GatewayFixture.ALICE + "\"}");
    assertThat(anon.status()).isEqualTo(401);
    assertThat(anon.code()).isEqualTo("42501");
    Reply user =
        f.post(
            "/todos", "{\"title\":\"x\",\"owner\":\"" + GatewayFixture.BOB + "\"}", bearer(alice));
    assertThat(user.status()).isEqualTo(403);
    assertThat(user.code()).isEqualTo("42501");
    assertThat(user.json().get("message").asText())
        .isEqualTo("new row violates row-level security policy for table \"todos\"");
  }

  @Test
  void golden5_rpcPostGetMissingArgAndVoid() {
    assertThat(f.post("/rpc/add_them", "{\"a\":1,\"b\":2}").body()).isEqualTo("3");
    assertThat(f.get("/rpc/add_them?a=1&b=2").body()).isEqualTo("3");
    Reply missing = f.post("/rpc/add_them", "{\"a\":1}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("PGRST202");
    assertThat(f.post("/rpc/do_nothing", "{}").status()).isEqualTo(204);
  }

  @Test
  void golden6_raisedErrors_402_400_409() {
    assertThat(f.get("/rpc/raise_pt402").status()).isEqualTo(402);
    Reply p0001 = f.get("/rpc/raise_p0001");
    assertThat(p0001.status()).isEqualTo(400);
    assertThat(p0001.code()).isEqualTo("P0001");
    Reply unique =
        f.post("/parents", "{\"id\":1,\"code\":\"dup\"}", bearer(GatewayFixture.serviceToken()));
    assertThat(unique.status()).isEqualTo(409);
    assertThat(unique.code()).isEqualTo("23505");
  }

  @Test
  void golden7_expiredJwt_gives401WithWwwAuthenticate() {
    String expired =
        token(Map.of("role", "authenticated", "exp", Instant.now().getEpochSecond() - 3600));
    Reply r = f.get("/todos", bearer(expired));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"JWT expired\"");
  }
}

package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Error bodies, the SQLSTATE table, custom raises and the unavailable database (reference §5). */
class ErrorConformanceTest {
  private final GatewayFixture f = GatewayFixture.get();

  @Test
  void sqlstateTable_mapsExactlyLikePostgrest() {
    Map<String, Integer> expected = new java.util.LinkedHashMap<>();
    expected.put("08006", 503);
    expected.put("09000", 500);
    expected.put("0L000", 403);
    expected.put("0P000", 403);
    expected.put("23503", 409);
    expected.put("23505", 409);
    expected.put("25006", 405);
    expected.put("25001", 500);
    expected.put("28000", 403);
    expected.put("2D000", 500);
    expected.put("38000", 500);
    expected.put("39000", 500);
    expected.put("3B000", 500);
    expected.put("40001", 500);
    expected.put("40P01", 500);
    expected.put("53400", 500);
    expected.put("53300", 503);
    expected.put("54000", 500);
    expected.put("55P03", 500);
    expected.put("57P01", 503);
    expected.put("57014", 500);
    expected.put("58000", 500);
    expected.put("F0000", 500);
    expected.put("HV000", 500);
    expected.put("P0001", 400);
    expected.put("P0002", 500);
    expected.put("XX000", 500);
    expected.put("42P01", 404);
    expected.put("42P17", 500);
    expected.put("PT402", 402);
    expected.put("PT404", 404);
    expected.put("PTabc", 500);
    expected.put("23502", 400);
    expected.put("23514", 400);
    expected.put("22P02", 400);
    expected.put("42703", 400);
    expected.put("0A000", 400);
    expected.forEach(
        (st, status) ->
            assertThat(ErrorMapper.httpStatusFor(st, "m", true)).as(st).isEqualTo(status));
    assertThat(ErrorMapper.httpStatusFor("42501", "m", true)).isEqualTo(403);
    assertThat(ErrorMapper.httpStatusFor("42501", "m", false)).isEqualTo(401);
    assertThat(ErrorMapper.httpStatusFor("21000", "UPDATE requires a WHERE clause", true))
        .isEqualTo(400);
    assertThat(ErrorMapper.httpStatusFor("21000", "more than one row returned by a subquery", true))
        .isEqualTo(500);
    assertThat(ErrorMapper.httpStatusFor("22023", "role \"x\" does not exist", true))
        .isEqualTo(401);
    assertThat(ErrorMapper.httpStatusFor("22023", "invalid value", true)).isEqualTo(400);
    assertThat(ErrorMapper.httpStatusFor("42883", "function xmlagg(integer) does not exist", true))
        .isEqualTo(406);
    assertThat(ErrorMapper.httpStatusFor("42883", "function f() does not exist", true))
        .isEqualTo(404);
  }

  @Test
  void raisedSqlstates_throughTheDatabase_getTheirStatus() {
    for (Map.Entry<String, Integer> e :
        Map.of("P0001", 400, "PT418", 418, "23505", 409, "40001", 500, "53300", 503, "XX000", 500)
            .entrySet()) {
      Reply r = f.get("/rpc/raise_state?st=" + e.getKey());
      assertThat(r.status()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(r.code()).isEqualTo(e.getKey());
      assertThat(r.json().get("message").asText()).isEqualTo("raised " + e.getKey());
      assertThat(r.header("Proxy-Status")).isEqualTo("PostgREST; error=" + e.getKey());
    }
  }

  @Test
  void errorBody_hasExactlyCodeDetailsHintMessage() {
    Reply r = f.get("/rpc/raise_p0001");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "{\"code\":\"P0001\",\"details\":\"Pretty simple\","
                + "\"hint\":\"There is nothing you can do.\",\"message\":\"I refuse!\"}");
    assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
  }

  @Test
  void raisePT402_gives402WithDetailAndHint() {
    Reply r = f.get("/rpc/raise_pt402");
    assertThat(r.status()).isEqualTo(402);
    assertThat(r.code()).isEqualTo("PT402");
    assertThat(r.json().get("message").asText()).isEqualTo("Payment Required");
    assertThat(r.json().get("details").asText()).isEqualTo("Quota exceeded");
    assertThat(r.json().get("hint").asText()).isEqualTo("Upgrade your plan");
  }

  @Test
  void raisePGRST_takesStatusHeadersAndBodyFromJson() {
    Reply r = f.get("/rpc/raise_pgrst");
    assertThat(r.status()).isEqualTo(402);
    assertThat(r.code()).isEqualTo("123");
    assertThat(r.header("X-Powered-By")).isEqualTo("Nerd Rage");
    Reply bad = f.get("/rpc/raise_bad_pgrst");
    assertThat(bad.status()).isEqualTo(500);
    assertThat(bad.code()).isEqualTo("PGRST121");
  }

  @Test
  void poolTimeoutWithoutConnectionFailure_gives504PGRST003_connectionFailure503PGRST000() {
    GatewayException timeout =
        ErrorMapper.fromSql(
            new java.sql.SQLTransientConnectionException("timeout"), true, GatewayFixture.JSON);
    assertThat(timeout.status).isEqualTo(504);
    assertThat(timeout.code).isEqualTo("PGRST003");
    GatewayException refused =
        ErrorMapper.fromSql(
            new java.sql.SQLTransientConnectionException(
                "timeout", "08001", new java.sql.SQLException("refused", "08001")),
            true,
            GatewayFixture.JSON);
    assertThat(refused.status).isEqualTo(503);
    assertThat(refused.code).isEqualTo("PGRST000");
  }

  @Test
  void health_liveAndReady_areOkWhileTheDatabaseIsUp() {
    Reply live = f.execute(new Request.Builder().url(f.gateway.baseUrl() + "/live").build());
    assertThat(live.status()).isEqualTo(200);
    Reply ready = f.execute(new Request.Builder().url(f.gateway.baseUrl() + "/ready").build());
    assertThat(ready.status()).isEqualTo(200);
  }

  @Test
  void options_listsAllowedMethods_withoutATransaction() {
    Reply t = f.send("OPTIONS", "/items", null);
    assertThat(t.status()).isEqualTo(200);
    assertThat(t.header("Allow")).isEqualTo("OPTIONS,GET,HEAD,POST,PATCH,DELETE");
    assertThat(f.send("OPTIONS", "/rpc/add_them", null).header("Allow"))
        .isEqualTo("OPTIONS,GET,HEAD,POST");
  }

  @Test
  void unknownMethod_gives405PGRST117() {
    Reply r = f.send("TRACE", "/items", null);
    assertThat(r.status()).isIn(405);
    assertThat(r.code()).isEqualTo("PGRST117");
  }

  @Test
  void unreachableDatabase_gives503WithRetryAfter_andReadyIs503() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    try (PostgrestGateway gw =
        PostgrestGateway.start(
            GatewayConfig.builder()
                .jdbcUrl(
                    "jdbc:postgresql://127.0.0.1:" + deadPort + "/postgres", "authenticator", "x")
                .jwtSecret(GatewayFixture.SECRET)
                .retryAfterSeconds(7)
                .build())) {
      OkHttpClient http = GatewayFixture.keyedClient();
      try (Response r =
          http.newCall(new Request.Builder().url(gw.baseUrl() + "/rest/v1/items").build())
              .execute()) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("7");
        String body = r.body().string();
        assertThat(body).contains("\"code\":\"PGRST002\"");
      }
      try (Response r =
          http.newCall(new Request.Builder().url(gw.baseUrl() + "/ready").build()).execute()) {
        assertThat(r.code()).isEqualTo(503);
      }
      try (Response r =
          http.newCall(new Request.Builder().url(gw.baseUrl() + "/live").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }

  @Test
  void databaseLostAfterStart_gives503PGRST000() throws Exception {
    // a gateway whose pool points at the live database, then at a dead one: simulate by a data
    // source
    // that fails like a refused connection after the schema cache was loaded
    javax.sql.DataSource live = f.db.authenticatorDataSource();
    boolean[] down = {false};
    javax.sql.DataSource flaky =
        (javax.sql.DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class},
                (proxy, m, args) -> {
                  if (m.getName().equals("getConnection") && down[0]) {
                    throw new org.postgresql.util.PSQLException(
                        "Connection refused",
                        org.postgresql.util.PSQLState.CONNECTION_UNABLE_TO_CONNECT);
                  }
                  return m.invoke(live, args);
                });
    try (PostgrestGateway gw =
        PostgrestGateway.start(
            GatewayConfig.builder().dataSource(flaky).jwtSecret(GatewayFixture.SECRET).build())) {
      OkHttpClient http = GatewayFixture.keyedClient();
      Request req = new Request.Builder().url(gw.baseUrl() + "/rest/v1/items?id=eq.1").build();
      try (Response r = http.newCall(req).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      down[0] = true;
      try (Response r = http.newCall(req).execute()) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.body().string()).contains("\"code\":\"PGRST000\"");
      }
    }
  }
}

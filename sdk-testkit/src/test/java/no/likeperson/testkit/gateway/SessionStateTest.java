package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import no.likeperson.supabase.LocalDatabase;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session state left behind by an RPC ({@code set_config(..., false)}, a session-level role) must
 * not reach the next request on the same pooled connection. A pool of one connection makes "the
 * same connection" certain.
 */
class SessionStateTest {
  private static PostgrestGateway gw;
  private final OkHttpClient http = GatewayFixture.keyedClient();

  @BeforeAll
  static void start() {
    GatewayFixture f = GatewayFixture.get();
    gw =
        PostgrestGateway.start(
            GatewayConfig.builder()
                .jdbcUrl(
                    f.db.authenticatorJdbcUrl(),
                    LocalDatabase.AUTHENTICATOR,
                    f.db.authenticatorPassword())
                .jwtSecret(GatewayFixture.SECRET)
                .poolSize(1)
                .build());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private String call(String method, String fn, String token) throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url(gw.baseUrl() + "/rest/v1/rpc/" + fn)
            .header("Authorization", "Bearer " + token);
    if (method.equals("POST")) {
      b.post(RequestBody.create("{}", MediaType.get("application/json")));
    }
    try (Response r = http.newCall(b.build()).execute()) {
      String body = r.body().string();
      assertThat(r.code()).as(fn + ": " + body).isEqualTo(200);
      return body;
    }
  }

  @Test
  void sessionSettingsLeftByAnRpc_doNotSurviveIntoTheNextRequest() throws IOException {
    String user = GatewayFixture.userToken(GatewayFixture.ALICE);
    JsonNode before = GatewayFixture.JSON.readTree(call("GET", "session_state", user));
    call("POST", "leave_session_state", user);
    JsonNode after = GatewayFixture.JSON.readTree(call("GET", "session_state", user));
    assertThat(after.get("tenant").asText()).isEmpty();
    assertThat(after.get("statement_timeout").asText())
        .isEqualTo(before.get("statement_timeout").asText())
        .isNotEqualTo("123s");
    assertThat(after.get("work_mem").asText()).isEqualTo(before.get("work_mem").asText());
  }

  @Test
  void sessionRoleLeftByAnRpc_doesNotSurviveIntoTheNextRequest() throws IOException {
    String anon = GatewayFixture.anonToken();
    call("POST", "leave_session_role", anon);
    JsonNode after = GatewayFixture.JSON.readTree(call("GET", "session_state", anon));
    assertThat(after.get("current_user").asText()).isEqualTo("anon");
    // the schema cache is read on the same (only) connection: still sees everything
    gw.reloadSchemaCache();
    assertThat(call("GET", "session_state", anon)).contains("\"anon\"");
  }

  @Test
  void longRequest_isEndedByTheRolesStatementTimeout_andTheOnlyConnectionServesTheNextRequest()
      throws IOException {
    String anon = GatewayFixture.anonToken(); // anon: ALTER ROLE ... SET statement_timeout = '3s'
    Request sleep =
        new Request.Builder()
            .url(gw.baseUrl() + "/rest/v1/rpc/sleep_for")
            .header("Authorization", "Bearer " + anon)
            .post(RequestBody.create("{\"s\":600}", MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(sleep).execute()) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isEqualTo(500); // 57014 query_canceled (reference §5.2)
      assertThat(GatewayFixture.JSON.readTree(body).get("code").asText()).isEqualTo("57014");
    }
    // a timeout the function sets for itself cannot outlive the request either
    assertThat(
            GatewayFixture.JSON
                .readTree(call("GET", "session_state", anon))
                .get("statement_timeout")
                .asText())
        .isEqualTo("3s");
  }

  @Test
  void transactionDefaultsLeftByAnRpc_neitherMakeTheNextWriteReadOnly_norChangeItsIsolation()
      throws IOException {
    String svc = GatewayFixture.serviceToken();
    call("POST", "poison_transaction_defaults", svc);
    Request write =
        new Request.Builder()
            .url(gw.baseUrl() + "/rest/v1/parents")
            .header("Authorization", "Bearer " + svc)
            .header("Prefer", "tx=rollback")
            .post(
                RequestBody.create(
                    "{\"id\":960,\"code\":\"p\"}", MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(write).execute()) {
      assertThat(r.code()).as(r.body().string()).isEqualTo(201);
    }
    assertThat(
            GatewayFixture.JSON
                .readTree(call("POST", "whoami_volatile", svc))
                .get("read_only")
                .asText())
        .isEqualTo("off");
    assertThat(
            GatewayFixture.JSON
                .readTree(call("GET", "whoami_volatile", svc))
                .get("read_only")
                .asText())
        .isEqualTo("on");
  }
}

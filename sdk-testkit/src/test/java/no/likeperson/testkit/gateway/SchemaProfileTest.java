package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import no.likeperson.supabase.LocalDatabase;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A gateway exposing two schemas: profile headers pick the schema (reference §1.3). */
class SchemaProfileTest {
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
                .schemas(List.of("public", "api2"))
                .poolSize(2)
                .build());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private String[] call(Request.Builder b) throws IOException {
    try (Response r = http.newCall(b.build()).execute()) {
      return new String[] {
        String.valueOf(r.code()), r.header("Content-Profile"), r.body().string()
      };
    }
  }

  @Test
  void withoutProfile_theFirstSchemaIsUsed_andContentProfileIsStillSent() throws IOException {
    String[] r = call(new Request.Builder().url(gw.baseUrl() + "/rest/v1/notes"));
    assertThat(r[0]).isEqualTo("404");
    assertThat(r[2]).contains("PGRST205").contains("public.notes");
    String[] items =
        call(new Request.Builder().url(gw.baseUrl() + "/rest/v1/items?id=eq.1&select=id"));
    assertThat(items[0]).isEqualTo("200");
    assertThat(items[1]).isEqualTo("public");
  }

  @Test
  void acceptProfile_selectsTheSchemaForReads() throws IOException {
    String[] r =
        call(
            new Request.Builder()
                .url(gw.baseUrl() + "/rest/v1/notes")
                .header("Accept-Profile", "api2"));
    assertThat(r[0]).isEqualTo("200");
    assertThat(r[1]).isEqualTo("api2");
    assertThat(r[2]).contains("from api2");
  }

  @Test
  void contentProfile_selectsTheSchemaForRpcPost_acceptProfileForRpcGet() throws IOException {
    RequestBody empty = RequestBody.create("{}", MediaType.get("application/json"));
    assertThat(
            call(
                new Request.Builder()
                    .url(gw.baseUrl() + "/rest/v1/rpc/which_schema")
                    .post(empty)
                    .header("Content-Profile", "api2"))[2])
        .isEqualTo("\"api2\"");
    assertThat(
            call(
                new Request.Builder()
                    .url(gw.baseUrl() + "/rest/v1/rpc/which_schema")
                    .post(empty)
                    .header("Accept-Profile", "api2"))[2])
        .isEqualTo("\"public\""); // POST reads Content-Profile only
    assertThat(
            call(
                new Request.Builder()
                    .url(gw.baseUrl() + "/rest/v1/rpc/which_schema")
                    .header("Accept-Profile", "api2"))[2])
        .isEqualTo("\"api2\"");
  }

  @Test
  void unknownProfile_gives406WithTheExposedSchemasInTheHint() throws IOException {
    String[] r =
        call(
            new Request.Builder()
                .url(gw.baseUrl() + "/rest/v1/notes")
                .header("Accept-Profile", "auth"));
    assertThat(r[0]).isEqualTo("406");
    assertThat(r[2]).contains("\"hint\":\"Only the following schemas are exposed: public, api2\"");
  }
}

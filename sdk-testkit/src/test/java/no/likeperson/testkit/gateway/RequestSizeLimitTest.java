package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import no.likeperson.supabase.LocalDatabase;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's request size limit (Supabase's API gateway refuses oversized bodies): a gateway
 * with a 4 KiB limit over the conformance fixture. A body over the limit, declared or chunked, is
 * answered 413 with a PostgREST-shaped body and reaches no SQL; a body at the limit is served.
 */
class RequestSizeLimitTest {

  private static final int LIMIT = 4096;
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private static GatewayFixture fixture;
  private static PostgrestGateway gateway;

  @BeforeAll
  static void start() {
    fixture = GatewayFixture.get();
    gateway =
        PostgrestGateway.start(
            GatewayConfig.builder()
                .jdbcUrl(
                    fixture.db.authenticatorJdbcUrl(),
                    LocalDatabase.AUTHENTICATOR,
                    fixture.db.authenticatorPassword())
                .jwtSecret(GatewayFixture.SECRET)
                .maxRequestBodyBytes(LIMIT)
                .build());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** A one-row insert into items whose JSON is exactly {@code size} bytes. */
  private static String rowOfSize(int id, int size) {
    String head = "{\"id\":" + id + ",\"name\":\"";
    String tail = "\"}";
    return head + "x".repeat(size - head.length() - tail.length()) + tail;
  }

  private static GatewayFixture.Reply post(RequestBody body) {
    Request r =
        new Request.Builder()
            .url(gateway.baseUrl() + "/rest/v1/items")
            .header("Authorization", "Bearer " + GatewayFixture.userToken(GatewayFixture.ALICE))
            .header("Prefer", "return=minimal")
            .post(body)
            .build();
    return fixture.execute(r);
  }

  /** A body OkHttp cannot size up front: sent with Transfer-Encoding: chunked. */
  private static RequestBody chunked(String json) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON_TYPE;
      }

      @Override
      public long contentLength() {
        return -1;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8(json);
      }
    };
  }

  private static long items(int id) throws SQLException {
    try (Connection c = fixture.db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from public.items where id = " + id)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void deleteItem(int id) throws SQLException {
    try (Connection c = fixture.db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("delete from public.items where id = " + id);
    }
  }

  private static void assertTooLarge(GatewayFixture.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(413);
    JsonNode body = reply.json();
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("code", "details", "hint", "message");
    assertThat(body.path("code").asText()).isEqualTo("PGRSTX13");
    assertThat(body.path("message").asText()).isEqualTo("Request body too large");
    assertThat(body.path("details").asText()).contains("limit is " + LIMIT + " bytes");
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.header("Proxy-Status")).isEqualTo("PostgREST; error=PGRSTX13");
    assertThat(reply.header("Connection")).isEqualToIgnoringCase("close");
  }

  @Test
  void declaredBodyOverTheLimit_is413_andWritesNothing() throws SQLException {
    GatewayFixture.Reply reply = post(RequestBody.create(rowOfSize(9001, LIMIT + 1), JSON_TYPE));
    assertTooLarge(reply);
    assertThat(reply.json().path("details").asText()).contains("has " + (LIMIT + 1) + " bytes");
    assertThat(items(9001)).isZero();
  }

  @Test
  void chunkedBodyOverTheLimit_is413_andWritesNothing() throws SQLException {
    assertTooLarge(post(chunked(rowOfSize(9002, LIMIT * 3))));
    assertThat(items(9002)).isZero();
  }

  @Test
  void bodyOfExactlyTheLimit_declaredOrChunked_isServed() throws SQLException {
    try {
      assertThat(post(RequestBody.create(rowOfSize(9003, LIMIT), JSON_TYPE)).status())
          .isEqualTo(201);
      assertThat(post(chunked(rowOfSize(9004, LIMIT))).status()).isEqualTo(201);
      assertThat(items(9003) + items(9004)).isEqualTo(2);
    } finally {
      deleteItem(9003);
      deleteItem(9004);
    }
  }

  @Test
  void theSharedFixtureGateway_hasSupabasesDefaultLimit() {
    assertThat(fixture.gateway.config().maxRequestBodyBytes())
        .isEqualTo(GatewayConfig.DEFAULT_MAX_REQUEST_BODY_BYTES);
    GatewayFixture.Reply big =
        fixture.post(
            "/items",
            rowOfSize(9005, (int) GatewayConfig.DEFAULT_MAX_REQUEST_BODY_BYTES + 1),
            GatewayFixture.bearer(GatewayFixture.userToken(GatewayFixture.ALICE)));
    assertThat(big.status()).isEqualTo(413);
  }
}

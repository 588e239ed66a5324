package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import no.likeperson.supabase.LocalDatabase;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgREST's {@code db-pre-request} (reference §1.4): the configured function runs in the
 * request's transaction after the role, claims and request settings and before the main statement;
 * what it sets, the main statement reads; what it raises is the request's answer, and the main
 * statement then never runs.
 */
class PreRequestTest {
  private static final String SETUP =
      """
      create schema if not exists pre;
      grant usage on schema pre to anon, authenticated, service_role;
      create or replace function pre.check() returns void language plpgsql set search_path = '' as $$
      declare
        v_headers json := current_setting('request.headers')::json;
      begin
        perform set_config('pre.seen', current_setting('role') || ','
          || coalesce(current_setting('request.jwt.claims', true)::json ->> 'sub', '') || ','
          || current_setting('request.method') || ',' || current_setting('request.path'), true);
        perform set_config('pre.calls', (coalesce(nullif(current_setting('pre.calls', true), ''), '0')::int + 1)::text, true);
        if v_headers ->> 'x-block' = 'yes' then
          raise sqlstate 'PT403' using message = 'refused by the pre-request', hint = 'no x-block';
        end if;
        if v_headers ->> 'x-fail' = 'yes' then
          raise exception 'pre-request failed';
        end if;
      end $$;
      grant execute on function pre.check() to anon, authenticated, service_role;
      create or replace function public.pre_seen() returns text language sql stable set search_path = '' as
        $$ select coalesce(current_setting('pre.seen', true), '') || '|' || coalesce(current_setting('pre.calls', true), '') $$;
      grant execute on function public.pre_seen() to anon, authenticated, service_role;
      create or replace function public.pre_check_unqualified() returns void language sql set search_path = '' as
        $$ select pg_catalog.set_config('pre.seen', 'unqualified', true) $$;
      grant execute on function public.pre_check_unqualified() to anon, authenticated, service_role;
      """;

  private static GatewayFixture f;
  private static PostgrestGateway with;
  private static PostgrestGateway unqualified;

  @BeforeAll
  static void start() {
    f = GatewayFixture.get();
    f.db.execute(SETUP);
    f.gateway.reloadSchemaCache();
    with = gateway("pre.check");
    unqualified = gateway("pre_check_unqualified");
  }

  private static PostgrestGateway gateway(String preRequest) {
    return PostgrestGateway.start(
        GatewayConfig.builder()
            .jdbcUrl(
                f.db.authenticatorJdbcUrl(),
                LocalDatabase.AUTHENTICATOR,
                f.db.authenticatorPassword())
            .jwtSecret(GatewayFixture.SECRET)
            .poolSize(2)
            .preRequest(preRequest)
            .build());
  }

  @AfterAll
  static void stop() {
    with.close();
    unqualified.close();
  }

  private static Reply send(
      PostgrestGateway gw, String method, String path, String body, String... headers) {
    okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(gw.baseUrl() + "/rest/v1" + path);
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    okhttp3.RequestBody rb =
        body == null
            ? null
            : okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"));
    b.method(method, rb);
    return f.execute(b.build());
  }

  private static long todos(String title) throws SQLException {
    try (Connection c = f.db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("select count(*) from public.todos where title = '" + title + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void runsOnceAfterTheRequestSettings_andTheMainStatementReadsWhatItSet() {
    String alice = GatewayFixture.userToken(GatewayFixture.ALICE);
    Reply r = send(with, "GET", "/rpc/pre_seen", null, "Authorization", "Bearer " + alice);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo("\"authenticated," + GatewayFixture.ALICE + ",GET,/rpc/pre_seen|1\"");
    Reply anon = send(with, "POST", "/rpc/pre_seen", "{}");
    assertThat(anon.body()).isEqualTo("\"anon,,POST,/rpc/pre_seen|1\"");
  }

  @Test
  void withoutAPreRequest_nothingIsCalled() {
    Reply r = f.get("/rpc/pre_seen");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("\"|\"");
  }

  @Test
  void anUnqualifiedName_isResolvedThroughTheRequestsSearchPath() {
    Reply r = send(unqualified, "GET", "/rpc/pre_seen", null);
    assertThat(r.body()).isEqualTo("\"unqualified|\"");
  }

  @Test
  void anErrorItRaises_isTheAnswer_andTheWriteNeverRuns() throws SQLException {
    String alice = GatewayFixture.userToken(GatewayFixture.ALICE);
    Reply blocked =
        send(
            with,
            "POST",
            "/todos",
            "{\"title\":\"pre-request blocked\"}",
            "Authorization",
            "Bearer " + alice,
            "x-block",
            "yes");
    assertThat(blocked.status()).as(blocked.body()).isEqualTo(403);
    assertThat(blocked.code()).isEqualTo("PT403");
    assertThat(blocked.json().path("message").asText()).isEqualTo("refused by the pre-request");
    assertThat(blocked.json().path("hint").asText()).isEqualTo("no x-block");
    assertThat(todos("pre-request blocked")).isZero();

    Reply failed =
        send(
            with,
            "GET",
            "/todos?select=title",
            null,
            "Authorization",
            "Bearer " + alice,
            "x-fail",
            "yes");
    assertThat(failed.status()).as(failed.body()).isEqualTo(400);
    assertThat(failed.code()).isEqualTo("P0001");

    Reply allowed =
        send(
            with,
            "POST",
            "/todos",
            "{\"title\":\"pre-request allowed\"}",
            "Authorization",
            "Bearer " + alice);
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
    try {
      assertThat(todos("pre-request allowed")).isEqualTo(1);
    } finally {
      f.db.execute("delete from public.todos where title = 'pre-request allowed'");
    }
  }

  @Test
  void anEmptyInsert_stillCallsThePreRequest() {
    String alice = GatewayFixture.userToken(GatewayFixture.ALICE);
    Reply blocked =
        send(with, "POST", "/todos", "[]", "Authorization", "Bearer " + alice, "x-block", "yes");
    assertThat(blocked.status()).as(blocked.body()).isEqualTo(403);
    Reply empty = send(with, "POST", "/todos", "[]", "Authorization", "Bearer " + alice);
    assertThat(empty.status()).as(empty.body()).isEqualTo(201);
  }

  @Test
  void aMissingFunction_isAnsweredLikePostgrest() {
    try (PostgrestGateway missing = gateway("pre.no_such_function")) {
      Reply r = send(missing, "GET", "/todos", null);
      assertThat(r.status()).as(r.body()).isEqualTo(404); // 42883, as PostgREST maps it
      assertThat(r.code()).isEqualTo("42883");
    }
  }

  @Test
  void theName_isValidated() {
    for (String bad : new String[] {"", ".", "a.", ".b", "a.b.c", " "}) {
      assertThatThrownBy(
              () ->
                  GatewayConfig.builder()
                      .jdbcUrl("jdbc:postgresql://h/db", "u", "p")
                      .jwtSecret(GatewayFixture.SECRET)
                      .preRequest(bad)
                      .build())
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("preRequest");
    }
    GatewayConfig ok =
        GatewayConfig.builder()
            .jdbcUrl("jdbc:postgresql://h/db", "u", "p")
            .jwtSecret(GatewayFixture.SECRET)
            .preRequest("app.pre_request")
            .build();
    assertThat(ok.preRequest()).isEqualTo("app.pre_request");
    assertThat(ok.toString()).contains("preRequest=app.pre_request");
    assertThat(
            GatewayConfig.builder()
                .jdbcUrl("jdbc:postgresql://h/db", "u", "p")
                .jwtSecret(GatewayFixture.SECRET)
                .build()
                .preRequest())
        .isNull();
    assertThat(PreRequest.statement("a\"b.f")).isEqualTo("SELECT \"a\"\"b\".\"f\"()");
  }
}

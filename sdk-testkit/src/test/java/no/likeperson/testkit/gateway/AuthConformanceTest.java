package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static no.likeperson.testkit.gateway.GatewayFixture.token;
import static no.likeperson.testkit.gateway.GatewayFixture.userToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.Test;

/** JWT verification, role switching and the request GUCs (reference §1.2, §1.4, §1.5). */
class AuthConformanceTest {
  private final GatewayFixture f = GatewayFixture.get();
  private final long now = Instant.now().getEpochSecond();

  private void assertInvalidToken(Reply r, String code, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.json().get("message").asText()).isEqualTo(message);
    assertThat(r.header("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"" + message + "\"");
  }

  /**
   * Supabase's API gateway refuses requests without a key before PostgREST sees them (reference
   * §6.2).
   */
  @Test
  void noApiKey_is401_likeSupabasesGateway_beforeAnyRouting() throws Exception {
    okhttp3.OkHttpClient raw = new okhttp3.OkHttpClient();
    for (String path :
        new String[] {
          "/rest/v1/items?select=id", "/rest/v1/rpc/whoami", "/rest/v1/no_such_table", "/rest/v1/"
        }) {
      okhttp3.Request request =
          new okhttp3.Request.Builder()
              .url(f.gateway.baseUrl() + path)
              .header("Authorization", "Bearer " + userToken(GatewayFixture.ALICE))
              .build();
      Reply r = f.executeWith(raw, request);
      assertThat(r.status()).as(path + " " + r.body()).isEqualTo(401);
      assertThat(r.json().get("message").asText()).isEqualTo("No API key found in request");
      assertThat(r.json().get("hint").asText())
          .isEqualTo("No `apikey` request header or url param was found.");
      assertThat(r.json().has("code")).isFalse();
    }
    Reply blank =
        f.executeWith(
            raw,
            new okhttp3.Request.Builder()
                .url(f.url("/items?select=id"))
                .header("apikey", " ")
                .build());
    assertThat(blank.status()).isEqualTo(401);
    // the key as a url parameter is accepted and is not taken for a filter on a column "apikey"
    Reply param =
        f.executeWith(
            raw,
            new okhttp3.Request.Builder()
                .url(f.url("/items?select=id&id=eq.1&apikey=" + GatewayFixture.anonToken()))
                .build());
    assertThat(param.status()).as(param.body()).isEqualTo(200);
    assertThat(param.json().size()).isEqualTo(1);
    // health endpoints and CORS preflights need no key
    assertThat(
            f.executeWith(
                    raw, new okhttp3.Request.Builder().url(f.gateway.baseUrl() + "/live").build())
                .status())
        .isEqualTo(200);
    assertThat(
            f.executeWith(
                    raw,
                    new okhttp3.Request.Builder()
                        .url(f.url("/items"))
                        .method("OPTIONS", null)
                        .build())
                .status())
        .isEqualTo(200);
  }

  @Test
  void noApiKey_isAnswered_whenTheGatewayIsConfiguredLikeABarePostgrest() throws Exception {
    try (PostgrestGateway bare =
        PostgrestGateway.start(
            GatewayConfig.builder()
                .jdbcUrl(
                    f.db.authenticatorJdbcUrl(),
                    no.likeperson.supabase.LocalDatabase.AUTHENTICATOR,
                    f.db.authenticatorPassword())
                .jwtSecret(GatewayFixture.SECRET)
                .poolSize(1)
                .requireApiKey(false)
                .build())) {
      Reply r =
          f.executeWith(
              new okhttp3.OkHttpClient(),
              new okhttp3.Request.Builder()
                  .url(bare.baseUrl() + "/rest/v1/items?select=id&id=eq.1")
                  .build());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
  }

  @Test
  void noToken_runsAsAnon_withAnonClaims() {
    JsonNode w = f.get("/rpc/whoami").json();
    assertThat(w.get("current_user").asText()).isEqualTo("anon");
    assertThat(w.get("role").asText()).isEqualTo("anon");
    assertThat(w.get("uid").isNull()).isTrue();
    assertThat(w.get("claims").toString()).isEqualTo("{\"role\":\"anon\"}");
  }

  @Test
  void userToken_runsAsAuthenticated_withAllClaimsAndUid() {
    JsonNode w = f.get("/rpc/whoami", bearer(userToken(GatewayFixture.ALICE))).json();
    assertThat(w.get("current_user").asText()).isEqualTo("authenticated");
    assertThat(w.get("uid").asText()).isEqualTo(GatewayFixture.ALICE);
    assertThat(w.get("claims").get("aud").asText()).isEqualTo("authenticated");
    assertThat(w.get("claims").get("sub").asText()).isEqualTo(GatewayFixture.ALICE);
  }

  @Test
  void tokenWithoutRole_runsAsAnonRole_andRoleIsInsertedIntoClaims() {
    JsonNode w =
        f.get("/rpc/whoami", bearer(token(Map.of("sub", GatewayFixture.BOB, "exp", now + 60))))
            .json();
    assertThat(w.get("current_user").asText()).isEqualTo("anon");
    assertThat(w.get("claims").get("role").asText()).isEqualTo("anon");
    assertThat(w.get("claims").get("sub").asText()).isEqualTo(GatewayFixture.BOB);
  }

  @Test
  void roleSettings_ofTheImpersonatedRole_areApplied() {
    assertThat(f.get("/rpc/whoami").json().get("statement_timeout").asText()).isEqualTo("3s");
    assertThat(
            f.get("/rpc/whoami", bearer(userToken(GatewayFixture.ALICE)))
                .json()
                .get("statement_timeout")
                .asText())
        .isEqualTo("8s");
  }

  @Test
  void requestGucs_methodPathHeadersCookiesAndSearchPath() {
    Reply r =
        f.get("/rpc/whoami", "X-Custom-Thing", "v1", "Cookie", "a=1; b=two", "apikey", "some-key");
    JsonNode w = r.json();
    assertThat(w.get("method").asText()).isEqualTo("GET");
    assertThat(w.get("path").asText()).isEqualTo("/rpc/whoami");
    assertThat(w.get("headers").has("x-custom-thing")).as(r.body()).isTrue();
    assertThat(w.get("headers").get("x-custom-thing").asText()).isEqualTo("v1");
    assertThat(w.get("headers").get("apikey").asText()).isEqualTo("some-key");
    assertThat(w.get("headers").has("cookie")).isFalse();
    assertThat(w.get("cookies").get("b").asText()).isEqualTo("two");
    assertThat(w.get("search_path").asText()).isEqualTo("\"public\", \"public\"");
    JsonNode post = f.post("/rpc/whoami", "{}").json();
    assertThat(post.get("method").asText()).isEqualTo("POST");
  }

  @Test
  void nonBearerScheme_isAnonymous() {
    Reply r = f.get("/rpc/whoami", "Authorization", "Basic dXNlcjpwYXNz");
    assertThat(r.json().get("current_user").asText()).isEqualTo("anon");
  }

  @Test
  void bearerScheme_isCaseInsensitive() {
    Reply r = f.get("/rpc/whoami", "Authorization", "bearer " + userToken(GatewayFixture.ALICE));
    assertThat(r.json().get("current_user").asText()).isEqualTo("authenticated");
  }

  @Test
  void emptyBearer_gives401PGRST301() {
    assertInvalidToken(
        f.get("/items", "Authorization", "Bearer "),
        "PGRST301",
        "Empty JWT is sent in Authorization header");
  }

  @Test
  void malformedToken_gives401PGRST301() {
    assertInvalidToken(
        f.get("/items", "Authorization", "Bearer sb_secret_abc"),
        "PGRST301",
        "Expected 3 parts in JWT; got 1");
    assertInvalidToken(
        f.get("/items", "Authorization", "Bearer a.b.c"),
        "PGRST301",
        "JWT cryptographic operation failed");
  }

  @Test
  void wrongSignature_gives401PGRST301() {
    String forged =
        JWT.create()
            .withClaim("role", "service_role")
            .sign(Algorithm.HMAC256("another-secret-that-is-at-least-32-characters"));
    assertInvalidToken(
        f.get("/items", bearer(forged)), "PGRST301", "JWT cryptographic operation failed");
  }

  @Test
  void algNone_isRefused() {
    String none = JWT.create().withClaim("role", "service_role").sign(Algorithm.none());
    Reply r = f.get("/items", bearer(none));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.code()).isEqualTo("PGRST301");
  }

  @Test
  void expired_beyondSkew_gives401PGRST303_withinSkew_isAccepted() {
    assertInvalidToken(
        f.get("/items", bearer(token(Map.of("role", "authenticated", "exp", now - 31)))),
        "PGRST303",
        "JWT expired");
    assertThat(
            f.get("/items?id=eq.1", bearer(token(Map.of("role", "authenticated", "exp", now - 20))))
                .status())
        .isEqualTo(200);
  }

  @Test
  void notYetValid_andIssuedInFuture_give401PGRST303() {
    assertInvalidToken(
        f.get("/items", bearer(token(Map.of("role", "authenticated", "nbf", now + 120)))),
        "PGRST303",
        "JWT not yet valid");
    assertInvalidToken(
        f.get("/items", bearer(token(Map.of("role", "authenticated", "iat", now + 120)))),
        "PGRST303",
        "JWT issued at future");
    assertThat(
            f.get("/items?id=eq.1", bearer(token(Map.of("role", "authenticated", "iat", now + 20))))
                .status())
        .isEqualTo(200);
  }

  @Test
  void nonNumericExp_gives401PGRST303() {
    assertInvalidToken(
        f.get("/items", bearer(token(Map.of("role", "authenticated", "exp", "tomorrow")))),
        "PGRST303",
        "The JWT 'exp' claim must be a number");
  }

  @Test
  void unknownRole_gives401_22023() {
    Reply r = f.get("/items", bearer(token(Map.of("role", "superman", "exp", now + 60))));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.code()).isEqualTo("22023");
    assertThat(r.json().get("message").asText()).isEqualTo("role \"superman\" does not exist");
  }

  @Test
  void validTokenForARoleTheAuthenticatorCannotBecome_isRefusedByPostgres() {
    for (String role :
        java.util.List.of("postgres", "supabase_auth_admin", "pg_read_server_files")) {
      Reply r = f.get("/rpc/whoami", bearer(token(Map.of("role", role, "exp", now + 60))));
      assertThat(r.status()).as(role + ": " + r.body()).isIn(401, 403);
      assertThat(r.code()).as(role).isIn("42501", "22023");
      assertThat(r.body()).doesNotContain("current_user");
    }
  }

  @Test
  void serviceRole_bypassesRls() {
    Reply r = f.get("/todos", bearer(GatewayFixture.serviceToken(), "Prefer", "count=exact"));
    assertThat(r.header("Content-Range")).endsWith("/" + r.json().size());
    assertThat(r.json().size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void anonKey_isUnauthenticated_soRlsInsertFailureIs401() {
    Reply r =
        f.post(
            "/todos",
            "{\"title\":\"x\",\"owner\":\"" + GatewayFixture.ALICE + "\"}",
            bearer(GatewayFixture.anonToken()));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.code()).isEqualTo("42501");
  }

  @Test
  void audience_isCheckedOnlyWhenConfigured() {
    JwtAuthenticator withAud =
        new JwtAuthenticator(
            GatewayFixture.SECRET,
            "authenticated",
            "anon",
            GatewayFixture.JSON,
            java.time.Clock.systemUTC());
    assertThat(withAud.authenticate("Bearer " + userToken(GatewayFixture.ALICE)).role())
        .isEqualTo("authenticated");
    String other = token(Map.of("role", "authenticated", "aud", "someone-else"));
    GatewayException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            GatewayException.class, () -> withAud.authenticate("Bearer " + other));
    assertThat(e.code).isEqualTo("PGRST303");
    assertThat(e.getMessage()).isEqualTo("JWT not in audience");
    assertThat(f.get("/items?id=eq.1", bearer(other)).status())
        .isEqualTo(200); // gateway: no jwt-aud (Supabase)
  }

  @Test
  void anonymousDisabled_gives401PGRST302() {
    JwtAuthenticator noAnon =
        new JwtAuthenticator(
            GatewayFixture.SECRET, null, null, GatewayFixture.JSON, java.time.Clock.systemUTC());
    GatewayException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            GatewayException.class, () -> noAnon.authenticate(null));
    assertThat(e.status).isEqualTo(401);
    assertThat(e.code).isEqualTo("PGRST302");
  }

  @Test
  void principal_toString_neverPrintsClaims() {
    JwtAuthenticator a =
        new JwtAuthenticator(
            GatewayFixture.SECRET, null, "anon", GatewayFixture.JSON, java.time.Clock.systemUTC());
    assertThat(a.authenticate("Bearer " + userToken(GatewayFixture.ALICE)).toString())
        .doesNotContain(GatewayFixture.ALICE);
  }

  @Test
  void pooledConnections_neverLeakRoleOrClaimsBetweenConcurrentRequests() throws Exception {
    String[] subs = {null, GatewayFixture.ALICE, GatewayFixture.BOB};
    String[] tokens = {null, userToken(GatewayFixture.ALICE), userToken(GatewayFixture.BOB)};
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(12);
    try {
      java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 240; i++) {
        int who = i % 3;
        boolean failFirst = i % 7 == 0; // interleave failing transactions on the same pool
        results.add(
            pool.submit(
                () -> {
                  if (failFirst) {
                    f.get(
                        "/rpc/raise_p0001",
                        tokens[who] == null ? new String[0] : bearer(tokens[who]));
                  }
                  JsonNode w =
                      f.get(
                              "/rpc/whoami",
                              tokens[who] == null ? new String[0] : bearer(tokens[who]))
                          .json();
                  String expectedUser = who == 0 ? "anon" : "authenticated";
                  String expectedUid = subs[who] == null ? "null" : subs[who];
                  String actual = w.get("current_user").asText() + "/" + w.get("uid").asText();
                  return actual.equals(expectedUser + "/" + expectedUid)
                      ? "ok"
                      : "leak: " + actual + " for " + who;
                }));
      }
      for (java.util.concurrent.Future<String> r : results) {
        assertThat(r.get()).isEqualTo("ok");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void preferTimezone_isAppliedToTimestamps() {
    Reply r = f.get("/items?id=eq.1&select=at", "Prefer", "timezone=Europe/Oslo");
    assertThat(r.json().get(0).get("at").asText()).isEqualTo("2026-01-01T02:00:00+01:00");
    assertThat(r.header("Preference-Applied")).isEqualTo("timezone=Europe/Oslo");
  }
}

package no.likeperson.testkit.gateway;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import no.likeperson.supabase.LocalDatabase;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One embedded PostgreSQL (Supabase bootstrap only, no project migrations) with the gateway's own
 * fixture schema, and one gateway on it, shared by every conformance test class in the JVM.
 */
final class GatewayFixture {
  static final String SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
  static final String ALICE = "11111111-1111-4111-8111-111111111111";
  static final String BOB = "22222222-2222-4222-8222-222222222222";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private static final class Holder {
    static final GatewayFixture INSTANCE = new GatewayFixture();
  }

  final LocalDatabase db;
  final PostgrestGateway gateway;
  final OkHttpClient http = keyedClient();

  private GatewayFixture() {
    db = LocalDatabase.builder().migrations(false).seed(false).start();
    try (InputStream in = GatewayFixture.class.getResourceAsStream("/gateway/fixture.sql")) {
      db.execute(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gateway =
        PostgrestGateway.start(
            GatewayConfig.builder()
                .jdbcUrl(
                    db.authenticatorJdbcUrl(),
                    LocalDatabase.AUTHENTICATOR,
                    db.authenticatorPassword())
                .jwtSecret(SECRET)
                .build());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  db.close();
                }));
  }

  /**
   * An HTTP client that sends an {@code apikey} (the anon key) on every request that has none, as
   * every Supabase client does; the gateway refuses requests without one (401, like Supabase's API
   * gateway).
   */
  static OkHttpClient keyedClient() {
    String key = anonToken();
    return new OkHttpClient.Builder()
        .addInterceptor(
            chain -> {
              Request r = chain.request();
              return chain.proceed(
                  r.header("apikey") != null ? r : r.newBuilder().header("apikey", key).build());
            })
        .build();
  }

  static GatewayFixture get() {
    return Holder.INSTANCE;
  }

  /**
   * A gateway of its own on this database, exposing {@code schema} (a test's own schema), with a
   * pool of one unless {@code settings} say otherwise; the caller closes it.
   */
  PostgrestGateway gatewayOn(String schema, UnaryOperator<GatewayConfig.Builder> settings) {
    return PostgrestGateway.start(
        settings
            .apply(
                GatewayConfig.builder()
                    .jdbcUrl(
                        db.authenticatorJdbcUrl(),
                        LocalDatabase.AUTHENTICATOR,
                        db.authenticatorPassword())
                    .jwtSecret(SECRET)
                    .schemas(List.of(schema))
                    .poolSize(1))
            .build());
  }

  /**
   * Rows of a superuser query as "a|b|c" strings (SQL null as "null"): expected values from raw
   * rows.
   */
  List<String> sql(String query) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.superuser(), db.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      List<String> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) b.append(i > 1 ? "|" : "").append(rs.getString(i));
        out.add(b.toString());
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  String url(String pathAndQuery) {
    return gateway.baseUrl() + "/rest/v1" + pathAndQuery;
  }

  static String token(Map<String, Object> claims) {
    var b = JWT.create();
    claims.forEach(
        (k, v) -> {
          if (v instanceof String s) b.withClaim(k, s);
          else if (v instanceof Long l) b.withClaim(k, l);
          else if (v instanceof Integer i) b.withClaim(k, i);
          else if (v instanceof Boolean bo) b.withClaim(k, bo);
          else if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> mm = (Map<String, Object>) m;
            b.withClaim(k, mm);
          } else throw new IllegalArgumentException(k);
        });
    return b.sign(Algorithm.HMAC256(SECRET));
  }

  static String userToken(String sub) {
    long now = Instant.now().getEpochSecond();
    return token(
        Map.of(
            "sub",
            sub,
            "role",
            "authenticated",
            "aud",
            "authenticated",
            "exp",
            now + 3600,
            "iat",
            now));
  }

  static String serviceToken() {
    return token(
        Map.of(
            "role",
            "service_role",
            "iss",
            "supabase-demo",
            "exp",
            Instant.now().getEpochSecond() + 3600));
  }

  static String anonToken() {
    return token(
        Map.of(
            "role", "anon", "iss", "supabase-demo", "exp", Instant.now().getEpochSecond() + 3600));
  }

  /** A finished exchange: status, headers, body text. */
  record Reply(int status, okhttp3.Headers headers, String body) {
    String header(String name) {
      return headers.get(name);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String code() {
      return json().path("code").asText();
    }
  }

  Reply send(String method, String pathAndQuery, String body, String... headers) {
    return sendTo(url(pathAndQuery), method, body, headers);
  }

  /**
   * A request to another gateway of the test (its own schema or configuration): {@code /rest/v1} +
   * path.
   */
  Reply sendTo(
      PostgrestGateway g, String method, String pathAndQuery, String body, String... headers) {
    return sendTo(g.baseUrl() + "/rest/v1" + pathAndQuery, method, body, headers);
  }

  /**
   * A user's token with an {@code org} claim, for the fixtures' row-level security policies on it.
   */
  static String orgToken(int org) {
    long now = java.time.Instant.now().getEpochSecond();
    return token(
        Map.of(
            "sub", ALICE, "role", "authenticated", "exp", now + 3600, "org", String.valueOf(org)));
  }

  private Reply sendTo(String url, String method, String body, String... headers) {
    Request.Builder b = new Request.Builder().url(url);
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    RequestBody rb =
        body == null
            ? (method.equals("POST") || method.equals("PATCH")
                ? RequestBody.create(new byte[0], null)
                : null)
            : RequestBody.create(body, JSON_TYPE);
    b.method(method, rb);
    return execute(b.build());
  }

  Reply execute(Request r) {
    return executeWith(http, r);
  }

  Reply executeWith(OkHttpClient client, Request r) {
    try (Response resp = client.newCall(r).execute()) {
      return new Reply(
          resp.code(), resp.headers(), resp.body() == null ? "" : resp.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply get(String pathAndQuery, String... headers) {
    return send("GET", pathAndQuery, null, headers);
  }

  Reply post(String pathAndQuery, String body, String... headers) {
    return send("POST", pathAndQuery, body, headers);
  }

  static String[] bearer(String token, String... more) {
    String[] out = new String[more.length + 2];
    out[0] = "Authorization";
    out[1] = "Bearer " + token;
    System.arraycopy(more, 0, out, 2, more.length);
    return out;
  }
}

package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.core.Session;
import no.likeperson.sdk.core.SessionStore;
import no.likeperson.sdk.core.SupabaseAuth;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * What Supabase's API gateway does in front of PostgREST and Auth, on the stack every suite gets: a
 * request without an {@code apikey} is refused with the same 401 under {@code /rest/v1} and {@code
 * /auth/v1}, a key that is not the project's is refused by {@code /auth/v1}, the SDK (which always
 * sends the key) signs in, and aggregates are off unless the builder turns them on.
 */
@LocalSupabaseTest
class ApiGatewayThroughLocalStackTest {
  private static final String NO_KEY =
      "{\"message\":\"No API key found in request\","
          + "\"hint\":\"No `apikey` request header or url param was found.\"}";
  private static final MediaType JSON = MediaType.get("application/json");

  LocalSupabase supabase;
  final OkHttpClient http = new OkHttpClient();

  private record Answer(int code, String contentType, String body) {}

  private Answer call(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      return new Answer(r.code(), r.header("Content-Type"), r.body().string());
    }
  }

  private Request signIn(String query, String apikey) {
    Request.Builder b =
        new Request.Builder()
            .url(supabase.apiUrl() + "/auth/v1/token?grant_type=password" + query)
            .post(
                RequestBody.create(
                    "{\"email\":\""
                        + SeedUsers.COORD_OSLO_EMAIL
                        + "\",\"password\":\""
                        + LocalSupabase.SEED_USER_PASSWORD
                        + "\"}",
                    JSON));
    if (apikey != null) {
      b.header("apikey", apikey);
    }
    return b.build();
  }

  @Test
  void noApiKey_isTheSame401_onAuthAndRest() throws IOException {
    String user = supabase.tokenFor(UUID.fromString(SeedUsers.COORD_OSLO));
    List<Request> keyless =
        List.of(
            signIn("", null),
            signIn("", "  "),
            new Request.Builder()
                .url(supabase.apiUrl() + "/auth/v1/user")
                .header("Authorization", "Bearer " + user)
                .build(),
            new Request.Builder()
                .url(supabase.apiUrl() + "/auth/v1/logout")
                .header("Authorization", "Bearer " + user)
                .post(RequestBody.create(new byte[0]))
                .build(),
            new Request.Builder()
                .url(supabase.apiUrl() + "/rest/v1/activities?select=id")
                .header("Authorization", "Bearer " + user)
                .build());
    for (Request r : keyless) {
      Answer a = call(r);
      assertThat(a.code()).as(r.url().encodedPath()).isEqualTo(401);
      assertThat(a.body()).as(r.url().encodedPath()).isEqualTo(NO_KEY);
      assertThat(a.contentType()).isEqualTo("application/json; charset=utf-8");
    }
    // the refused logout revoked nothing: the token still reads the user
    Answer me =
        call(
            new Request.Builder()
                .url(supabase.apiUrl() + "/auth/v1/user")
                .header("apikey", supabase.anonKey())
                .header("Authorization", "Bearer " + user)
                .build());
    assertThat(me.code()).as(me.body()).isEqualTo(200);
  }

  @Test
  void keyAsUrlParameter_signsIn_andAForeignKeyIsRefusedByAuth() throws IOException {
    Answer byParam = call(signIn("&apikey=" + supabase.anonKey(), null));
    assertThat(byParam.code()).as(byParam.body()).isEqualTo(200);
    assertThat(byParam.body()).contains("\"access_token\"");

    String foreign = Jwts.apiKey("another-projects-secret-with-at-least-32-chars", "anon");
    Answer wrong = call(signIn("", foreign));
    assertThat(wrong.code()).isEqualTo(401);
    assertThat(wrong.body())
        .isEqualTo(
            "{\"message\":\"Invalid API key\","
                + "\"hint\":\"Double check your Supabase `anon` or `service_role` API key.\"}");
    assertThat(call(signIn("&apikey=" + foreign, null)).code()).isEqualTo(401);
  }

  @Test
  void theSdksOwnAuthCalls_sendTheKey_andWork() {
    List<String> keys = new ArrayList<>();
    OkHttpClient recording =
        http.newBuilder()
            .addInterceptor(
                chain -> {
                  synchronized (keys) {
                    keys.add(chain.request().header("apikey"));
                  }
                  return chain.proceed(chain.request());
                })
            .build();
    try (SupabaseAuth auth =
        SupabaseAuth.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .okHttpClient(recording)
            .sessionStore(SessionStore.inMemory())
            .build()) {
      Session s =
          auth.signInWithPassword(SeedUsers.COORD_OSLO_EMAIL, LocalSupabase.SEED_USER_PASSWORD);
      assertThat(s.userId()).isEqualTo(SeedUsers.COORD_OSLO);
      auth.refreshSession();
      auth.signOut();
    }
    assertThat(keys)
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(k -> assertThat(k).isEqualTo(supabase.anonKey()));
  }

  @Test
  void aggregates_areOffByDefault_likeSupabase() throws IOException {
    Answer a =
        call(
            new Request.Builder()
                .url(supabase.apiUrl() + "/rest/v1/activities?select=count()")
                .header("apikey", supabase.anonKey())
                .header("Authorization", "Bearer " + supabase.serviceRoleKey())
                .build());
    assertThat(a.code()).isEqualTo(400);
    assertThat(a.body()).contains("\"code\":\"PGRST123\"");
  }
}

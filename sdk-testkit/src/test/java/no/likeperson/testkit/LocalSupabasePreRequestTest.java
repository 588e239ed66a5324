package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import no.likeperson.supabase.SeedData;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The local stack calls the pre-request the database configures for PostgREST ({@code
 * pgrst.db_pre_request} on the authenticator role, set by migration 20261205040000 to {@code
 * app.pre_request}), as PostgREST's in-database configuration does; an explicit {@code
 * preRequest(null)} turns it off. Observed through a probe function that returns what the
 * pre-request stored for the request's caller.
 */
class LocalSupabasePreRequestTest {

  private static String scopeUidSeenBy(LocalSupabase supabase) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        Statement st = c.createStatement()) {
      st.execute(
          "create function public.scope_probe() returns text language sql volatile"
              + " set search_path = '' as $$ select coalesce(current_setting('app.scope_uid', true),"
              + " '') $$");
      st.execute("grant execute on function public.scope_probe() to authenticated");
    }
    supabase.reloadSchemaCache();
    OkHttpClient http = new OkHttpClient();
    Request request =
        new Request.Builder()
            .url(supabase.apiUrl() + "/rest/v1/rpc/scope_probe")
            .header("apikey", supabase.anonKey())
            .header("Authorization", "Bearer " + supabase.tokenFor(SeedData.COORD_OSLO))
            .post(RequestBody.create("{}", MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(200);
      return r.body().string();
    }
  }

  @Test
  void byDefault_theStackCallsThePreRequestTheDatabaseConfigures() throws Exception {
    try (LocalSupabase supabase = LocalSupabase.builder().start()) {
      assertThat(scopeUidSeenBy(supabase)).isEqualTo("\"" + SeedData.COORD_OSLO + "\"");
    }
  }

  @Test
  void anExplicitNone_callsNoPreRequest() throws Exception {
    try (LocalSupabase supabase = LocalSupabase.builder().preRequest(null).start()) {
      assertThat(scopeUidSeenBy(supabase)).isEqualTo("\"\"");
    }
  }
}

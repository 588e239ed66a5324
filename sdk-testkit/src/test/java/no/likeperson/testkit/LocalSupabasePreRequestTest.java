package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

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
 * preRequest(null)} turns it off. A changed setting applies on {@code NOTIFY pgrst, 'reload
 * config'} without a restart, as in PostgREST. Observed through a probe function that returns what
 * the pre-request stored for the request's caller.
 */
class LocalSupabasePreRequestTest {

  private static String scopeUidSeenBy(LocalSupabase supabase) throws Exception {
    supabase.execute(
        "create function public.scope_probe() returns text language sql volatile"
            + " set search_path = '' as $$ select coalesce(current_setting('app.scope_uid', true),"
            + " '') $$;"
            + " grant execute on function public.scope_probe() to authenticated");
    supabase.reloadSchemaCache();
    return probe(supabase);
  }

  /**
   * Changes the authenticator role's pre-request for this database only (a database-specific
   * setting wins over the one for all databases, and other stacks of the cluster keep theirs), then
   * tells the gateway as a deployment tells PostgREST.
   */
  private static void configure(LocalSupabase supabase, String change) {
    supabase.execute(
        "do $$ begin execute format('alter role authenticator in database %I "
            + change
            + "', current_database()); end $$; notify pgrst, 'reload config'");
  }

  /**
   * Asks the probe until it answers {@code expected} (the listener is asynchronous), at most 10 s.
   */
  private static String probeUntil(LocalSupabase supabase, String expected) throws Exception {
    String seen = probe(supabase);
    for (int i = 0; i < 100 && !seen.equals(expected); i++) {
      Thread.sleep(100);
      seen = probe(supabase);
    }
    return seen;
  }

  private static String probe(LocalSupabase supabase) throws Exception {
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

  @Test
  void aChangedSetting_appliesOnReloadConfig_withoutARestart() throws Exception {
    String uid = "\"" + SeedData.COORD_OSLO + "\"";
    try (LocalSupabase supabase = LocalSupabase.builder().start()) {
      assertThat(scopeUidSeenBy(supabase)).isEqualTo(uid);
      // an empty setting for this database: no pre-request (it wins over the global one)
      configure(supabase, "set pgrst.db_pre_request = ''''");
      assertThat(probeUntil(supabase, "\"\"")).isEqualTo("\"\"");
      // the database setting gone: the global one (the migration's app.pre_request) again
      configure(supabase, "reset pgrst.db_pre_request");
      assertThat(probeUntil(supabase, uid)).isEqualTo(uid);
    }
  }

  @Test
  void anExplicitNone_ignoresTheDatabaseSetting_alsoAfterAReload() throws Exception {
    try (LocalSupabase supabase = LocalSupabase.builder().preRequest(null).start()) {
      assertThat(scopeUidSeenBy(supabase)).isEqualTo("\"\"");
      configure(supabase, "set pgrst.db_pre_request = ''app.pre_request''");
      supabase.reloadSchemaCache(); // synchronous: the setting has been read (and ignored) now
      assertThat(probe(supabase)).isEqualTo("\"\"");
    }
  }
}

package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import no.likeperson.supabase.SeedData;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local stack calls the project's {@code db-pre-request} function ({@code app.pre_request()},
 * docs/hardening.md item 2) by default, as the project's migration configures PostgREST to: a
 * request's main statement sees the caller's stored organisation sets.
 */
@LocalSupabaseTest
class ProjectPreRequestTest {

    LocalSupabase supabase;
    private final OkHttpClient http = new OkHttpClient();

    @BeforeEach
    void createProbe() {
        supabase.execute("create or replace function public.request_scope_probe() returns text language sql stable"
                + " set search_path = '' as $$ select coalesce(pg_catalog.current_setting('app.scope_staff', true), '') $$;"
                + " grant execute on function public.request_scope_probe() to authenticated, anon;");
        supabase.reloadSchemaCache();
    }

    @AfterEach
    void dropProbe() {
        supabase.execute("drop function if exists public.request_scope_probe()");
        supabase.reloadSchemaCache();
    }

    private String probe(String token) throws Exception {
        Request r = new Request.Builder().url(supabase.apiUrl() + "/rest/v1/rpc/request_scope_probe")
                .header("apikey", supabase.anonKey()).header("Authorization", "Bearer " + token).build();
        try (Response resp = http.newCall(r).execute()) {
            String body = resp.body().string();
            assertThat(resp.code()).as(body).isEqualTo(200);
            return body;
        }
    }

    @Test
    void everyRequest_hasTheCallersOrganisationSetsStoredBeforeItsQuery() throws Exception {
        UUID coordinator = SeedData.COORD_OSLO;
        String body = probe(supabase.tokenFor(coordinator));
        assertThat(body).matches("\"staff\\|" + coordinator + "\\|\\{" + SeedData.ORG_OSLO + "\\}\\|[0-9a-f]{64}\"");
        assertThat(probe(supabase.anonKey())).isEqualTo("\"\"");
    }

    @Test
    void theProjectsFunction_isTheDefault() {
        assertThat(LocalSupabase.PROJECT_PRE_REQUEST).isEqualTo("app.pre_request");
    }
}

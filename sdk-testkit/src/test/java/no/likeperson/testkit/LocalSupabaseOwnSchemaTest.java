package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's own schema without this project's migrations: its migrations folder and seed, a second
 * exposed schema ({@code personal}), and a migration run later by the suite that the gateway picks
 * up from {@code NOTIFY pgrst, 'reload schema'} alone (PostgREST's contract; no Java call).
 */
class LocalSupabaseOwnSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OkHttpClient http = new OkHttpClient();

  private JsonNode get(LocalSupabase s, String path, String profile, int[] status)
      throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url(s.apiUrl() + "/rest/v1" + path)
            .header("apikey", s.anonKey())
            .header("Authorization", "Bearer " + s.serviceRoleKey());
    if (profile != null) b.header("Accept-Profile", profile);
    try (Response r = http.newCall(b.build()).execute()) {
      status[0] = r.code();
      return JSON.readTree(r.body().string());
    }
  }

  @Test
  void ownMigrationsSeedAndSchemas_thenNotifyReloadsTheSchemaCache(@TempDir Path dir)
      throws Exception {
    Path migrations = Files.createDirectory(dir.resolve("migrations"));
    Files.writeString(
        migrations.resolve("002_personal.sql"),
        """
        create schema personal;
        create table personal.diary (id int primary key, entry text);
        grant usage on schema personal to anon, authenticated, service_role;
        grant all on personal.diary to service_role;
        """);
    Files.writeString(
        migrations.resolve("001_public.sql"),
        """
        create table public.teams (id int primary key, name text not null);
        grant all on public.teams to service_role;
        """);
    Files.writeString(migrations.resolve("README.md"), "not a migration");
    Path seed =
        Files.writeString(
            dir.resolve("seed.sql"),
            """
        insert into public.teams values (1, 'alpha'), (2, 'beta');
        insert into personal.diary values (1, 'day one');
        """);
    try (LocalSupabase s =
        LocalSupabase.builder()
            .migrationsFrom(migrations)
            .seedFrom(seed)
            .schemas(List.of("public", "personal"))
            .aggregatesEnabled(true)
            .start()) {
      int[] status = {0};
      assertThat(get(s, "/teams?select=name&order=id", null, status).toString())
          .isEqualTo("[{\"name\":\"alpha\"},{\"name\":\"beta\"}]");
      // aggregatesEnabled(true) reaches the gateway (off by default:
      // ApiGatewayThroughLocalStackTest)
      assertThat(get(s, "/teams?select=count(),id.max()", null, status).toString())
          .isEqualTo("[{\"count\":2,\"max\":2}]");
      assertThat(get(s, "/diary?select=entry", "personal", status).toString())
          .isEqualTo("[{\"entry\":\"day one\"}]");
      // the project's own tables are not there
      get(s, "/activities", null, status);
      assertThat(status[0]).isEqualTo(404);

      // resetData: back to the team's seed
      s.execute("insert into public.teams values (3, 'gamma')");
      s.resetData();
      assertThat(get(s, "/teams?select=id", null, status).size()).isEqualTo(2);

      // a migration run by the suite, announced the PostgREST way
      s.execute(
          "create table public.late (id int primary key); grant all on public.late to service_role;"
              + " insert into public.late values (7); notify pgrst, 'reload schema'");
      JsonNode late = null;
      for (int i = 0; i < 100; i++) {
        late = get(s, "/late", null, status);
        if (status[0] == 200) break;
        Thread.sleep(100);
      }
      assertThat(status[0]).as(String.valueOf(late)).isEqualTo(200);
      assertThat(late.toString()).isEqualTo("[{\"id\":7}]");
    }
  }

  @Test
  void builder_refusesWhatIsNotThere(@TempDir Path dir) {
    assertThatThrownBy(() -> LocalSupabase.builder().migrationsFrom(dir.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> LocalSupabase.builder().seedFrom(dir))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalSupabase.builder().schemas(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

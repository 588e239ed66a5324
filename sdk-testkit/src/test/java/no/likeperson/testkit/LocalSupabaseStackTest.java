package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.SeedData;
import org.junit.jupiter.api.Test;

/** LocalSupabase's own contract, on the shared embedded stack. */
@LocalSupabaseTest
class LocalSupabaseStackTest {

  LocalSupabase supabase;

  record OrgRow(UUID id, @JsonProperty("parent_id") UUID parentId) {}

  long count(String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void start_servesOnLoopbackWithSupabaseDefaultKeys() {
    assertThat(supabase.isExternal()).isFalse();
    assertThat(supabase.apiUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(supabase.jwtSecret()).isEqualTo(LocalSupabase.DEFAULT_JWT_SECRET);
    assertThat(supabase.anonKey()).isEqualTo(JwtsTest.SUPABASE_DEMO_ANON_KEY);
    assertThat(supabase.serviceRoleKey()).isEqualTo(JwtsTest.SUPABASE_DEMO_SERVICE_ROLE_KEY);
  }

  @Test
  void jdbcUrl_reachesTheMigratedAndSeededDatabase() throws Exception {
    assertThat(count("select count(*) from supabase_migrations.schema_migrations")).isPositive();
    assertThat(
            count(
                "select count(*) from public.organisations where id = '" + SeedData.ORG_OSLO + "'"))
        .isEqualTo(1);
  }

  @Test
  void tokenFor_carriesTheHooksOrganisationClaims_andVerifiesWithTheSecret() {
    DecodedJWT jwt =
        JWT.require(Algorithm.HMAC256(supabase.jwtSecret()))
            .build()
            .verify(supabase.tokenFor(SeedData.MENTOR_MULTI));

    assertThat(jwt.getSubject()).isEqualTo(SeedData.MENTOR_MULTI.toString());
    assertThat(jwt.getClaim("role").asString()).isEqualTo("authenticated");
    assertThat(jwt.getAudience()).containsExactly("authenticated");
    assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(jwt.getIssuedAtAsInstant().plusSeconds(3600));
    Map<String, Object> appMetadata = jwt.getClaim("app_metadata").asMap();
    assertThat(appMetadata).containsEntry("organisation_id", SeedData.ORG_OSLO.toString());
    assertThat(appMetadata.get("organisation_ids"))
        .isEqualTo(
            List.of(SeedData.ORG_OSLO.toString(), SeedData.ORG_BAERUM.toString()).stream()
                .sorted()
                .toList());
    assertThat(appMetadata.get("org_roles"))
        .isEqualTo(
            Map.of(
                SeedData.ORG_OSLO.toString(), List.of("peer_mentor"),
                SeedData.ORG_BAERUM.toString(), List.of("peer_mentor")));
  }

  @Test
  void clientFor_readsAsThatUser_andItsClaimsMatchTheToken() {
    SupabaseClient admin = supabase.clientFor(SeedData.ADMIN_BLIND);

    assertThat(admin.claims().subject()).hasValue(SeedData.ADMIN_BLIND.toString());
    List<OrgRow> orgs = admin.from("organisations").select("id,parent_id").list(OrgRow.class);
    assertThat(orgs)
        .extracting(OrgRow::id)
        .contains(SeedData.ORG_BLIND, SeedData.ORG_TRONDHEIM)
        .doesNotContain(SeedData.ORG_OSLO, SeedData.ORG_NATIONAL);
  }

  @Test
  void tokenFor_unknownUser_isIllegalArgument() {
    UUID nobody = UUID.fromString("99999999-0000-4000-8000-000000000000");
    assertThatThrownBy(() -> supabase.tokenFor(nobody))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(nobody.toString());
    assertThatThrownBy(() -> supabase.clientFor(nobody))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> supabase.tokenFor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId == null");
  }

  @Test
  void resetData_removesWritesAndRestoresTheSeed() throws Exception {
    supabase.resetData(); // other classes of this JVM may have written: start from the seed
    long orgsBefore = count("select count(*) from public.organisations");
    long activitiesBefore = count("select count(*) from public.activities");
    String minutes = "select coalesce(sum(duration_minutes), 0) from public.activities";
    long minutesBefore = count(minutes);
    supabase.execute(
        "insert into public.organisations (id, parent_id, name) values"
            + " ('c0000000-0000-4000-8000-000000000099', '"
            + SeedData.ORG_OSLO
            + "', 'Scratch');"
            + " update public.activities set duration_minutes = coalesce(duration_minutes, 0) + 1;");
    assertThat(count("select count(*) from public.organisations")).isEqualTo(orgsBefore + 1);
    assertThat(count(minutes)).isGreaterThan(minutesBefore);

    supabase.resetData();

    assertThat(count("select count(*) from public.activities")).isEqualTo(activitiesBefore);
    assertThat(count(minutes)).isEqualTo(minutesBefore);
    assertThat(count("select count(*) from public.organisations")).isEqualTo(orgsBefore);
    assertThat(count("select count(*) from public.organisations where name = 'Scratch'")).isZero();
  }

  @Test
  void externalMode_fromSupabaseStatusVariables_reachesTheSameStackWithoutStartingOne()
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("SUPABASE_URL", supabase.apiUrl() + "/");
    env.put("SUPABASE_ANON_KEY", supabase.anonKey());
    env.put("SUPABASE_JWT_SECRET", supabase.jwtSecret());
    env.put(
        "SUPABASE_DB_URL",
        Main.postgresUri(supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword()));

    try (LocalSupabase external = LocalSupabase.builder().environment(env).start()) {
      assertThat(external.isExternal()).isTrue();
      assertThat(external.apiUrl()).isEqualTo(supabase.apiUrl());
      assertThat(external.serviceRoleKey()).isEqualTo(supabase.serviceRoleKey());
      assertThat(external.toString()).doesNotContain(supabase.databasePassword());

      try (Connection listener =
              DriverManager.getConnection(
                  supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
          Statement st = listener.createStatement()) {
        st.execute("listen pgrst");
        external.reloadSchemaCache(); // what a real PostgREST listens for
        org.postgresql.PGNotification[] got =
            listener.unwrap(org.postgresql.PGConnection.class).getNotifications(30_000);
        assertThat(got)
            .extracting(org.postgresql.PGNotification::getParameter)
            .containsExactly("reload schema");
      }
      long viaExternal =
          external.clientFor(SeedData.COORD_OSLO).from("activities").count(CountMode.EXACT);
      long viaEmbedded =
          supabase.clientFor(SeedData.COORD_OSLO).from("activities").count(CountMode.EXACT);
      assertThat(viaExternal).isEqualTo(viaEmbedded).isPositive();

      String minutes = "select coalesce(sum(duration_minutes), 0) from public.proxy_activities";
      long before = count(minutes);
      external.execute(
          "update public.proxy_activities set duration_minutes = duration_minutes + 1");
      assertThat(count(minutes)).isGreaterThan(before);
      external.resetData();
      assertThat(count(minutes)).isEqualTo(before);
    }
    // closing an external instance leaves the stack it points at running
    assertThat(supabase.clientFor(SeedData.COORD_OSLO).from("activities").count(CountMode.EXACT))
        .isPositive();
  }

  @Test
  void closedInstance_refusesWork_andCloseIsIdempotent() {
    Map<String, String> env =
        Map.of(
            "SUPABASE_URL", supabase.apiUrl(),
            "SUPABASE_ANON_KEY", supabase.anonKey(),
            "SUPABASE_JWT_SECRET", supabase.jwtSecret(),
            "SUPABASE_DB_URL",
                Main.postgresUri(
                    supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword()));
    LocalSupabase external = LocalSupabase.builder().environment(env).start();
    external.close();
    external.close();

    assertThatThrownBy(() -> external.tokenFor(SeedData.COORD_OSLO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LocalSupabase is closed");
    assertThatThrownBy(external::resetData).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_rejectsBadSettingsBeforeStartingAnything() {
    assertThatThrownBy(() -> LocalSupabase.builder().jwtSecret("too-short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("too-short");
    assertThatThrownBy(() -> LocalSupabase.builder().jwtSecret(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LocalSupabase.builder().port(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalSupabase.builder().port(65_536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalSupabase.builder().maxRequestBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LocalSupabase.builder().environment(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LocalSupabase.builder().scale(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> LocalSupabase.builder().environment(Map.of("SUPABASE_URL", "http://x")).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUPABASE_ANON_KEY");
  }

  @Test
  void start_whenThePortIsTaken_failsNamingThePort() {
    int taken =
        Integer.parseInt(supabase.apiUrl().substring(supabase.apiUrl().lastIndexOf(':') + 1));

    assertThatThrownBy(() -> LocalSupabase.builder().port(taken).migrations(false).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not start the gateway on 127.0.0.1:" + taken);
    // the shared stack on that port is untouched
    assertThat(supabase.anonClient().from("organisations").count(CountMode.EXACT))
        .isGreaterThanOrEqualTo(0);
  }

  @Test
  void execute_badSql_isIllegalStateWithTheSqlState() {
    assertThatThrownBy(() -> supabase.execute("selec 1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("42601");
    assertThatThrownBy(() -> supabase.execute(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sql == null");
  }

  @Test
  void toString_hidesSecrets() {
    assertThat(supabase.toString())
        .contains(supabase.apiUrl())
        .doesNotContain(supabase.jwtSecret(), supabase.databasePassword(), supabase.anonKey());
  }
}

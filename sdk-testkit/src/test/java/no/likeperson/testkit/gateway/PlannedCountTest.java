package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Prefer: count=planned|estimated} must not tell a client how many rows another organisation
 * has. PostgreSQL's planner estimates from table statistics that ignore row-level security, so
 * {@code ?org_id=eq.<foreign>} with a planned count reads the foreign organisation's volume. Roles
 * under RLS (anon, authenticated) get the exact count of the rows they may see instead; roles that
 * bypass RLS (service_role) keep PostgREST's planner estimate.
 */
class PlannedCountTest {
  private static final int OWN_ROWS = 3;
  private static final int FOREIGN_ROWS = 2000;
  private static final String SCHEMA =
      """
      drop schema if exists vol cascade;
      create schema vol;
      create table vol.entries (id int generated always as identity primary key, org_id int not null, body text);
      alter table vol.entries enable row level security;
      create policy own_org on vol.entries for select to anon, authenticated
        using (org_id = (nullif(current_setting('request.jwt.claims', true), '')::json->>'org')::int);
      grant usage on schema vol to anon, authenticated, service_role;
      grant select on vol.entries to anon, authenticated, service_role;
      insert into vol.entries (org_id, body) select 1, 'own' from pg_catalog.generate_series(1, %d);
      insert into vol.entries (org_id, body) select 2, 'foreign' from pg_catalog.generate_series(1, %d);
      analyze vol.entries;
      """
          .formatted(OWN_ROWS, FOREIGN_ROWS);

  private static final GatewayFixture f = GatewayFixture.get();
  private static PostgrestGateway gw;

  @BeforeAll
  static void start() {
    f.db.execute(SCHEMA);
    gw = f.gatewayOn("vol", b -> b);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String memberOf(int org) {
    long now = Instant.now().getEpochSecond();
    return GatewayFixture.token(
        Map.of(
            "sub",
            GatewayFixture.ALICE,
            "role",
            "authenticated",
            "exp",
            now + 3600,
            "org",
            String.valueOf(org)));
  }

  private static Reply request(String method, String token, String count, String query) {
    Request.Builder b =
        new Request.Builder()
            .url(gw.baseUrl() + "/rest/v1/entries?" + query)
            .method(method, null)
            .header("Prefer", "count=" + count);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return f.execute(b.build());
  }

  /** The total after the slash of Content-Range. */
  private static long total(Reply r) {
    assertThat(r.status()).as(r.body()).isIn(200, 206);
    String range = r.header("Content-Range");
    return Long.parseLong(range.substring(range.indexOf('/') + 1));
  }

  private static long sqlCount(String where) {
    return Long.parseLong(f.sql("select count(*) from vol.entries where " + where).get(0));
  }

  /** What the planner tells a member of organisation 1 about organisation 2's rows, past RLS. */
  private static long plannerEstimateOfForeignRows() {
    try (Connection c =
        DriverManager.getConnection(f.db.jdbcUrl(), f.db.superuser(), f.db.password())) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("set local role authenticated");
        st.execute("select set_config('request.jwt.claims', '{\"org\":\"1\"}', true)");
        try (ResultSet rs =
            st.executeQuery("explain (format json) select 1 from vol.entries where org_id = 2")) {
          rs.next();
          JsonNode plan = GatewayFixture.JSON.readTree(rs.getString(1));
          return plan.path(0).path("Plan").path("Plan Rows").asLong();
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theLeakIsReal_thePlannerEstimatesForeignRowsPastRls() {
    // without this the tests below could not fail: the estimate an unguarded gateway would send
    assertThat(plannerEstimateOfForeignRows()).isGreaterThan(OWN_ROWS * 10L);
  }

  @Test
  void plannedAndEstimated_forAMember_areTheExactCountUnderRls_noForeignVolume() {
    String member = memberOf(1);
    long visibleForeign = 0; // RLS hides organisation 2 from a member of 1
    long own = sqlCount("org_id = 1");
    for (String count : List.of("planned", "estimated")) {
      for (String method : List.of("GET", "HEAD")) {
        Reply foreign = request(method, member, count, "select=id&org_id=eq.2");
        assertThat(total(foreign)).as(count + " " + method).isEqualTo(visibleForeign);
        assertThat(foreign.header("Preference-Applied")).isEqualTo("count=" + count);
        assertThat(total(request(method, member, count, "select=id&org_id=eq.1"))).isEqualTo(own);
        assertThat(total(request(method, member, count, "select=id"))).isEqualTo(own);
      }
    }
    // a page of the own rows: the range says the exact total
    Reply page = request("GET", member, "planned", "select=id&limit=2");
    assertThat(page.header("Content-Range")).isEqualTo("0-1/" + own);
    assertThat(page.status()).isEqualTo(206);
  }

  @Test
  void plannedAndEstimated_forAnon_revealNothing() {
    assertThat(total(request("GET", null, "planned", "select=id&org_id=eq.2"))).isZero();
    assertThat(total(request("GET", null, "estimated", "select=id"))).isZero();
  }

  @Test
  void serviceRole_bypassesRls_andKeepsThePlannersEstimate() {
    String service = GatewayFixture.serviceToken();
    // nothing matches, but the planner never estimates fewer than one row: proof that this is the
    // estimate
    assertThat(sqlCount("body = 'no such body'")).isZero();
    assertThat(total(request("GET", service, "planned", "select=id&body=eq.no such body")))
        .isPositive();
    assertThat(total(request("GET", service, "exact", "select=id&body=eq.no such body"))).isZero();
    assertThat(total(request("GET", service, "planned", "select=id&org_id=eq.2")))
        .isGreaterThan(OWN_ROWS * 10L);
  }
}

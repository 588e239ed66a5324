package no.likeperson.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the demo once against the local stack (real migrations, RLS and seed) and checks what it saw
 * against independent superuser queries over JDBC, which bypass RLS.
 */
@LocalSupabaseTest(resetData = true)
class DemoTest {

  static LocalSupabase supabase;

  static Demo.Summary summary;
  static String output;
  static long proxyRowsBefore;

  @BeforeAll
  static void runDemoOnce() throws Exception {
    proxyRowsBefore = sql("select count(*) from public.proxy_activities");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      summary = Demo.run(supabase, out);
    }
    output = buffer.toString(StandardCharsets.UTF_8);
  }

  static long sql(String query, Object... args) throws Exception {
    return sql(supabase, query, args);
  }

  /** A one-number superuser query over JDBC (bypasses RLS). */
  static long sql(LocalSupabase supabase, String query, Object... args) throws Exception {
    try (Connection c = DriverManager.getConnection(supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
         PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void monthlyStats_sumToTheCoordinatorsRegistrationsIn2026() throws Exception {
    long expected = sql("select (select count(*) from public.activities where coordinator_id = ?"
        + " and activity_date between ? and ?) + (select count(*) from public.proxy_activities where coordinator_id = ?"
        + " and date between ? and ?)", Demo.COORD_OSLO, Demo.YEAR_START, Demo.YEAR_END,
        Demo.COORD_OSLO, Demo.YEAR_START, Demo.YEAR_END);

    assertThat(summary.monthlyStats()).isNotEmpty();
    assertThat(summary.monthlyStats().stream().mapToLong(Demo.MonthlyStat::activityCount).sum()).isEqualTo(expected);
  }

  @Test
  void proxyActivity_isReturnedWithTheResolvedType_andRolledBack() throws Exception {
    Demo.ProxyActivity row = summary.proxyActivity();

    assertThat(row.id()).isNotNull();
    assertThat(row.attributedMentorId()).isEqualTo(Demo.MENTOR_OSLO);
    assertThat(row.coordinatorId()).isEqualTo(Demo.COORD_OSLO);
    assertThat(row.orgId()).isEqualTo(Demo.ORG_OSLO);
    assertThat(row.activityTypeId()).isNotNull();
    assertThat(sql("select count(*) from public.proxy_activities where id = ?", row.id())).isZero();
    assertThat(sql("select count(*) from public.proxy_activities")).isEqualTo(proxyRowsBefore);
  }

  @Test
  void chapterCount_isTheExactNumberOfOslosActivities() throws Exception {
    assertThat(summary.chapterActivityCount())
        .isPositive()
        .isEqualTo(sql("select count(*) from public.activities where org_id = ?", Demo.ORG_OSLO));
  }

  @Test
  void bufdir_countsEveryActivityOfTheSubtree_andEachMentorOnce() throws Exception {
    String subtree = "select descendant_id from public.organisation_closure where ancestor_id = ?";
    long direct = sql("select count(*) from public.activities where org_id in (" + subtree + ")"
        + " and activity_date between ? and ?", Demo.ORG_NATIONAL, Demo.YEAR_START, Demo.YEAR_END);
    long proxies = sql("select count(*) from public.proxy_activities where org_id in (" + subtree + ")"
        + " and date between ? and ?", Demo.ORG_NATIONAL, Demo.YEAR_START, Demo.YEAR_END);
    long mentors = sql("select count(distinct m) from (select peer_mentor_id m from public.activities where org_id in ("
        + subtree + ") and activity_date between ? and ? union select attributed_mentor_id from public.proxy_activities"
        + " where org_id in (" + subtree + ") and date between ? and ?) x",
        Demo.ORG_NATIONAL, Demo.YEAR_START, Demo.YEAR_END, Demo.ORG_NATIONAL, Demo.YEAR_START, Demo.YEAR_END);
    long multiChapters = sql("select count(distinct org_id) from public.activities where peer_mentor_id = ?",
        Demo.MENTOR_MULTI);

    Demo.BufdirTotals totals = summary.bufdir().totals();
    assertThat(totals.activityCount()).isEqualTo(direct + proxies);
    assertThat(totals.proxyActivityCount()).isEqualTo(proxies);
    assertThat(totals.peerMentorCount()).isEqualTo(mentors).isEqualTo(summary.bufdir().peerMentorRecords().size());
    assertThat(multiChapters).isGreaterThan(1);
    assertThat(summary.multiChapterMentorRecords()).isEqualTo(1);
  }

  @Test
  void kpis_countTheRegionsActivities() throws Exception {
    long activities = sql("select (select count(*) from public.activities a join public.organisation_closure c"
        + " on c.descendant_id = a.org_id where c.ancestor_id = ?) + (select count(*) from public.proxy_activities p"
        + " join public.organisation_closure c on c.descendant_id = p.org_id where c.ancestor_id = ?)",
        Demo.ORG_REGION_OST, Demo.ORG_REGION_OST);

    assertThat(summary.kpis().organisationId()).isEqualTo(Demo.ORG_REGION_OST);
    assertThat(summary.kpis().totalActivitiesCount()).isEqualTo(activities);
    assertThat(summary.kpis().orgHealthScore()).isBetween(0.0, 1.0);
  }

  @Test
  void unrelatedAdmin_seesNothingOfOrgA_andTheGuardRefusesBeforeSending() throws Exception {
    assertThat(sql("select count(*) from public.activities where org_id = ?", Demo.ORG_OSLO)).isPositive();

    assertThat(summary.isolationRows()).isZero();
    assertThat(summary.isolationCount()).isZero();
    assertThat(summary.guardRefused()).isTrue();
  }

  @Test
  void invalidInsert_isATypedValidationError() {
    assertThat(summary.validationStatus()).isEqualTo(400);
    assertThat(summary.validationCode()).isEqualTo("23514");
  }

  @Test
  void output_narratesEveryStep() {
    assertThat(output)
        .contains("1. coord.oslo", "2. admin.national", "3. admin.ost", "4. admin.blind", "5. coord.oslo")
        .contains("HEAD count=exact: 0")
        .contains("UnauthorisedAccessException")
        .contains("ValidationException: HTTP 400, code 23514")
        .doesNotContain("eyJ");  // no token ever printed
  }
}

package no.likeperson.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import no.likeperson.sdk.bufdir.BufdirException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the demo once against the local stack (real migrations, RLS and seed) and checks what it saw
 * against independent superuser queries over JDBC, which bypass RLS.
 */
@LocalSupabaseTest(resetData = true)
class DemoTest {

  static LocalSupabase supabase;

  @TempDir static Path folder;

  static Demo.Summary summary;
  static String output;
  static long proxyRowsBefore;

  private static final String IN_2026 = " between '2026-01-01' and '2026-12-31'";
  private static final String SUBTREE =
      "select descendant_id from public.organisation_closure where ancestor_id = ?";

  @BeforeAll
  static void runDemoOnce() throws Exception {
    proxyRowsBefore = sql("select count(*) from public.proxy_activities");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      summary = Demo.run(supabase, out, folder);
    }
    output = buffer.toString(StandardCharsets.UTF_8);
  }

  static long sql(String query, Object... args) throws Exception {
    return sql(supabase, query, args);
  }

  /** A one-number superuser query over JDBC (bypasses RLS); the example tests use it too. */
  static long sql(LocalSupabase supabase, String query, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
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

  /**
   * The coordinator's 2026 registrations in Oslo: direct activities it coordinates and its proxy
   * activities.
   */
  static long coordinatorActivities() throws Exception {
    return sql(
        "select (select count(*) from public.activities where org_id = ? and coordinator_id = ?"
            + " and activity_date"
            + IN_2026
            + ") + (select count(*) from public.proxy_activities where org_id = ?"
            + " and coordinator_id = ? and date"
            + IN_2026
            + ")",
        Demo.ORG_OSLO,
        Demo.COORD_OSLO,
        Demo.ORG_OSLO,
        Demo.COORD_OSLO);
  }

  @Test
  void stats_areTheCoordinatorsRegistrations_zeroFilled_andTheSecondReadIsTheCachedOne()
      throws Exception {
    assertThat(summary.statsAfter().series().total().activityCount())
        .isEqualTo(coordinatorActivities());
    assertThat(summary.statsBefore().series().total().activityCount())
        .isEqualTo(coordinatorActivities() - 1);
    assertThat(summary.statsBefore().series().months())
        .hasSize(12)
        .first()
        .isEqualTo(YearMonth.of(2026, 1));
    assertThat(summary.statsCached().fetchedAt()).isEqualTo(summary.statsBefore().fetchedAt());
    assertThat(summary.statsAfter().fetchedAt()).isAfter(summary.statsBefore().fetchedAt());
  }

  @Test
  void registration_sentTwice_isStoredOnce_forTheMentor() throws Exception {
    assertThat(
            sql(
                "select count(*) from public.proxy_activities where id = ?",
                summary.registered().id()))
        .isOne();
    assertThat(sql("select count(*) from public.proxy_activities")).isEqualTo(proxyRowsBefore + 1);
    assertThat(summary.registered().attributedMentorId()).isEqualTo(Demo.MENTOR_OSLO);
    assertThat(summary.registered().coordinatorId()).isEqualTo(Demo.COORD_OSLO);
    assertThat(summary.registered().date()).isEqualTo(Demo.REGISTERED_DAY);
  }

  @Test
  void kpis_countTheSubtreesActivities_forTheRegionAndTheNation() throws Exception {
    for (var c :
        new Object[][] {
          {Demo.ORG_REGION_OST, summary.regionKpis()}, {Demo.ORG_NATIONAL, summary.nationalKpis()}
        }) {
      long activities =
          sql(
              "select (select count(*) from public.activities where org_id in ("
                  + SUBTREE
                  + "))"
                  + " + (select count(*) from public.proxy_activities where org_id in ("
                  + SUBTREE
                  + "))",
              c[0],
              c[0]);
      long pending =
          sql(
              "select count(*) from public.reimbursements where status = 'pending' and org_id in ("
                  + SUBTREE
                  + ")",
              c[0]);
      var kpis = (no.likeperson.sdk.admin.AdminStatDto) c[1];
      assertThat(kpis.organisationId()).isEqualTo(c[0]);
      assertThat(kpis.totalActivitiesCount()).isEqualTo(activities);
      assertThat(kpis.pendingReimbursementsCount()).isEqualTo(pending);
      assertThat(kpis.orgHealthScore()).isBetween(0.0, 1.0);
    }
    assertThat(summary.nationalKpis().totalActivitiesCount())
        .isGreaterThan(summary.regionKpis().totalActivitiesCount());
  }

  @Test
  void expiringCertifications_areOslosActiveOnesDueWithin30Days() throws Exception {
    long due =
        sql(
            "select count(*) from public.peer_mentor_certifications where org_id = ? and status = 'active'"
                + " and expires_at <= now() + interval '30 days'",
            Demo.ORG_OSLO);
    assertThat(summary.expiring())
        .hasSize((int) due)
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.orgId()).isEqualTo(Demo.ORG_OSLO));
  }

  @Test
  void bufdir_chapterTotals_equalTheRawRows_andTheMultiChapterMentorIsCountedOnceInTheRegion()
      throws Exception {
    long direct =
        sql(
            "select count(*) from public.activities where org_id = ? and activity_date" + IN_2026,
            Demo.ORG_OSLO);
    long proxies =
        sql(
            "select count(*) from public.proxy_activities where org_id = ? and date" + IN_2026,
            Demo.ORG_OSLO);
    assertThat(summary.chapterPayload().totals().activityCount()).isEqualTo(direct + proxies);
    assertThat(summary.chapterPayload().totals().proxyActivityCount()).isEqualTo(proxies);

    long regionMentors =
        sql(
            "select count(distinct m) from (select peer_mentor_id m from public.activities where org_id in ("
                + SUBTREE
                + ") and activity_date"
                + IN_2026
                + " union select attributed_mentor_id from public.proxy_activities"
                + " where org_id in ("
                + SUBTREE
                + ") and date"
                + IN_2026
                + ") x",
            Demo.ORG_REGION_OST,
            Demo.ORG_REGION_OST);
    assertThat(summary.regionPayload().totals().peerMentorCount())
        .isEqualTo(regionMentors)
        .isEqualTo(summary.regionPayload().peerMentorRecords().size());
    assertThat(
            sql(
                "select count(distinct org_id) from public.activities where peer_mentor_id = ? and org_id in ("
                    + SUBTREE
                    + ")",
                Demo.MENTOR_MULTI,
                Demo.ORG_REGION_OST))
        .isGreaterThan(1);
    assertThat(summary.regionPayload().peerMentorRecords())
        .filteredOn(r -> r.peerMentorId().equals(Demo.MENTOR_MULTI))
        .hasSize(1);
    assertThat(summary.regionPayload().multiChapterMentors())
        .anySatisfy(m -> assertThat(m.peerMentorId()).isEqualTo(Demo.MENTOR_MULTI));
  }

  @Test
  void bufdirFiles_areWritten_csvWithAHeaderJsonAndARealPdf() throws Exception {
    assertThat(summary.files()).hasSize(4).allSatisfy(f -> assertThat(Files.size(f)).isPositive());
    Path csv = summary.files().get(0);
    assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8).get(0)).contains("peer_mentor_id");
    Path pdf = summary.files().get(3);
    assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.ISO_8859_1))
        .isEqualTo("%PDF-");
    assertThat(output).contains("written to " + folder);
  }

  @Test
  void refusals_areTyped_andTheGuardsSendsNothing() {
    assertThat(summary.crossOrgRefusal()).isInstanceOf(UnauthorisedAccessException.class);
    assertThat(summary.invalidRegistrationRefusal()).isInstanceOf(BufdirException.class);
    assertThat(((BufdirException) summary.invalidRegistrationRefusal()).code()).isPresent();
  }

  @Test
  void output_narratesEveryStep_withTimes() {
    assertThat(output)
        .contains(
            "1. coord.oslo",
            "2. coord.oslo registers",
            "3. KPI cards",
            "4. coord.oslo",
            "5. Bufdir 2026",
            "6. what is refused")
        .contains("served from the cache: last updated")
        .contains("stored once")
        .contains("health = 0.4")
        .containsPattern("request: [0-9.]+ ms");
  }
}

package no.likeperson.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirSummary;
import no.likeperson.sdk.bufdir.ProxyActivity;
import no.likeperson.sdk.bufdir.ProxyAuditEntry;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.supabase.SeedData;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import no.likeperson.testkit.SeedUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the sdk-bufdir and sdk-bufdir-report examples of the README and the javadoc; mentor counts
 * come from the seed's rows, and every file they write is read back.
 */
@LocalSupabaseTest(resetData = true)
class BufdirSnippetsTest {

  static LocalSupabase supabase;

  @AsUser(SeedUsers.COORD_OSLO)
  SupabaseClient coordinator;

  @AsUser(SeedUsers.ADMIN_NATIONAL)
  SupabaseClient admin;

  @AsUser(SeedUsers.COORD_TRONDHEIM)
  SupabaseClient stranger;

  @TempDir Path folder;

  static final String IN_2026 = " between date '2026-01-01' and date '2026-12-31'";

  /**
   * Distinct mentors with a direct or proxy activity in 2026 in the organisations {@code orgs}
   * selects.
   */
  static long mentors(String orgs, Object... args) throws Exception {
    Object[] twice = new Object[args.length * 2];
    System.arraycopy(args, 0, twice, 0, args.length);
    System.arraycopy(args, 0, twice, args.length, args.length);
    return Seed.count(
        supabase,
        "select count(distinct m) from (select peer_mentor_id m from public.activities "
            + "where org_id in ("
            + orgs
            + ") and activity_date"
            + IN_2026
            + " union all select attributed_mentor_id "
            + "from public.proxy_activities where org_id in ("
            + orgs
            + ") and date"
            + IN_2026
            + ") x",
        twice);
  }

  static long nationalMentors() throws Exception {
    return Seed.count(
        supabase,
        Seed.SUBTREE
            + "select count(distinct m) from (select peer_mentor_id m from "
            + "public.activities where org_id in (select id from t) and activity_date"
            + IN_2026
            + " union all select "
            + "attributed_mentor_id from public.proxy_activities where org_id in (select id from t) and date"
            + IN_2026
            + ") x",
        SeedData.ORG_NATIONAL);
  }

  @Test
  void readme_chapterYear_registration_csvAndPdf() throws Exception {
    long expected = mentors("?", SeedData.ORG_OSLO);
    BufdirSnippets.ReadmeResult r =
        BufdirSnippets.readme(
            coordinator,
            SeedData.ORG_OSLO,
            SeedData.MENTOR_OSLO,
            LocalDate.of(2026, 10, 5),
            folder);
    assertThat(r.peerMentors()).isEqualTo(expected).isEqualTo(r.year().totals().peerMentorCount());
    assertThat(r.multiChapter())
        .isEqualTo(r.year().multiChapterMentors()); // none within one chapter
    assertThat(
            Seed.count(
                supabase,
                "select count(*) from public.proxy_activities where id = ? and "
                    + "duration_minutes = 45",
                r.registered().id()))
        .isOne();
    String csv = Files.readString(r.csv(), StandardCharsets.UTF_8);
    long mentorRows = csv.lines().filter(l -> l.contains("mentor")).count();
    assertThat(mentorRows).isGreaterThanOrEqualTo(expected);
    assertThat(csv).contains("total");
    assertThat(Files.readAllBytes(r.pdf())).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aggregation_chapterPayload_andTheNationalStream() throws Exception {
    StringBuilder printed = new StringBuilder();
    BufdirSnippets.AggregationResult r =
        BufdirSnippets.aggregation(admin, SeedData.ORG_OSLO, SeedData.ORG_NATIONAL, printed);
    long chapter = mentors("?", SeedData.ORG_OSLO);
    assertThat(r.payload().totals().peerMentorCount()).isEqualTo(chapter);
    assertThat(printed.toString()).startsWith(chapter + " mentors, ");
    long national = nationalMentors();
    assertThat(r.summary().totals().peerMentorCount()).isEqualTo(national);
    assertThat(r.records()).hasSize((int) national);
  }

  @Test
  void aggregation_forAnotherOrganisation_isRefusedBeforeSending() {
    assertThatThrownBy(
            () ->
                BufdirSnippets.aggregation(
                    stranger, SeedData.ORG_OSLO, SeedData.ORG_NATIONAL, new StringBuilder()))
        .isInstanceOf(UnauthorisedAccessException.class);
  }

  @Test
  void proxies_registerListUpdateAuditDelete() throws Exception {
    List<UUID> mentors = List.of(SeedData.MENTOR_OSLO, SeedData.MENTOR_MULTI);
    BufdirSnippets.ProxyResult r =
        BufdirSnippets.proxies(
            coordinator,
            SeedData.ORG_OSLO,
            SeedData.MENTOR_OSLO,
            mentors,
            LocalDate.of(2026, 11, 2));
    assertThat(r.group())
        .extracting(ProxyActivity::attributedMentorId)
        .containsExactlyInAnyOrderElementsOf(mentors);
    for (ProxyActivity g : r.group()) {
      assertThat(
              Seed.count(
                  supabase, "select count(*) from public.proxy_activities where id = ?", g.id()))
          .isOne();
    }
    assertThat(r.march().rows()).extracting(ProxyActivity::id).contains(r.registered().id());
    assertThat(r.march().rows())
        .hasSize(
            (int)
                    Seed.count(
                        supabase,
                        "select count(*) from public.proxy_activities "
                            + "where org_id = ? and attributed_mentor_id = ? and date between date '2026-03-01' and date '2026-03-31'",
                        SeedData.ORG_OSLO,
                        SeedData.MENTOR_OSLO)
                + 1); // the one deleted since
    assertThat(r.updated()).hasValueSatisfying(u -> assertThat(u.durationMinutes()).isEqualTo(60));
    assertThat(r.trail())
        .extracting(ProxyAuditEntry::action)
        .containsExactly(ProxyAuditEntry.Action.INSERT, ProxyAuditEntry.Action.UPDATE);
    assertThat(r.deleted()).isTrue();
    assertThat(
            Seed.count(
                supabase,
                "select count(*) from public.proxy_activities where id = ?",
                r.registered().id()))
        .isZero();
  }

  @Test
  void exporterAndReport_writeThePayload_andStreamTheNationalYear() throws Exception {
    ActivityAggregationService service = ActivityAggregationService.create(admin);
    BufdirPayload payload =
        service.aggregateActivities(
            SeedData.ORG_OSLO,
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 12, 31),
            ScopeLevel.CHAPTER);
    List<long[]> progress = new ArrayList<>();
    BufdirSummary exported =
        BufdirSnippets.exporter(service, payload, SeedData.ORG_NATIONAL, folder, progress);
    long national = nationalMentors();
    assertThat(exported.totals().peerMentorCount()).isEqualTo(national);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(national);
    assertThat(Files.readString(folder.resolve("bufdir.csv"), StandardCharsets.UTF_8))
        .contains("total");
    assertThat(Files.size(folder.resolve("bufdir-excel.csv"))).isPositive();

    BufdirSummary reported = BufdirSnippets.report(service, payload, SeedData.ORG_NATIONAL, folder);
    assertThat(reported.totals().peerMentorCount()).isEqualTo(national);
    for (String pdf : List.of("bufdir-2026.pdf", "bufdir-national-2026.pdf")) {
      assertThat(Files.readAllBytes(folder.resolve(pdf)))
          .startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
    }
  }
}

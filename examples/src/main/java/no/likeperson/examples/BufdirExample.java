package no.likeperson.examples;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.bufdir.BufdirSummary;
import no.likeperson.sdk.bufdir.NewProxyActivity;
import no.likeperson.sdk.bufdir.ProxyActivity;
import no.likeperson.sdk.bufdir.ProxyActivityRepository;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.LocalSupabase;

/**
 * sdk-bufdir in four steps, on the local stack (or the Supabase project in {@code SUPABASE_*}): a
 * coordinator registers a group session on behalf of two peer mentors (one idempotent batch), reads
 * the chapter's Bufdir payload, the region admin streams the region's records, and the deduplicated
 * multi-chapter mentors are shown.
 *
 * <pre>{@code
 * BufdirExample.Result r = BufdirExample.run(LocalSupabase.start(), System.out);   // or main() from an IDE
 * // mvn -B -pl examples -am verify -Dtest=BufdirExampleTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
public final class BufdirExample {

  /** coord.oslo, admin.ost, mentor.oslo, mentor.multi and the organisations of the seed. */
  static final UUID COORD_OSLO = UUID.fromString("20000000-0000-4000-8000-000000000001");

  static final UUID ADMIN_OST = UUID.fromString("10000000-0000-4000-8000-000000000002");
  static final UUID MENTOR_OSLO = UUID.fromString("30000000-0000-4000-8000-000000000001");
  static final UUID MENTOR_MULTI = UUID.fromString("30000000-0000-4000-8000-000000000002");
  static final UUID ORG_OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");
  static final UUID ORG_REGION_OST = UUID.fromString("a0000000-0000-4000-8000-000000000011");
  static final LocalDate YEAR_START = LocalDate.of(2026, 1, 1);
  static final LocalDate YEAR_END = LocalDate.of(2026, 12, 31);

  /** What the example saw. */
  public record Result(
      List<ProxyActivity> registered,
      BufdirPayload chapter,
      BufdirSummary region,
      long regionRecords) {}

  private BufdirExample() {}

  public static void main(String[] args) {
    try (LocalSupabase stack = LocalSupabase.fromEnvironment()) {
      run(stack, System.out);
      System.out.println("OK: Bufdir example finished");
    } catch (RuntimeException e) {
      System.err.println("Bufdir example FAILED: " + e);
      System.exit(1);
    }
  }

  /**
   * Runs the steps against {@code stack}, printing to {@code out}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Result run(LocalSupabase stack, PrintStream out) {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(out, "out == null");
    try (SupabaseClient coordinator = stack.clientFor(COORD_OSLO);
        SupabaseClient admin = stack.clientFor(ADMIN_OST)) {
      // 1. a group session, registered on behalf of two mentors in ONE request; safe to retry
      ProxyActivityRepository proxies = ProxyActivityRepository.create(coordinator);
      NewProxyActivity session =
          NewProxyActivity.of(ORG_OSLO, MENTOR_OSLO, "samtale", LocalDate.of(2026, 9, 3), 90)
              .withNotes("Felles samtalegruppe, registrert av koordinator");
      List<NewProxyActivity> batch = List.of(session, session.forMentor(MENTOR_MULTI));
      List<ProxyActivity> registered = proxies.registerAll(batch);
      proxies.registerAll(batch); // a retry with the same values stores nothing twice
      out.printf(
          "1. coord.oslo registered %d proxy activities (one request, all or nothing)%n",
          registered.size());

      // 2. the chapter's Bufdir payload for the year
      BufdirPayload chapter =
          ActivityAggregationService.create(coordinator)
              .aggregateActivities(ORG_OSLO, YEAR_START, YEAR_END, ScopeLevel.CHAPTER);
      out.printf(
          "2. Oslo 2026: %d peer mentors, %d sessions, %d min, %d activities (%d by proxy, %d without duration)%n",
          chapter.totals().peerMentorCount(),
          chapter.totals().sessionCount(),
          chapter.totals().durationMinutes(),
          chapter.totals().activityCount(),
          chapter.totals().proxyActivityCount(),
          chapter.totals().activitiesWithoutDuration());
      for (BufdirPeerMentorRecord m : chapter.peerMentorRecords()) {
        out.printf(
            "   %-22s %3d sessions %5d min%n",
            m.name().orElse(m.peerMentorId().toString()), m.sessionCount(), m.durationMinutes());
        for (BufdirActivityTypeBreakdown b : m.activityTypes()) {
          out.printf(
              "      %-20s %3d sessions %5d min%n",
              b.name(), b.sessionCount(), b.durationMinutes());
        }
      }

      // 3. the region, streamed record by record (what an export of a national year does)
      List<UUID> seen = new ArrayList<>();
      BufdirSummary region =
          ActivityAggregationService.create(admin)
              .streamActivities(
                  ORG_REGION_OST,
                  YEAR_START,
                  YEAR_END,
                  ScopeLevel.REGION,
                  record -> seen.add(record.peerMentorId()));
      out.printf(
          "3. Øst 2026 streamed: %d mentor records, %d unique peer mentors%n",
          seen.size(), region.totals().peerMentorCount());

      // 4. who was counted once although active in several chapters
      region
          .multiChapterMentors()
          .forEach(
              d ->
                  out.printf(
                      "4. counted once, active in %d chapters: %s%n",
                      d.organisationIds().size(), d.peerMentorId()));
      return new Result(registered, chapter, region, seen.size());
    }
  }
}

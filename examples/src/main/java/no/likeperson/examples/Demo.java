package no.likeperson.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import no.likeperson.sdk.admin.AdminDataRepository;
import no.likeperson.sdk.admin.AdminRlsGuard;
import no.likeperson.sdk.admin.AdminStatDto;
import no.likeperson.sdk.admin.Certification;
import no.likeperson.sdk.admin.CertificationRepository;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.BufdirException;
import no.likeperson.sdk.bufdir.BufdirExportFormat;
import no.likeperson.sdk.bufdir.BufdirExporter;
import no.likeperson.sdk.bufdir.BufdirMultiChapterMentor;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.NewProxyActivity;
import no.likeperson.sdk.bufdir.ProxyActivity;
import no.likeperson.sdk.bufdir.ProxyActivityRepository;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.bufdir.report.BufdirReport;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.stats.CachedStats;
import no.likeperson.sdk.stats.StatsCacheManager;
import no.likeperson.sdk.stats.StatsQuery;
import no.likeperson.sdk.stats.StatsRepository;
import no.likeperson.sdk.stats.StatsSeries;
import no.likeperson.testkit.LocalSupabase;

/**
 * The runnable demo: a coordinator, two org admins and an admin of an unrelated organisation walk
 * through the platform with the SDK's repositories only ({@code sdk-stats}, {@code sdk-bufdir},
 * {@code sdk-bufdir-report}, {@code sdk-admin}). The stack is the embedded local one ({@link
 * LocalSupabase}, seeded), or the Supabase project named by the {@code SUPABASE_*} environment
 * variables; the testkit only starts it and signs the seed users in.
 *
 * <pre>{@code
 * // from the repository root
 * mvn -B -q -Pdemo -pl examples -am -DskipTests verify
 *
 * // or from code
 * try (LocalSupabase stack = LocalSupabase.start()) {
 *   Demo.Summary summary = Demo.run(stack, System.out, Path.of("target/demo-output"));
 * }
 * }</pre>
 *
 * <p>On the embedded stack the demo's one write (a proxy activity) is real: it is the user's own
 * throwaway database. Against a real Supabase it registers nothing (the registration and the change
 * it makes to the stats are shown on the embedded stack only), so the demo can run against a shared
 * project without changing it.
 */
public final class Demo {

  /** Coordinator of Oslo lokallag (seed user coord.oslo). */
  public static final UUID COORD_OSLO = UUID.fromString("20000000-0000-4000-8000-000000000001");

  /** Peer mentor in Oslo lokallag (mentor.oslo). */
  public static final UUID MENTOR_OSLO = UUID.fromString("30000000-0000-4000-8000-000000000001");

  /** Peer mentor in two chapters, Oslo and Bærum (mentor.multi). */
  public static final UUID MENTOR_MULTI = UUID.fromString("30000000-0000-4000-8000-000000000002");

  /** org_admin of the national root of Demo Handikapforbund (admin.national). */
  public static final UUID ADMIN_NATIONAL = UUID.fromString("10000000-0000-4000-8000-000000000001");

  /** org_admin of Region Øst (admin.ost). */
  public static final UUID ADMIN_OST = UUID.fromString("10000000-0000-4000-8000-000000000002");

  /** org_admin of the unrelated Demo Blindeforbund (admin.blind). */
  public static final UUID ADMIN_BLIND = UUID.fromString("10000000-0000-4000-8000-000000000003");

  /** National root of Demo Handikapforbund. */
  public static final UUID ORG_NATIONAL = UUID.fromString("a0000000-0000-4000-8000-000000000001");

  /** Region Øst under {@link #ORG_NATIONAL}. */
  public static final UUID ORG_REGION_OST = UUID.fromString("a0000000-0000-4000-8000-000000000011");

  /** Oslo lokallag under {@link #ORG_REGION_OST}. */
  public static final UUID ORG_OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");

  static final LocalDate YEAR_START = LocalDate.of(2026, 1, 1);
  static final LocalDate YEAR_END = LocalDate.of(2026, 12, 31);

  /** The day of the demo's proxy registration. */
  static final LocalDate REGISTERED_DAY = LocalDate.of(2026, 11, 20);

  static final String REGISTERED_TYPE = "samtale";
  static final int REGISTERED_MINUTES = 45;

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private Demo() {}

  /**
   * What the demo saw, for callers and tests.
   *
   * @param statsBefore coord.oslo's 2026 stats, first load (from the server)
   * @param statsCached the same, served by the cache the second time
   * @param statsAfter the same after the registration (reloaded by event invalidation), or null on
   *     an external project
   * @param registered the proxy activity the coordinator registered (twice: one row), or null on an
   *     external project
   * @param regionKpis Region Øst's KPI card
   * @param nationalKpis the national root's KPI card
   * @param expiring Oslo lokallag's certifications expiring within 30 days
   * @param chapterPayload Oslo lokallag's Bufdir payload for 2026
   * @param regionPayload Region Øst's Bufdir payload for 2026 (where mentor.multi is deduplicated)
   * @param files the CSV, Excel CSV, JSON and PDF files written
   * @param crossOrgRefusal the error the unrelated organisation's admin got
   * @param invalidRegistrationRefusal the error the invalid registration got
   */
  public record Summary(
      CachedStats statsBefore,
      CachedStats statsCached,
      CachedStats statsAfter,
      ProxyActivity registered,
      AdminStatDto regionKpis,
      AdminStatDto nationalKpis,
      List<Certification> expiring,
      BufdirPayload chapterPayload,
      BufdirPayload regionPayload,
      List<Path> files,
      SupabaseException crossOrgRefusal,
      SupabaseException invalidRegistrationRefusal) {
    /** Defensive copies. */
    public Summary {
      expiring = List.copyOf(expiring);
      files = List.copyOf(files);
    }
  }

  /**
   * Starts the local stack (or connects to the {@code SUPABASE_*} project), runs the demo and exits
   * with 0 on success, 1 with a one-line reason on failure.
   *
   * @param args optional: the folder for the Bufdir files (default {@code target/demo-output})
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    Path folder = Path.of(args.length > 0 ? args[0] : "target/demo-output").toAbsolutePath();
    long started = System.nanoTime();
    try (LocalSupabase stack = LocalSupabase.fromEnvironment()) {
      out.printf(
          "likeperson-sdk demo on %s (%s, started in %.1f s)%n",
          stack.apiUrl(),
          stack.isExternal()
              ? "external Supabase from SUPABASE_*"
              : "embedded local stack with the seed",
          (System.nanoTime() - started) / 1e9);
      run(stack, out, folder);
      out.println();
      out.printf("OK: demo finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
    } catch (RuntimeException | Error e) {
      System.err.println("demo FAILED: " + e);
      System.exit(1);
    }
  }

  /**
   * Runs the six steps against {@code stack}, printing to {@code out} and writing the Bufdir files
   * into {@code folder}.
   *
   * @param stack a running stack with the seed data
   * @param out where the narration goes
   * @param folder where the CSV, JSON and PDF go (created if missing)
   * @return what the demo saw
   * @throws NullPointerException if an argument is null
   * @throws SupabaseException if a step fails unexpectedly
   * @throws IllegalStateException if a result contradicts the platform's rules
   */
  public static Summary run(LocalSupabase stack, PrintStream out, Path folder) {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(out, "out == null");
    Objects.requireNonNull(folder, "folder == null");
    boolean external = stack.isExternal();
    try (SupabaseClient coord = stack.clientFor(COORD_OSLO);
        SupabaseClient national = stack.clientFor(ADMIN_NATIONAL);
        SupabaseClient adminOst = stack.clientFor(ADMIN_OST);
        SupabaseClient blind = stack.clientFor(ADMIN_BLIND);
        StatsCacheManager cache =
            StatsCacheManager.builder(StatsRepository.create(coord)).build()) {

      // 1. monthly stats, then the same from the cache
      StatsQuery year =
          StatsQuery.coordinator(
              ORG_OSLO, COORD_OSLO, YearMonth.from(YEAR_START), YearMonth.from(YEAR_END));
      CachedStats before =
          step(
              out,
              "1. coord.oslo: monthly stats of 2026 (StatsCacheManager over StatsRepository)",
              () -> cache.get(year));
      printTable(out, before.series());
      CachedStats cached = timed(out, "   the same query again", () -> cache.get(year));
      out.printf(
          "   served from the cache: last updated %s (loaded once, %d rows)%n",
          CLOCK.format(cached.fetchedAt()), cached.rows().size());
      if (!cached.fetchedAt().equals(before.fetchedAt())) {
        throw new IllegalStateException("the second read was not served from the cache");
      }

      // 2. a proxy registration; the cache drops the month it changes (change event), no manual
      // refresh
      ProxyActivity registered = null;
      CachedStats after = null;
      ProxyActivityRepository proxies = ProxyActivityRepository.create(coord);
      if (external) {
        out.println();
        out.println("2. (skipped on an external project: the demo changes no shared data)");
      } else {
        NewProxyActivity talk =
            NewProxyActivity.of(
                    ORG_OSLO, MENTOR_OSLO, REGISTERED_TYPE, REGISTERED_DAY, REGISTERED_MINUTES)
                .withNotes("Telefonsamtale, registrert av koordinator");
        registered =
            step(
                out,
                "2. coord.oslo registers a 45-minute talk for mentor.oslo on "
                    + REGISTERED_DAY
                    + " (ProxyActivityRepository)",
                () -> proxies.register(talk));
        ProxyActivity again =
            timed(
                out,
                "   the same registration sent again (a retry after a lost answer)",
                () -> proxies.register(talk));
        out.printf(
            "   stored once: id %s both times (%s), type %s%n",
            registered.id(),
            again.id().equals(registered.id()) ? "same row" : "TWO ROWS",
            registered.activityType());
        if (!again.id().equals(registered.id())) {
          throw new IllegalStateException("a retried registration created a second row");
        }
        after =
            timed(
                out,
                "   the stats, read again (the registration's change event dropped the cached month)",
                () -> cache.get(year));
        YearMonth month = YearMonth.from(REGISTERED_DAY);
        out.printf(
            "   %s %s: %d -> %d activities; year total %d -> %d (last updated %s)%n",
            month,
            REGISTERED_TYPE,
            before.series().cell(month, REGISTERED_TYPE).activityCount(),
            after.series().cell(month, REGISTERED_TYPE).activityCount(),
            before.series().total().activityCount(),
            after.series().total().activityCount(),
            CLOCK.format(after.fetchedAt()));
        if (after.series().total().activityCount() != before.series().total().activityCount() + 1) {
          throw new IllegalStateException("the stats did not show the registration");
        }
      }

      // 3. KPI cards for a region and the national root
      AdminDataRepository region =
          AdminDataRepository.create(AdminRlsGuard.create(adminOst, ORG_REGION_OST));
      AdminDataRepository root =
          AdminDataRepository.create(AdminRlsGuard.create(national, ORG_NATIONAL));
      AdminStatDto regionKpis =
          step(out, "3. KPI cards (AdminDataRepository, one round trip each)", region::getKpiStats);
      printKpis(out, "Region Øst (admin.ost)", regionKpis);
      AdminStatDto nationalKpis = timed(out, "   national root", root::getKpiStats);
      printKpis(out, "Demo Handikapforbund (admin.national)", nationalKpis);
      out.println(
          "   health = 0.4 x active persons/all persons + 0.4 x chapters with a mentor active in the last"
              + " 3 months/chapters with mentors + 0.2 x (1 - pending/all reimbursements)");

      // 4. certifications expiring within 30 days
      CertificationRepository certs = CertificationRepository.create(coord);
      List<Certification> expiring =
          step(
              out,
              "4. coord.oslo: certifications expiring within 30 days (CertificationRepository)",
              () -> certs.expiringWithin(ORG_OSLO, 30));
      for (Certification c : expiring) {
        out.printf(
            "   %s  mentor %s  expires %s%n",
            c.certificationType(),
            c.peerMentorId(),
            c.expiresAt()
                .map(i -> i.atZone(ZoneId.of("Europe/Oslo")).toLocalDate().toString())
                .orElse("never"));
      }
      if (expiring.isEmpty()) {
        out.println("   none");
      }

      // 5. the chapter's Bufdir payload, written as CSV, Excel CSV, JSON and PDF
      ActivityAggregationService chapterBufdir = ActivityAggregationService.create(coord);
      BufdirPayload chapter =
          step(
              out,
              "5. Bufdir 2026 for Oslo lokallag (ActivityAggregationService, one RPC)",
              () ->
                  chapterBufdir.aggregateActivities(
                      ORG_OSLO, YEAR_START, YEAR_END, ScopeLevel.CHAPTER));
      out.printf(
          "   %d peer mentors, %d activities (%d by proxy), %d sessions, %d minutes, %d without a duration%n",
          chapter.totals().peerMentorCount(),
          chapter.totals().activityCount(),
          chapter.totals().proxyActivityCount(),
          chapter.totals().sessionCount(),
          chapter.totals().durationMinutes(),
          chapter.totals().activitiesWithoutDuration());
      List<Path> files = writeFiles(out, folder, chapter);
      BufdirPayload regionPayload =
          timed(
              out,
              "   Region Øst (admin.ost): where mentor.multi works in two chapters",
              () ->
                  ActivityAggregationService.create(adminOst)
                      .aggregateActivities(
                          ORG_REGION_OST, YEAR_START, YEAR_END, ScopeLevel.REGION));
      long multiRecords =
          regionPayload.peerMentorRecords().stream()
              .filter(r -> r.peerMentorId().equals(MENTOR_MULTI))
              .count();
      BufdirMultiChapterMentor dedup =
          regionPayload.multiChapterMentors().stream()
              .filter(m -> m.peerMentorId().equals(MENTOR_MULTI))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("mentor.multi is not listed as deduplicated"));
      out.printf(
          "   mentor.multi: %d record (counted once), listed as deduplicated across %d chapters%n",
          multiRecords, dedup.organisationIds().size());
      if (multiRecords != 1) {
        throw new IllegalStateException(
            "mentor.multi appears " + multiRecords + " times in the region's payload");
      }

      // 6. refusals: another organisation, and an invalid registration
      out.println();
      out.println("6. what is refused, with a typed error");
      SupabaseException crossOrg =
          expectRefusal(
              () ->
                  StatsRepository.create(blind)
                      .coordinatorMonthlyStats(
                          ORG_OSLO,
                          COORD_OSLO,
                          YearMonth.from(YEAR_START),
                          YearMonth.from(YEAR_END)));
      out.printf(
          "   admin.blind (Demo Blindeforbund) asks for Oslo's stats: %s: %s (nothing sent)%n",
          crossOrg.getClass().getSimpleName(), crossOrg.getMessage());
      if (!(crossOrg instanceof UnauthorisedAccessException)) {
        throw new IllegalStateException(
            "the cross-organisation read was not refused by the guard: " + crossOrg);
      }
      SupabaseException invalid =
          expectRefusal(
              () ->
                  proxies.register(
                      NewProxyActivity.of(
                          ORG_OSLO,
                          ADMIN_NATIONAL,
                          REGISTERED_TYPE,
                          REGISTERED_DAY,
                          REGISTERED_MINUTES)));
      out.printf(
          "   coord.oslo attributes an activity to someone who is not a peer mentor of Oslo: %s: %s%n",
          invalid.getClass().getSimpleName(), invalid.getMessage());
      if (!(invalid instanceof BufdirException)) {
        throw new IllegalStateException(
            "the invalid registration was not refused as a BufdirException: " + invalid);
      }

      return new Summary(
          before,
          cached,
          after,
          registered,
          regionKpis,
          nationalKpis,
          expiring,
          chapter,
          regionPayload,
          files,
          crossOrg,
          invalid);
    }
  }

  private static <T> T step(PrintStream out, String title, Supplier<T> body) {
    out.println();
    out.println(title);
    return timed(out, "   request", body);
  }

  private static <T> T timed(PrintStream out, String what, Supplier<T> body) {
    long t = System.nanoTime();
    T value = body.get();
    out.printf(Locale.ROOT, "%s: %.1f ms%n", what, (System.nanoTime() - t) / 1e6);
    return value;
  }

  private static SupabaseException expectRefusal(Runnable call) {
    try {
      call.run();
    } catch (SupabaseException e) {
      return e;
    }
    throw new IllegalStateException("a call that must be refused was accepted");
  }

  /**
   * Months down, activity types across, zero-filled, with totals per month, per type and overall.
   */
  static void printTable(PrintStream out, StatsSeries series) {
    List<String> types = series.activityTypes();
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "   %-8s", "month"));
    types.forEach(t -> head.append(String.format(Locale.ROOT, " %10s", t)));
    head.append(String.format(Locale.ROOT, " %10s %9s", "total", "minutes"));
    out.println(head);
    for (YearMonth m : series.months()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-8s", m));
      types.forEach(
          t -> line.append(String.format(Locale.ROOT, " %10d", series.cell(m, t).activityCount())));
      StatsSeries.Totals month = series.perMonth().get(m);
      line.append(
          String.format(
              Locale.ROOT, " %10d %9d", month.activityCount(), month.totalDurationMinutes()));
      out.println(line);
    }
    StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "   %-8s", "total"));
    types.forEach(
        t ->
            total.append(
                String.format(Locale.ROOT, " %10d", series.perType().get(t).activityCount())));
    total.append(
        String.format(
            Locale.ROOT,
            " %10d %9d",
            series.total().activityCount(),
            series.total().totalDurationMinutes()));
    out.println(total);
  }

  private static void printKpis(PrintStream out, String who, AdminStatDto k) {
    out.printf(
        Locale.ROOT,
        "   %-38s active users %d | activities %d | pending reimbursements %d | health %.3f%n",
        who,
        k.activeUserCount(),
        k.totalActivitiesCount(),
        k.pendingReimbursementsCount(),
        k.orgHealthScore());
  }

  /** On a terminal one line that counts up; in a log only the finished line. */
  private static void progress(PrintStream out, Path file, long done, long total) {
    boolean terminal = System.console() != null && out == System.out;
    if (terminal || done == total) {
      out.printf(
          "%s   writing %s: %d of %d mentors%s",
          terminal ? "\r" : "",
          file.getFileName(),
          done,
          total,
          done == total ? System.lineSeparator() : "");
    }
  }

  private static List<Path> writeFiles(PrintStream out, Path folder, BufdirPayload payload) {
    try {
      Files.createDirectories(folder);
      List<Path> files = new ArrayList<>();
      for (BufdirExportFormat format : BufdirExportFormat.values()) {
        Path file =
            folder.resolve(
                "bufdir-oslo-2026"
                    + (format == BufdirExportFormat.EXCEL_CSV ? "-excel" : "")
                    + "."
                    + format.fileExtension());
        try (OutputStream os = Files.newOutputStream(file)) {
          BufdirExporter.create(format)
              .withProgress((done, total) -> progress(out, file, done, total))
              .write(payload, os);
        }
        files.add(file);
      }
      Path pdf = folder.resolve("bufdir-oslo-2026.pdf");
      try (OutputStream os = Files.newOutputStream(pdf)) {
        BufdirReport.builder().organisationName("Oslo lokallag").build().write(payload, os);
      }
      files.add(pdf);
      out.printf("   written to %s:%n", folder);
      for (Path f : files) {
        out.printf("     %-28s %,9d bytes%n", f.getFileName(), Files.size(f));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Bufdir files to " + folder, e);
    }
  }
}

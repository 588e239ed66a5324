package no.likeperson.examples.snippets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.BufdirExportFormat;
import no.likeperson.sdk.bufdir.BufdirExporter;
import no.likeperson.sdk.bufdir.BufdirMultiChapterMentor;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.bufdir.BufdirSummary;
import no.likeperson.sdk.bufdir.NewProxyActivity;
import no.likeperson.sdk.bufdir.ProxyActivity;
import no.likeperson.sdk.bufdir.ProxyActivityRepository;
import no.likeperson.sdk.bufdir.ProxyActivityUpdate;
import no.likeperson.sdk.bufdir.ProxyAuditEntry;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.bufdir.report.BufdirReport;
import no.likeperson.sdk.core.Page;
import no.likeperson.sdk.core.SupabaseClient;

/**
 * The sdk-bufdir and sdk-bufdir-report examples of the README and of the javadoc of {@code
 * ActivityAggregationService}, {@code ProxyActivityRepository}, {@code BufdirExporter} and {@code
 * BufdirReport}, compiled and run by {@code BufdirSnippetsTest} against the local stack.
 *
 * <pre>{@code
 * BufdirSnippets.ReadmeResult r = BufdirSnippets.readme(coordinator, chapterId, mentorId, day, folder);
 * }</pre>
 */
public final class BufdirSnippets {

  private BufdirSnippets() {}

  /** What {@link #readme} made. */
  public record ReadmeResult(
      BufdirPayload year,
      long peerMentors,
      List<BufdirMultiChapterMentor> multiChapter,
      ProxyActivity registered,
      Path csv,
      Path pdf) {
    /** Copies {@code multiChapter}. */
    public ReadmeResult {
      multiChapter = List.copyOf(multiChapter);
    }
  }

  /**
   * The README's Bufdir block: a chapter year, a proxy registration, a streamed CSV of the same
   * period and the PDF, written into {@code folder}. {@code chapterId} serves as the root of the
   * streamed export, so a coordinator can run it.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.bufdir.BufdirException if the server refuses or cannot be reached
   * @throws IOException if a file cannot be written
   */
  public static ReadmeResult readme(
      SupabaseClient client, UUID chapterId, UUID mentorId, LocalDate day, Path folder)
      throws IOException {
    LocalDate from = LocalDate.of(2026, 1, 1);
    LocalDate to = LocalDate.of(2026, 12, 31);
    // tag::readme[]
    ActivityAggregationService bufdir = ActivityAggregationService.create(client);
    // a chapter's year, both dates inclusive
    BufdirPayload year =
        bufdir.aggregateActivities(
            chapterId, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), ScopeLevel.CHAPTER);
    long mentors = year.totals().peerMentorCount(); // persons, each once, however many chapters
    List<BufdirMultiChapterMentor> counted = year.multiChapterMentors(); // who was deduplicated

    // a coordinator registers on a mentor's behalf; the same value sent again is stored once
    ProxyActivityRepository proxies = ProxyActivityRepository.create(client);
    ProxyActivity a =
        proxies.register(NewProxyActivity.of(chapterId, mentorId, "samtale", day, 45));

    // streamed into a CSV file one mentor record at a time: a national year fits a small heap
    try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-2026.csv"))) {
      BufdirExporter.create(BufdirExportFormat.EXCEL_CSV)
          .export(
              out,
              listener ->
                  bufdir.streamActivities(chapterId, from, to, ScopeLevel.CHAPTER, listener));
    }
    // the PDF the coordinator signs (sdk-bufdir-report: AWT and PDFBox, not for Android)
    try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-2026.pdf"))) {
      BufdirReport.builder().organisationName("Oslo lokallag").build().write(year, out);
    }
    // end::readme[]
    return new ReadmeResult(
        year,
        mentors,
        counted,
        a,
        folder.resolve("bufdir-2026.csv"),
        folder.resolve("bufdir-2026.pdf"));
  }

  /** What {@link #aggregation} read: the payload and the streamed records of the same scope. */
  public record AggregationResult(
      BufdirPayload payload, BufdirSummary summary, List<BufdirPeerMentorRecord> records) {
    /** Copies {@code records}. */
    public AggregationResult {
      records = List.copyOf(records);
    }
  }

  /**
   * {@code ActivityAggregationService}'s javadoc example (an org admin's client for the root).
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.bufdir.BufdirException if the server refuses or cannot be reached
   */
  public static AggregationResult aggregation(
      SupabaseClient client, UUID chapterId, UUID rootId, StringBuilder printed) {
    LocalDate from = LocalDate.of(2026, 1, 1);
    LocalDate to = LocalDate.of(2026, 12, 31);
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    // tag::aggregation[]
    ActivityAggregationService bufdir = ActivityAggregationService.create(client);
    BufdirPayload p =
        bufdir.aggregateActivities(
            chapterId, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), ScopeLevel.CHAPTER);
    printed.append(
        p.totals().peerMentorCount() + " mentors, " + p.totals().sessionCount() + " sessions");

    // a national year, one record at a time
    BufdirSummary s = bufdir.streamActivities(rootId, from, to, ScopeLevel.NATIONAL, records::add);
    // end::aggregation[]
    return new AggregationResult(p, s, records);
  }

  /** What {@link #proxies} saw. */
  public record ProxyResult(
      ProxyActivity registered,
      List<ProxyActivity> group,
      Page<ProxyActivity> march,
      Optional<ProxyActivity> updated,
      List<ProxyAuditEntry> trail,
      boolean deleted) {
    /** Copies the lists. */
    public ProxyResult {
      group = List.copyOf(group);
      trail = List.copyOf(trail);
    }
  }

  /**
   * {@code ProxyActivityRepository}'s javadoc example, as a coordinator of {@code chapterId}.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.bufdir.BufdirException if the server refuses or cannot be reached
   */
  public static ProxyResult proxies(
      SupabaseClient client, UUID chapterId, UUID mentorId, List<UUID> mentors, LocalDate day) {
    // tag::proxies[]
    ProxyActivityRepository proxies = ProxyActivityRepository.create(client);
    ProxyActivity a =
        proxies.register(
            NewProxyActivity.of(chapterId, mentorId, "samtale", LocalDate.of(2026, 3, 14), 45));

    NewProxyActivity group =
        NewProxyActivity.of(chapterId, mentors.get(0), "aktivitetsgruppe", day, 90);
    List<ProxyActivity> all = proxies.registerAll(mentors.stream().map(group::forMentor).toList());

    Page<ProxyActivity> march =
        proxies.listByMentor(
            chapterId, mentorId, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 0, 50);
    Optional<ProxyActivity> changed =
        proxies.update(a.id(), ProxyActivityUpdate.empty().withDurationMinutes(60));
    List<ProxyAuditEntry> trail = proxies.auditTrail(a.id()); // insert, update
    boolean deleted = proxies.delete(a.id());
    // end::proxies[]
    return new ProxyResult(a, all, march, changed, trail, deleted);
  }

  /**
   * {@code BufdirExporter}'s javadoc example; returns the streamed export's summary.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.bufdir.BufdirException if the server refuses or cannot be reached
   * @throws IOException if a file cannot be written
   */
  public static BufdirSummary exporter(
      ActivityAggregationService service,
      BufdirPayload payload,
      UUID rootId,
      Path folder,
      List<long[]> progress)
      throws IOException {
    LocalDate from = LocalDate.of(2026, 1, 1);
    LocalDate to = LocalDate.of(2026, 12, 31);
    // tag::exporter[]
    // a payload already in memory
    try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir.csv"))) {
      BufdirExporter.create(BufdirExportFormat.CSV).write(payload, out);
    }

    // a national year, streamed: each record is written as it is parsed
    BufdirExporter excel =
        BufdirExporter.create(BufdirExportFormat.EXCEL_CSV)
            .withProgress((done, total) -> progress.add(new long[] {done, total}));
    BufdirSummary s;
    try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-excel.csv"))) {
      s =
          excel.export(
              out,
              listener ->
                  service.streamActivities(rootId, from, to, ScopeLevel.NATIONAL, listener));
    }
    // end::exporter[]
    return s;
  }

  /**
   * {@code BufdirReport}'s javadoc example: a payload's PDF and a streamed national one.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.bufdir.BufdirException if the server refuses or cannot be reached
   * @throws IOException if a file cannot be written
   */
  public static BufdirSummary report(
      ActivityAggregationService service, BufdirPayload payload, UUID rootId, Path folder)
      throws IOException {
    LocalDate from = LocalDate.of(2026, 1, 1);
    LocalDate to = LocalDate.of(2026, 12, 31);
    // tag::report[]
    BufdirReport report =
        BufdirReport.builder()
            .organisationName("Norges Handikapforbund Region Vest")
            .signatoryName("Kari Nordmann")
            .build();
    try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-2026.pdf"))) {
      report.write(payload, out);
    }

    // a national year, without holding the payload: rows are drawn as the records arrive
    BufdirSummary s;
    try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-national-2026.pdf"))) {
      s =
          report.export(
              out,
              listener ->
                  service.streamActivities(rootId, from, to, ScopeLevel.NATIONAL, listener));
    }
    // end::report[]
    return s;
  }
}

package no.likeperson.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.BufdirExportFormat;
import no.likeperson.sdk.bufdir.BufdirExporter;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.bufdir.report.BufdirReport;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.LocalSupabase;

/**
 * Writes a Bufdir year as CSV, Excel CSV, JSON and the PDF a coordinator signs, into one folder;
 * the first part works from a payload in memory, the second streams a large scope record by record.
 * Copy {@link #writeReports} into an application: it needs only a {@link SupabaseClient}.
 *
 * <pre>{@code
 * // main (args[0]: the folder) runs on the local stack as the seed's national admin; from code:
 * List<Path> files = BufdirReportExample.writeReports(client, rootOrgId, "Demo Handikapforbund",
 *     LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), Path.of("bufdir-2026"));
 * }</pre>
 */
public final class BufdirReportExample {

  private BufdirReportExample() {}

  /**
   * Writes to the folder in {@code args[0]} (default {@code target/bufdir-example}) for the seed's
   * national root.
   */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "target/bufdir-example");
    try (LocalSupabase stack = LocalSupabase.fromEnvironment();
        SupabaseClient client = stack.clientFor(Demo.ADMIN_NATIONAL)) {
      for (Path file :
          writeReports(
              client,
              Demo.ORG_NATIONAL,
              "Demo Handikapforbund",
              Demo.YEAR_START,
              Demo.YEAR_END,
              folder)) {
        System.out.printf("%,10d bytes  %s%n", Files.size(file), file);
      }
    }
  }

  /**
   * Writes {@code bufdir.csv}, {@code bufdir-excel.csv}, {@code bufdir.json}, {@code bufdir.pdf}
   * (from one aggregation held in memory) and {@code bufdir-streamed.csv} (streamed, as a national
   * year at full size should be) into {@code folder}, creating it if needed.
   *
   * @return the files written, in that order
   */
  public static List<Path> writeReports(
      SupabaseClient client,
      UUID orgId,
      String organisationName,
      LocalDate from,
      LocalDate to,
      Path folder)
      throws IOException {
    ActivityAggregationService bufdir = ActivityAggregationService.create(client);
    Files.createDirectories(folder);
    List<Path> files = new ArrayList<>();

    // 1. A chapter or region: one request, then every format from the same payload.
    BufdirPayload payload = bufdir.aggregateActivities(orgId, from, to, ScopeLevel.NATIONAL);
    files.add(
        write(
            folder.resolve("bufdir.csv"),
            out -> BufdirExporter.create(BufdirExportFormat.CSV).write(payload, out)));
    files.add(
        write(
            folder.resolve("bufdir-excel.csv"),
            out -> BufdirExporter.create(BufdirExportFormat.EXCEL_CSV).write(payload, out)));
    files.add(
        write(
            folder.resolve("bufdir.json"),
            out -> BufdirExporter.create(BufdirExportFormat.JSON).write(payload, out)));
    BufdirReport report = BufdirReport.builder().organisationName(organisationName).build();
    files.add(write(folder.resolve("bufdir.pdf"), out -> report.write(payload, out)));

    // 2. A national year: each mentor's rows are written as the response is parsed, with progress.
    BufdirExporter streaming =
        BufdirExporter.create(BufdirExportFormat.EXCEL_CSV)
            .withProgress(
                (done, total) -> {
                  if (done == total) {
                    System.out.printf("streamed %d of %d mentors%n", done, total);
                  }
                });
    files.add(
        write(
            folder.resolve("bufdir-streamed.csv"),
            out ->
                streaming.export(
                    out,
                    listener ->
                        bufdir.streamActivities(orgId, from, to, ScopeLevel.NATIONAL, listener))));
    return files;
  }

  /** Something that writes a file's content. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code file} through a temporary sibling that is renamed only when the content is
   * complete, so a failed export never leaves a file that looks finished.
   */
  static Path write(Path file, Content content) throws IOException {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    try (OutputStream out = Files.newOutputStream(part)) {
      content.writeTo(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    return Files.move(
        part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

package no.likeperson.sdk.bufdir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes a Bufdir aggregation as CSV or JSON (see {@link BufdirExportFormat}), either from a whole
 * {@link BufdirPayload} or record by record from the streaming form of the aggregation, so that a
 * national year is written without the payload ever being held in memory. UTF-8 throughout;
 * Norwegian letters are kept as they are. Immutable and thread-safe; each call writes one document.
 *
 * <pre>{@code
 * // a payload already in memory
 * try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir.csv"))) {
 *   BufdirExporter.create(BufdirExportFormat.CSV).write(payload, out);
 * }
 *
 * // a national year, streamed: each record is written as it is parsed
 * BufdirExporter excel =
 *     BufdirExporter.create(BufdirExportFormat.EXCEL_CSV)
 *         .withProgress((done, total) -> progress.add(new long[] {done, total}));
 * BufdirSummary s;
 * try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-excel.csv"))) {
 *   s =
 *       excel.export(
 *           out,
 *           listener ->
 *               service.streamActivities(rootId, from, to, ScopeLevel.NATIONAL, listener));
 * }
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/BufdirSnippets.java#exporter}.
 *
 * <p><b>The CSV document</b> has one header row and these rows, told apart by the first column
 * {@code record_type}: an {@code activity_type} row per activity type of the payload (its
 * dictionary, first); per mentor, an {@code activity} row per activity type the mentor has,
 * followed by one {@code mentor} row with the mentor's own figures; finally one {@code total} row
 * with the organisation, scope, period and totals. A spreadsheet sums a column over the {@code
 * activity} rows (or the {@code mentor} rows), never over all rows. The {@code total} row is
 * written only when every record arrived, so a file without it is incomplete. {@code
 * docs/bufdir-report.md} lists the columns.
 *
 * <p><b>The JSON document</b> is the payload's Jackson form ({@code BufdirPayload}'s snake_case
 * properties, in the same order), so reading it back with Jackson gives an equal payload; streamed,
 * it is byte for byte what {@link #write} writes for the same payload.
 *
 * <p>The exporter never closes the stream it was given, and it flushes it at the end.
 */
public final class BufdirExporter {

  /**
   * Told how far an export has come: after each record while a payload has fewer than 100 mentors,
   * otherwise at each whole percent, and always once at the end (also for an empty payload, with
   * {@code 0, 0}). Called on the writing thread; an exception thrown here stops the export.
   *
   * <pre>{@code
   * BufdirExporter e = BufdirExporter.create(BufdirExportFormat.JSON)
   *     .withProgress((done, total) -> log.info("{} of {} mentors written", done, total));
   * }</pre>
   */
  @FunctionalInterface
  public interface ProgressListener {
    /**
     * @param mentorsWritten records written so far
     * @param mentorsTotal records the payload has ({@link BufdirTotals#peerMentorCount()})
     */
    void onProgress(long mentorsWritten, long mentorsTotal);
  }

  private static final ProgressListener NO_PROGRESS = (done, total) -> {};

  private final BufdirExportFormat format;
  private final ProgressListener progress;

  private BufdirExporter(BufdirExportFormat format, ProgressListener progress) {
    this.format = format;
    this.progress = progress;
  }

  /**
   * An exporter for one format, without progress reports.
   *
   * @throws NullPointerException if {@code format} is null
   */
  public static BufdirExporter create(BufdirExportFormat format) {
    return new BufdirExporter(Objects.requireNonNull(format, "format == null"), NO_PROGRESS);
  }

  /**
   * A copy of this exporter that reports its progress to {@code progress}.
   *
   * @throws NullPointerException if {@code progress} is null
   */
  public BufdirExporter withProgress(ProgressListener progress) {
    return new BufdirExporter(format, Objects.requireNonNull(progress, "progress == null"));
  }

  /** The format this exporter writes. */
  public BufdirExportFormat format() {
    return format;
  }

  /**
   * Writes a whole payload.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the payload's totals count a different number of mentors than
   *     it has records (nothing after the last record is written then)
   * @throws IOException if writing to {@code out} fails
   */
  public void write(BufdirPayload payload, OutputStream out) throws IOException {
    Objects.requireNonNull(payload, "payload == null");
    Objects.requireNonNull(out, "out == null");
    export(out, payload::replayTo);
  }

  /**
   * Writes what {@code source} delivers to the listener it is given: the summary first, then each
   * record, which is written at once and not kept. Meant for the aggregation's streaming form. The
   * end of the document (the CSV {@code total} row, the JSON closing brackets) is written only when
   * {@code source} returns normally; if it throws, the exception reaches the caller and the output
   * stays visibly incomplete.
   *
   * @param out where to write (not closed)
   * @param source calls {@link BufdirRecordListener#onSummary} once and then {@link
   *     BufdirRecordListener#onRecord} per mentor on the listener it is given
   * @return the summary the source delivered
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the source delivers no summary, a record before the summary, a
   *     second summary, or a different number of records than its totals count
   * @throws IOException if writing to {@code out} fails
   * @throws RuntimeException whatever {@code source} throws (e.g. {@link BufdirException}),
   *     unchanged
   */
  public BufdirSummary export(OutputStream out, Consumer<BufdirRecordListener> source)
      throws IOException {
    Objects.requireNonNull(out, "out == null");
    Objects.requireNonNull(source, "source == null");
    ExportListener listener = new ExportListener(sinkFor(out), progress);
    try {
      source.accept(listener);
      return listener.finish();
    } catch (UncheckedIOException e) {
      if (listener.owns(e)) {
        throw e.getCause();
      }
      throw e;
    }
  }

  private ExportSink sinkFor(OutputStream out) {
    switch (format) {
      case CSV:
        return new CsvExportSink(out, false);
      case EXCEL_CSV:
        return new CsvExportSink(out, true);
      case JSON:
        return new JsonExportSink(out);
      default:
        throw new AssertionError(format);
    }
  }

  @Override
  public String toString() {
    return "BufdirExporter{" + format + (progress == NO_PROGRESS ? "" : ", with progress") + "}";
  }
}

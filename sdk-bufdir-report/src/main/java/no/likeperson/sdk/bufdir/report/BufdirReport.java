package no.likeperson.sdk.bufdir.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.Consumer;
import no.likeperson.sdk.bufdir.BufdirExporter;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirRecordListener;
import no.likeperson.sdk.bufdir.BufdirSummary;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.jspecify.annotations.Nullable;

/**
 * The printable Bufdir report: a PDF (A4, Norwegian bokmål) for the coordinator who signs the
 * application. Its first page has the organisation, period and scope, the totals (unique peer
 * mentors, sessions, activities, of them by proxy and without duration, minutes), a bar chart of
 * sessions and activities per activity type with the per-type figures, and a signature block; then
 * a table with one row per peer mentor over as many pages as it takes (header repeated, "Side x av
 * y" on every page). Mentors active in several chapters are marked with {@code *}.
 *
 * <pre>{@code
 * BufdirReport report =
 *     BufdirReport.builder()
 *         .organisationName("Norges Handikapforbund Region Vest")
 *         .signatoryName("Kari Nordmann")
 *         .build();
 * try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-2026.pdf"))) {
 *   report.write(payload, out);
 * }
 *
 * // a national year, without holding the payload: rows are drawn as the records arrive
 * BufdirSummary s;
 * try (OutputStream out = Files.newOutputStream(folder.resolve("bufdir-national-2026.pdf"))) {
 *   s =
 *       report.export(
 *           out,
 *           listener ->
 *               service.streamActivities(rootId, from, to, ScopeLevel.NATIONAL, listener));
 * }
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/BufdirSnippets.java#report}.
 *
 * <p>This module uses AWT (JFreeChart draws the chart) and PDFBox, so it is for servers and
 * desktops, never Android; it needs no display ({@code java.awt.headless=true} is fine) and no
 * installed fonts: the font (Liberation Sans) comes from the PDFBox jar and is embedded. Page
 * contents are kept in a temporary file while the report is being made, not on the heap. Immutable
 * and thread-safe; each call writes one document.
 */
public final class BufdirReport {
  private final @Nullable String organisationName;
  private final @Nullable String signatoryName;
  private final Clock clock;
  private final BufdirExporter.ProgressListener progress;

  private BufdirReport(Builder b) {
    this.progress = b.progress;
    this.organisationName = b.organisationName;
    this.signatoryName = b.signatoryName;
    this.clock = b.clock;
  }

  /**
   * A report with no organisation name (its id is shown), a blank name line and the system clock.
   */
  public static BufdirReport create() {
    return builder().build();
  }

  /** A builder for a report with names and a clock. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes the report for a whole payload.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the payload's totals count a different number of mentors than
   *     it has records (nothing is written then)
   * @throws IOException if writing to {@code out} fails
   */
  public void write(BufdirPayload payload, OutputStream out) throws IOException {
    Objects.requireNonNull(payload, "payload == null");
    Objects.requireNonNull(out, "out == null");
    export(out, payload::replayTo);
  }

  /**
   * Writes the report from what {@code source} delivers to the listener it is given (the summary,
   * then each record), as the aggregation's streaming form does. Nothing is written to {@code out}
   * before the source has returned normally: if it throws, the exception reaches the caller and
   * {@code out} is untouched.
   *
   * @param out where the PDF goes (flushed, not closed)
   * @param source calls {@link BufdirRecordListener#onSummary} once, then {@link
   *     BufdirRecordListener#onRecord} per mentor
   * @return the summary the source delivered
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the source delivers no summary, a record before it, a second
   *     summary, or a different number of records than its totals count
   * @throws IOException if writing to {@code out} (or the temporary page store) fails
   * @throws RuntimeException whatever {@code source} throws, unchanged
   */
  public BufdirSummary export(OutputStream out, Consumer<BufdirRecordListener> source)
      throws IOException {
    Objects.requireNonNull(out, "out == null");
    Objects.requireNonNull(source, "source == null");
    try (PDDocument doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
      ReportWriter writer =
          new ReportWriter(
              doc, organisationName, signatoryName, ZonedDateTime.now(clock), progress);
      try {
        source.accept(writer);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return writer.finish(out);
    }
  }

  @Override
  public String toString() {
    return "BufdirReport{organisationName=" + organisationName + "}";
  }

  /**
   * Builds a {@link BufdirReport}.
   *
   * <pre>{@code
   * BufdirReport r = BufdirReport.builder().organisationName("NHF Bergen").build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable String organisationName;
    private @Nullable String signatoryName;
    private Clock clock = Clock.systemDefaultZone();
    private BufdirExporter.ProgressListener progress = (done, total) -> {};

    private Builder() {}

    /**
     * The organisation's name for the heading (the payload knows only its id, which is shown too).
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if it is blank
     */
    public Builder organisationName(String name) {
      this.organisationName = nonBlank(name, "organisationName");
      return this;
    }

    /**
     * The coordinator's name, printed on the signature block's name line (left blank without).
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if it is blank
     */
    public Builder signatoryName(String name) {
      this.signatoryName = nonBlank(name, "signatoryName");
      return this;
    }

    /**
     * The clock for the report's "made at" time and the PDF's creation date (its zone is the time
     * zone shown). Default: the system clock in the default zone.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Told how far the mentor table has come, as {@link BufdirExporter#withProgress} is: about
     * every percent of the mentors, and once more when the PDF is saved. Default: nothing.
     *
     * @throws NullPointerException if {@code progress} is null
     */
    public Builder progress(BufdirExporter.ProgressListener progress) {
      this.progress = Objects.requireNonNull(progress, "progress == null");
      return this;
    }

    /** The report. */
    public BufdirReport build() {
      return new BufdirReport(this);
    }

    private static String nonBlank(String s, String name) {
      Objects.requireNonNull(s, name + " == null");
      if (s.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return s.strip();
    }
  }
}

package no.likeperson.sdk.bufdir.report;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import no.likeperson.sdk.bufdir.BufdirActivityType;
import no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown;
import no.likeperson.sdk.bufdir.BufdirExporter;
import no.likeperson.sdk.bufdir.BufdirMultiChapterMentor;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.bufdir.BufdirRecordListener;
import no.likeperson.sdk.bufdir.BufdirSummary;
import no.likeperson.sdk.bufdir.BufdirTotals;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.jspecify.annotations.NullUnmarked;

/**
 * One report being written: the mentor table grows page by page as records arrive (each row is
 * drawn at once and the record dropped; only the per-type sums are kept), and when the last record
 * is in, the front pages (totals, chart, per-type table, signature) are drawn and put in front of
 * the table, every page gets its footer, and the document is saved.
 */
@NullUnmarked // page state filled while the PDF is drawn, not yet null-annotated
final class ReportWriter implements BufdirRecordListener {
  static final String MENTOR_TABLE = "Likepersoner";
  static final String TYPE_TABLE = "Tall per aktivitetstype";
  static final String DEDUPLICATED_MARK = " *";
  private static final int CHART_SCALE = 3;

  private final PDDocument doc;
  private final ReportFont font;
  private final String organisationName;
  private final String signatoryName;
  private final ZonedDateTime createdAt;
  private final ReportCanvas mentorPages;
  private final BufdirExporter.ProgressListener progress;
  private long step;
  private BufdirSummary summary;
  private Set<UUID> deduplicated;
  private Map<UUID, long[]> typeSums;
  private Map<UUID, String> typeNames;
  private ReportTable mentorTable;
  private long written;

  ReportWriter(
      PDDocument doc,
      String organisationName,
      String signatoryName,
      ZonedDateTime createdAt,
      BufdirExporter.ProgressListener progress)
      throws IOException {
    this.progress = progress;
    this.doc = doc;
    this.font = ReportFont.load(doc);
    this.organisationName = organisationName;
    this.signatoryName = signatoryName;
    this.createdAt = createdAt;
    this.mentorPages = new ReportCanvas(doc, font, null);
  }

  @Override
  public void onSummary(BufdirSummary s) {
    Objects.requireNonNull(s, "summary == null");
    if (summary != null) {
      throw new IllegalStateException("the source delivered a second summary");
    }
    summary = s;
    step = Math.max(1, (s.totals().peerMentorCount() + 99) / 100);
    deduplicated =
        s.multiChapterMentors().stream()
            .map(BufdirMultiChapterMentor::peerMentorId)
            .collect(Collectors.toCollection(HashSet::new));
    typeSums = new LinkedHashMap<>();
    typeNames = new LinkedHashMap<>();
    for (BufdirActivityType t : s.activityTypes()) {
      typeSums.put(t.id(), new long[3]);
      typeNames.put(t.id(), t.name());
    }
    String note =
        s.multiChapterMentors().isEmpty() ? null : "* aktiv i flere lokallag, telt én gang";
    mentorTable =
        new ReportTable(
            mentorPages,
            MENTOR_TABLE,
            note,
            List.of(
                new ReportTable.Column("Likeperson", 187, false),
                new ReportTable.Column("Økter", 50, true),
                new ReportTable.Column("Minutter", 60, true),
                new ReportTable.Column("Aktiviteter", 62, true),
                new ReportTable.Column("Uten varighet", 68, true),
                new ReportTable.Column("Via koordinator", 72, true)));
  }

  @Override
  public void onRecord(BufdirPeerMentorRecord m) {
    Objects.requireNonNull(m, "record == null");
    if (summary == null) {
      throw new IllegalStateException("the source delivered a record before the summary");
    }
    for (BufdirActivityTypeBreakdown b : m.activityTypes()) {
      long[] sums = typeSums.computeIfAbsent(b.activityTypeId(), id -> new long[3]);
      typeNames.putIfAbsent(b.activityTypeId(), b.name());
      sums[0] += b.sessionCount();
      sums[1] += b.activityCount();
      sums[2] += b.durationMinutes();
    }
    String name = m.name().orElse("(navn skjult) " + m.peerMentorId().toString().substring(0, 8));
    if (deduplicated.contains(m.peerMentorId())) {
      name += DEDUPLICATED_MARK;
    }
    try {
      mentorTable.row(
          name,
          ReportText.count(m.sessionCount()),
          ReportText.count(m.durationMinutes()),
          ReportText.count(m.activityCount()),
          ReportText.count(m.activitiesWithoutDuration()),
          ReportText.count(m.proxyActivityCount()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    written++;
    if (written % step == 0 && written < summary.totals().peerMentorCount()) {
      progress.onProgress(written, summary.totals().peerMentorCount());
    }
  }

  /** Draws the front pages and footers and saves the document to {@code out} (left open). */
  BufdirSummary finish(OutputStream out) throws IOException {
    if (summary == null) {
      throw new IllegalStateException("the source delivered no summary");
    }
    long total = summary.totals().peerMentorCount();
    if (written != total) {
      throw new IllegalStateException(
          "the payload is inconsistent: its totals count "
              + total
              + " peer mentors but "
              + written
              + " records were delivered; no report was written");
    }
    mentorTable.end();
    mentorPages.close();
    PDPage firstTablePage = doc.getNumberOfPages() == 0 ? null : doc.getPage(0);
    ReportCanvas front = new ReportCanvas(doc, font, firstTablePage);
    drawFront(front);
    front.close();
    drawFooters();
    describe();
    doc.save(
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            // the caller's stream stays open: PDFBox 3.0.8's save does not close what it writes to,
            // and this wrapper keeps it so should a version do it
            out.flush();
          }
        });
    out.flush();
    progress.onProgress(written, total);
    return summary;
  }

  private void drawFront(ReportCanvas c) throws IOException {
    c.newPage();
    c.down(20);
    c.text(ReportCanvas.LEFT, c.y(), 20, true, ReportCanvas.INK, ReportText.TITLE);
    if (organisationName != null) {
      c.down(20);
      c.text(
          ReportCanvas.LEFT,
          c.y(),
          13,
          false,
          ReportCanvas.INK,
          font.fit(organisationName, 13, ReportCanvas.WIDTH));
    }
    c.down(10);
    meta(c, "Periode", ReportText.period(summary.periodStart(), summary.periodEnd()));
    meta(c, "Omfang", ReportText.scope(summary.scope()));
    meta(c, "Organisasjons-ID", summary.organisationId().toString());
    meta(c, "Laget", ReportText.DATE_TIME.format(createdAt));
    c.down(8);
    c.line(ReportCanvas.LEFT, c.y(), ReportCanvas.RIGHT, c.y(), 0.8f, ReportCanvas.RULE);

    section(c, "Totalt");
    BufdirTotals t = summary.totals();
    figure(
        c,
        "Likepersoner med aktivitet (hver person telt én gang)",
        ReportText.count(t.peerMentorCount()),
        true);
    figure(c, "Økter", ReportText.count(t.sessionCount()), true);
    figure(c, "Aktiviteter", ReportText.count(t.activityCount()), true);
    figure(
        c,
        "   herav registrert av koordinator for en likeperson",
        ReportText.count(t.proxyActivityCount()),
        false);
    figure(
        c,
        "   herav uten registrert varighet (telt som 0 minutter)",
        ReportText.count(t.activitiesWithoutDuration()),
        false);
    figure(c, "Minutter", ReportText.minutes(t.durationMinutes()), true);
    if (!summary.multiChapterMentors().isEmpty()) {
      c.down(6);
      c.paragraph(
          "Aktive i flere lokallag i perioden, telt én gang hver (merket * i tabellen): "
              + ReportText.count(summary.multiChapterMentors().size()),
          9,
          false,
          ReportCanvas.MUTED,
          ReportCanvas.WIDTH);
    }

    if (written == 0) {
      section(c, "Per aktivitetstype");
      c.paragraph(
          "Ingen aktiviteter er registrert i perioden.",
          10,
          false,
          ReportCanvas.INK,
          ReportCanvas.WIDTH);
    } else {
      List<TypeFigures> figures = typeFigures();
      float h = TypeChart.height(figures.size());
      if (!c.fits(h + 40)) {
        c.newPage();
      }
      section(c, "Per aktivitetstype");
      PDImageXObject chart =
          LosslessFactory.createFromImage(
              doc, TypeChart.render(figures, ReportCanvas.WIDTH, h, CHART_SCALE));
      c.down(h + 4);
      c.image(chart, ReportCanvas.LEFT, c.y(), ReportCanvas.WIDTH, h);
      ReportTable types =
          new ReportTable(
              c,
              TYPE_TABLE,
              null,
              List.of(
                  new ReportTable.Column("Aktivitetstype", 259, false),
                  new ReportTable.Column("Økter", 80, true),
                  new ReportTable.Column("Aktiviteter", 80, true),
                  new ReportTable.Column("Minutter", 80, true)));
      for (TypeFigures f : figures) {
        types.row(
            f.name(),
            ReportText.count(f.sessions()),
            ReportText.count(f.activities()),
            ReportText.count(f.minutes()));
      }
      types.end();
    }
    signature(c);
  }

  private List<TypeFigures> typeFigures() {
    return typeSums.entrySet().stream()
        .filter(e -> e.getValue()[1] > 0 || e.getValue()[0] > 0)
        .map(
            e ->
                new TypeFigures(
                    typeNames.get(e.getKey()), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
        .collect(Collectors.toList());
  }

  private void signature(ReportCanvas c) throws IOException {
    if (!c.fits(125)) {
      c.newPage();
    }
    section(c, "Bekreftelse");
    c.paragraph(
        "Jeg bekrefter at opplysningene i denne rapporten stemmer med aktivitetene som er registrert "
            + "for organisasjonen i perioden.",
        9.5f,
        false,
        ReportCanvas.INK,
        ReportCanvas.WIDTH);
    c.down(6);
    signLine(c, "Sted og dato", null, "Underskrift", null);
    signLine(c, "Navn", signatoryName, "Rolle", "Koordinator");
  }

  /** One line of the signature block: two labelled fields side by side, each a rule to write on. */
  private void signLine(ReportCanvas c, String label1, String value1, String label2, String value2)
      throws IOException {
    c.down(28);
    signField(c, ReportCanvas.LEFT, label1, value1);
    signField(c, ReportCanvas.LEFT + ReportCanvas.WIDTH / 2 + 10, label2, value2);
  }

  private void signField(ReportCanvas c, float x, String label, String value) throws IOException {
    float ruleStart = x + 72;
    float ruleEnd = x + ReportCanvas.WIDTH / 2 - 10;
    c.text(x, c.y(), 9.5f, false, ReportCanvas.MUTED, label);
    c.line(ruleStart, c.y() - 3, ruleEnd, c.y() - 3, 0.6f, ReportCanvas.INK);
    if (value != null) {
      c.text(
          ruleStart + 4,
          c.y(),
          10,
          false,
          ReportCanvas.INK,
          font.fit(value, 10, ruleEnd - ruleStart - 8));
    }
  }

  private void section(ReportCanvas c, String title) throws IOException {
    c.down(26);
    c.text(ReportCanvas.LEFT, c.y(), 13, true, ReportCanvas.INK, title);
    c.down(6);
  }

  private void meta(ReportCanvas c, String label, String value) throws IOException {
    c.down(15);
    c.text(ReportCanvas.LEFT, c.y(), 9.5f, false, ReportCanvas.MUTED, label);
    c.text(ReportCanvas.LEFT + 110, c.y(), 9.5f, false, ReportCanvas.INK, value);
  }

  private void figure(ReportCanvas c, String label, String value, boolean strong)
      throws IOException {
    c.down(17);
    float size = strong ? 11 : 9.5f;
    c.text(
        ReportCanvas.LEFT,
        c.y(),
        size,
        false,
        strong ? ReportCanvas.INK : ReportCanvas.MUTED,
        label);
    c.textRight(ReportCanvas.LEFT + 430, c.y(), size, strong, ReportCanvas.INK, value);
  }

  private void drawFooters() throws IOException {
    int n = doc.getNumberOfPages();
    String left =
        font.fit(
            ReportText.TITLE
                + " · "
                + (organisationName == null ? summary.organisationId() : organisationName)
                + " · "
                + ReportText.period(summary.periodStart(), summary.periodEnd()),
            7.5f,
            380);
    for (int i = 0; i < n; i++) {
      PDPage page = doc.getPage(i);
      try (PDPageContentStream out =
          new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
        float y = ReportCanvas.MARGIN;
        out.setStrokingColor(ReportCanvas.RULE);
        out.setLineWidth(0.5f);
        out.moveTo(ReportCanvas.LEFT, y + 10);
        out.lineTo(ReportCanvas.RIGHT, y + 10);
        out.stroke();
        footerText(out, ReportCanvas.LEFT, y, left);
        String right = "Side " + (i + 1) + " av " + n;
        footerText(out, ReportCanvas.RIGHT - font.width(right, 7.5f), y, right);
      }
    }
  }

  private void footerText(PDPageContentStream out, float x, float y, String text)
      throws IOException {
    out.beginText();
    out.setFont(font.pdf, 7.5f);
    out.setNonStrokingColor(ReportCanvas.MUTED);
    out.newLineAtOffset(x, y);
    out.showText(text);
    out.endText();
  }

  private void describe() {
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle(
        ReportText.TITLE + " " + ReportText.period(summary.periodStart(), summary.periodEnd()));
    if (organisationName != null) {
      info.setSubject(organisationName);
    }
    info.setCreator("likeperson-sdk sdk-bufdir-report");
    Calendar created = GregorianCalendar.from(createdAt);
    info.setCreationDate(created);
    doc.getDocumentCatalog().setLanguage("nb-NO");
  }
}

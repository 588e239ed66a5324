package no.likeperson.sdk.bufdir.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.bufdir.BufdirRecordListener;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class BufdirReportTest {
  static final Clock CLOCK =
      Clock.fixed(Instant.parse("2027-01-15T09:30:00Z"), ZoneId.of("Europe/Oslo"));
  static final BufdirReport REPORT =
      BufdirReport.builder()
          .organisationName("Norges Handikapforbund Region Vest")
          .signatoryName("Kari Nordmann")
          .clock(CLOCK)
          .build();

  /** Where the tests leave the pages as PNG, for a person to look at. */
  static final Path PNG_DIR = Path.of("target", "report-png");

  static byte[] pdf(BufdirPayload payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    REPORT.write(payload, out);
    return out.toByteArray();
  }

  static String text(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  static String pageText(PDDocument doc, int page) throws IOException {
    PDFTextStripper s = new PDFTextStripper();
    s.setStartPage(page);
    s.setEndPage(page);
    return s.getText(doc);
  }

  /**
   * What the report shows for a count, formed here independently: digits grouped by three with
   * spaces.
   */
  static String count(long n) {
    String digits = Long.toString(n);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        b.append(' ');
      }
      b.append(digits.charAt(i));
    }
    return b.toString();
  }

  @Test
  void report_showsTotalsNamesTypesPeriodAndSignature() throws IOException {
    BufdirPayload payload = ReportFixtures.mentors(8);
    String text = text(pdf(payload));

    long sessions = 0, minutes = 0, activities = 0, proxy = 0, noDuration = 0;
    for (BufdirPeerMentorRecord r : payload.peerMentorRecords()) {
      for (BufdirActivityTypeBreakdown b : r.activityTypes()) {
        sessions += b.sessionCount();
        minutes += b.durationMinutes();
        activities += b.activityCount();
      }
      proxy += r.proxyActivityCount();
      noDuration += r.activitiesWithoutDuration();
    }
    assertThat(text)
        .contains(
            "Aktivitetsrapport til Bufdir",
            "Norges Handikapforbund Region Vest",
            "01.01.2026 – 31.12.2026",
            "Region (med underliggende lag)",
            ReportFixtures.ORG.toString(),
            "15.01.2027 kl. 10:30");
    assertThat(text)
        .containsPattern("Likepersoner med aktivitet \\(hver person telt én gang\\) 8\\b");
    assertThat(text).containsPattern("Økter " + count(sessions) + "\\b");
    assertThat(text).containsPattern("Aktiviteter " + count(activities) + "\\b");
    assertThat(text)
        .containsPattern("registrert av koordinator for en likeperson " + count(proxy) + "\\b");
    assertThat(text)
        .containsPattern(
            "uten registrert varighet \\(telt som 0 minutter\\) " + count(noDuration) + "\\b");
    String hours = String.format(Locale.ROOT, "%.1f", minutes / 60.0);
    assertThat(text)
        .contains(
            "Minutter "
                + count(minutes)
                + " ("
                + count(Long.parseLong(hours.substring(0, hours.indexOf('.'))))
                + ","
                + hours.substring(hours.indexOf('.') + 1)
                + " timer)");
    for (String name : ReportFixtures.NAMES) {
      assertThat(text).contains(name);
    }
    assertThat(text)
        .contains(
            "Åse Ødegård *",
            "Aktive i flere lokallag i perioden, telt én gang hver (merket * i tabellen): 1");
    ReportFixtures.TYPES.forEach(t -> assertThat(text).contains(t.name()));
    assertThat(text)
        .contains("Bekreftelse", "Sted og dato", "Underskrift", "Kari Nordmann", "Koordinator");
  }

  @Test
  void report_perTypeTable_sumsEveryMentorsBreakdown() throws IOException {
    BufdirPayload payload = ReportFixtures.mentors(30);
    String text = text(pdf(payload));
    for (var type : payload.activityTypes()) {
      long s = 0, a = 0, m = 0;
      for (BufdirPeerMentorRecord r : payload.peerMentorRecords()) {
        for (BufdirActivityTypeBreakdown b : r.activityTypes()) {
          if (b.activityTypeId().equals(type.id())) {
            s += b.sessionCount();
            a += b.activityCount();
            m += b.durationMinutes();
          }
        }
      }
      assertThat(text).contains(type.name() + " " + count(s) + " " + count(a) + " " + count(m));
    }
  }

  @Test
  void report_pagesRenderToPng_notBlank_withTheChartsColours() throws IOException {
    byte[] pdf = pdf(ReportFixtures.mentors(120));
    Files.createDirectories(PNG_DIR);
    try (var old = Files.list(PNG_DIR)) {
      for (Path f : (Iterable<Path>) old::iterator) {
        Files.delete(f);
      }
    }
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFRenderer renderer = new PDFRenderer(doc);
      assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(3);
      for (int i = 0; i < doc.getNumberOfPages(); i++) {
        BufferedImage page = renderer.renderImageWithDPI(i, 100);
        ImageIO.write(page, "png", PNG_DIR.resolve("page-" + (i + 1) + ".png").toFile());
        assertThat(inkShare(page)).as("page %d has ink", i + 1).isGreaterThan(0.01);
      }
      BufferedImage first = renderer.renderImageWithDPI(0, 100);
      assertThat(pixelsNear(first, TypeChart.SESSIONS)).as("bars of sessions").isGreaterThan(500);
      assertThat(pixelsNear(first, TypeChart.ACTIVITIES))
          .as("bars of activities")
          .isGreaterThan(500);
      BufferedImage table = renderer.renderImageWithDPI(1, 100);
      assertThat(pixelsNear(table, TypeChart.SESSIONS)).as("no chart on a table page").isZero();
    }
  }

  @Test
  void report_manyMentors_tableRunsOverPages_eachNameOnce_headerOnEveryPage() throws IOException {
    int mentors = 400;
    byte[] pdf = pdf(ReportFixtures.mentors(mentors));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int pages = doc.getNumberOfPages();
      assertThat(pages).isGreaterThan(6);
      String all = new PDFTextStripper().getText(doc);
      for (int n = ReportFixtures.NAMES.length + 1; n <= mentors; n++) {
        Matcher m =
            Pattern.compile(
                    "\\b"
                        + Pattern.quote(
                            ReportFixtures.NAMES[n % ReportFixtures.NAMES.length] + " nr. " + n)
                        + "\\b")
                .matcher(all);
        int hits = 0;
        while (m.find()) {
          hits++;
        }
        assertThat(hits).as("mentor %d", n).isEqualTo(1);
      }
      String header = "Likeperson Økter Minutter Aktiviteter Uten varighet Via koordinator";
      int firstTablePage = 1;
      while (!pageText(doc, firstTablePage).contains(header)) {
        firstTablePage++;
      }
      assertThat(pageText(doc, firstTablePage))
          .contains("Likepersoner * aktiv i flere lokallag, telt én gang");
      for (int p = firstTablePage; p <= pages; p++) {
        String t = pageText(doc, p);
        assertThat(t).as("page %d", p).contains(header).contains("Side " + p + " av " + pages);
      }
      assertThat(pageText(doc, firstTablePage + 1)).contains("Likepersoner (forts.)");
      assertThat(pageText(doc, 1))
          .contains("Side 1 av " + pages)
          .doesNotContain("Likepersoner (forts.)");
    }
  }

  @Test
  void report_embedsItsOwnFont_everywhere() throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf(ReportFixtures.mentors(3)))) {
      List<String> fonts = new ArrayList<>();
      for (PDPage page : doc.getPages()) {
        for (COSName name : page.getResources().getFontNames()) {
          PDFont f = page.getResources().getFont(name);
          assertThat(f).isInstanceOf(PDType0Font.class);
          assertThat(f.isEmbedded()).isTrue();
          fonts.add(f.getName());
        }
      }
      assertThat(fonts).isNotEmpty().allMatch(n -> n.contains("LiberationSans"));
    }
  }

  @Test
  void report_characterWithoutAGlyph_isDrawnAsQuestionMark_othersKept() throws IOException {
    List<BufdirPeerMentorRecord> records =
        List.of(
            rename(ReportFixtures.mentor(1, 2), "Li 李 Ødegård"),
            rename(ReportFixtures.mentor(2, 2), "Máret Čáhppes Ŋuolja"),
            rename(ReportFixtures.mentor(3, 2), "Tab\there\nand there"));
    String text = text(pdf(ReportFixtures.payload(records, 2, List.of())));
    assertThat(text).contains("Li ? Ødegård", "Máret Čáhppes Ŋuolja", "Tab here and there");
  }

  @Test
  void report_hiddenName_showsAPlaceholderWithTheIdsStart() throws IOException {
    BufdirPeerMentorRecord r = rename(ReportFixtures.mentor(1, 1), null);
    String text = text(pdf(ReportFixtures.payload(List.of(r), 1, List.of())));
    assertThat(text).contains("(navn skjult) " + r.peerMentorId().toString().substring(0, 8));
  }

  @Test
  void report_longNames_areShortenedToTheirColumn() throws IOException {
    String longName =
        "Anne-Marthe Kristiansdatter Øvrebø-Sørensen von Hohenzollern-Sigmaringen Ødegård";
    String text =
        text(
            pdf(
                ReportFixtures.payload(
                    List.of(rename(ReportFixtures.mentor(1, 1), longName)), 1, List.of())));
    assertThat(text)
        .contains("Anne-Marthe Kristiansdatter")
        .contains("…")
        .doesNotContain("Sigmaringen Ødegård");
  }

  @Test
  void report_ofAnEmptyPeriod_isOnePageSayingSo() throws IOException {
    byte[] pdf = pdf(ReportFixtures.payload(List.of(), 0, List.of()));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isEqualTo(1);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text)
          .contains("Ingen aktiviteter er registrert i perioden.", "Side 1 av 1")
          .containsPattern("Økter 0\\b")
          .doesNotContain("Tabellen over likepersoner");
      assertThat(inkShare(new PDFRenderer(doc).renderImageWithDPI(0, 72))).isGreaterThan(0.01);
    }
  }

  @Test
  void report_metadata() throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf(ReportFixtures.mentors(2)))) {
      assertThat(doc.getDocumentInformation().getTitle())
          .isEqualTo("Aktivitetsrapport til Bufdir 01.01.2026 – 31.12.2026");
      assertThat(doc.getDocumentInformation().getSubject())
          .isEqualTo("Norges Handikapforbund Region Vest");
      assertThat(doc.getDocumentInformation().getCreationDate().toInstant())
          .isEqualTo(CLOCK.instant());
      assertThat(doc.getDocumentCatalog().getLanguage()).isEqualTo("nb-NO");
    }
  }

  @Test
  void export_fromAStreamingSource_isTheSameReport() throws IOException {
    BufdirPayload payload = ReportFixtures.mentors(75);
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    REPORT.export(
        streamed,
        listener -> {
          listener.onSummary(payload.summary());
          for (int n = 1; n <= 75; n++) {
            listener.onRecord(ReportFixtures.mentor(n, ReportFixtures.TYPES.size()));
          }
        });
    assertThat(text(streamed.toByteArray())).isEqualTo(text(pdf(payload)));
  }

  @Test
  void export_whenTheSourceFails_writesNothing() {
    RuntimeException boom = new IllegalStateException("connection reset");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BufdirPayload payload = ReportFixtures.mentors(5);
    Consumer<BufdirRecordListener> failing =
        listener -> {
          listener.onSummary(payload.summary());
          listener.onRecord(payload.peerMentorRecords().get(0));
          throw boom;
        };
    assertThatThrownBy(() -> REPORT.export(out, failing)).isSameAs(boom);
    assertThat(out.size()).isZero();
  }

  @Test
  void export_refusesInconsistentOrOutOfOrderSources() {
    BufdirPayload p = ReportFixtures.mentors(3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                REPORT.write(
                    BufdirPayload.of(p.summary(), p.peerMentorRecords().subList(0, 2)), out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("totals count 3 peer mentors but 2 records");
    assertThatThrownBy(() -> REPORT.export(out, l -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no summary");
    assertThatThrownBy(() -> REPORT.export(out, l -> l.onRecord(p.peerMentorRecords().get(0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the summary");
    assertThat(out.size()).isZero();
  }

  @Test
  void progress_aboutEveryPercent_thenOnceWhenSaved() throws IOException {
    List<long[]> calls = new ArrayList<>();
    BufdirReport.builder()
        .progress((done, total) -> calls.add(new long[] {done, total}))
        .build()
        .write(ReportFixtures.mentors(250), new ByteArrayOutputStream());
    assertThat(calls).hasSizeBetween(80, 101);
    assertThat(calls.get(calls.size() - 1)).containsExactly(250, 250);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
    }
    List<String> small = new ArrayList<>();
    BufdirReport.builder()
        .progress((done, total) -> small.add(done + "/" + total))
        .build()
        .write(ReportFixtures.mentors(2), new ByteArrayOutputStream());
    assertThat(small).containsExactly("1/2", "2/2");
    assertThatThrownBy(() -> BufdirReport.builder().progress(null)).hasMessage("progress == null");
  }

  @Test
  void write_leavesTheCallersStreamOpen() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    OutputStream out =
        new FilterOutputStream(target) {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    REPORT.write(ReportFixtures.mentors(2), out);
    assertThat(closed).isFalse();
    assertThat(new String(target.toByteArray(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
  }

  @Test
  void arguments_areCheckedByName() {
    assertThatThrownBy(() -> BufdirReport.builder().organisationName(null))
        .hasMessage("organisationName == null");
    assertThatThrownBy(() -> BufdirReport.builder().organisationName("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("organisationName must not be blank");
    assertThatThrownBy(() -> BufdirReport.builder().signatoryName(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BufdirReport.builder().clock(null)).hasMessage("clock == null");
    assertThatThrownBy(() -> REPORT.write(null, new ByteArrayOutputStream()))
        .hasMessage("payload == null");
    assertThatThrownBy(() -> REPORT.write(ReportFixtures.mentors(1), null))
        .hasMessage("out == null");
    assertThatThrownBy(() -> REPORT.export(new ByteArrayOutputStream(), null))
        .hasMessage("source == null");
  }

  @Test
  void runsHeadless_withoutADisplay() throws IOException {
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    assertThat(BufdirReport.create().toString()).contains("BufdirReport");
    assertThat(text(pdf(ReportFixtures.mentors(1)))).contains("Åse Ødegård");
  }

  private static BufdirPeerMentorRecord rename(BufdirPeerMentorRecord r, String name) {
    return new BufdirPeerMentorRecord(
        r.peerMentorId(),
        name,
        r.sessionCount(),
        r.durationMinutes(),
        r.activityCount(),
        r.activitiesWithoutDuration(),
        r.proxyActivityCount(),
        r.activityTypes());
  }

  /** The share of pixels that are not (nearly) white. */
  static double inkShare(BufferedImage image) {
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        if (c.getRed() + c.getGreen() + c.getBlue() < 3 * 235) {
          ink++;
        }
      }
    }
    return (double) ink / ((long) image.getWidth() * image.getHeight());
  }

  static long pixelsNear(BufferedImage image, Color colour) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        if (Math.abs(c.getRed() - colour.getRed())
                + Math.abs(c.getGreen() - colour.getGreen())
                + Math.abs(c.getBlue() - colour.getBlue())
            < 30) {
          n++;
        }
      }
    }
    return n;
  }
}

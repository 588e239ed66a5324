package no.likeperson.sdk.bufdir.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.bufdir.BufdirActivityType;
import no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.bufdir.BufdirTotals;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.bufdir.report.PageRecorder.Line;
import no.likeperson.sdk.bufdir.report.PageRecorder.Page;
import no.likeperson.sdk.bufdir.report.PageRecorder.Text;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Where the report draws what: the PDF's content streams read back (text with position, size,
 * colour and weight; rules; shaded rows; the chart image) and checked against the layout: A4 with
 * 48 pt margins, the front page's blocks in order and spacing, tables with their columns aligned
 * (numbers right-aligned to the column's edge), rows 14 pt apart and shaded alternately, a heading
 * repeated on every page of a table, and a footer on every page.
 */
class ReportLayoutTest {
  static final float A4_WIDTH = 595.2756f;
  static final float A4_HEIGHT = 841.8898f;
  static final float LEFT = 48;
  static final float RIGHT = A4_WIDTH - 48;
  static final float WIDTH = RIGHT - LEFT;
  static final float TOP = A4_HEIGHT - 48;
  static final float BOTTOM = 68;
  static final float ROW = 14;

  static final int INK = 0x1f2328;
  static final int MUTED = 0x5f666d;
  static final int RULE = 0xc8cdd2;
  static final int SHADE = 0xf1f3f5;

  static final Offset<Float> EPS = within(0.01f);

  /** The report's font, for the widths of words. */
  static final ReportFont FONT = font();

  /** The per-type table's columns. */
  static final float[] TYPE_COLUMNS = {259, 80, 80, 80};

  static final String[] TYPE_HEADERS = {"Aktivitetstype", "Økter", "Aktiviteter", "Minutter"};

  /** The mentor table's columns: their widths and right edges (numbers end 3 pt inside). */
  static final float[] MENTOR_COLUMNS = {187, 50, 60, 62, 68, 72};

  static final String[] MENTOR_HEADERS = {
    "Likeperson", "Økter", "Minutter", "Aktiviteter", "Uten varighet", "Via koordinator"
  };

  static List<Page> pages(BufdirReport report, BufdirPayload payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.write(payload, out);
    try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
      for (PDPage p : doc.getPages()) {
        assertThat(p.getMediaBox().getWidth()).isCloseTo(A4_WIDTH, EPS);
        assertThat(p.getMediaBox().getHeight()).isCloseTo(A4_HEIGHT, EPS);
      }
      return PageRecorder.read(doc);
    }
  }

  static List<Page> pages(BufdirPayload payload) throws IOException {
    return pages(BufdirReportTest.REPORT, payload);
  }

  @Test
  void frontPage_headingMetaAndTotals_inTheirPlaces() throws IOException {
    BufdirPayload payload = ReportFixtures.mentors(8);
    Page front = pages(payload).get(0);
    BufdirTotals t = payload.totals();

    Text title = front.text("Aktivitetsrapport til Bufdir");
    assertText(title, LEFT, TOP - 20, 20, true, INK);
    assertThat(title.strokeRgb()).isEqualTo(INK);
    assertThat(title.lineWidth()).isCloseTo(20 / 30f, EPS);

    Text org = front.text("Norges Handikapforbund Region Vest");
    assertText(org, LEFT, title.y() - 20, 13, false, INK);

    String[][] meta = {
      {"Periode", "01.01.2026 – 31.12.2026"},
      {"Omfang", "Region (med underliggende lag)"},
      {"Organisasjons-ID", ReportFixtures.ORG.toString()},
      {"Laget", "15.01.2027 kl. 10:30"}
    };
    float y = org.y() - 10;
    for (String[] m : meta) {
      y -= 15;
      assertText(front.text(m[0]), LEFT, y, 9.5f, false, MUTED);
      assertText(front.text(m[1]), LEFT + 110, y, 9.5f, false, INK);
    }
    assertLine(front, LEFT, y - 8, RIGHT, 0.8f, RULE);

    Text totalt = front.text("Totalt");
    assertText(totalt, LEFT, y - 8 - 26, 13, true, INK);
    Object[][] figures = {
      {"Likepersoner med aktivitet (hver person telt én gang)", t.peerMentorCount(), true},
      {"Økter", t.sessionCount(), true},
      {"Aktiviteter", t.activityCount(), true},
      {"   herav registrert av koordinator for en likeperson", t.proxyActivityCount(), false},
      {
        "   herav uten registrert varighet (telt som 0 minutter)",
        t.activitiesWithoutDuration(),
        false
      }
    };
    y = totalt.y() - 6;
    for (Object[] f : figures) {
      y -= 17;
      boolean strong = (boolean) f[2];
      float size = strong ? 11 : 9.5f;
      Text label = onBaseline(front, (String) f[0], y);
      assertText(label, LEFT, y, size, false, strong ? INK : MUTED);
      Text value = onBaseline(front, BufdirReportTest.count((long) f[1]), y);
      assertRightAligned(value, LEFT + 430, y, size, strong, INK);
    }
    y -= 17;
    assertText(onBaseline(front, "Minutter", y), LEFT, y, 11, false, INK);
    Text minutes = front.text(ReportText.minutes(t.durationMinutes()));
    assertRightAligned(minutes, LEFT + 430, y, 11, true, INK);
    assertThat(minutes.text()).endsWith(" timer)");

    // the deduplicated mentors' line: a 9 pt paragraph 6 pt below, its line 9 * 1.35 high
    Text multi =
        front.text(
            "Aktive i flere lokallag i perioden, telt én gang hver (merket * i tabellen): 1");
    float lineHeight = 9 * 1.35f;
    assertText(multi, LEFT, y - 6 - lineHeight + lineHeight * 0.25f, 9, false, MUTED);
    assertThat(front.text("Per aktivitetstype").y()).isCloseTo(y - 6 - lineHeight - 26, EPS);
    for (Text text : front.texts()) {
      assertThat(text.font()).endsWith("+LiberationSans");
    }
  }

  @Test
  void frontPage_chartAndTypeTable_belowTheirHeading() throws IOException {
    BufdirPayload payload = ReportFixtures.mentors(8);
    List<Page> pages = pages(payload);
    Page front = pages.get(0);

    Text section = front.text("Per aktivitetstype");
    assertText(section, LEFT, section.y(), 13, true, INK);
    float chartHeight = 60 + 22 * 5;
    assertThat(front.images()).hasSize(1);
    PageRecorder.Image chart = front.images().get(0);
    assertThat(chart.x()).isCloseTo(LEFT, EPS);
    assertThat(chart.w()).isCloseTo(WIDTH, EPS);
    assertThat(chart.h()).isCloseTo(chartHeight, EPS);
    assertThat(chart.y()).isCloseTo(section.y() - 6 - chartHeight - 4, EPS);
    // drawn at 3 pixels per point
    assertThat(chart.pixelWidth()).isEqualTo(Math.round(WIDTH * 3));
    assertThat(chart.pixelHeight()).isEqualTo(Math.round(chartHeight * 3));
    for (Page p : pages.subList(1, pages.size())) {
      assertThat(p.images()).isEmpty();
    }

    float rowsTop = assertTypeTableHeading(front, "Tall per aktivitetstype", chart.y());
    float end = assertRows(front, rowsTop, TYPE_COLUMNS, typeRows(payload, 0, 5));
    assertLine(front, LEFT, end, RIGHT, 0.6f, RULE);
    // five types leave room for the signature on the first page
    assertThat(front.text("Bekreftelse").y()).isCloseTo(end - 10 - 26, EPS);
  }

  @Test
  void frontPage_signatureBlock_twoFieldsPerLine_withRulesToWriteOn() throws IOException {
    Page front = pages(ReportFixtures.mentors(8)).get(0);
    Text heading = front.text("Bekreftelse");
    assertText(heading, LEFT, heading.y(), 13, true, INK);
    List<Text> sentence =
        front.texts(t -> t.y() < heading.y() && t.y() > heading.y() - 40 && t.size() == 9.5f);
    assertParagraph(
        sentence,
        "Jeg bekrefter at opplysningene i denne rapporten stemmer med aktivitetene som er "
            + "registrert for organisasjonen i perioden.",
        9.5f,
        heading.y() - 6);
    float y = sentence.get(sentence.size() - 1).y() - 9.5f * 1.35f * 0.25f - 6;
    float half = WIDTH / 2;
    String[][] fields = {
      {"Sted og dato", null, "Underskrift", null}, {"Navn", "Kari Nordmann", "Rolle", "Koordinator"}
    };
    for (String[] line : fields) {
      y -= 28;
      for (int i = 0; i < 2; i++) {
        float x = i == 0 ? LEFT : LEFT + half + 10;
        assertText(front.text(line[2 * i]), x, y, 9.5f, false, MUTED);
        assertLine(front, x + 72, y - 3, x + half - 10, 0.6f, INK);
        if (line[2 * i + 1] != null) {
          assertText(front.text(line[2 * i + 1]), x + 76, y, 10, false, INK);
        }
      }
    }
    float lowest = y;
    assertThat(front.texts(t -> t.y() < lowest - 1 && t.y() > BOTTOM - 1)).isEmpty();
  }

  @Test
  void mentorTable_columnsAligned_rowsInOrder_49APage_headingRepeated_shadedAlternately()
      throws IOException {
    int mentors = 120;
    BufdirPayload payload = ReportFixtures.mentors(mentors);
    List<Page> pages = pages(payload);
    assertThat(pages).hasSize(4);
    int n = 0;
    for (int p = 1; p < pages.size(); p++) {
      Page page = pages.get(p);
      float rowsTop =
          assertTableHeading(
              page,
              p == 1 ? "Likepersoner" : "Likepersoner (forts.)",
              "* aktiv i flere lokallag, telt én gang",
              MENTOR_HEADERS,
              MENTOR_COLUMNS,
              TOP);
      int onPage = p < pages.size() - 1 ? 49 : mentors - 2 * 49;
      List<String[]> rows = new ArrayList<>();
      for (int i = 0; i < onPage; i++) {
        BufdirPeerMentorRecord r = payload.peerMentorRecords().get(n++);
        rows.add(
            new String[] {
              r.name().orElseThrow() + (n == 1 ? " *" : ""),
              BufdirReportTest.count(r.sessionCount()),
              BufdirReportTest.count(r.durationMinutes()),
              BufdirReportTest.count(r.activityCount()),
              BufdirReportTest.count(r.activitiesWithoutDuration()),
              BufdirReportTest.count(r.proxyActivityCount())
            });
      }
      float end = assertRows(page, rowsTop, MENTOR_COLUMNS, rows);
      List<Line> closing = page.lines().stream().filter(l -> l.width() == 0.6f).toList();
      if (p < pages.size() - 1) {
        assertThat(closing).isEmpty();
        assertThat(end - ROW).isLessThan(BOTTOM);
      } else {
        assertLine(page, LEFT, end, RIGHT, 0.6f, RULE);
      }
    }
  }

  @Test
  void everyPage_hasAFooter_titleOrganisationPeriod_leftAndPageOfPages_right() throws IOException {
    List<Page> pages = pages(ReportFixtures.mentors(60));
    assertThat(pages).hasSize(3);
    for (int i = 0; i < pages.size(); i++) {
      Page page = pages.get(i);
      assertLine(page, LEFT, 58, RIGHT, 0.5f, RULE);
      assertText(
          page.text(
              "Aktivitetsrapport til Bufdir · Norges Handikapforbund Region Vest · 01.01.2026 – 31.12.2026"),
          LEFT,
          48,
          7.5f,
          false,
          MUTED);
      Text number = page.text("Side " + (i + 1) + " av " + pages.size());
      assertRightAligned(number, RIGHT, 48, 7.5f, false, MUTED);
      // nothing else below the lowest baseline for content
      assertThat(page.texts(t -> t.y() < BOTTOM - 0.01f)).hasSize(2);
    }
  }

  @Test
  void withoutNames_theIdStandsForTheOrganisation_andTheNameLineIsBlank() throws IOException {
    BufdirReport report = BufdirReport.builder().clock(BufdirReportTest.CLOCK).build();
    BufdirPayload payload = ReportFixtures.mentors(2);
    Page front = pages(report, payload).get(0);
    Text title = front.text("Aktivitetsrapport til Bufdir");
    // no organisation line: the period follows the title directly
    assertThat(front.text("Periode").y()).isCloseTo(title.y() - 10 - 15, EPS);
    assertText(
        front.text(
            "Aktivitetsrapport til Bufdir · " + ReportFixtures.ORG + " · 01.01.2026 – 31.12.2026"),
        LEFT,
        48,
        7.5f,
        false,
        MUTED);
    Text name = front.text("Navn");
    // the name line: only its label and the role's field, no name on the rule
    assertThat(front.texts(t -> Math.abs(t.y() - name.y()) < 0.01f))
        .extracting(Text::text)
        .containsExactly("Navn", "Rolle", "Koordinator");
    try (PDDocument doc = Loader.loadPDF(bytes(report, payload))) {
      assertThat(doc.getDocumentInformation().getSubject()).isNull();
      assertThat(doc.getDocumentInformation().getCreator())
          .isEqualTo("likeperson-sdk sdk-bufdir-report");
    }
  }

  @Test
  void longNames_areShortenedToWhereTheyMayGo() throws IOException {
    String organisation =
        "Norges Handikapforbund Region Vest, avdeling for likepersonsarbeid i Vestland fylke, "
            + "Bergen og omegn lokallag";
    String signatory = "Kari Margrethe Nordmann-Sørensen Ødegård Aasen";
    String mentor = "Anne-Marthe Kristiansdatter Øvrebø-Sørensen von Hohenzollern";
    BufdirReport report =
        BufdirReport.builder()
            .organisationName(organisation)
            .signatoryName(signatory)
            .clock(BufdirReportTest.CLOCK)
            .build();
    BufdirPeerMentorRecord r = ReportFixtures.mentor(1, 1);
    BufdirPayload payload =
        ReportFixtures.payload(
            List.of(
                new BufdirPeerMentorRecord(
                    r.peerMentorId(),
                    mentor,
                    r.sessionCount(),
                    r.durationMinutes(),
                    r.activityCount(),
                    r.activitiesWithoutDuration(),
                    r.proxyActivityCount(),
                    r.activityTypes())),
            1,
            List.of());
    List<Page> pages = pages(report, payload);
    Page front = pages.get(0);
    Text org = shortened(front, organisation, 13);
    assertThat(org.endX()).isLessThanOrEqualTo(RIGHT + 0.01f);
    assertThat(org.endX()).isGreaterThan(RIGHT - 16);
    Text name = shortened(front, signatory, 10);
    float ruleEnd = LEFT + WIDTH / 2 - 10;
    assertThat(name.endX()).isLessThanOrEqualTo(ruleEnd - 4 + 0.01f);
    assertThat(name.endX()).isGreaterThan(ruleEnd - 4 - 10);
    Text footer = front.texts(t -> Math.abs(t.y() - 48) < 0.01f && t.x() < LEFT + 0.01f).get(0);
    assertThat(footer.text()).startsWith("Aktivitetsrapport til Bufdir · Norges").endsWith("…");
    assertThat(footer.endX()).isLessThanOrEqualTo(LEFT + 380 + 0.01f);
    assertThat(footer.endX()).isGreaterThan(LEFT + 380 - 8);
    Text row = shortened(pages.get(1), mentor, 8.5f);
    assertThat(row.endX()).isLessThanOrEqualTo(LEFT + 187 - 3 + 0.01f);
    assertThat(row.endX()).isGreaterThan(LEFT + 187 - 3 - 9);
  }

  @Test
  void manyTypes_theTypeTableContinuesOnPage2_thenTheSignature() throws IOException {
    int typeCount = 40;
    BufdirPayload payload = manyTypes(typeCount, 3);
    List<Page> pages = pages(payload);
    Page front = pages.get(0);
    Page second = pages.get(1);
    assertThat(front.images().get(0).h()).isCloseTo(330f, EPS);
    float rowsTop =
        assertTypeTableHeading(front, "Tall per aktivitetstype", front.images().get(0).y());
    int first = (int) ((rowsTop - BOTTOM) / ROW);
    assertThat(first).isBetween(1, typeCount - 1);
    float end = assertRows(front, rowsTop, TYPE_COLUMNS, typeRows(payload, 0, first));
    assertThat(end - ROW).isLessThan(BOTTOM);
    assertThat(front.lines().stream().filter(l -> l.width() == 0.6f)).isEmpty();
    assertThat(front.has("Bekreftelse")).isFalse();

    float top2 = assertTypeTableHeading(second, "Tall per aktivitetstype (forts.)", TOP);
    float end2 = assertRows(second, top2, TYPE_COLUMNS, typeRows(payload, first, typeCount));
    assertLine(second, LEFT, end2, RIGHT, 0.6f, RULE);
    assertThat(second.text("Bekreftelse").y()).isCloseTo(end2 - 10 - 26, EPS);
    assertThat(pages.get(2).text("Likepersoner").y()).isCloseTo(TOP - 16, EPS);
  }

  @Test
  void sixTypes_leaveNoRoomForTheSignature_whichStartsPage2() throws IOException {
    List<Page> pages = pages(manyTypes(6, 2));
    assertThat(pages.get(0).has("Bekreftelse")).isFalse();
    assertThat(pages.get(0).has("Type 06")).isTrue();
    Text heading = pages.get(1).text("Bekreftelse");
    assertText(heading, LEFT, TOP - 26, 13, true, INK);
    assertThat(pages.get(1).texts(t -> t.y() > heading.y())).isEmpty();
    assertThat(pages.get(2).text("Likepersoner").y()).isCloseTo(TOP - 16, EPS);
  }

  @Test
  void emptyPeriod_saysSoUnderTheSection_withoutChartOrTables() throws IOException {
    Page only = pages(ReportFixtures.payload(List.of(), 0, List.of())).get(0);
    Text section = only.text("Per aktivitetstype");
    Text minutes = only.text("Minutter");
    // no line about deduplicated mentors: the section follows the totals
    assertThat(section.y()).isCloseTo(minutes.y() - 26, EPS);
    float lineHeight = 10 * 1.35f;
    assertText(
        only.text("Ingen aktiviteter er registrert i perioden."),
        LEFT,
        section.y() - 6 - lineHeight + lineHeight * 0.25f,
        10,
        false,
        INK);
    assertThat(only.images()).isEmpty();
    assertThat(only.boxes()).isEmpty();
    assertThat(only.has("Tall per aktivitetstype")).isFalse();
    assertThat(only.has("Likepersoner")).isFalse();
  }

  @Test
  void chartInThePdf_showsEachTypesSums() throws IOException {
    BufdirPayload payload = ReportFixtures.mentors(8);
    List<TypeFigures> expected = new ArrayList<>();
    for (BufdirActivityType type : payload.activityTypes()) {
      long[] s = sums(payload, type.id());
      expected.add(new TypeFigures(type.name(), s[0], s[1], s[2]));
    }
    try (PDDocument doc = Loader.loadPDF(bytes(BufdirReportTest.REPORT, payload))) {
      var resources = doc.getPage(0).getResources();
      var image =
          (org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject)
              resources.getXObject(resources.getXObjectNames().iterator().next());
      TypeChartTest.assertBarsProportional(image.getImage(), expected);
    }
  }

  // ---------------------------------------------------------------------------------------------

  static ReportFont font() {
    try {
      return ReportFont.load(new PDDocument());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static byte[] bytes(BufdirReport report, BufdirPayload payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.write(payload, out);
    return out.toByteArray();
  }

  /** {@code count} types, every mentor with each; the types are named "Type 01" and so on. */
  static BufdirPayload manyTypes(int count, int mentors) {
    List<BufdirActivityType> types = new ArrayList<>();
    for (int t = 1; t <= count; t++) {
      types.add(new BufdirActivityType(new UUID(0xC0L, t), "t" + t, String.format("Type %02d", t)));
    }
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    long s = 0, m = 0, a = 0;
    for (int n = 1; n <= mentors; n++) {
      List<BufdirActivityTypeBreakdown> b = new ArrayList<>();
      long ms = 0, mm = 0, ma = 0;
      for (int t = 1; t <= count; t++) {
        BufdirActivityType type = types.get(t - 1);
        b.add(
            new BufdirActivityTypeBreakdown(
                type.id(), type.code(), type.name(), t + n, 10L * t, t));
        ms += t + n;
        mm += 10L * t;
        ma += t;
      }
      records.add(
          new BufdirPeerMentorRecord(
              ReportFixtures.mentorId(n), "Mentor " + n, ms, mm, ma, 0, 0, b));
      s += ms;
      m += mm;
      a += ma;
    }
    return new BufdirPayload(
        ReportFixtures.ORG,
        ScopeLevel.CHAPTER,
        java.time.LocalDate.of(2026, 1, 1),
        java.time.LocalDate.of(2026, 12, 31),
        new BufdirTotals(mentors, s, m, a, 0, 0),
        types,
        List.of(),
        records);
  }

  static List<String[]> typeRows(BufdirPayload payload, int from, int to) {
    List<String[]> rows = new ArrayList<>();
    for (BufdirActivityType type : payload.activityTypes().subList(from, to)) {
      long[] s = sums(payload, type.id());
      rows.add(
          new String[] {
            type.name(),
            BufdirReportTest.count(s[0]),
            BufdirReportTest.count(s[1]),
            BufdirReportTest.count(s[2])
          });
    }
    return rows;
  }

  /** Sessions, activities and minutes of one type over every mentor. */
  static long[] sums(BufdirPayload payload, UUID type) {
    long[] s = new long[3];
    for (BufdirPeerMentorRecord r : payload.peerMentorRecords()) {
      for (BufdirActivityTypeBreakdown b : r.activityTypes()) {
        if (b.activityTypeId().equals(type)) {
          s[0] += b.sessionCount();
          s[1] += b.activityCount();
          s[2] += b.durationMinutes();
        }
      }
    }
    return s;
  }

  static float assertTypeTableHeading(Page page, String title, float above) {
    return assertTableHeading(page, title, null, TYPE_HEADERS, TYPE_COLUMNS, above);
  }

  /**
   * A table's heading drawn below {@code above} (the pen): its title 12 pt bold 16 pt down, the
   * note right-aligned on the same baseline, the header row in 7.5 pt bold grey, a 0.8 pt rule
   * under it. Returns the top of the first row.
   */
  static float assertTableHeading(
      Page page, String title, String note, String[] headers, float[] widths, float above) {
    Text t = page.text(title);
    assertText(t, LEFT, above - 16, 12, true, INK);
    if (note != null) {
      assertRightAligned(page.text(note), RIGHT, t.y(), 7.5f, false, MUTED);
    }
    float pen = above - 20 - 4;
    float baseline = pen - ROW + 4;
    float x = LEFT;
    for (int i = 0; i < headers.length; i++) {
      Text h = onBaseline(page, headers[i], baseline);
      assertThat(h.size()).isEqualTo(7.5f);
      assertThat(h.bold()).as(headers[i]).isTrue();
      assertThat(h.rgb()).isEqualTo(MUTED);
      assertCell(h, i, x, widths[i]);
      x += widths[i];
    }
    pen -= ROW;
    assertLine(page, LEFT, pen + 1, RIGHT, 0.8f, INK);
    return pen;
  }

  /**
   * Rows from {@code top} down, 14 pt apart, in the given order, every second row (from the second
   * on the page) on a shaded band. Returns the pen below the last row.
   */
  static float assertRows(Page page, float top, float[] widths, List<String[]> rows) {
    List<PageRecorder.Box> shaded = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      float baseline = top - ROW + 4;
      List<Text> cells = page.texts(t -> Math.abs(t.y() - baseline) < 0.01f && t.size() == 8.5f);
      assertThat(cells).extracting(Text::text).as("row %d", r).containsExactly(rows.get(r));
      float x = LEFT;
      for (int i = 0; i < widths.length; i++) {
        Text c = cells.get(i);
        assertThat(c.bold()).isFalse();
        assertThat(c.rgb()).isEqualTo(INK);
        assertCell(c, i, x, widths[i]);
        x += widths[i];
      }
      if (r % 2 == 1) {
        shaded.add(new PageRecorder.Box(LEFT, top - ROW, WIDTH, ROW, SHADE));
      }
      top -= ROW;
    }
    assertThat(page.boxes()).hasSameSizeAs(shaded);
    for (int i = 0; i < shaded.size(); i++) {
      PageRecorder.Box want = shaded.get(i), got = page.boxes().get(i);
      assertThat(got.x()).isCloseTo(want.x(), EPS);
      assertThat(got.y()).isCloseTo(want.y(), EPS);
      assertThat(got.w()).isCloseTo(want.w(), EPS);
      assertThat(got.h()).isCloseTo(want.h(), EPS);
      assertThat(got.rgb()).isEqualTo(SHADE);
    }
    return top;
  }

  /** The first column is text, 3 pt in from its left edge; the others end 3 pt inside the right. */
  static void assertCell(Text cell, int column, float x, float width) {
    if (column == 0) {
      assertThat(cell.x()).as(cell.text()).isCloseTo(x + 3, EPS);
    } else {
      assertThat(cell.endX()).as(cell.text()).isCloseTo(x + width - 3, EPS);
    }
  }

  /** A greedy wrap at the page's text width: each line as long as it can be. */
  static void assertParagraph(List<Text> lines, String text, float size, float pen) {
    assertThat(lines.size()).isGreaterThan(1);
    assertThat(String.join(" ", lines.stream().map(Text::text).toList())).isEqualTo(text);
    float lineHeight = size * 1.35f;
    String[] words = text.split(" ");
    int word = 0;
    for (Text line : lines) {
      pen -= lineHeight;
      assertText(line, LEFT, pen + lineHeight * 0.25f, size, false, INK);
      assertThat(line.endX()).isLessThanOrEqualTo(RIGHT);
      word += line.text().split(" ").length;
      if (word < words.length) {
        assertThat(FONT.width(line.text() + " " + words[word], size))
            .as("the next word does not fit after %s", line.text())
            .isGreaterThan(WIDTH);
      }
    }
  }

  static Text onBaseline(Page page, String s, float y) {
    List<Text> found = page.texts(t -> t.text().equals(s) && Math.abs(t.y() - y) < 0.01f);
    assertThat(found).as("\"%s\" at y=%s in %s", s, y, page.strings()).hasSize(1);
    return found.get(0);
  }

  static Text shortened(Page page, String full, float size) {
    String start = full.substring(0, 12);
    List<Text> found =
        page.texts(t -> t.text().startsWith(start) && t.size() == size && t.text().endsWith("…"));
    assertThat(found).as("%s shortened in %s", full, page.strings()).hasSize(1);
    Text t = found.get(0);
    assertThat(full).startsWith(t.text().substring(0, t.text().length() - 1).stripTrailing());
    return t;
  }

  static void assertText(Text t, float x, float y, float size, boolean bold, int rgb) {
    assertThat(t.x()).as("x of %s", t.text()).isCloseTo(x, EPS);
    assertThat(t.y()).as("baseline of %s", t.text()).isCloseTo(y, EPS);
    assertThat(t.size()).as("size of %s", t.text()).isEqualTo(size);
    assertThat(t.bold()).as("bold %s", t.text()).isEqualTo(bold);
    assertThat(t.rgb()).as("colour of %s", t.text()).isEqualTo(rgb);
    if (bold) {
      assertThat(t.strokeRgb()).as("outline of %s", t.text()).isEqualTo(rgb);
      assertThat(t.lineWidth()).as("outline of %s", t.text()).isCloseTo(size / 30, EPS);
    }
  }

  static void assertRightAligned(Text t, float endX, float y, float size, boolean bold, int rgb) {
    assertText(t, t.x(), y, size, bold, rgb);
    assertThat(t.endX()).as("end of %s", t.text()).isCloseTo(endX, EPS);
  }

  /** A horizontal rule from {@code x1} to {@code x2} at height {@code y}. */
  static void assertLine(Page page, float x1, float y, float x2, float width, int rgb) {
    assertThat(page.lines())
        .as("a rule at y=%s in %s", y, page.lines())
        .anySatisfy(
            l -> {
              assertThat(l.x1()).isCloseTo(x1, EPS);
              assertThat(l.x2()).isCloseTo(x2, EPS);
              assertThat(l.y1()).isCloseTo(y, EPS);
              assertThat(l.y2()).isCloseTo(y, EPS);
              assertThat(l.width()).isEqualTo(width);
              assertThat(l.rgb()).isEqualTo(rgb);
            });
  }
}

package no.likeperson.sdk.bufdir.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.bufdir.BufdirActivityType;
import no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.bufdir.BufdirTotals;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.bufdir.report.PageRecorder.Page;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

/** Number forms, the font's fitting rules, which types the report lists, and the API's edges. */
class ReportEdgeTest {

  @Test
  void count_groupsThousandsWithSpaces() {
    assertThat(ReportText.count(0)).isEqualTo("0");
    assertThat(ReportText.count(999)).isEqualTo("999");
    assertThat(ReportText.count(1000)).isEqualTo("1 000");
    assertThat(ReportText.count(1234567)).isEqualTo("1 234 567");
    assertThat(ReportText.count(-12345)).isEqualTo("-12 345");
  }

  @Test
  void minutes_withHoursToOneDecimal_rounded_withADecimalComma() {
    assertThat(ReportText.minutes(0)).isEqualTo("0 (0,0 timer)");
    assertThat(ReportText.minutes(2)).isEqualTo("2 (0,0 timer)");
    assertThat(ReportText.minutes(3)).isEqualTo("3 (0,1 timer)");
    assertThat(ReportText.minutes(59)).isEqualTo("59 (1,0 timer)");
    assertThat(ReportText.minutes(90)).isEqualTo("90 (1,5 timer)");
    assertThat(ReportText.minutes(1234)).isEqualTo("1 234 (20,6 timer)");
    assertThat(ReportText.minutes(600_000)).isEqualTo("600 000 (10 000,0 timer)");
  }

  @Test
  void periodAndScope_inNorwegian() {
    assertThat(ReportText.period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 9, 30)))
        .isEqualTo("01.03.2026 – 30.09.2026");
    assertThat(ReportText.scope(ScopeLevel.CHAPTER)).isEqualTo("Lokallag");
    assertThat(ReportText.scope(ScopeLevel.REGION)).isEqualTo("Region (med underliggende lag)");
    assertThat(ReportText.scope(ScopeLevel.NATIONAL)).isEqualTo("Nasjonalt (hele organisasjonen)");
  }

  @Test
  void font_printable_controlsBecomeSpaces_missingGlyphsQuestionMarks() throws IOException {
    ReportFont font = ReportLayoutTest.FONT;
    assertThat(font.printable("a\tb\nc\u0007")).isEqualTo("a b c ");
    assertThat(font.printable("Ødegård Ŋuolja 李 😀")).isEqualTo("Ødegård Ŋuolja ? ?");
    // asked again (from the cache): the same answer
    assertThat(font.printable("李Å")).isEqualTo("?Å");
  }

  @Test
  void font_width_scalesWithSizeAndAddsUp() {
    ReportFont font = ReportLayoutTest.FONT;
    float a = font.width("Likeperson", 10);
    assertThat(a).isBetween(40f, 60f);
    assertThat(font.width("Likeperson", 20)).isCloseTo(2 * a, within(0.001f));
    assertThat(font.width("Like", 10) + font.width("person", 10)).isCloseTo(a, within(0.001f));
    assertThat(font.width("", 10)).isZero();
  }

  @Test
  void font_fit_keepsWhatFits_elseCutsToTheLongestPrefixWithAnEllipsis() {
    ReportFont font = ReportLayoutTest.FONT;
    String name = "Åse Ødegård Bråten";
    float full = font.width(name, 10);
    assertThat(font.fit(name, 10, full)).isEqualTo(name);
    assertThat(font.fit(name, 10, full + 5)).isEqualTo(name);
    String cut = font.fit(name, 10, full - 0.01f);
    assertThat(cut).endsWith("…");
    String kept = cut.substring(0, cut.length() - 1);
    assertThat(name).startsWith(kept);
    assertThat(font.width(cut, 10)).isLessThanOrEqualTo(full - 0.01f);
    // the longest such prefix: one more letter would not fit
    assertThat(font.width(name.substring(0, kept.length() + 1) + "…", 10))
        .isGreaterThan(full - 0.01f);
    // one letter less than room for "Åse Ø…": the space before it is dropped too
    float roomForFive = font.width("Åse Ø…", 10);
    assertThat(font.fit(name, 10, roomForFive)).isEqualTo("Åse Ø…");
    assertThat(font.fit(name, 10, roomForFive - 0.01f)).isEqualTo("Åse…");
    assertThat(font.fit(name, 10, font.width("…", 10))).isEqualTo("…");
    assertThat(font.fit(name, 10, 0)).isEqualTo("…");
    assertThat(font.fit("a\tb", 10, 100)).isEqualTo("a b");
  }

  @Test
  void typeTable_listsTypesWithSessionsOrActivities_andTypesMissingFromTheDictionary()
      throws IOException {
    BufdirActivityType declared = new BufdirActivityType(new UUID(0xD0, 1), "d", "Erklært");
    BufdirActivityType unused = new BufdirActivityType(new UUID(0xD0, 2), "u", "Ubrukt");
    BufdirActivityType sessionsOnly = new BufdirActivityType(new UUID(0xD0, 3), "s", "Bare økter");
    UUID undeclared = new UUID(0xD0, 4);
    List<BufdirActivityTypeBreakdown> b =
        List.of(
            new BufdirActivityTypeBreakdown(declared.id(), "d", "Erklært", 0, 30, 2),
            new BufdirActivityTypeBreakdown(sessionsOnly.id(), "s", "Bare økter", 3, 0, 0),
            new BufdirActivityTypeBreakdown(unused.id(), "u", "Ubrukt", 0, 0, 0),
            new BufdirActivityTypeBreakdown(undeclared, "x", "Ikke i ordlisten", 4, 45, 1));
    BufdirPeerMentorRecord r =
        new BufdirPeerMentorRecord(new UUID(0x5E, 1), "Åse Ødegård", 7, 75, 3, 0, 0, b);
    BufdirPayload payload =
        new BufdirPayload(
            ReportFixtures.ORG,
            ScopeLevel.CHAPTER,
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 12, 31),
            new BufdirTotals(1, 7, 75, 3, 0, 0),
            List.of(declared, unused, sessionsOnly),
            List.of(),
            List.of(r));
    Page front = ReportLayoutTest.pages(payload).get(0);
    assertThat(front.has("Ubrukt")).isFalse();
    float top =
        ReportLayoutTest.assertTypeTableHeading(
            front, "Tall per aktivitetstype", front.images().get(0).y());
    ReportLayoutTest.assertRows(
        front,
        top,
        ReportLayoutTest.TYPE_COLUMNS,
        List.of(
            new String[] {"Erklært", "0", "2", "30"},
            new String[] {"Bare økter", "3", "0", "0"},
            new String[] {"Ikke i ordlisten", "4", "1", "45"}));
    assertThat(front.images().get(0).h()).isEqualTo(TypeChart.height(3));
  }

  @Test
  void secondSummary_isRefused() {
    BufdirPayload p = ReportFixtures.mentors(1);
    assertThatThrownBy(
            () ->
                BufdirReportTest.REPORT.export(
                    new ByteArrayOutputStream(),
                    l -> {
                      l.onSummary(p.summary());
                      l.onSummary(p.summary());
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the source delivered a second summary");
  }

  @Test
  void anIOExceptionFromTheSource_reachesTheCallerAsItself() {
    IOException disk = new IOException("No space left on device");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                BufdirReportTest.REPORT.export(
                    out,
                    l -> {
                      throw new UncheckedIOException(disk);
                    }))
        .isSameAs(disk);
    assertThat(out.size()).isZero();
  }

  @Test
  void export_returnsTheSummary_andFlushesTheCallersStream() throws IOException {
    BufdirPayload p = ReportFixtures.mentors(3);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    // a buffer larger than the PDF: only a flush moves the bytes on
    BufferedOutputStream out = new BufferedOutputStream(target, 1 << 22);
    assertThat(BufdirReportTest.REPORT.export(out, p::replayTo)).isEqualTo(p.summary());
    String pdf = new String(target.toByteArray(), StandardCharsets.ISO_8859_1);
    assertThat(pdf).startsWith("%PDF-").endsWith("%%EOF\n");
  }

  @Test
  void names_areStripped() throws IOException {
    BufdirReport report =
        BufdirReport.builder()
            .organisationName("  NHF Bergen \t")
            .signatoryName(" Kari Nordmann ")
            .clock(BufdirReportTest.CLOCK)
            .build();
    assertThat(report.toString()).isEqualTo("BufdirReport{organisationName=NHF Bergen}");
    byte[] pdf = ReportLayoutTest.bytes(report, ReportFixtures.mentors(1));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getDocumentInformation().getSubject()).isEqualTo("NHF Bergen");
      Page front = PageRecorder.read(doc).get(0);
      assertThat(front.text("Kari Nordmann").x()).isCloseTo(48 + 76, within(0.01f));
    }
  }
}

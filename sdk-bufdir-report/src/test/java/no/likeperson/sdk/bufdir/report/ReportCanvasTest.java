package no.likeperson.sdk.bufdir.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import no.likeperson.sdk.bufdir.report.PageRecorder.Page;
import no.likeperson.sdk.bufdir.report.PageRecorder.Text;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;

/** The pen's rules at the page's edges: what fits above the footer, and paragraphs that wrap. */
class ReportCanvasTest {
  static final float TOP = ReportLayoutTest.TOP;
  static final float BOTTOM = ReportLayoutTest.BOTTOM;

  interface Drawing {
    void on(ReportCanvas c) throws IOException;
  }

  static List<Page> draw(Drawing drawing) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      ReportCanvas c = new ReportCanvas(doc, ReportFont.load(doc), null);
      drawing.on(c);
      c.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      try (PDDocument back = Loader.loadPDF(out.toByteArray())) {
        return PageRecorder.read(back);
      }
    }
  }

  @Test
  void fits_downToTheLowestBaseline_inclusive() throws IOException {
    draw(
        c -> {
          assertThat(c.hasPage()).isFalse();
          assertThat(c.ensure(10)).as("the first page").isTrue();
          assertThat(c.hasPage()).isTrue();
          assertThat(c.y()).isEqualTo(TOP);
          assertThat(c.fits(TOP - BOTTOM)).isTrue();
          assertThat(c.fits(TOP - BOTTOM + 0.01f)).isFalse();
          assertThat(c.ensure(TOP - BOTTOM)).as("still fits").isFalse();
          c.down(100);
          assertThat(c.y()).isEqualTo(TOP - 100);
          assertThat(c.ensure(TOP - BOTTOM)).as("a new page").isTrue();
          assertThat(c.y()).isEqualTo(TOP);
        });
  }

  @Test
  void paragraph_nearTheFooter_continuesAtTheTopOfANewPage() throws IOException {
    float size = 10, lineHeight = size * 1.35f;
    String words = "ord ".repeat(200).strip();
    List<Page> pages =
        draw(
            c -> {
              c.newPage();
              // room for one line and a half
              c.down(TOP - BOTTOM - lineHeight * 1.5f);
              c.paragraph(words, size, false, ReportCanvas.INK, 200);
            });
    assertThat(pages).hasSize(2);
    List<Text> first = pages.get(0).texts();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).y())
        .isCloseTo(BOTTOM + lineHeight * 0.5f + lineHeight * 0.25f, within(0.01f));
    List<Text> second = pages.get(1).texts();
    assertThat(second.get(0).y()).isCloseTo(TOP - lineHeight + lineHeight * 0.25f, within(0.01f));
    for (int i = 1; i < second.size(); i++) {
      assertThat(second.get(i - 1).y() - second.get(i).y()).isCloseTo(lineHeight, within(0.01f));
      assertThat(second.get(i).endX()).isLessThanOrEqualTo(ReportCanvas.LEFT + 200);
    }
    String all = String.join(" ", pages.stream().flatMap(p -> p.strings().stream()).toList());
    assertThat(all).isEqualTo(words);
  }

  @Test
  void paragraph_aLineExactlyAsWideAsAllowed_staysOneLine() throws IOException {
    float width = ReportLayoutTest.FONT.width("ord ord", 10);
    List<Page> pages =
        draw(
            c -> {
              c.newPage();
              c.paragraph("ord ord ord", 10, false, ReportCanvas.INK, width);
            });
    assertThat(pages.get(0).strings()).containsExactly("ord ord", "ord");
  }

  @Test
  void pages_areAppended_orInsertedBeforeTheAnchor() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      ReportFont font = ReportFont.load(doc);
      ReportCanvas table = new ReportCanvas(doc, font, null);
      table.newPage();
      PDPage first = table.page();
      table.newPage();
      assertThat(doc.getPages().indexOf(table.page())).isEqualTo(1);
      table.close();
      ReportCanvas front = new ReportCanvas(doc, font, first);
      front.newPage();
      PDPage inserted = front.page();
      front.newPage();
      front.close();
      assertThat(doc.getPages().indexOf(inserted)).isZero();
      assertThat(doc.getPages().indexOf(front.page())).isEqualTo(1);
      assertThat(doc.getPages().indexOf(first)).isEqualTo(2);
    }
  }

  @Test
  void paragraph_empty_drawsNothing_andLeavesThePen() throws IOException {
    List<Page> pages =
        draw(
            c -> {
              c.newPage();
              c.paragraph("", 10, false, ReportCanvas.INK, 200);
              assertThat(c.y()).isEqualTo(TOP);
              c.text(ReportCanvas.LEFT, 100, 10, false, ReportCanvas.INK, "");
            });
    assertThat(pages.get(0).texts()).isEmpty();
  }

  @Test
  void paragraph_aWordWiderThanTheLine_isOneShortenedLine() throws IOException {
    List<Page> pages =
        draw(
            c -> {
              c.newPage();
              c.paragraph(
                  "Likepersonsarbeidskoordinatorstillingen", 10, false, ReportCanvas.INK, 60);
              assertThat(c.y()).isEqualTo(TOP - 13.5f);
            });
    List<Text> lines = pages.get(0).texts();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).text()).startsWith("Likeper").endsWith("…");
    assertThat(lines.get(0).endX()).isLessThanOrEqualTo(ReportCanvas.LEFT + 60);
  }
}

package no.likeperson.sdk.bufdir.report;

import java.awt.Color;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.jspecify.annotations.NullUnmarked;

/**
 * A pen that moves down A4 pages: it knows the current page and how much room is left, opens a new
 * page when asked, and draws text, lines, boxes and images at PDF coordinates (points, origin at
 * the bottom left). Pages are appended to the document, or inserted before an anchor page (the
 * front pages, drawn last, go before the mentor table). Bold is the regular face drawn with a thin
 * outline, so one embedded font is enough.
 */
@NullUnmarked // page state filled while the PDF is drawn, not yet null-annotated
final class ReportCanvas {
  static final PDRectangle SIZE = PDRectangle.A4;
  static final float MARGIN = 48;
  static final float LEFT = MARGIN;
  static final float RIGHT = SIZE.getWidth() - MARGIN;
  static final float WIDTH = RIGHT - LEFT;
  static final float TOP = SIZE.getHeight() - MARGIN;

  /** Lowest baseline for content; the footer sits below it. */
  static final float BOTTOM = MARGIN + 20;

  static final Color INK = new Color(0x1f, 0x23, 0x28);
  static final Color MUTED = new Color(0x5f, 0x66, 0x6d);
  static final Color RULE = new Color(0xc8, 0xcd, 0xd2);
  static final Color SHADE = new Color(0xf1, 0xf3, 0xf5);

  final PDDocument doc;
  final ReportFont font;
  private final PDPage anchor;
  private PDPage page;
  private PDPageContentStream out;
  private float y;

  ReportCanvas(PDDocument doc, ReportFont font, PDPage anchor) {
    this.doc = doc;
    this.font = font;
    this.anchor = anchor;
  }

  /** Closes the current page and starts a new one, with the pen at the top. */
  void newPage() throws IOException {
    close();
    page = new PDPage(SIZE);
    if (anchor == null) {
      doc.addPage(page);
    } else {
      doc.getPages().insertBefore(page, anchor);
    }
    out = new PDPageContentStream(doc, page);
    y = TOP;
  }

  PDPage page() {
    return page;
  }

  boolean hasPage() {
    return out != null;
  }

  /** The pen's height (the top of the next thing drawn). */
  float y() {
    return y;
  }

  /** Moves the pen down. */
  void down(float points) {
    y -= points;
  }

  /** Whether {@code height} points still fit above the footer. */
  boolean fits(float height) {
    return y - height >= BOTTOM;
  }

  /** Starts a new page unless {@code height} points still fit on this one. */
  boolean ensure(float height) throws IOException {
    if (out != null && fits(height)) {
      return false;
    }
    newPage();
    return true;
  }

  /** Draws already printable text with its baseline at {@code baseline}. */
  void text(float x, float baseline, float size, boolean bold, Color color, String printable)
      throws IOException {
    if (printable.isEmpty()) {
      return;
    }
    out.beginText();
    out.setFont(font.pdf, size);
    out.setNonStrokingColor(color);
    if (bold) {
      out.setRenderingMode(RenderingMode.FILL_STROKE);
      out.setStrokingColor(color);
      out.setLineWidth(size / 30f);
    } else {
      out.setRenderingMode(RenderingMode.FILL);
    }
    out.newLineAtOffset(x, baseline);
    out.showText(printable);
    out.endText();
  }

  /** Draws text ending at {@code rightX}. */
  void textRight(
      float rightX, float baseline, float size, boolean bold, Color color, String printable)
      throws IOException {
    text(rightX - font.width(printable, size), baseline, size, bold, color, printable);
  }

  /**
   * Writes {@code text} as a paragraph from the pen's height, wrapped at {@code width} points,
   * starting new pages as needed; leaves the pen below it.
   */
  void paragraph(String text, float size, boolean bold, Color color, float width)
      throws IOException {
    float lineHeight = size * 1.35f;
    StringBuilder line = new StringBuilder();
    for (String word : font.printable(text).split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (line.length() > 0 && font.width(candidate, size) > width) {
        paragraphLine(line.toString(), size, bold, color, lineHeight, width);
        line.setLength(0);
        line.append(word);
      } else {
        line.setLength(0);
        line.append(candidate);
      }
    }
    if (line.length() > 0) {
      paragraphLine(line.toString(), size, bold, color, lineHeight, width);
    }
  }

  private void paragraphLine(
      String line, float size, boolean bold, Color color, float lineHeight, float width)
      throws IOException {
    ensure(lineHeight);
    y -= lineHeight;
    text(LEFT, y + lineHeight * 0.25f, size, bold, color, font.fit(line, size, width));
  }

  void fill(float x, float bottom, float w, float h, Color color) throws IOException {
    out.setNonStrokingColor(color);
    out.addRect(x, bottom, w, h);
    out.fill();
  }

  void line(float x1, float y1, float x2, float y2, float width, Color color) throws IOException {
    out.setStrokingColor(color);
    out.setLineWidth(width);
    out.moveTo(x1, y1);
    out.lineTo(x2, y2);
    out.stroke();
  }

  void image(PDImageXObject image, float x, float bottom, float w, float h) throws IOException {
    out.drawImage(image, x, bottom, w, h);
  }

  void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }
}

package no.likeperson.sdk.bufdir.report;

import java.awt.geom.Point2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.state.PDGraphicsState;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

/**
 * Reads a page's content stream back as what it draws: each text string with its start and end on
 * the baseline, size, font, colour and whether it is drawn bold (filled and outlined); each stroked
 * line with its width and colour; each filled rectangle; each image with its placement. Coordinates
 * are PDF points from the page's bottom left, as the report code uses them.
 */
final class PageRecorder extends PDFGraphicsStreamEngine {

  /** A string shown with one text operator. */
  record Text(
      String text,
      float x,
      float y,
      float endX,
      float size,
      String font,
      int rgb,
      boolean bold,
      int strokeRgb,
      float lineWidth) {}

  /** A stroked straight line. */
  record Line(float x1, float y1, float x2, float y2, float width, int rgb) {}

  /** A filled rectangle. */
  record Box(float x, float y, float w, float h, int rgb) {}

  /** An image: where it is placed and its size in pixels. */
  record Image(float x, float y, float w, float h, int pixelWidth, int pixelHeight) {}

  /** Everything one page draws, in drawing order. */
  record Page(List<Text> texts, List<Line> lines, List<Box> boxes, List<Image> images) {
    List<Text> texts(Predicate<Text> which) {
      return texts.stream().filter(which).collect(Collectors.toList());
    }

    /** The only text whose string equals {@code s}. */
    Text text(String s) {
      List<Text> found = texts(t -> t.text().equals(s));
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one \"" + s + "\" but found " + found.size() + " in " + strings());
      }
      return found.get(0);
    }

    boolean has(String s) {
      return texts.stream().anyMatch(t -> t.text().equals(s));
    }

    List<String> strings() {
      return texts.stream().map(Text::text).collect(Collectors.toList());
    }
  }

  private final List<Text> texts = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final List<Box> boxes = new ArrayList<>();
  private final List<Image> images = new ArrayList<>();
  private final List<float[]> segments = new ArrayList<>();
  private final List<float[]> rects = new ArrayList<>();
  private final StringBuilder shown = new StringBuilder();
  private Point2D current = new Point2D.Float();

  private PageRecorder(PDPage page) {
    super(page);
  }

  /** Every page of {@code doc}, in order. */
  static List<Page> read(PDDocument doc) throws IOException {
    List<Page> pages = new ArrayList<>();
    for (PDPage p : doc.getPages()) {
      PageRecorder r = new PageRecorder(p);
      r.processPage(p);
      pages.add(new Page(r.texts, r.lines, r.boxes, r.images));
    }
    return pages;
  }

  @Override
  protected void showText(byte[] string) throws IOException {
    PDGraphicsState g = getGraphicsState();
    Matrix start = getTextMatrix().multiply(g.getCurrentTransformationMatrix());
    shown.setLength(0);
    super.showText(string);
    Matrix end = getTextMatrix().multiply(g.getCurrentTransformationMatrix());
    texts.add(
        new Text(
            shown.toString(),
            start.getTranslateX(),
            start.getTranslateY(),
            end.getTranslateX(),
            g.getTextState().getFontSize(),
            g.getTextState().getFont().getName(),
            g.getNonStrokingColor().toRGB(),
            g.getTextState().getRenderingMode() == RenderingMode.FILL_STROKE,
            g.getStrokingColor().toRGB(),
            g.getLineWidth()));
  }

  @Override
  protected void showGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement)
      throws IOException {
    String unicode = font.toUnicode(code);
    shown.append(unicode == null ? "\uFFFD" : unicode);
  }

  @Override
  public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
    float x = (float) Math.min(p0.getX(), p2.getX());
    float y = (float) Math.min(p0.getY(), p2.getY());
    rects.add(
        new float[] {
          x, y, (float) Math.abs(p2.getX() - p0.getX()), (float) Math.abs(p2.getY() - p0.getY())
        });
  }

  @Override
  public void drawImage(PDImage pdImage) {
    Matrix m = getGraphicsState().getCurrentTransformationMatrix();
    images.add(
        new Image(
            m.getTranslateX(),
            m.getTranslateY(),
            m.getScalingFactorX(),
            m.getScalingFactorY(),
            pdImage.getWidth(),
            pdImage.getHeight()));
  }

  @Override
  public void clip(int windingRule) {}

  @Override
  public void moveTo(float x, float y) {
    current = new Point2D.Float(x, y);
  }

  @Override
  public void lineTo(float x, float y) {
    segments.add(new float[] {(float) current.getX(), (float) current.getY(), x, y});
    current = new Point2D.Float(x, y);
  }

  @Override
  public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
    current = new Point2D.Float(x3, y3);
  }

  @Override
  public Point2D getCurrentPoint() {
    return current;
  }

  @Override
  public void closePath() {}

  @Override
  public void endPath() {
    segments.clear();
    rects.clear();
  }

  @Override
  public void strokePath() {
    PDGraphicsState g = getGraphicsState();
    for (float[] s : segments) {
      lines.add(new Line(s[0], s[1], s[2], s[3], g.getLineWidth(), rgb(g, true)));
    }
    endPath();
  }

  @Override
  public void fillPath(int windingRule) {
    PDGraphicsState g = getGraphicsState();
    for (float[] r : rects) {
      boxes.add(new Box(r[0], r[1], r[2], r[3], rgb(g, false)));
    }
    endPath();
  }

  @Override
  public void fillAndStrokePath(int windingRule) {
    fillPath(windingRule);
  }

  @Override
  public void shadingFill(org.apache.pdfbox.cos.COSName shadingName) {}

  private static int rgb(PDGraphicsState g, boolean stroking) {
    try {
      return (stroking ? g.getStrokingColor() : g.getNonStrokingColor()).toRGB();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package no.likeperson.sdk.bufdir.report;

import java.io.IOException;
import java.util.List;

/**
 * A table drawn row by row onto a {@link ReportCanvas}: on every page it starts, it repeats its
 * title (with "(forts.)") and its header row, so a table of ten thousand mentors reads like one.
 * Text cells are shortened with an ellipsis to their column; number cells are right-aligned.
 */
final class ReportTable {
  static final float ROW = 14;
  static final float TEXT_SIZE = 8.5f;
  static final float HEADER_SIZE = 7.5f;

  /** A column: its header, its share of the page width, and whether it holds numbers. */
  record Column(String header, float width, boolean number) {}

  private final ReportCanvas canvas;
  private final String title;
  private final String note;
  private final List<Column> columns;
  private boolean started;
  private int rowsOnPage;

  /**
   * @param note a short line drawn right of the title on every page, or null
   */
  ReportTable(ReportCanvas canvas, String title, String note, List<Column> columns) {
    this.canvas = canvas;
    this.title = title;
    this.note = note;
    this.columns = List.copyOf(columns);
  }

  /** Draws one row, first starting a page (with title and header) if it does not fit. */
  void row(String... cells) throws IOException {
    if (!started || !canvas.fits(ROW)) {
      boolean continued = started;
      if (!canvas.hasPage() || !canvas.fits(ROW * 4)) {
        canvas.newPage();
      }
      heading(continued);
      started = true;
      rowsOnPage = 0;
    }
    float top = canvas.y();
    if (rowsOnPage % 2 == 1) {
      canvas.fill(ReportCanvas.LEFT, top - ROW, ReportCanvas.WIDTH, ROW, ReportCanvas.SHADE);
    }
    cells(cells, top - ROW + 4, TEXT_SIZE, false);
    canvas.down(ROW);
    rowsOnPage++;
  }

  /** A closing rule under the last row. */
  void end() throws IOException {
    if (started) {
      canvas.line(
          ReportCanvas.LEFT, canvas.y(), ReportCanvas.RIGHT, canvas.y(), 0.6f, ReportCanvas.RULE);
      canvas.down(10);
    }
  }

  private void heading(boolean continued) throws IOException {
    canvas.down(20);
    canvas.text(
        ReportCanvas.LEFT,
        canvas.y() + 4,
        12,
        true,
        ReportCanvas.INK,
        canvas.font.printable(continued ? title + " (forts.)" : title));
    if (note != null) {
      canvas.textRight(
          ReportCanvas.RIGHT,
          canvas.y() + 4,
          HEADER_SIZE,
          false,
          ReportCanvas.MUTED,
          canvas.font.printable(note));
    }
    canvas.down(4);
    String[] headers = columns.stream().map(Column::header).toArray(String[]::new);
    cells(headers, canvas.y() - ROW + 4, HEADER_SIZE, true);
    canvas.down(ROW);
    canvas.line(
        ReportCanvas.LEFT,
        canvas.y() + 1,
        ReportCanvas.RIGHT,
        canvas.y() + 1,
        0.8f,
        ReportCanvas.INK);
  }

  private void cells(String[] cells, float baseline, float size, boolean header)
      throws IOException {
    float x = ReportCanvas.LEFT;
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String text = canvas.font.fit(cells[i] == null ? "" : cells[i], size, c.width() - 6);
      if (c.number()) {
        canvas.textRight(
            x + c.width() - 3,
            baseline,
            size,
            header,
            header ? ReportCanvas.MUTED : ReportCanvas.INK,
            text);
      } else {
        canvas.text(
            x + 3, baseline, size, header, header ? ReportCanvas.MUTED : ReportCanvas.INK, text);
      }
      x += c.width();
    }
  }
}

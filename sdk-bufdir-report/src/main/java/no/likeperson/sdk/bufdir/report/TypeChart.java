package no.likeperson.sdk.bufdir.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The per-type bar chart: sessions and activities per activity type as horizontal bars (type names
 * can be long), drawn by JFreeChart into an image in memory. Nothing here needs a display; with no
 * fonts installed it still has text, since every font is the report's own.
 */
final class TypeChart {
  static final Color SESSIONS = new Color(0x1f, 0x6f, 0xb2);
  static final Color ACTIVITIES = new Color(0xe0, 0x8a, 0x1e);
  static final String SESSIONS_LABEL = "Økter";
  static final String ACTIVITIES_LABEL = "Aktiviteter";

  private TypeChart() {}

  /** The chart's height in points for {@code types} bars pairs. */
  static float height(int types) {
    return Math.max(130, Math.min(330, 60 + 22f * types));
  }

  /**
   * Renders the chart at {@code scale} pixels per point.
   *
   * @param types the rows, in the order they are drawn from the top
   */
  static BufferedImage render(
      List<TypeFigures> types, float widthPoints, float heightPoints, int scale) {
    JFreeChart chart = chart(types);
    int w = Math.round(widthPoints * scale);
    int h = Math.round(heightPoints * scale);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.scale(scale, scale);
      chart.draw(g, new Rectangle2D.Double(0, 0, widthPoints, heightPoints));
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * The chart as drawn by {@link #render}: one category per type (in order), a series of sessions
   * and one of activities.
   */
  static JFreeChart chart(List<TypeFigures> types) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (TypeFigures t : types) {
      // the category key must be unique: two chapters may use the same name for different types
      String key = shorten(t.name(), 34);
      while (data.getColumnIndex(key) >= 0) {
        key = key + " ";
      }
      data.addValue(t.sessions(), SESSIONS_LABEL, key);
      data.addValue(t.activities(), ACTIVITIES_LABEL, key);
    }
    CategoryAxis typeAxis = new CategoryAxis();
    NumberAxis countAxis = new NumberAxis("Antall");
    countAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    // Norwegian grouping (12 000), as in the tables, not the JVM locale's
    java.text.DecimalFormatSymbols symbols =
        java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT);
    symbols.setGroupingSeparator(' ');
    countAxis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0", symbols));
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setItemMargin(0.05);
    bars.setSeriesPaint(0, SESSIONS);
    bars.setSeriesPaint(1, ACTIVITIES);
    CategoryPlot plot = new CategoryPlot(data, typeAxis, countAxis, bars);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);

    StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    Font base = ReportFont.awt(9f);
    theme.setExtraLargeFont(base.deriveFont(13f));
    theme.setLargeFont(base.deriveFont(10f));
    theme.setRegularFont(base.deriveFont(9f));
    theme.setSmallFont(base.deriveFont(8f));
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setRangeGridlinePaint(ReportCanvas.RULE);
    theme.setBarPainter(new StandardBarPainter());
    theme.setShadowVisible(false);
    theme.apply(chart);
    bars.setSeriesPaint(0, SESSIONS);
    bars.setSeriesPaint(1, ACTIVITIES);
    plot.setOutlineVisible(false);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    return chart;
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1).stripTrailing() + "…";
  }
}

package no.likeperson.sdk.bufdir.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;

/**
 * The per-type chart: what it plots (the dataset and how it is configured) and what the rendered
 * image shows (bars whose lengths are proportional to the figures, legend above, white ground).
 */
class TypeChartTest {
  static final Color SESSIONS = new Color(0x1f, 0x6f, 0xb2);
  static final Color ACTIVITIES = new Color(0xe0, 0x8a, 0x1e);

  static final List<TypeFigures> THREE =
      List.of(
          new TypeFigures("Gruppemøte", 120, 60, 900),
          new TypeFigures("Samtale", 30, 90, 450),
          new TypeFigures("Tur", 60, 15, 300));

  @Test
  void height_growsWithTheTypes_between130And330() {
    assertThat(TypeChart.height(0)).isEqualTo(130f);
    assertThat(TypeChart.height(3)).isEqualTo(130f);
    assertThat(TypeChart.height(4)).isEqualTo(148f);
    assertThat(TypeChart.height(5)).isEqualTo(170f);
    assertThat(TypeChart.height(12)).isEqualTo(324f);
    assertThat(TypeChart.height(13)).isEqualTo(330f);
    assertThat(TypeChart.height(200)).isEqualTo(330f);
  }

  @Test
  void dataset_hasSessionsAndActivities_perTypeInOrder() {
    CategoryDataset data = TypeChart.chart(THREE).getCategoryPlot().getDataset();
    assertThat(data.getRowKeys()).containsExactly("Økter", "Aktiviteter");
    assertThat(data.getColumnKeys()).containsExactly("Gruppemøte", "Samtale", "Tur");
    for (TypeFigures t : THREE) {
      assertThat(data.getValue("Økter", t.name()).longValue()).isEqualTo(t.sessions());
      assertThat(data.getValue("Aktiviteter", t.name()).longValue()).isEqualTo(t.activities());
    }
  }

  @Test
  void dataset_longNamesShortenedTo34_sameNamesKeptApart() {
    String exactly34 = "a".repeat(33) + "b";
    String longer = "Samtaler med pårørende og venner i hverdagen";
    CategoryDataset data =
        TypeChart.chart(
                List.of(
                    new TypeFigures(exactly34, 1, 1, 0),
                    new TypeFigures(longer, 2, 2, 0),
                    new TypeFigures(exactly34, 3, 3, 0),
                    new TypeFigures(exactly34, 4, 4, 0)))
            .getCategoryPlot()
            .getDataset();
    // cut after 33 characters, the blank there dropped, then an ellipsis
    String shortened = "Samtaler med pårørende og venner…";
    assertThat(data.getColumnKeys())
        .containsExactly(exactly34, shortened, exactly34 + " ", exactly34 + "  ");
    assertThat(data.getValue("Økter", exactly34 + "  ").longValue()).isEqualTo(4);
    assertThat(data.getValue("Aktiviteter", exactly34).longValue()).isEqualTo(1);
  }

  @Test
  void chart_isHorizontalBars_inTheReportsColoursAndFont_legendOnTop() {
    JFreeChart chart = TypeChart.chart(THREE);
    CategoryPlot plot = chart.getCategoryPlot();
    assertThat(plot.getOrientation()).isEqualTo(PlotOrientation.HORIZONTAL);
    BarRenderer bars = (BarRenderer) plot.getRenderer();
    assertThat(bars.getSeriesPaint(0)).isEqualTo(SESSIONS);
    assertThat(bars.getSeriesPaint(1)).isEqualTo(ACTIVITIES);
    assertThat(bars.getBarPainter()).isInstanceOf(StandardBarPainter.class);
    assertThat(bars.getShadowsVisible()).isFalse();
    assertThat(bars.getItemMargin()).isEqualTo(0.05);
    assertThat(plot.isOutlineVisible()).isFalse();
    assertThat(plot.getBackgroundPaint()).isEqualTo(Color.WHITE);
    assertThat(plot.getRangeGridlinePaint()).isEqualTo(new Color(0xc8, 0xcd, 0xd2));
    assertThat(chart.getBackgroundPaint()).isEqualTo(Color.WHITE);
    assertThat(chart.getTitle()).isNull();
    assertThat(chart.getLegend().getPosition()).isEqualTo(RectangleEdge.TOP);
    assertThat(chart.getLegend().getFrame()).isSameAs(BlockBorder.NONE);

    NumberAxis counts = (NumberAxis) plot.getRangeAxis();
    assertThat(counts.getLabel()).isEqualTo("Antall");
    assertThat(counts.getNumberFormatOverride().format(1234567)).isEqualTo("1 234 567");
    // whole numbers only: no tick at 0.5 sessions, however small the figures
    assertThat(counts.getStandardTickUnits().getCeilingTickUnit(0.2).getSize()).isEqualTo(1.0);

    Font legend = chart.getLegend().getItemFont();
    assertThat(List.of(legend, counts.getTickLabelFont(), plot.getDomainAxis().getTickLabelFont()))
        .allSatisfy(
            f -> {
              assertThat(f.getFamily()).isEqualTo("Liberation Sans");
              assertThat(f.getSize2D()).isEqualTo(9f);
            });
    assertThat(counts.getLabelFont().getFamily()).isEqualTo("Liberation Sans");
    assertThat(counts.getLabelFont().getSize2D()).isEqualTo(10f);
  }

  @Test
  void render_barLengthsAreProportionalToTheFigures_legendAbove_groundWhite() {
    BufferedImage image = TypeChart.render(THREE, 400, 200, 3);
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(600);
    assertBarsProportional(image, THREE);
  }

  @Test
  void render_ofAFractionalWidth_leavesNoUnpaintedEdge() {
    // 499.2756 pt (the page's text width) is 1497.8 pixels at 3 per point: the last column is
    // only partly covered by the chart and must still be white
    BufferedImage image = TypeChart.render(THREE, 499.2756f, 130, 3);
    assertThat(image.getWidth()).isEqualTo(1498);
    assertThat(image.getHeight()).isEqualTo(390);
    for (int y = 0; y < image.getHeight(); y++) {
      assertThat(new Color(image.getRGB(image.getWidth() - 1, y)))
          .as("right edge at y=%d", y)
          .isEqualTo(Color.WHITE);
    }
  }

  /**
   * Finds the horizontal bars of both series in {@code image}: the first patch of each colour from
   * the top is the legend's swatch, the rest are the bars, one per type in order. Their lengths are
   * proportional to the figures (the axis starts at zero), to within two pixels.
   */
  static void assertBarsProportional(BufferedImage image, List<TypeFigures> types) {
    List<int[]> sessions = patches(image, SESSIONS);
    List<int[]> activities = patches(image, ACTIVITIES);
    assertThat(sessions).hasSize(types.size() + 1);
    assertThat(activities).hasSize(types.size() + 1);
    int[] sessionSwatch = sessions.remove(0);
    int[] activitySwatch = activities.remove(0);
    // the legend: two small swatches side by side above every bar
    assertThat(sessionSwatch[0]).isEqualTo(activitySwatch[0]);
    assertThat(sessionSwatch[2]).isLessThan(60);
    assertThat(sessionSwatch[1]).isLessThan(sessions.get(0)[0]);
    long max = 0;
    for (TypeFigures t : types) {
      max = Math.max(max, Math.max(t.sessions(), t.activities()));
    }
    int longest = 0;
    for (int i = 0; i < types.size(); i++) {
      longest = Math.max(longest, Math.max(sessions.get(i)[2], activities.get(i)[2]));
    }
    double pixelsPerUnit = (double) longest / max;
    // a chart that fills the image: the longest bar is more than half of it
    assertThat(longest).isGreaterThan(image.getWidth() / 2);
    int left = sessions.get(0)[3];
    for (int i = 0; i < types.size(); i++) {
      TypeFigures t = types.get(i);
      assertThat((double) sessions.get(i)[2])
          .as("sessions bar of %s", t.name())
          .isCloseTo(t.sessions() * pixelsPerUnit, within(2.0));
      assertThat((double) activities.get(i)[2])
          .as("activities bar of %s", t.name())
          .isCloseTo(t.activities() * pixelsPerUnit, within(2.0));
      // every bar starts at the axis; the type's sessions bar is just above its activities bar
      // (an item margin of 5%: some 9 pixels here)
      assertThat(sessions.get(i)[3]).isCloseTo(left, within(1));
      assertThat(activities.get(i)[3]).isCloseTo(left, within(1));
      assertThat(activities.get(i)[0] - sessions.get(i)[1]).isBetween(1, 12);
      if (i > 0) {
        assertThat(sessions.get(i)[0]).isGreaterThan(activities.get(i - 1)[1] + 10);
      }
    }
  }

  /**
   * Runs of rows where {@code colour} appears: each as {first row, last row, longest run of the
   * colour in a row, the column that run starts at}.
   */
  static List<int[]> patches(BufferedImage image, Color colour) {
    List<int[]> found = new ArrayList<>();
    int[] open = null;
    for (int y = 0; y < image.getHeight(); y++) {
      int best = 0, bestStart = -1, run = 0;
      for (int x = 0; x < image.getWidth(); x++) {
        if (image.getRGB(x, y) == colour.getRGB()) {
          run++;
          if (run > best) {
            best = run;
            bestStart = x - run + 1;
          }
        } else {
          run = 0;
        }
      }
      if (best > 0) {
        if (open == null) {
          open = new int[] {y, y, best, bestStart};
          found.add(open);
        } else {
          open[1] = y;
          if (best > open[2]) {
            open[2] = best;
            open[3] = bestStart;
          }
        }
      } else {
        open = null;
      }
    }
    return found;
  }
}

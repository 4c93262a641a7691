package org.sae4j.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.sae4j.store.AtomicFiles;

/**
 * Draws a {@link Chart} with JFreeChart into an SVG document (JFreeSVG). The output is a complete, standalone
 * {@code <svg>} element that needs no script, font file or network, so it opens from disk in any browser; the same
 * chart gives the same bytes (element ids are derived from the chart's content, not from the clock), and two
 * different charts inlined in one HTML page do not share ids.
 *
 * <p>Java2D needs no display for this, but the JVM must run headless where there is none: this class sets
 * {@code java.awt.headless=true} unless the property is already set.
 */
public final class SvgCharts {
  /** Ten distinguishable colours (Tableau 10), assigned to series in order. */
  private static final Color[] PALETTE = {
      new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
      new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // JFreeChart draws rotated text through a TextLayout by default (a workaround for old JDKs), which SVG output
    // turns into glyph outlines; drawn as a string it stays a rotated <text>.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private SvgCharts() {
  }

  /**
   * The chart as an SVG document of {@code width} × {@code height} pixels.
   *
   * @throws IllegalArgumentException when a size is below 50 pixels
   */
  public static String toSvg(Chart chart, int width, int height) {
    if (width < 50 || height < 50) {
      throw new IllegalArgumentException("a chart needs at least 50 × 50 pixels, got " + width + " × " + height);
    }
    JFreeChart drawn = switch (chart) {
      case XYChart xy -> xyChart(xy);
      case HistogramChart h -> histogram(h);
    };
    drawn.setBackgroundPaint(Color.WHITE);
    drawn.setAntiAlias(true);
    if (drawn.getLegend() != null) {
      drawn.getLegend().setItemFont(TICK);
    }
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    String id = "c" + contentHash(chart, width, height);
    g.setDefsKeyPrefix(id + "_");
    // Text stays text (small, searchable, crisp), also where JFreeChart draws attributed strings.
    g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
    drawn.draw(g, new Rectangle2D.Double(0, 0, width, height));
    return g.getSVGElement(id);
  }

  /** Writes {@link #toSvg} to {@code file} atomically. */
  public static void write(Chart chart, Path file, int width, int height) throws IOException {
    AtomicFiles.writeString(file, toSvg(chart, width, height));
  }

  private static JFreeChart xyChart(XYChart c) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    for (int s = 0; s < c.series().size(); s++) {
      Series series = c.series().get(s);
      // Series names must be unique to JFreeChart; the index keeps equal names apart.
      XYSeries points = new XYSeries(s + ":" + series.name(), false, true);
      for (int i = 0; i < series.size(); i++) {
        double x = series.xAt(i);
        double y = series.yAt(i);
        if (shown(x, c.x()) && shown(y, c.y())) {
          points.add(x, y);
        }
      }
      data.addSeries(points);
      boolean line = series.style() != Series.Style.POINTS;
      boolean marks = series.style() != Series.Style.LINE;
      renderer.setSeriesLinesVisible(s, line);
      renderer.setSeriesShapesVisible(s, marks);
      renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
      renderer.setSeriesStroke(s, new BasicStroke(1.6f));
      renderer.setSeriesShape(s, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
    }
    renderer.setLegendItemLabelGenerator((dataset, series) -> c.series().get(series).name());
    XYPlot plot = new XYPlot(data, axis(c.x()), axis(c.y()), renderer);
    style(plot);
    return new JFreeChart(c.title().isEmpty() ? null : c.title(), TITLE, plot, c.series().size() > 1);
  }

  private static JFreeChart histogram(HistogramChart h) {
    XYIntervalSeries bars = new XYIntervalSeries("bins", false, true);
    double floor = h.y().isLog() ? smallestPositive(h) / 2 : 0;
    for (int k = 0; k < h.bins(); k++) {
      double count = h.countAt(k);
      if (h.y().isLog() && count <= 0) {
        continue;
      }
      double lo = h.edgeAt(k);
      double hi = h.edgeAt(k + 1);
      bars.add(h.x().isLog() ? Math.sqrt(lo * hi) : (lo + hi) / 2, lo, hi, count, floor, count);
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(bars);
    XYBarRenderer renderer = new XYBarRenderer();
    renderer.setUseYInterval(true);
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(true);
    renderer.setSeriesPaint(0, PALETTE[0]);
    renderer.setSeriesOutlinePaint(0, Color.WHITE);
    XYPlot plot = new XYPlot(data, axis(h.x()), axis(h.y()), renderer);
    style(plot);
    return new JFreeChart(h.title().isEmpty() ? null : h.title(), TITLE, plot, false);
  }

  private static double smallestPositive(HistogramChart h) {
    double min = Double.POSITIVE_INFINITY;
    for (int k = 0; k < h.bins(); k++) {
      if (h.countAt(k) > 0) {
        min = Math.min(min, h.countAt(k));
      }
    }
    return Double.isFinite(min) ? min : 1;
  }

  private static boolean shown(double v, Axis axis) {
    return Double.isFinite(v) && (!axis.isLog() || v > 0);
  }

  private static ValueAxis axis(Axis a) {
    ValueAxis axis;
    if (a.isLog()) {
      axis = new PlainLogAxis(a.label());
    } else {
      NumberAxis linear = new NumberAxis(a.label());
      linear.setAutoRangeIncludesZero(false);
      linear.setNumberFormatOverride(new TickLabels());
      axis = linear;
    }
    axis.setLabelFont(LABEL);
    axis.setTickLabelFont(TICK);
    return axis;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setOutlinePaint(new Color(0x999999));
    plot.setNoDataMessage("no data");
    plot.setNoDataMessageFont(LABEL);
  }

  /**
   * A short hash of what is drawn, so ids are stable for one chart and differ between charts ({@link String#hashCode}
   * is specified, so it is the same on every JVM).
   */
  private static String contentHash(Chart chart, int width, int height) {
    return Integer.toHexString((width + "x" + height + ":" + describe(chart)).hashCode());
  }

  private static String describe(Chart chart) {
    StringBuilder s = new StringBuilder(chart.title());
    s.append('|').append(chart.x()).append(chart.y());
    switch (chart) {
      case XYChart xy -> xy.series().forEach(series -> {
        s.append('|').append(series.name()).append(series.style());
        for (int i = 0; i < series.size(); i++) {
          s.append(',').append(series.xAt(i)).append(' ').append(series.yAt(i));
        }
      });
      case HistogramChart h -> {
        for (int k = 0; k < h.bins(); k++) {
          s.append(',').append(h.edgeAt(k)).append(' ').append(h.countAt(k));
        }
      }
    }
    return s.toString();
  }
}

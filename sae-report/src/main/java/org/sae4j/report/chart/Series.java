package org.sae4j.report.chart;

import java.util.Objects;

/**
 * A named list of (x, y) points drawn in one colour. Points whose x or y is not finite are left out (a gap, not an
 * error: a curve may hold NaN where a metric was undefined), and so are points a log axis cannot show.
 *
 * @param name the legend entry
 * @param x x values
 * @param y y values, as many as {@code x}
 * @param style how the points are drawn
 */
public record Series(String name, double[] x, double[] y, Style style) {

  /** How a series is drawn. */
  public enum Style {
    /** A line through the points in their order. */
    LINE,
    /** A marker at every point. */
    POINTS,
    /** A line with a marker at every point. */
    LINE_AND_POINTS
  }

  /**
   * @throws IllegalArgumentException naming the series when x and y differ in length
   */
  public Series {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(style, "style");
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but " + y.length
          + " y values");
    }
    x = x.clone();
    y = y.clone();
  }

  /** A line through the points. */
  public static Series line(String name, double[] x, double[] y) {
    return new Series(name, x, y, Style.LINE);
  }

  /** Markers only (a scatter). */
  public static Series points(String name, double[] x, double[] y) {
    return new Series(name, x, y, Style.POINTS);
  }

  /** A line with markers. */
  public static Series lineAndPoints(String name, double[] x, double[] y) {
    return new Series(name, x, y, Style.LINE_AND_POINTS);
  }

  @Override
  public double[] x() {
    return x.clone();
  }

  @Override
  public double[] y() {
    return y.clone();
  }

  int size() {
    return x.length;
  }

  double xAt(int i) {
    return x[i];
  }

  double yAt(int i) {
    return y[i];
  }
}

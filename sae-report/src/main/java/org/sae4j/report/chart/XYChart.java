package org.sae4j.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lines and scatters against shared x and y axes, each optionally logarithmic: training curves, a loss against
 * compute with its fitted power law, a scatter of two estimates.
 *
 * @param title the title; empty for none
 * @param x the horizontal axis
 * @param y the vertical axis
 * @param series what is drawn, in legend order; a legend is shown when there are two or more
 */
public record XYChart(String title, Axis x, Axis y, List<Series> series) implements Chart {

  public XYChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    series = List.copyOf(series);
  }

  /** Starts a chart with linear axes. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** Builds an {@link XYChart} step by step. */
  public static final class Builder {
    private final String title;
    private Axis x = Axis.linear("");
    private Axis y = Axis.linear("");
    private final List<Series> series = new ArrayList<>();

    private Builder(String title) {
      this.title = title;
    }

    /** The horizontal axis. */
    public Builder x(Axis axis) {
      this.x = axis;
      return this;
    }

    /** The vertical axis. */
    public Builder y(Axis axis) {
      this.y = axis;
      return this;
    }

    /** Adds a series. */
    public Builder add(Series s) {
      series.add(s);
      return this;
    }

    /** Adds a line through the points. */
    public Builder line(String name, double[] xs, double[] ys) {
      return add(Series.line(name, xs, ys));
    }

    /** Adds markers at the points. */
    public Builder points(String name, double[] xs, double[] ys) {
      return add(Series.points(name, xs, ys));
    }

    public XYChart build() {
      return new XYChart(title, x, y, series);
    }
  }
}

package org.sae4j.report.chart;

/** A chart that {@link SvgCharts} can draw: an {@link XYChart} or a {@link HistogramChart}. */
public sealed interface Chart permits XYChart, HistogramChart {

  /** The title drawn above the plot; empty for none. */
  String title();

  /** The horizontal axis. */
  Axis x();

  /** The vertical axis. */
  Axis y();
}

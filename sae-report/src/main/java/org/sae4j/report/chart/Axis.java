package org.sae4j.report.chart;

import java.util.Objects;

/**
 * One axis of a chart.
 *
 * @param label the axis title, with its unit where there is one (e.g. {@code "tokens"})
 * @param scale linear or logarithmic
 */
public record Axis(String label, Scale scale) {

  public Axis {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(scale, "scale");
  }

  /** A linear axis. */
  public static Axis linear(String label) {
    return new Axis(label, Scale.LINEAR);
  }

  /** A base-10 logarithmic axis. */
  public static Axis log(String label) {
    return new Axis(label, Scale.LOG);
  }

  boolean isLog() {
    return scale == Scale.LOG;
  }
}

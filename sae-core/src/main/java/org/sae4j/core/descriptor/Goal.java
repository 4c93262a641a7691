package org.sae4j.core.descriptor;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One quality gate: {@code metric op threshold}, written in a descriptor as {@code l0: "<= 300"}.
 *
 * @param info the metric: an evaluation {@link GoalMetric} or a metric an analysis declares
 * @param op how the measured value must compare to the threshold
 * @param threshold a finite number
 */
public record Goal(MetricKey info, Comparison op, double threshold) {

  public Goal {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(op, "op");
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("goal threshold must be finite, got " + threshold);
    }
  }

  /**
   * A goal on an evaluation metric.
   *
   * @throws IllegalArgumentException when {@code metric} is not a {@link GoalMetric} key
   */
  public Goal(String metric, Comparison op, double threshold) {
    this(evaluationMetric(metric), op, threshold);
  }

  private static GoalMetric evaluationMetric(String metric) {
    GoalMetric m = GoalMetric.ofKey(metric);
    if (m == null) {
      throw new IllegalArgumentException("unknown goal metric '" + metric + "'; known: " + GoalMetric.keys());
    }
    return m;
  }

  /** The metric's key, e.g. {@code featureRecovery.mmcs}. */
  public String metric() {
    return info.key();
  }

  /** Whether a measured value meets the goal; NaN never does. */
  public boolean passes(double value) {
    return op.test(value, threshold);
  }

  /** The goal as written in a descriptor, e.g. {@code >= 0.9}; the threshold in its shortest plain form. */
  public String expression() {
    return op.symbol() + " " + plain(threshold);
  }

  static String plain(double value) {
    BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}

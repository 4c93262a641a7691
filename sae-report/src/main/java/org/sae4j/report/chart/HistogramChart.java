package org.sae4j.report.chart;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bars over consecutive bins: bin {@code k} spans {@code [edges[k], edges[k+1])} and has height {@code counts[k]}.
 * Build it from counts already binned (a density histogram recorded by an evaluation) or from raw values with
 * {@link #of}.
 *
 * @param title the title; empty for none
 * @param x the axis of the binned quantity (linear or log; on a log axis every edge must be positive)
 * @param y the axis of the counts (a log axis leaves empty bins out)
 * @param edges bin edges, strictly increasing, one more than {@code counts}
 * @param counts the height of each bin, non-negative
 */
public record HistogramChart(String title, Axis x, Axis y, double[] edges, double[] counts) implements Chart {

  /**
   * @throws IllegalArgumentException when the edges do not increase, do not match the counts, or a count is negative
   */
  public HistogramChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (counts.length == 0 || edges.length != counts.length + 1) {
      throw new IllegalArgumentException("histogram '" + title + "' needs one more edge than bins and at least one "
          + "bin; got " + edges.length + " edges for " + counts.length + " bins");
    }
    for (int k = 0; k < counts.length; k++) {
      if (!(edges[k] < edges[k + 1])) {
        throw new IllegalArgumentException("histogram '" + title + "': edges must increase strictly, but edge " + k
            + " is " + edges[k] + " and edge " + (k + 1) + " is " + edges[k + 1]);
      }
      if (!(counts[k] >= 0)) {
        throw new IllegalArgumentException("histogram '" + title + "': bin " + k + " has count " + counts[k]);
      }
    }
    if (x.isLog() && edges[0] <= 0) {
      throw new IllegalArgumentException("histogram '" + title + "' has a log x axis but its first edge is "
          + edges[0]);
    }
    edges = edges.clone();
    counts = counts.clone();
  }

  /**
   * Bins {@code values} into {@code bins} equal-width bins between their smallest and largest finite value (equal
   * in log10 on a log x axis, where values {@code <= 0} are left out); non-finite values are left out.
   *
   * @throws IllegalArgumentException when no value can be binned or {@code bins < 1}
   */
  public static HistogramChart of(String title, Axis x, Axis y, double[] values, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("histogram '" + title + "' needs at least one bin, got " + bins);
    }
    double[] kept = Arrays.stream(values).filter(Double::isFinite).filter(v -> !x.isLog() || v > 0)
        .map(v -> x.isLog() ? Math.log10(v) : v).toArray();
    if (kept.length == 0) {
      throw new IllegalArgumentException("histogram '" + title + "' has no value to bin (" + values.length
          + " given" + (x.isLog() ? ", a log axis shows only positive ones)" : ")"));
    }
    double lo = Arrays.stream(kept).min().orElseThrow();
    double hi = Arrays.stream(kept).max().orElseThrow();
    if (hi == lo) {
      // One distinct value: a single bin of width 1 around it keeps the edges increasing.
      lo -= 0.5;
      hi += 0.5;
    }
    double width = (hi - lo) / bins;
    double[] counts = new double[bins];
    for (double v : kept) {
      counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
    }
    double[] edges = new double[bins + 1];
    for (int k = 0; k <= bins; k++) {
      double e = k == bins ? hi : lo + k * width;
      edges[k] = x.isLog() ? Math.pow(10, e) : e;
    }
    return new HistogramChart(title, x, y, edges, counts);
  }

  @Override
  public double[] edges() {
    return edges.clone();
  }

  @Override
  public double[] counts() {
    return counts.clone();
  }

  int bins() {
    return counts.length;
  }

  double edgeAt(int k) {
    return edges[k];
  }

  double countAt(int k) {
    return counts[k];
  }
}

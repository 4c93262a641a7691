package org.sae4j.sweep.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Percentile bootstrap intervals: a statistic is recomputed on resamples of the points drawn with replacement
 * (within groups when the design is stratified), and the 2.5th and 97.5th percentiles of the values bound a 95 %
 * interval. Seeded, so the same points and seed give the same interval.
 */
public final class Bootstrap {

  private Bootstrap() {
  }

  /**
   * A 95 % percentile interval.
   *
   * @param low the 2.5th percentile
   * @param high the 97.5th percentile
   * @param resamples resamples on which the statistic could be computed
   */
  public record Interval(double low, double high, int resamples) {
    /** Whether {@code v} lies in [low, high]. */
    public boolean contains(double v) {
      return v >= low && v <= high;
    }
  }

  /**
   * Resamples each group of points with replacement (sizes kept) and collects {@code statistic} of the union;
   * resamples where it fails (throws {@link IllegalArgumentException}: too few distinct points) are left out.
   *
   * @param groups the strata (a single group for plain resampling)
   * @param statistic computes the figure from one resample
   * @param resamples how many resamples to draw
   * @param seed the random stream
   * @return the interval, or null when fewer than half of the resamples gave a value
   */
  public static <T> Interval interval(List<List<T>> groups, Function<List<T>, Double> statistic, int resamples,
                                      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[resamples];
    int n = 0;
    for (int r = 0; r < resamples; r++) {
      List<T> sample = new ArrayList<>();
      for (List<T> group : groups) {
        for (int i = 0; i < group.size(); i++) {
          sample.add(group.get(random.nextInt(group.size())));
        }
      }
      try {
        Double v = statistic.apply(sample);
        if (v != null && Double.isFinite(v)) {
          values[n++] = v;
        }
      } catch (IllegalArgumentException e) {
        // a degenerate resample (e.g. one distinct compute value): it says nothing about the spread
      }
    }
    if (n < resamples / 2 || n == 0) {
      return null;
    }
    double[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return new Interval(percentile(sorted, 0.025), percentile(sorted, 0.975), n);
  }

  /** Linear interpolation between order statistics. */
  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }
}

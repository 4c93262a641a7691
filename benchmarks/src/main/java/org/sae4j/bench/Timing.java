package org.sae4j.bench;

import java.util.Arrays;

/**
 * Wall-clock times of repeated runs of one side of a benchmark.
 *
 * @param side what was timed, as printed in the table
 * @param millis one entry per timed repetition, in milliseconds, in the order measured
 */
public record Timing(String side, double[] millis) {

  public Timing {
    if (millis.length == 0) {
      throw new IllegalArgumentException(side + ": no repetitions were timed");
    }
    millis = millis.clone();
  }

  /** The median; for an even count, the mean of the two middle values. */
  public double median() {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  public double min() {
    return Arrays.stream(millis).min().orElseThrow();
  }

  public double max() {
    return Arrays.stream(millis).max().orElseThrow();
  }

  /** Items per second at the median time, for {@code items} items (tokens, flops) per repetition. */
  public double ratePerSecond(double items) {
    return items / (median() / 1000.0);
  }
}

package org.sae4j.core.analysis.neurons;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What {@link NeuronCorrelations} found. Arrays are indexed by feature (length m) or by unit (the layout's units);
 * a feature that never fired, or whose activation was constant, has best unit -1 and correlation NaN, and so has a
 * constant unit.
 *
 * @param layout the units compared
 * @param tokens tokens the statistics are over
 * @param fires tokens each feature fired on
 * @param bestUnit per feature, the unit with the largest |Pearson correlation|
 * @param bestCorrelation per feature, that correlation (signed)
 * @param unitBestFeature per unit, the feature with the largest |correlation|
 * @param unitBestCorrelation per unit, that correlation (signed)
 * @param featureSpecificity per feature, the monosemanticity proxy (share of its top-k tokens that are its most
 *                           common top-k token); NaN when it never fired
 * @param unitSpecificity per unit, the same proxy
 */
public record NeuronsResult(UnitLayout layout, long tokens, long[] fires, int[] bestUnit, double[] bestCorrelation,
                            int[] unitBestFeature, double[] unitBestCorrelation, double[] featureSpecificity,
                            double[] unitSpecificity) {
  /** The paper's line: a feature whose best neuron correlates at most this much is not a neuron in disguise. */
  public static final double LOW_CORRELATION = 0.3;

  /** Features compared (those with a best unit). */
  public int comparedFeatures() {
    return (int) Arrays.stream(bestCorrelation).filter(Double::isFinite).count();
  }

  /** Share of compared features whose best unit has |corr| ≤ {@code bound}; NaN when none was compared. */
  public double featureShareAtMost(double bound) {
    return shareAtMost(bestCorrelation, bound);
  }

  /** Share of compared units whose best feature has |corr| ≤ {@code bound}; NaN when none was compared. */
  public double unitShareAtMost(double bound) {
    return shareAtMost(unitBestCorrelation, bound);
  }

  /** Mean of the features' best |corr|. */
  public double meanFeatureBest() {
    return Arrays.stream(bestCorrelation).filter(Double::isFinite).map(Math::abs).average().orElse(Double.NaN);
  }

  /** Mean of the units' best |corr|. */
  public double meanUnitBest() {
    return Arrays.stream(unitBestCorrelation).filter(Double::isFinite).map(Math::abs).average().orElse(Double.NaN);
  }

  /** Mean proxy over the features that fired. */
  public double meanFeatureSpecificity() {
    return Arrays.stream(featureSpecificity).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** Mean proxy over all units. */
  public double meanUnitSpecificity() {
    return Arrays.stream(unitSpecificity).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** Counts of the features' best |corr| in {@code bins} equal bins over [0, 1]. */
  public long[] featureHistogram(int bins) {
    return histogram(bestCorrelation, bins);
  }

  /** Counts of the units' best |corr| in {@code bins} equal bins over [0, 1]. */
  public long[] unitHistogram(int bins) {
    return histogram(unitBestCorrelation, bins);
  }

  /** The compared features in order of |corr| with their best unit, highest first (ties by index). */
  public int[] featuresByCorrelation() {
    return IntStream.range(0, bestCorrelation.length).boxed()
        .filter(i -> Double.isFinite(bestCorrelation[i]))
        .sorted((a, b) -> {
          int c = Double.compare(Math.abs(bestCorrelation[b]), Math.abs(bestCorrelation[a]));
          return c != 0 ? c : Integer.compare(a, b);
        })
        .mapToInt(Integer::intValue).toArray();
  }

  private static double shareAtMost(double[] correlations, double bound) {
    long compared = 0;
    long low = 0;
    for (double r : correlations) {
      if (Double.isFinite(r)) {
        compared++;
        if (Math.abs(r) <= bound) {
          low++;
        }
      }
    }
    return compared == 0 ? Double.NaN : (double) low / compared;
  }

  private static long[] histogram(double[] correlations, int bins) {
    long[] counts = new long[bins];
    for (double r : correlations) {
      if (Double.isFinite(r)) {
        counts[Math.min(bins - 1, (int) (Math.abs(r) * bins))]++;
      }
    }
    return counts;
  }
}

package org.sae4j.core.analysis.completeness;

/**
 * When a word counts as having a feature, and how the frequency axis is binned.
 *
 * @param wordShare the feature must fire on at least this share of the word's held-out occurrences (default 0.5)
 * @param featureShare at least this share of the feature's firings must be on the word (default 0.5)
 * @param minOccurrences words with fewer held-out occurrences are not judged (default 2)
 * @param binsPerDecade frequency bins per factor of ten of training occurrences (default 2)
 */
public record CompletenessSettings(double wordShare, double featureShare, int minOccurrences, int binsPerDecade) {
  /** The defaults. */
  public static final CompletenessSettings DEFAULT = new CompletenessSettings(0.5, 0.5, 2, 2);

  public CompletenessSettings {
    if (!(wordShare > 0 && wordShare <= 1) || !(featureShare > 0 && featureShare <= 1)) {
      throw new IllegalArgumentException("completeness thresholds must be in (0, 1]; got wordShare " + wordShare
          + ", featureShare " + featureShare);
    }
    if (minOccurrences < 1 || binsPerDecade < 1) {
      throw new IllegalArgumentException("minOccurrences and binsPerDecade must be >= 1; got " + minOccurrences
          + ", " + binsPerDecade);
    }
  }
}

package org.sae4j.kernels;

import java.util.Arrays;

/**
 * An activation rule's own training state, kept by the backend beside the parameters and saved with them so that
 * training resumes bit-identically.
 *
 * @param stepsSinceFired a rule that counts dead features ({@link ActivationRule#deadSteps()} &gt; 0: TopK,
 *     BatchTopK, JumpReLU with the pre-activation loss): per feature, the steps since it was last in the code
 *     (capped at the rule's deadSteps); empty otherwise, and empty for a fresh start (every count 0); the record
 *     owns the array
 * @param threshold {@link ActivationRule.BatchTopK}: the running estimate of the batch threshold used at
 *     inference; NaN when there is none yet or the rule has none
 * @param learned {@link ActivationRule.JumpRelu}: the learned thresholds and their Adam moments;
 *     {@link LearnedThreshold#NONE} otherwise and for a fresh start
 */
public record RuleState(int[] stepsSinceFired, float threshold, LearnedThreshold learned) {

  /** No state: a fresh start, or a rule without state (ReLU). */
  public static final RuleState NONE = new RuleState(new int[0], Float.NaN);

  /** A state without learned thresholds (TopK, BatchTopK). */
  public RuleState(int[] stepsSinceFired, float threshold) {
    this(stepsSinceFired, threshold, LearnedThreshold.NONE);
  }

  /** The state of the JumpReLU rule. */
  public static RuleState of(LearnedThreshold learned) {
    return new RuleState(new int[0], Float.NaN, learned);
  }

  public RuleState {
    for (int c : stepsSinceFired) {
      if (c < 0) {
        throw new IllegalArgumentException("stepsSinceFired must be >= 0, got " + c);
      }
    }
    if (!Float.isNaN(threshold) && !(threshold >= 0 && threshold < Float.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("threshold must be NaN or finite and >= 0, got " + threshold);
    }
    if (learned == null) {
      throw new IllegalArgumentException("learned must be set (LearnedThreshold.NONE for none)");
    }
  }

  /** Whether a threshold has been estimated. */
  public boolean hasThreshold() {
    return !Float.isNaN(threshold);
  }

  /**
   * The per-feature thresholds that inference uses, f_i = a_i · [a_i &gt; θ_i]: BatchTopK's global estimate for
   * every feature, or JumpReLU's learned θ; null when the state has none.
   */
  public float[] inferenceThresholds(int features) {
    if (learned.size() > 0) {
      return learned.thresholds();
    }
    if (!hasThreshold()) {
      return null;
    }
    float[] all = new float[features];
    Arrays.fill(all, threshold);
    return all;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleState r && Arrays.equals(stepsSinceFired, r.stepsSinceFired)
        && Float.compare(threshold, r.threshold) == 0 && learned.equals(r.learned);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(stepsSinceFired) + Float.hashCode(threshold)) + learned.hashCode();
  }

  @Override
  public String toString() {
    return "RuleState[" + stepsSinceFired.length + " counts, threshold=" + threshold + ", " + learned.size()
        + " learned thresholds]";
  }
}

package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The JumpReLU rule's learned thresholds, stored as log θ (so that θ = exp(log θ) stays positive under Adam's
 * steps, as SAELens trains them), with Adam's moments of log θ. θ is always computed as
 * {@code (float) StrictMath.exp(log θ)} ({@link #threshold(float)}), so training, inference and the export agree
 * bit for bit on every platform.
 *
 * @param logThreshold log θ per feature; the record owns the arrays
 * @param firstMoment Adam's m of log θ
 * @param secondMoment Adam's v of log θ
 */
public record LearnedThreshold(float[] logThreshold, float[] firstMoment, float[] secondMoment) {

  /** No thresholds: another rule, or a fresh start. */
  public static final LearnedThreshold NONE = new LearnedThreshold(new float[0], new float[0], new float[0]);

  public LearnedThreshold {
    if (firstMoment.length != logThreshold.length || secondMoment.length != logThreshold.length) {
      throw new IllegalArgumentException("log θ and its moments differ in length: " + logThreshold.length + ", "
          + firstMoment.length + ", " + secondMoment.length);
    }
    for (float v : logThreshold) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("log θ must be finite, got " + v);
      }
    }
  }

  /** Every feature at θ = {@code threshold} (rounded to float32 through its log), zero moments. */
  public static LearnedThreshold initial(int features, double threshold) {
    float[] log = new float[features];
    Arrays.fill(log, (float) Math.log(threshold));
    return new LearnedThreshold(log, new float[features], new float[features]);
  }

  /** The number of features (0 for {@link #NONE}). */
  public int size() {
    return logThreshold.length;
  }

  /** θ = exp(log θ) in float32, the one rounding every user of θ shares. */
  public static float threshold(float logThreshold) {
    return (float) StrictMath.exp(logThreshold);
  }

  /** θ per feature. */
  public float[] thresholds() {
    float[] out = new float[logThreshold.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = threshold(logThreshold[i]);
    }
    return out;
  }

  /** A deep copy. */
  public LearnedThreshold copy() {
    return new LearnedThreshold(logThreshold.clone(), firstMoment.clone(), secondMoment.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LearnedThreshold t && Arrays.equals(logThreshold, t.logThreshold)
        && Arrays.equals(firstMoment, t.firstMoment) && Arrays.equals(secondMoment, t.secondMoment);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(logThreshold) + Arrays.hashCode(firstMoment)) + Arrays.hashCode(secondMoment);
  }

  @Override
  public String toString() {
    return "LearnedThreshold[" + logThreshold.length + " features]";
  }
}

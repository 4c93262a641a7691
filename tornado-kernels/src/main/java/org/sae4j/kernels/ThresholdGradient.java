package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The JumpReLU rule's gradient with respect to log θ, from the straight-through estimators of
 * {@link ActivationRule.JumpRelu}: for every pair with |a − θ_i| &lt; ε/2 (the rectangle kernel),
 * <pre>
 *   ∂L/∂θ_i += (∂L/∂f_ti) · (−θ_i/ε) + (λ/B) · (−1/ε);     ∂L/∂log θ_i = θ_i ∂L/∂θ_i
 * </pre>
 * where ∂L/∂f_ti = (2/B) W_d,i·e_t plus, under the tanh penalty, its term ({@link TanhPenalty}); the second term is
 * the L0 penalty's (0 under tanh). The pairs are the active ones (a &gt; θ) and those within ε/2 below θ. With the
 * pre-activation loss its pairs (dead features, a &lt; θ, wherever they are) add ∂P/∂θ_i = −∂P/∂a_ti
 * ({@link PreActTerms}): the threshold enters ReLU(θ − a) directly. Each feature's sum runs in float64 over the
 * active pairs in row-major order, then the ones below, then the pre-activation loss's, so it does not depend on the
 * thread count. O(pairs), sequential: a small part of a step.
 */
final class ThresholdGradient {

  private final double[] sums;

  ThresholdGradient(int features) {
    this.sums = new double[features];
  }

  /**
   * Writes ∂L/∂log θ into {@code out} (length m, modified) and returns the sum of its squares.
   *
   * @param active the code's pairs with ∂L/∂f in featureGradient, not modified
   * @param below the pairs below their threshold with ∂L/∂f in featureGradient, not modified
   * @param theta θ per feature, not modified
   * @param bandwidth ε
   * @param penaltyScale λ/B of the L0 penalty, 0 for none
   * @param preAct the pre-activation loss's pairs with ∂P/∂a in featureGradient (not modified), null for none
   */
  double compute(ActiveSet active, ActiveSet below, float[] theta, double bandwidth, double penaltyScale,
                 ActiveSet preAct, float[] out) {
    Arrays.fill(sums, 0);
    add(active, theta, bandwidth, penaltyScale);
    add(below, theta, bandwidth, penaltyScale);
    if (preAct != null) {
      for (int k = 0; k < preAct.size; k++) {
        sums[preAct.feature[k]] -= preAct.featureGradient[k];
      }
    }
    double squares = 0;
    for (int i = 0; i < sums.length; i++) {
      out[i] = (float) (theta[i] * sums[i]);
      squares += (double) out[i] * out[i];
    }
    return squares;
  }

  private void add(ActiveSet pairs, float[] theta, double bandwidth, double penaltyScale) {
    for (int k = 0; k < pairs.size; k++) {
      int i = pairs.feature[k];
      if (inWindow(pairs.value[k], theta[i], bandwidth)) {
        sums[i] -= (pairs.featureGradient[k] * (double) theta[i] + penaltyScale) / bandwidth;
      }
    }
  }

  /** The rectangle kernel K((a − θ)/ε) ≠ 0: −½ &lt; (a − θ)/ε &lt; ½, in float64. */
  static boolean inWindow(float a, float theta, double bandwidth) {
    double u = ((double) a - theta) / bandwidth;
    return u > -0.5 && u < 0.5;
  }

  /** The lowest pre-activation that can be in a feature's window, rounded down: the encoder's floor. */
  static float floor(float theta, double bandwidth) {
    return Math.nextDown((float) (theta - bandwidth / 2));
  }
}

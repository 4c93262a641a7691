package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The JumpReLU rule's {@link PreActLoss} on one step's pairs of dead features below their threshold:
 * P = s Σ (θ_i − a_ti) n_i over those pairs, s = λ_P/B, n_i = ‖W_d,i‖. Per pair it sets ∂P/∂a = −s n_i as the pair's
 * gradient (which {@link SparseGradients} takes to the encoder row and bias as it does the AuxK pairs', and
 * {@link ThresholdGradient} to θ with the opposite sign, ∂P/∂θ_i = s n_i), and per feature it sums
 * Σ_t (θ_i − a_ti), ∂P/∂n_i without s, for the decoder columns. O(pairs), sequential, each feature's sum in
 * row-major order.
 */
final class PreActTerms {

  private final double[] normWeights;

  PreActTerms(int features) {
    this.normWeights = new double[features];
  }

  /**
   * Fills the pairs' {@code featureGradient} with ∂P/∂a (modified) and {@link #normWeights()}; returns
   * Σ (θ_i − a_ti) n_i (not multiplied by s).
   *
   * @param pairs the dead features' pairs with a &lt; θ
   * @param theta θ per feature, not modified
   * @param norms n_i per feature, not modified
   * @param scale s = λ_P/B
   */
  double apply(ActiveSet pairs, float[] theta, double[] norms, double scale) {
    Arrays.fill(normWeights, 0);
    double sum = 0;
    for (int k = 0; k < pairs.size; k++) {
      int i = pairs.feature[k];
      double gap = (double) theta[i] - pairs.value[k];
      pairs.featureGradient[k] = (float) (-scale * norms[i]);
      normWeights[i] += gap;
      sum += gap * norms[i];
    }
    return sum;
  }

  /** Per feature Σ_t (θ_i − a_ti) of the last {@link #apply}: ∂P/∂n_i without s (live). */
  double[] normWeights() {
    return normWeights;
  }
}

package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The JumpReLU rule's tanh penalty P = λ (1/B) Σ_t Σ_i tanh(c f_ti n_i), n_i = ‖W_d,i‖ (Anthropic's January 2025
 * update), on one step's pairs. With τ = tanh(c f n):
 * <pre>
 *   ∂P/∂f_ti = (λ/B) c n_i (1 − τ²)          ∂P/∂n_i = (λ/B) Σ_t c f_ti (1 − τ²)
 * </pre>
 * The first is added to the active pairs' ∂L/∂f, so it reaches the encoder (∂f/∂a = H) and, through f's
 * straight-through estimator, θ; the pairs just below θ have f = 0 and get (λ/B) c n_i, their share of θ's gradient.
 * The second, per feature, is what {@link SparseGradients} turns into the decoder columns' gradient. τ is computed
 * with {@link StrictMath#tanh}, so the bits do not depend on the platform; O(pairs), sequential, each feature's sum
 * in row-major order.
 */
final class TanhPenalty {

  private final double[] normWeights;

  TanhPenalty(int features) {
    this.normWeights = new double[features];
  }

  /**
   * Adds ∂P/∂f to the active pairs' {@code featureGradient} (modified) and fills {@link #normWeights()}; returns
   * Σ_t Σ_i τ (not multiplied by λ or divided by B).
   *
   * @param norms n_i per feature, not modified
   * @param scale c
   * @param penaltyScale λ/B
   */
  double addToActive(ActiveSet active, double[] norms, double scale, double penaltyScale) {
    Arrays.fill(normWeights, 0);
    double sum = 0;
    for (int k = 0; k < active.size; k++) {
      int i = active.feature[k];
      double tau = StrictMath.tanh(scale * active.value[k] * norms[i]);
      double slope = scale * (1 - tau * tau);
      active.featureGradient[k] = (float) (active.featureGradient[k] + penaltyScale * slope * norms[i]);
      normWeights[i] += slope * active.value[k];
      sum += tau;
    }
    return sum;
  }

  /** Adds ∂P/∂f at f = 0, (λ/B) c n_i, to the pairs below θ ({@code featureGradient} modified). */
  static void addBelow(ActiveSet below, double[] norms, double scale, double penaltyScale) {
    for (int k = 0; k < below.size; k++) {
      below.featureGradient[k] = (float) (below.featureGradient[k] + penaltyScale * scale * norms[below.feature[k]]);
    }
  }

  /** Per feature Σ_t c f_ti (1 − τ²) of the last {@link #apply}: ∂P/∂n_i without λ/B (live). */
  double[] normWeights() {
    return normWeights;
  }
}

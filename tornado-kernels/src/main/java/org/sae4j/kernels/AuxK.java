package org.sae4j.kernels;

/**
 * The AuxK dead-feature loss (Gao et al. 2024) of the selecting rules ({@link ActivationRule.TopK},
 * {@link ActivationRule.BatchTopK}), one mechanism for both. A feature is dead when it has not been in the code (a
 * row's top k, or the batch's top B·k) for {@code deadSteps} steps. Each row's residual e = x − x̂ (held fixed) is
 * then reconstructed from the row's {@code k} largest positive pre-activations among the dead features,
 * ê = Σ_j a_j W_d,j (no bias), and the loss adds {@code coefficient} · (1/B) Σ_t ‖e_t − ê_t‖² over every row (a row
 * without such a pre-activation adds c·‖e_t‖²/B and no gradient). It changes only the dead features' encoder rows,
 * biases and decoder columns, and is 0 while no feature is dead.
 *
 * @param k dead features used per row, &gt;= 0 (0 turns the loss off)
 * @param coefficient c, finite and &gt;= 0 (0 turns the loss off)
 * @param deadSteps steps without being in the code after which a feature counts as dead, &gt;= 1
 */
public record AuxK(int k, double coefficient, long deadSteps) {

  /** No AuxK loss. */
  public static final AuxK OFF = new AuxK(0, 0, 1);

  public AuxK {
    if (k < 0 || !(coefficient >= 0) || Double.isInfinite(coefficient) || deadSteps < 1) {
      throw new IllegalArgumentException("AuxK needs auxK >= 0, a finite auxCoefficient >= 0 and deadSteps >= 1, "
          + "got auxK=" + k + ", auxCoefficient=" + coefficient + ", deadSteps=" + deadSteps);
    }
  }

  /** Whether the loss is on. */
  public boolean on() {
    return k > 0 && coefficient > 0;
  }
}

package org.sae4j.kernels;

/**
 * The JumpReLU rule's pre-activation loss (Anthropic's January 2025 update, as SAELens'
 * {@code pre_act_loss_coefficient}), which brings dead features back: with a_ti the pre-activation, θ_i the threshold
 * and n_i = ‖W_d,i‖, the loss adds λ_P (1/B) Σ_t Σ_{i dead} ReLU(θ_i − a_ti) n_i. A feature is dead when it has not
 * been in the code (a &gt; θ in some row) for {@code deadSteps} steps, counted as the selecting rules count for
 * {@link AuxK} ({@link RuleState#stepsSinceFired()}). Its gradient reaches the dead features' pre-activations (so
 * their encoder rows and biases), their thresholds and their decoder norms; it is 0 while no feature is dead.
 *
 * @param coefficient λ_P, finite and &gt;= 0 (0 turns the loss off)
 * @param deadSteps steps without being in the code after which a feature counts as dead, &gt;= 1
 */
public record PreActLoss(double coefficient, long deadSteps) {

  /** No pre-activation loss. */
  public static final PreActLoss OFF = new PreActLoss(0, 1);

  public PreActLoss {
    if (!(coefficient >= 0) || Double.isInfinite(coefficient) || deadSteps < 1) {
      throw new IllegalArgumentException("the pre-activation loss needs a finite preActCoefficient >= 0 and "
          + "deadSteps >= 1, got preActCoefficient=" + coefficient + ", deadSteps=" + deadSteps);
    }
  }

  /** Whether the loss is on. */
  public boolean on() {
    return coefficient > 0;
  }
}

package org.sae4j.kernels;

/**
 * What a backend computes between the encoder's pre-activations a = W_e x + b_e and the code f that the decoder
 * reads, and which extra loss terms come with it. It is the kernel-level half of an SAE architecture: the
 * descriptor keys, schedules and export that go with each rule live with the architecture in the core.
 *
 * <p>Every rule keeps the active set sparse and deterministic: the same pre-activations always give the same
 * active (row, feature) pairs, whatever the thread count or vector width.
 */
public sealed interface ActivationRule permits ActivationRule.Relu, ActivationRule.TopK, ActivationRule.BatchTopK,
    ActivationRule.JumpRelu {

  /** The rule's name in messages ({@code relu}, {@code topk}, {@code batchtopk}, {@code jumprelu}). */
  String name();

  /**
   * f = ReLU(a); the loss adds λ Σ_i f_i ‖W_d,i‖₂ with λ the step's
   * {@linkplain StepInput#sparsityCoefficient() sparsity coefficient}.
   */
  record Relu() implements ActivationRule {
    @Override
    public String name() {
      return "relu";
    }
  }

  /**
   * f = TopK_k(ReLU(a)) per row: the k largest positive pre-activations of a row are kept (fewer when the row
   * has fewer positive ones); of equal values the lower feature index wins, so the selection is a function of
   * the pre-activations alone. There is no sparsity penalty (the step's coefficient must be 0).
   *
   * <p>The AuxK loss (Gao et al. 2024) revives dead features: a feature is dead when it has not been in any
   * row's top k for {@code deadSteps} steps; each row's residual e = x − x̂ (held fixed) is reconstructed from
   * the {@code auxK} largest positive pre-activations among the dead features, ê = Σ_j a_j W_d,j (no bias), and
   * the loss adds {@code auxCoefficient} · (1/B) Σ_t ‖e_t − ê_t‖². It changes only the dead features' encoder
   * rows, biases and decoder columns, and is 0 while no feature is dead.
   *
   * @param k features kept per row, &gt;= 1
   * @param auxK dead features used per row by the AuxK loss, &gt;= 0 (0 turns it off)
   * @param auxCoefficient weight of the AuxK loss, &gt;= 0
   * @param deadSteps steps without firing after which a feature counts as dead, &gt;= 1
   */
  record TopK(int k, int auxK, double auxCoefficient, long deadSteps) implements ActivationRule {
    public TopK {
      if (k < 1 || auxK < 0 || !(auxCoefficient >= 0) || Double.isInfinite(auxCoefficient) || deadSteps < 1) {
        throw new IllegalArgumentException("topk needs k >= 1, auxK >= 0, a finite auxCoefficient >= 0 and "
            + "deadSteps >= 1, got k=" + k + ", auxK=" + auxK + ", auxCoefficient=" + auxCoefficient
            + ", deadSteps=" + deadSteps);
      }
    }

    @Override
    public String name() {
      return "topk";
    }

    /** Whether the AuxK loss is on. */
    public boolean auxiliary() {
      return auxK > 0 && auxCoefficient > 0;
    }
  }

  /**
   * BatchTopK (Bussmann et al. 2024): in training, the B·k largest positive pre-activations of the whole batch
   * are kept (so rows keep varying numbers, k on average); of equal values the earlier row, then the lower
   * feature index wins. No sparsity penalty. After each step the backend updates a running estimate θ of the
   * batch threshold (the smallest kept value): θ ← β θ + (1 − β) θ_batch, starting from the first batch's value.
   * Inference ({@link Backend#forward}) does not depend on the batch: f = a · [a &gt; θ], a JumpReLU with one
   * global threshold (before any training step, with no θ yet, the batch rule is used).
   *
   * @param k mean features kept per row, &gt;= 1
   * @param thresholdDecay β of the running estimate, in [0, 1)
   */
  record BatchTopK(int k, double thresholdDecay) implements ActivationRule {
    public BatchTopK {
      if (k < 1 || !(thresholdDecay >= 0 && thresholdDecay < 1)) {
        throw new IllegalArgumentException("batchtopk needs k >= 1 and thresholdDecay in [0, 1), got k=" + k
            + ", thresholdDecay=" + thresholdDecay);
      }
    }

    @Override
    public String name() {
      return "batchtopk";
    }
  }

  /**
   * JumpReLU (Rajamanoharan et al. 2024): f_i = a_i · H(a_i − θ_i) with a learned per-feature threshold
   * θ_i = exp(log θ_i) &gt; 0, and the L0 penalty λ (1/B) Σ_t Σ_i H(a_ti − θ_i), λ the step's
   * {@linkplain StepInput#sparsityCoefficient() sparsity coefficient}. H has no useful derivative, so θ is trained
   * with the paper's straight-through estimators and the rectangle kernel K(u) = [−½ &lt; u &lt; ½] of bandwidth ε:
   * <pre>
   *   ∂f_i/∂a_i = H(a_i − θ_i)          ∂H(a_i − θ_i)/∂a_i = 0
   *   ∂f_i/∂θ_i := −(θ_i/ε) K((a_i − θ_i)/ε)     ∂H(a_i − θ_i)/∂θ_i := −(1/ε) K((a_i − θ_i)/ε)
   * </pre>
   * and ∂L/∂log θ_i = θ_i ∂L/∂θ_i. Only pairs with a &gt; θ are active; the pairs within ε/2 below θ feed the
   * threshold's gradient only. log θ and its Adam moments are the rule's state ({@link RuleState#learned()}); a
   * fresh start sets every θ_i to {@code initialThreshold}. The rule's L0 is the count of active pairs.
   *
   * @param initialThreshold θ at the start, &gt; 0
   * @param bandwidth ε, &gt; 0
   */
  record JumpRelu(double initialThreshold, double bandwidth) implements ActivationRule {
    public JumpRelu {
      if (!(initialThreshold > 0) || !(bandwidth > 0) || Double.isInfinite(initialThreshold)
          || Double.isInfinite(bandwidth)) {
        throw new IllegalArgumentException("jumprelu needs a finite initialThreshold > 0 and bandwidth > 0, got "
            + initialThreshold + ", " + bandwidth);
      }
    }

    @Override
    public String name() {
      return "jumprelu";
    }
  }

  /** The rule of the 2024 recipe. */
  ActivationRule RELU = new Relu();
}

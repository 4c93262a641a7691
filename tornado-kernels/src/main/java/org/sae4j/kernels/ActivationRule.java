package org.sae4j.kernels;

/**
 * What a backend computes between the encoder's pre-activations a = W_e x + b_e and the code f that the decoder
 * reads, and which extra loss terms come with it. It is the kernel-level half of an SAE architecture: the
 * descriptor keys, schedules and export that go with each rule live with the architecture in the core.
 *
 * <p>Every rule keeps the active set sparse and deterministic: the same pre-activations always give the same
 * active (row, feature) pairs, whatever the thread count or vector width.
 */
public sealed interface ActivationRule permits ActivationRule.Relu, ActivationRule.Selecting,
    ActivationRule.JumpRelu {

  /** The rule's name in messages ({@code relu}, {@code topk}, {@code batchtopk}, {@code jumprelu}). */
  String name();

  /**
   * Steps without being in the code after which the rule's dead-feature loss ({@link AuxK} of the selecting rules,
   * JumpReLU's {@link PreActLoss}) treats a feature as dead, &gt;= 1; 0 when the rule does not count (ReLU, JumpReLU
   * without that loss). A backend of a rule that counts keeps, per feature, the steps since it was last in the code
   * ({@link RuleState#stepsSinceFired()}, capped at this value): one dead-feature count for every rule.
   */
  default long deadSteps() {
    return 0;
  }

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
   * A rule that keeps the best pre-activations, per row (TopK) or per batch (BatchTopK), with no sparsity penalty
   * (the step's coefficient must be 0). The backend counts, per feature, the steps since it was last in the code
   * ({@link RuleState#stepsSinceFired()}), which decide which features the rule's {@link AuxK} loss treats as dead.
   */
  sealed interface Selecting extends ActivationRule permits TopK, BatchTopK {

    /** Features kept per row (BatchTopK: on average), &gt;= 1. */
    int k();

    /** The AuxK dead-feature loss, {@link AuxK#OFF} for none. */
    AuxK aux();

    /** The AuxK loss's window ({@link AuxK#deadSteps()}); the selecting rules always count. */
    @Override
    default long deadSteps() {
      return aux().deadSteps();
    }
  }

  /**
   * f = TopK_k(ReLU(a)) per row: the k largest positive pre-activations of a row are kept (fewer when the row
   * has fewer positive ones); of equal values the lower feature index wins, so the selection is a function of
   * the pre-activations alone. A feature is in the code when it is in some row's top k.
   *
   * @param k features kept per row, &gt;= 1
   * @param aux the AuxK loss
   */
  record TopK(int k, AuxK aux) implements Selecting {
    public TopK {
      if (k < 1 || aux == null) {
        throw new IllegalArgumentException("topk needs k >= 1 and an AuxK setting, got k=" + k + ", aux=" + aux);
      }
    }

    /** TopK with the AuxK loss of {@code auxK} dead features per row, coefficient and dead window. */
    public TopK(int k, int auxK, double auxCoefficient, long deadSteps) {
      this(k, new AuxK(auxK, auxCoefficient, deadSteps));
    }

    @Override
    public String name() {
      return "topk";
    }

    /** Dead features used per row by the AuxK loss ({@link AuxK#k()}). */
    public int auxK() {
      return aux.k();
    }

    /** The AuxK loss's weight ({@link AuxK#coefficient()}). */
    public double auxCoefficient() {
      return aux.coefficient();
    }

    /** Whether the AuxK loss is on ({@link AuxK#on()}). */
    public boolean auxiliary() {
      return aux.on();
    }
  }

  /**
   * BatchTopK (Bussmann et al. 2024): in training, the B·k largest positive pre-activations of the whole batch
   * are kept (so rows keep varying numbers, k on average); of equal values the earlier row, then the lower
   * feature index wins. A feature is in the code when one of its pairs is kept. After each step the backend
   * updates a running estimate θ of the batch threshold (the smallest kept value): θ ← β θ + (1 − β) θ_batch,
   * starting from the first batch's value. Inference ({@link Backend#forward}) does not depend on the batch:
   * f = a · [a &gt; θ], a JumpReLU with one global threshold (before any training step, with no θ yet, the batch
   * rule is used). The AuxK candidates of a row are its positive pre-activations of dead features, whether the
   * batch kept them or not, as under TopK.
   *
   * @param k mean features kept per row, &gt;= 1
   * @param thresholdDecay β of the running estimate, in [0, 1)
   * @param aux the AuxK loss
   */
  record BatchTopK(int k, double thresholdDecay, AuxK aux) implements Selecting {
    public BatchTopK {
      if (k < 1 || !(thresholdDecay >= 0 && thresholdDecay < 1) || aux == null) {
        throw new IllegalArgumentException("batchtopk needs k >= 1, thresholdDecay in [0, 1) and an AuxK setting, "
            + "got k=" + k + ", thresholdDecay=" + thresholdDecay + ", aux=" + aux);
      }
    }

    /** BatchTopK without the AuxK loss. */
    public BatchTopK(int k, double thresholdDecay) {
      this(k, thresholdDecay, AuxK.OFF);
    }

    @Override
    public String name() {
      return "batchtopk";
    }
  }

  /**
   * JumpReLU (Rajamanoharan et al. 2024): f_i = a_i · H(a_i − θ_i) with a learned per-feature threshold
   * θ_i = exp(log θ_i) &gt; 0, and one of two sparsity penalties, λ the step's
   * {@linkplain StepInput#sparsityCoefficient() sparsity coefficient} and n_i = ‖W_d,i‖:
   * <ul>
   *   <li>L0 (the paper's, {@code tanhScale} 0): λ (1/B) Σ_t Σ_i H(a_ti − θ_i), which trains only θ;</li>
   *   <li>tanh (Anthropic's January 2025 update, as SAELens' {@code tanh} mode): λ (1/B) Σ_t Σ_i tanh(c f_ti n_i)
   *       with c = {@code tanhScale}, a smooth count of the active features whose gradient reaches the encoder
   *       through f, the decoder norms and, through f's estimator, θ.</li>
   * </ul>
   * H has no useful derivative, so θ is trained with the paper's straight-through estimators and the rectangle
   * kernel K(u) = [−½ &lt; u &lt; ½] of bandwidth ε:
   * <pre>
   *   ∂f_i/∂a_i = H(a_i − θ_i)          ∂H(a_i − θ_i)/∂a_i = 0
   *   ∂f_i/∂θ_i := −(θ_i/ε) K((a_i − θ_i)/ε)     ∂H(a_i − θ_i)/∂θ_i := −(1/ε) K((a_i − θ_i)/ε)
   * </pre>
   * and ∂L/∂log θ_i = θ_i ∂L/∂θ_i, with ∂L/∂f_i = (2/B) W_d,i·e + λ (c n_i/B) (1 − tanh²(c f_i n_i)) under tanh
   * (so λ c n_i / B for a pair just below θ, where f = 0). Only pairs with a &gt; θ are active; the pairs within
   * ε/2 below θ feed the threshold's gradient only. log θ and its Adam moments are the rule's state
   * ({@link RuleState#learned()}); a fresh start sets every θ_i to {@code initialThreshold}. The rule's L0 is the
   * count of active pairs.
   *
   * <p>With the {@link PreActLoss} on, the backend counts the steps since each feature was last in the code, and
   * the pairs of dead features with a &lt; θ add λ_P (1/B) (θ_i − a_ti) n_i to the loss, with (λ_P/B = s)
   * <pre>
   *   ∂L/∂a_ti += −s n_i      ∂L/∂θ_i += s n_i      ∂L/∂n_i += s (θ_i − a_ti)
   * </pre>
   * (the true derivatives: the threshold enters this term directly, not through H). A dead feature's pre-activations
   * below θ − ε/2, where the other terms have no gradient, are thus pushed up towards θ and θ down towards them.
   *
   * @param initialThreshold θ at the start, &gt; 0
   * @param bandwidth ε, &gt; 0
   * @param tanhScale c of the tanh penalty, &gt; 0, or {@link #L0_PENALTY} for the L0 penalty
   * @param preAct the pre-activation loss, {@link PreActLoss#OFF} for none
   */
  record JumpRelu(double initialThreshold, double bandwidth, double tanhScale, PreActLoss preAct)
      implements ActivationRule {
    /** {@code tanhScale} of the L0 penalty. */
    public static final double L0_PENALTY = 0;

    public JumpRelu {
      if (!(initialThreshold > 0) || !(bandwidth > 0) || !(tanhScale >= 0) || Double.isInfinite(initialThreshold)
          || Double.isInfinite(bandwidth) || Double.isInfinite(tanhScale) || preAct == null) {
        throw new IllegalArgumentException("jumprelu needs a finite initialThreshold > 0, bandwidth > 0, "
            + "tanhScale >= 0 and a pre-activation loss setting, got " + initialThreshold + ", " + bandwidth + ", "
            + tanhScale + ", " + preAct);
      }
    }

    /** JumpReLU without the pre-activation loss. */
    public JumpRelu(double initialThreshold, double bandwidth, double tanhScale) {
      this(initialThreshold, bandwidth, tanhScale, PreActLoss.OFF);
    }

    /** JumpReLU with the L0 penalty. */
    public JumpRelu(double initialThreshold, double bandwidth) {
      this(initialThreshold, bandwidth, L0_PENALTY);
    }

    /** The pre-activation loss's window when it is on, else 0 (no count). */
    @Override
    public long deadSteps() {
      return preAct.on() ? preAct.deadSteps() : 0;
    }

    @Override
    public String name() {
      return "jumprelu";
    }

    /** Whether the penalty is the tanh one (else L0). */
    public boolean tanhPenalty() {
      return tanhScale > 0;
    }
  }

  /** The rule of the 2024 recipe. */
  ActivationRule RELU = new Relu();
}

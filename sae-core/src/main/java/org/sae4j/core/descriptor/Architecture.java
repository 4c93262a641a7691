package org.sae4j.core.descriptor;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sae4j.kernels.ActivationRule;
import org.sae4j.kernels.PreActLoss;

/**
 * An SAE architecture: everything that differs between kinds of dictionary, in one place. Each kind owns
 * <ul>
 *   <li>its descriptor keys (read and validated by {@link ArchitectureReader}, which names the file, the key path
 *       and the line of a bad value) and their resolved form in the descriptor's identity ({@link #keys()});</li>
 *   <li>its activation rule and extra loss terms, as the kernels execute them ({@link #rule(int, long)});</li>
 *   <li>its schedule of coefficients: the sparsity coefficient and its warm-up ({@link #sparsityCoefficient},
 *       {@link #warmupFraction});</li>
 *   <li>its evaluation semantics ({@link #activeMeans()}: L0 counts the features the rule keeps, L1 is always
 *       Σ f_i ‖W_d,i‖);</li>
 *   <li>its export: the SAELens {@code architecture} and the keys that go with it ({@link #saeLensArchitecture},
 *       {@link #saeLensKeys}).</li>
 * </ul>
 * The trainer, the backends, evaluation and the checkpoint writer ask the architecture instead of assuming ReLU.
 */
public sealed interface Architecture permits Architecture.ReluL1, Architecture.TopK, Architecture.BatchTopK,
    Architecture.JumpRelu {

  /** The descriptor's spelling of {@code sae.architecture}. */
  String name();

  /** The {@code sae.*} keys of this architecture beyond architecture, features and decoderInitNorm, resolved. */
  Map<String, Object> keys();

  /**
   * The {@code training.*} keys this architecture owns beyond those of {@link TrainingSpec}, resolved (jumprelu's
   * {@code l0} and {@code l0WarmupFraction}); none by default.
   */
  default Map<String, Object> trainingKeys() {
    return Map.of();
  }

  /**
   * The rule the backend executes.
   *
   * @param inputDim n, for defaults given relative to it
   * @param batchSize rows per step, to turn token counts into steps
   * @param trainTokens tokens the run trains on (all epochs), to scale defaults for short runs
   */
  ActivationRule rule(int inputDim, int batchSize, long trainTokens);

  /** The final sparsity coefficient of the schedule (λ), from the training section; 0 without a penalty. */
  default double sparsityCoefficient(TrainingSpec training) {
    return 0;
  }

  /** The share of steps over which the sparsity coefficient rises from 0; 0 without a penalty. */
  default double warmupFraction(TrainingSpec training) {
    return 0;
  }

  /** What "active" means for L0, in words; written to the export's {@code sae4j} block. */
  String activeMeans();

  /** SAELens' {@code architecture} value. */
  String saeLensArchitecture();

  /** SAELens' architecture-specific cfg.json keys ({@code k} for TopK); none by default. */
  default Map<String, Object> saeLensKeys() {
    return Map.of();
  }

  /** Whether the export carries a {@code threshold [d_sae]} tensor: when it is SAELens' JumpReLU. */
  default boolean exportsThreshold() {
    return saeLensArchitecture().equals("jumprelu");
  }

  /** ReLU with an L1 penalty weighted by the decoder norms (the 2024 recipe). */
  record ReluL1() implements Architecture {
    /** The descriptor name. */
    public static final String NAME = "relu-l1";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Map<String, Object> keys() {
      return Map.of();
    }

    @Override
    public ActivationRule rule(int inputDim, int batchSize, long trainTokens) {
      return ActivationRule.RELU;
    }

    @Override
    public double sparsityCoefficient(TrainingSpec training) {
      return training.l1();
    }

    @Override
    public double warmupFraction(TrainingSpec training) {
      return training.l1WarmupFraction();
    }

    @Override
    public String activeMeans() {
      return "f_i > 0";
    }

    @Override
    public String saeLensArchitecture() {
      return "standard";
    }
  }

  /**
   * The AuxK dead-feature loss (Gao et al. 2024) of {@code topk} and {@code batchtopk}: the same keys
   * ({@code sae.kAux}, {@code sae.auxKCoefficient}, {@code sae.deadTokens}), defaults and kernel mechanism
   * ({@link org.sae4j.kernels.AuxK}) for both.
   *
   * @param kAux dead features per token in the AuxK loss, &gt;= 0 (0: off), or {@link #HALF_INPUT} for half the
   *     input dimension (the paper's default), resolved when the dimension is known
   * @param coefficient weight of the AuxK loss, &gt;= 0 (1/32)
   * @param deadTokens tokens without being in the code after which a feature is dead, &gt;= 1, or {@link #SCALED}
   *     for min(10,000,000, a tenth of the training tokens)
   */
  record AuxK(int kAux, double coefficient, long deadTokens) {
    /** {@code kAux} when not set: half the input dimension. */
    public static final int HALF_INPUT = -1;
    /** {@code deadTokens} when not set: scaled to the run. */
    public static final long SCALED = -1;
    /** The paper's AuxK coefficient. */
    public static final double DEFAULT_COEFFICIENT = 1.0 / 32;
    /** The paper's dead-feature window, in tokens. */
    public static final long PAPER_DEAD_TOKENS = 10_000_000;
    /** Every key at its default. */
    public static final AuxK DEFAULTS = new AuxK(HALF_INPUT, DEFAULT_COEFFICIENT, SCALED);

    public AuxK {
      if (kAux < HALF_INPUT || !(coefficient >= 0) || Double.isInfinite(coefficient)
          || (deadTokens < 1 && deadTokens != SCALED)) {
        throw new IllegalArgumentException("AuxK needs kAux >= 0, auxKCoefficient >= 0, deadTokens >= 1; got "
            + kAux + ", " + coefficient + ", " + deadTokens);
      }
    }

    /** Adds the resolved keys to {@code keys}: kAux and deadTokens when set, auxKCoefficient always. */
    void putKeys(Map<String, Object> keys) {
      if (kAux != HALF_INPUT) {
        keys.put("kAux", kAux);
      }
      keys.put("auxKCoefficient", DescriptorTree.decimal(coefficient));
      if (deadTokens != SCALED) {
        keys.put("deadTokens", deadTokens);
      }
    }

    /** kAux for an input dimension: the set value, or n/2 (at least 1). */
    public int kAux(int inputDim) {
      return kAux == HALF_INPUT ? Math.max(1, inputDim / 2) : kAux;
    }

    /** deadTokens for a run of {@code trainTokens}: the set value, or min(10 M, trainTokens / 10), at least 1. */
    public long deadTokens(long trainTokens) {
      return deadTokens(deadTokens, trainTokens);
    }

    /**
     * A dead-feature window for a run of {@code trainTokens}: {@code deadTokens}, or for {@link #SCALED}
     * min(10 M, trainTokens / 10), at least 1; the one rule for every architecture with a dead-feature loss.
     */
    static long deadTokens(long deadTokens, long trainTokens) {
      return deadTokens == SCALED ? Math.max(1, Math.min(PAPER_DEAD_TOKENS, trainTokens / 10)) : deadTokens;
    }

    /** A dead-feature window in whole steps: {@link #deadTokens(long, long)} rounded up to batches. */
    static long deadSteps(long deadTokens, int batchSize, long trainTokens) {
      return (deadTokens(deadTokens, trainTokens) + batchSize - 1) / batchSize;
    }

    /** The kernel's AuxK loss, with deadTokens rounded up to whole steps. */
    org.sae4j.kernels.AuxK rule(int inputDim, int batchSize, long trainTokens) {
      return new org.sae4j.kernels.AuxK(kAux(inputDim), coefficient, deadSteps(deadTokens, batchSize, trainTokens));
    }
  }

  /**
   * f = TopK_k(ReLU(W_e x + b_e)) with the AuxK dead-feature loss and no sparsity penalty.
   *
   * @param k features kept per token, 1 ≤ k &lt; features
   * @param aux the AuxK loss
   */
  record TopK(int k, AuxK aux) implements Architecture {
    /** The descriptor name. */
    public static final String NAME = "topk";

    public TopK {
      if (k < 1 || aux == null) {
        throw new IllegalArgumentException("topk needs k >= 1 and AuxK settings; got " + k + ", " + aux);
      }
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Map<String, Object> keys() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("k", k);
      aux.putKeys(m);
      return m;
    }

    @Override
    public ActivationRule rule(int inputDim, int batchSize, long trainTokens) {
      return new ActivationRule.TopK(k, aux.rule(inputDim, batchSize, trainTokens));
    }

    @Override
    public String activeMeans() {
      return "among the k largest positive pre-activations";
    }

    @Override
    public String saeLensArchitecture() {
      return "topk";
    }

    @Override
    public Map<String, Object> saeLensKeys() {
      return Map.of("k", k);
    }
  }

  /**
   * BatchTopK (Bussmann et al. 2024): the top B·k pre-activations of each training batch, no penalty, with the
   * same AuxK loss as topk (a feature is dead when none of its pairs was kept for deadTokens tokens). For
   * inference a global threshold θ is estimated during training as a running average of each batch's smallest
   * kept activation, θ ← β θ + (1 − β) θ_batch (β = {@code thresholdDecay}, starting at the first batch's value);
   * evaluation and export use f = a·[a &gt; θ], exported as SAELens' {@code jumprelu} with θ for every feature.
   *
   * @param k mean features kept per token, 1 ≤ k &lt; features
   * @param thresholdDecay β, in [0, 1) (0.999)
   * @param aux the AuxK loss
   */
  record BatchTopK(int k, double thresholdDecay, AuxK aux) implements Architecture {
    /** The descriptor name. */
    public static final String NAME = "batchtopk";
    /** Default of {@code sae.thresholdDecay}. */
    public static final double DEFAULT_THRESHOLD_DECAY = 0.999;

    public BatchTopK {
      if (k < 1 || !(thresholdDecay >= 0 && thresholdDecay < 1) || aux == null) {
        throw new IllegalArgumentException("batchtopk needs k >= 1, thresholdDecay in [0, 1) and AuxK settings; got "
            + k + ", " + thresholdDecay + ", " + aux);
      }
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Map<String, Object> keys() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("k", k);
      m.put("thresholdDecay", DescriptorTree.decimal(thresholdDecay));
      aux.putKeys(m);
      return m;
    }

    @Override
    public ActivationRule rule(int inputDim, int batchSize, long trainTokens) {
      return new ActivationRule.BatchTopK(k, thresholdDecay, aux.rule(inputDim, batchSize, trainTokens));
    }

    @Override
    public String activeMeans() {
      return "above the global threshold estimated in training";
    }

    @Override
    public String saeLensArchitecture() {
      return "jumprelu";
    }
  }

  /**
   * JumpReLU (Rajamanoharan et al. 2024): f_i = a_i · H(a_i − θ_i) with a learned threshold θ_i per feature, trained
   * by straight-through estimators with the rectangle kernel of bandwidth ε, and one of two sparsity penalties of
   * coefficient λ₀: the paper's L0 (λ₀ · L0, which trains only θ) or Anthropic's January 2025 tanh penalty
   * (λ₀ · Σ_i tanh(c f_i ‖W_d,i‖), whose gradient also reaches the encoder and the decoder norms). θ is stored as
   * log θ in the training state and exported as {@code threshold}; λ₀ rises from 0 like relu-l1's λ. Optionally
   * Anthropic's pre-activation loss λ_P · Σ_{i dead} ReLU(θ_i − a_i) ‖W_d,i‖ (SAELens'
   * {@code pre_act_loss_coefficient}, a constant coefficient) on the features that have not fired for
   * {@code deadTokens} tokens, counted and scaled as topk's AuxK window.
   *
   * @param threshold θ of every feature at the start, &gt; 0 (0.001, SAELens' default)
   * @param bandwidth ε, &gt; 0 (0.001)
   * @param l0 λ₀, the final coefficient of the sparsity penalty, &gt;= 0 (required)
   * @param l0WarmupFraction share of steps over which λ₀ rises from 0, in [0, 1] (0.05)
   * @param tanhScale c of the tanh penalty, &gt; 0, or {@link ActivationRule.JumpRelu#L0_PENALTY} for the L0 penalty
   * @param preActCoefficient λ_P, &gt;= 0 (0: no pre-activation loss)
   * @param deadTokens the pre-activation loss's dead-feature window in tokens, &gt;= 1, or {@link AuxK#SCALED}
   */
  record JumpRelu(double threshold, double bandwidth, double l0, double l0WarmupFraction, double tanhScale,
                  double preActCoefficient, long deadTokens) implements Architecture {
    /** The descriptor name. */
    public static final String NAME = "jumprelu";
    /** Default of {@code sae.threshold}. */
    public static final double DEFAULT_THRESHOLD = 0.001;
    /** Default of {@code sae.bandwidth}. */
    public static final double DEFAULT_BANDWIDTH = 0.001;
    /** {@code training.sparsityPenalty} of the paper's L0 penalty (the default). */
    public static final String L0 = "l0";
    /** {@code training.sparsityPenalty} of Anthropic's tanh penalty. */
    public static final String TANH = "tanh";
    /** Default of {@code training.tanhScale}: Anthropic's and SAELens' c. */
    public static final double DEFAULT_TANH_SCALE = 4;

    public JumpRelu {
      if (!(threshold > 0) || !(bandwidth > 0) || !(l0 >= 0) || !(l0WarmupFraction >= 0 && l0WarmupFraction <= 1)
          || !(tanhScale >= 0) || Double.isInfinite(threshold) || Double.isInfinite(bandwidth)
          || Double.isInfinite(l0) || Double.isInfinite(tanhScale) || !(preActCoefficient >= 0)
          || Double.isInfinite(preActCoefficient) || (deadTokens < 1 && deadTokens != AuxK.SCALED)) {
        throw new IllegalArgumentException("jumprelu needs threshold > 0, bandwidth > 0, l0 >= 0, "
            + "l0WarmupFraction in [0, 1], tanhScale >= 0, preActCoefficient >= 0 and deadTokens >= 1; got "
            + threshold + ", " + bandwidth + ", " + l0 + ", " + l0WarmupFraction + ", " + tanhScale + ", "
            + preActCoefficient + ", " + deadTokens);
      }
    }

    /** JumpReLU without the pre-activation loss. */
    public JumpRelu(double threshold, double bandwidth, double l0, double l0WarmupFraction, double tanhScale) {
      this(threshold, bandwidth, l0, l0WarmupFraction, tanhScale, 0, AuxK.SCALED);
    }

    /** JumpReLU with the L0 penalty. */
    public JumpRelu(double threshold, double bandwidth, double l0, double l0WarmupFraction) {
      this(threshold, bandwidth, l0, l0WarmupFraction, ActivationRule.JumpRelu.L0_PENALTY);
    }

    /** The penalty's name in the descriptor: {@link #L0} or {@link #TANH}. */
    public String sparsityPenalty() {
      return tanhScale > 0 ? TANH : L0;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Map<String, Object> keys() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("threshold", DescriptorTree.decimal(threshold));
      m.put("bandwidth", DescriptorTree.decimal(bandwidth));
      if (deadTokens != AuxK.SCALED) {
        m.put("deadTokens", deadTokens);
      }
      return m;
    }

    @Override
    public Map<String, Object> trainingKeys() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("l0", DescriptorTree.decimal(l0));
      m.put("l0WarmupFraction", DescriptorTree.decimal(l0WarmupFraction));
      // The L0 penalty adds no keys, so descriptors written before the tanh penalty keep their identity.
      if (tanhScale > 0) {
        m.put("sparsityPenalty", TANH);
        m.put("tanhScale", DescriptorTree.decimal(tanhScale));
      }
      // Likewise the pre-activation loss only when it is on.
      if (preActCoefficient > 0) {
        m.put("preActCoefficient", DescriptorTree.decimal(preActCoefficient));
      }
      return m;
    }

    @Override
    public ActivationRule rule(int inputDim, int batchSize, long trainTokens) {
      PreActLoss preAct = preActCoefficient > 0
          ? new PreActLoss(preActCoefficient, AuxK.deadSteps(deadTokens, batchSize, trainTokens)) : PreActLoss.OFF;
      return new ActivationRule.JumpRelu(threshold, bandwidth, tanhScale, preAct);
    }

    @Override
    public double sparsityCoefficient(TrainingSpec training) {
      return l0;
    }

    @Override
    public double warmupFraction(TrainingSpec training) {
      return l0WarmupFraction;
    }

    @Override
    public String activeMeans() {
      return "above the feature's learned threshold";
    }

    @Override
    public String saeLensArchitecture() {
      return "jumprelu";
    }
  }
}

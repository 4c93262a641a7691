package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The CPU backend: the training step of {@link Backend} as sparsity-aware Vector API kernels on a fixed pool
 * of platform threads. Only the encoder product is dense ({@link Encoder}); the decoder forward, the residual
 * dot products ({@link SparseDecoder}), the weight gradients and the penalty ({@link SparseGradients}) touch
 * active features only; {@link AdamUpdate} is a dense elementwise pass. When at least
 * {@link DenseProducts#DENSE_SHARE} of a batch's pairs are active, the decoder forward, the residual dots and the main
 * pairs' weight gradients run as dense kernels over the code matrix instead ({@link DenseProducts},
 * {@link DenseDots}), with the same bits.
 *
 * <p>Numerical contract: float32 storage and arithmetic, with float64 accumulation for every sum that feeds a
 * reported scalar or the gradient norm (mse, l1, decoder norms, squared gradient norms, grad b_d, the per-feature
 * sums of f and ∂L/∂f). Against a float64 evaluation of the step, the scalars agree within 1e-4 relative and
 * L0 exactly, and each parameter within 1e-4 relative to the larger of its own magnitude and 1 % of its
 * tensor's largest magnitude (near-zero parameters carry rounding at the tensor's scale).
 *
 * <p>Results are bit-identical for any thread count and any vector width: every kernel splits its work into fixed
 * blocks that depend only on the shapes, and reductions combine per-block partials in block order; within a
 * row, dot products and sums of squares follow {@link Reductions}' canonical order on logical lanes, the same
 * bits with 128-, 256- or 512-bit vectors and in interpreted or compiled code; elementwise loops and each GEMM
 * element's ascending chain of fused multiply-adds do not depend on the width at all. All buffers are sized from
 * {@link BackendOptions#maxBatchRows()} here and reused; only the active-set lists grow when a batch has more
 * active pairs than any before. {@link #close()} stops the worker threads and drops the buffers.
 *
 * <p>Under the {@link ActivationRule.TopK} rule the encoder keeps each row's best k pairs (so the decoder and the
 * gradients touch k features per row) and the step's penalty is 0. Under {@link ActivationRule.BatchTopK} the
 * encoder extracts every positive pair, one selection over the batch keeps the best rows·k of them, and the rest of
 * the step is the ReLU rule's with no penalty; its forward pass keeps the pairs above the running threshold instead.
 * Under both ({@link ActivationRule.Selecting}) the backend counts, per feature, the steps since it was last in the
 * code ({@link #ruleState()}); features at the AuxK loss's {@code deadSteps} feed it through a second active set
 * (the TopK encoder fills it while it selects; under BatchTopK each row's best dead pairs are picked from the
 * extracted ones before the batch selection) that goes through the same sparse kernels. Under {@link ActivationRule.JumpRelu} the encoder extracts the pairs above θ − ε/2 of their
 * feature (θ = exp(log θ), computed once per step); the code keeps those above θ, and the ones below feed only the
 * thresholds' straight-through gradient ({@link ThresholdGradient}), with one dot product each. The decoder and the
 * weight gradients are the ReLU rule's without the norm-weighted penalty (the L0 penalty has no gradient in a), the
 * gradient norm and clip include log θ, and Adam updates log θ with the same coefficients. With JumpReLU's
 * pre-activation loss the backend counts firing as under the selecting rules; the encoder extracts every pair of a
 * dead feature (its floor is −∞), those below θ form the loss's active set ({@link PreActTerms}), which goes through
 * the sparse kernels as the AuxK set does, and the pairs below θ keep only those in the window for θ's estimator.
 */
final class JvmBackend implements Backend {

  private static final int NORM_BLOCK = 256;
  /** Whether the Adam update's feature blocks are whole encoder panels, so it can pack W_e as it goes. */
  private static final boolean PACK_IN_ADAM = Encoder.packsBlocksOf(SparseGradients.FEATURE_BLOCK);

  private final int n;
  private final int m;
  private final int maxRows;
  private final OptimiserSettings optimiser;
  private final String device;
  private final WorkerPool pool;
  private SaeParameters params;
  private AdamState adam;
  private long adamStep;
  private Encoder encoder;
  private SparseDecoder decoder;
  private SparseGradients gradients;
  private ActiveSet codes;
  private SparseGradients.Gradient grad;
  private float[] residual;
  private final double[] norms;
  /**
   * Whether the encoder's packed W_e and {@link #norms} were made from the current W_e and W_d: the Adam update
   * makes them from each block of rows it has just written, which saves reading both 4·m·n-byte matrices again.
   */
  private boolean weightsDerived;
  private final ActivationRule rule;
  /** Selecting rules: steps since each feature was last in the code, saturating at deadSteps; else empty. */
  private final int[] stepsSinceFired;
  /** BatchTopK rule: the running threshold estimate (NaN before the first step); NaN under other rules. */
  private float threshold;
  private TopKSelection selection;
  private int[] entries = new int[0];
  private float[] entryValues = new float[0];
  /** The AuxK loss of a selecting rule ({@link AuxK#OFF} otherwise), its pairs and residuals. */
  private final AuxK aux;
  private ActiveSet auxCodes;
  private float[] auxResidual;
  /** The dead-feature mask of a rule's dead-feature loss (AuxK, pre-activation), null when it has none. */
  private boolean[] dead;
  /** Whether some feature was dead in this step, so that the dead-feature loss applies (null: none). */
  private boolean[] deadThisStep;
  /** JumpReLU rule: log θ and its moments, θ and the encoder floor of this step, the pairs below θ; else null. */
  private LearnedThreshold learned;
  private float[] theta;
  private float[] floor;
  private ActiveSet below;
  private ThresholdGradient thresholdGradient;
  private float[] logThresholdGradient;
  /** JumpReLU rule with the tanh penalty: its per-step terms; else null. */
  private TanhPenalty tanh;
  /** JumpReLU rule with the pre-activation loss: λ_P, its per-step terms, pairs and encoder floor; else null. */
  private PreActLoss preActLoss;
  private PreActTerms preAct;
  private ActiveSet preActCodes;
  private float[] extractFloor;
  /** The share of active pairs from which the decoder and the weight gradients run as dense products. */
  private final double denseShare;
  private boolean closed;

  JvmBackend(SaeParameters initial, AdamState state, RuleState ruleState, BackendOptions options) {
    this(initial, state, ruleState, options, DenseProducts.DENSE_SHARE);
  }

  /**
   * With the share of active pairs from which the dense products are used (0: always, above 1: never); the results
   * are the same bits for any share. For tests.
   */
  JvmBackend(SaeParameters initial, AdamState state, RuleState ruleState, BackendOptions options, double denseShare) {
    this.denseShare = denseShare;
    BackendChecks.checkAdamShape(initial, state);
    this.n = initial.inputDim();
    this.m = initial.features();
    this.maxRows = options.maxBatchRows();
    if ((long) maxRows * n > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxBatchRows " + maxRows + " × inputDim " + n
          + " does not fit a Java array");
    }
    this.optimiser = options.optimiser();
    this.params = initial.copy();
    this.adam = new AdamState(state.step(), state.firstMoment().copy(), state.secondMoment().copy());
    this.adamStep = state.step();
    this.pool = new WorkerPool(options.threads());
    this.device = "CPU, " + options.threads() + " threads, " + VectorOps.FLOATS.vectorBitSize() + "-bit vectors";
    this.rule = options.rule();
    this.encoder = new Encoder(n, m, maxRows, options.threads(), rule);
    this.decoder = new SparseDecoder(n, m, maxRows, options.threads());
    this.gradients = new SparseGradients(n, m, maxRows, options.threads());
    this.codes = new ActiveSet(maxRows, m);
    this.grad = SparseGradients.Gradient.zeros(n, m);
    this.residual = new float[maxRows * n];
    this.norms = new double[m];
    this.stepsSinceFired = BackendChecks.stepsSinceFired(ruleState, rule, m);
    this.threshold = ruleState.threshold();
    if (rule instanceof ActivationRule.BatchTopK) {
      this.selection = new TopKSelection();
    }
    LearnedThreshold saved = ruleState.learned();
    if (rule instanceof ActivationRule.JumpRelu jump) {
      if (saved.size() != m && saved.size() != 0) {
        throw new IllegalArgumentException("the learned thresholds have " + saved.size() + " entries, expected "
            + m + " (one per feature) or none (a fresh start) for the jumprelu rule");
      }
      this.learned = saved.size() == 0 ? LearnedThreshold.initial(m, jump.initialThreshold()) : saved.copy();
      this.theta = new float[m];
      this.floor = new float[m];
      this.below = new ActiveSet(maxRows, m);
      this.thresholdGradient = new ThresholdGradient(m);
      this.logThresholdGradient = new float[m];
      this.tanh = jump.tanhPenalty() ? new TanhPenalty(m) : null;
      if (jump.preAct().on()) {
        this.preActLoss = jump.preAct();
        this.preAct = new PreActTerms(m);
        this.preActCodes = new ActiveSet(maxRows, m);
        this.extractFloor = new float[m];
        this.dead = new boolean[m];
      }
    } else if (saved.size() != 0) {
      throw new IllegalArgumentException("the " + rule.name() + " rule keeps no learned thresholds, got "
          + saved.size());
    }
    this.aux = rule instanceof ActivationRule.Selecting selecting ? selecting.aux() : AuxK.OFF;
    if (aux.on()) {
      this.auxCodes = new ActiveSet(maxRows, m);
      this.auxResidual = new float[maxRows * n];
      this.dead = new boolean[m];
    }
  }

  @Override
  public String name() {
    return JvmBackendProvider.NAME;
  }

  @Override
  public String device() {
    return device;
  }

  @Override
  public int inputDim() {
    return n;
  }

  @Override
  public int features() {
    return m;
  }

  @Override
  public StepResult step(float[] batch, int rows, StepInput input) {
    checkOpen();
    checkBatch(batch, rows);
    checkInput(input);
    double l1Coefficient = input.sparsityCoefficient();
    Terms terms = terms(batch, rows, l1Coefficient);
    double auxLoss = terms.auxLoss();
    double gradNorm = Math.sqrt(terms.gradientSquares());
    double mse = terms.sums().squaredError() / rows;
    double l1 = terms.sums().penalty() / rows;
    double l0 = (double) codes.size / rows;
    if (!Double.isFinite(gradNorm) || !Double.isFinite(mse) || !Double.isFinite(l1) || !Double.isFinite(auxLoss)) {
      throw new IllegalStateException("training step diverged (mse=" + mse + ", l1=" + l1 + ", gradient norm="
          + gradNorm + "); parameters were not updated");
    }
    double clip = optimiser.gradClip();
    adamStep++;
    AdamUpdate.Coefficients c = AdamUpdate.Coefficients.of(optimiser, adamStep, input.learningRate(),
        clip / Math.max(gradNorm, clip));
    SparseGradients.Aux extra = auxTerms();
    weightsDerived = false;
    AdamUpdate.apply(params, adam, grad, codes, extra == null ? null : extra.codes(), c, pool,
        PACK_IN_ADAM ? this::deriveFromRows : null);
    weightsDerived = PACK_IN_ADAM;
    if (learned != null) {
      AdamUpdate.update(learned.logThreshold(), learned.firstMoment(), learned.secondMoment(), logThresholdGradient,
          0, m, c);
    }
    countFiring();
    updateThreshold();
    double penalty = learned == null ? l1 : tanh != null ? terms.tanhSum() / rows : l0;
    return new StepResult(mse + l1Coefficient * penalty + auxLoss, mse, l1, l0, gradNorm);
  }

  /**
   * A step's loss sums, its dead-feature loss (AuxK, or JumpReLU's pre-activation loss) and, under JumpReLU's tanh
   * penalty, Σ tanh(c f n); the unclipped gradient is in {@link #grad} (and {@link #logThresholdGradient}), with its
   * sum of squares.
   */
  private record Terms(SparseDecoder.Sums sums, double auxLoss, double tanhSum, double gradientSquares) {
  }

  /** Forward, backward and every loss term of the rule on {@code batch}, with the sparsity coefficient λ. */
  private Terms terms(float[] batch, int rows, double coefficient) {
    SparseDecoder.Sums sums = forwardBackward(batch, rows, learned != null ? 0 : coefficient);
    double tanhSum = tanh == null ? 0 : tanh.addToActive(codes, norms, jumpRelu().tanhScale(), coefficient / rows);
    double auxLoss = auxiliary(rows) + preActivation(rows);
    SparseGradients.NormPenalty normPenalty = new SparseGradients.NormPenalty(learned == null || tanh != null
        ? coefficient : 0, tanh == null ? null : tanh.normWeights(), preActOn() ? preActLoss.coefficient() : 0,
        preActOn() ? preAct.normWeights() : null);
    double squares = gradients.compute(codes, batch, residual, params.decoderWeight(), norms, normPenalty,
        auxTerms(), auxCoefficient(), dense(rows), grad, pool)
        + thresholdTerms(coefficient);
    return new Terms(sums, auxLoss, tanhSum, squares);
  }

  private ActivationRule.JumpRelu jumpRelu() {
    return (ActivationRule.JumpRelu) rule;
  }

  /**
   * JumpReLU rule: ∂L/∂log θ of this step into {@link #logThresholdGradient} (the pairs below θ get their ∂L/∂f
   * first); returns its sum of squares, 0 under other rules.
   */
  private double thresholdTerms(double l0Coefficient) {
    if (learned == null) {
      return 0;
    }
    decoder.residualDots(below, params.decoderWeight(), residual, pool);
    double penaltyScale = l0Coefficient / codes.rows;
    if (tanh != null) {
      TanhPenalty.addBelow(below, norms, jumpRelu().tanhScale(), penaltyScale);
    }
    // Under the L0 penalty, H's own estimator adds −(λ/B)/ε per pair in the window; the tanh penalty reaches θ
    // only through ∂L/∂f.
    return thresholdGradient.compute(codes, below, theta, jumpRelu().bandwidth(), tanh != null ? 0 : penaltyScale,
        preActOn() ? preActCodes : null, logThresholdGradient);
  }

  /** Whether the pre-activation loss applies in this step: it is on and some feature is dead. */
  private boolean preActOn() {
    return preAct != null && deadThisStep != null;
  }

  /**
   * JumpReLU's pre-activation loss λ_P (1/B) Σ (θ − a) n of this step over its pairs (0 while no feature is dead);
   * fills their ∂L/∂a and the loss's norm weights.
   */
  private double preActivation(int rows) {
    if (!preActOn()) {
      return 0;
    }
    double coefficient = preActLoss.coefficient();
    double sum = preAct.apply(preActCodes, theta, norms, coefficient / rows);
    preActCodes.buildColumns();
    return coefficient * sum / rows;
  }

  private void checkInput(StepInput input) {
    BackendChecks.checkStepInput(rule, input);
  }

  private double auxCoefficient() {
    return aux.coefficient();
  }

  /**
   * The dead-feature loss's pairs of this step (AuxK's with its residuals, or the pre-activation loss's), or null
   * when the loss is off, no feature is dead or no dead feature has a pair.
   */
  private SparseGradients.Aux auxTerms() {
    // deadThisStep first: under BatchTopK the AuxK pairs are only refilled in a step with dead features.
    if (deadThisStep == null) {
      return null;
    }
    if (preAct != null) {
      return preActCodes.size > 0 ? new SparseGradients.Aux(preActCodes, null) : null;
    }
    return auxCodes.size > 0 ? new SparseGradients.Aux(auxCodes, auxResidual) : null;
  }

  /**
   * The AuxK loss c·(1/B)Σ‖r_t‖² of this step, over every row as soon as one feature is dead (0 while none is);
   * fills its residuals and ∂L/∂a.
   */
  private double auxiliary(int rows) {
    if (deadThisStep == null || !aux.on()) {
      return 0;
    }
    double c = auxCoefficient();
    double squared = decoder.auxResiduals(auxCodes, params.decoderWeight(), residual, c, auxResidual, pool);
    auxCodes.buildColumns();
    return c * squared / rows;
  }

  /** BatchTopK rule: moves the running threshold towards this batch's smallest kept value. */
  private void updateThreshold() {
    if (!(rule instanceof ActivationRule.BatchTopK batch) || codes.size == 0) {
      return;
    }
    float lowest = Float.POSITIVE_INFINITY;
    for (int e = 0; e < codes.size; e++) {
      lowest = Math.min(lowest, codes.value[e]);
    }
    double beta = batch.thresholdDecay();
    threshold = Float.isNaN(threshold) ? lowest : (float) (beta * threshold + (1 - beta) * lowest);
  }

  /**
   * Rules that count ({@link ActivationRule#deadSteps()}): restarts the count of features in this batch's code,
   * advances the others.
   */
  private void countFiring() {
    long cap = rule.deadSteps();
    if (cap == 0) {
      return;
    }
    for (int i = 0; i < m; i++) {
      stepsSinceFired[i] = codes.active(i) ? 0 : (int) Math.min(cap, stepsSinceFired[i] + 1L);
    }
  }

  /**
   * The rule's state: under TopK, BatchTopK and JumpReLU with the pre-activation loss the steps since each feature
   * was last in the code, capped at the rule's deadSteps; under BatchTopK also the threshold estimate; under JumpReLU
   * log θ and its moments. A backend created with it continues bit-identically.
   */
  @Override
  public RuleState ruleState() {
    checkOpen();
    return new RuleState(stepsSinceFired.clone(), threshold, learned == null ? LearnedThreshold.NONE
        : learned.copy());
  }

  @Override
  public void forward(float[] batch, int rows, float[] reconstruction, SparseCodes out) {
    checkOpen();
    checkBatch(batch, rows);
    BackendChecks.checkReconstruction(reconstruction, rows, n);
    deriveFromWeights();
    if (learned != null) {
      encoder.encodeAbove(batch, rows, params.encoderBias(), learned.thresholds(), pool, codes);
    } else {
      encoder.encode(batch, rows, params.encoderBias(), pool, codes);
    }
    if (rule instanceof ActivationRule.BatchTopK) {
      if (Float.isNaN(threshold)) {
        selectBatch(rows);
      } else {
        codes.retainAbove(threshold);
      }
    }
    decoder.reconstruct(codes, params.decoderWeight(), params.decoderBias(), reconstruction, pool);
    out.set(rows, codes.rowStart, codes.feature, codes.value);
  }

  /**
   * The unclipped gradient of the loss on {@code batch} at the current parameters, written into {@code out}
   * (same shape; modified), with no state change. For tests.
   */
  void gradient(float[] batch, int rows, double l1Coefficient, SaeParameters out) {
    checkOpen();
    checkBatch(batch, rows);
    checkInput(new StepInput(0, l1Coefficient));
    if (out.inputDim() != n || out.features() != m) {
      throw new IllegalArgumentException("gradient holder has inputDim=" + out.inputDim() + ", features="
          + out.features() + " but the backend has inputDim=" + n + ", features=" + m);
    }
    terms(batch, rows, l1Coefficient);
    SparseGradients.Aux extra = auxTerms();
    for (int i = 0; i < m; i++) {
      boolean active = codes.active(i) || (extra != null && extra.codes().active(i));
      copyRow(active, grad.encoderWeight(), out.encoderWeight(), i * n);
      copyRow(active, grad.decoderWeight(), out.decoderWeight(), i * n);
    }
    System.arraycopy(grad.encoderBias(), 0, out.encoderBias(), 0, m);
    System.arraycopy(grad.decoderBias(), 0, out.decoderBias(), 0, n);
  }

  /** JumpReLU rule: ∂L/∂log θ of the last {@link #gradient} or step (a copy). For tests. */
  float[] logThresholdGradient() {
    return logThresholdGradient.clone();
  }

  private void copyRow(boolean active, float[] from, float[] to, int off) {
    if (active) {
      System.arraycopy(from, off, to, off, n);
    } else {
      Arrays.fill(to, off, off + n, 0f);
    }
  }

  /** Packs W_e for the encoder and computes the decoder norms, unless the last Adam update did. */
  private void deriveFromWeights() {
    if (weightsDerived) {
      return;
    }
    encoder.packWeights(params.encoderWeight(), pool);
    pool.forEach(WorkerPool.blocks(m, NORM_BLOCK), (b, worker) -> decoderNorms(b * NORM_BLOCK,
        Math.min(m, (b + 1) * NORM_BLOCK)));
    weightsDerived = true;
  }

  /** The Adam update's hook: packs the W_e rows of features [start, end) and computes their decoder norms. */
  private void deriveFromRows(int start, int end) {
    encoder.packWeights(params.encoderWeight(), start, end);
    decoderNorms(start, end);
  }

  private void decoderNorms(int start, int end) {
    float[] decoderWeight = params.decoderWeight();
    for (int i = start; i < end; i++) {
      norms[i] = Math.sqrt(Reductions.sumOfSquares(decoderWeight, i * n, n));
    }
  }

  /** Encoder, active set, residuals and ∂L/∂f, feature-major view; returns the loss sums. */
  private SparseDecoder.Sums forwardBackward(float[] batch, int rows, double l1Coefficient) {
    deriveFromWeights();
    float[] decoderWeight = params.decoderWeight();
    if (learned != null) {
      double bandwidth = jumpRelu().bandwidth();
      deadThisStep = markDead();
      for (int i = 0; i < m; i++) {
        theta[i] = LearnedThreshold.threshold(learned.logThreshold()[i]);
        floor[i] = ThresholdGradient.floor(theta[i], bandwidth);
      }
      if (deadThisStep == null) {
        encoder.encodeAbove(batch, rows, params.encoderBias(), floor, pool, codes);
        codes.splitAt(theta, below);
      } else {
        // Every pair of a dead feature: the pre-activation loss reaches those far below the window too.
        for (int i = 0; i < m; i++) {
          extractFloor[i] = deadThisStep[i] ? Float.NEGATIVE_INFINITY : floor[i];
        }
        encoder.encodeAbove(batch, rows, params.encoderBias(), extractFloor, pool, codes);
        codes.splitAt(theta, below);
        below.copyBelow(deadThisStep, theta, preActCodes);
        below.retainAbove(floor);
      }
    } else if (rule instanceof ActivationRule.BatchTopK) {
      encoder.encode(batch, rows, params.encoderBias(), pool, codes);
      deadThisStep = markDead();
      if (deadThisStep != null) {
        // Before the batch selection: a dead feature's pair is an AuxK candidate whether the batch keeps it or not.
        codes.bestPerRow(deadThisStep, aux.k(), selection, auxCodes);
      }
      selectBatch(rows);
    } else {
      deadThisStep = markDead();
      encoder.encode(batch, rows, params.encoderBias(), deadThisStep, pool, codes, auxCodes);
    }
    // A dense chain from b_d gives the sparse bits unless it starts from −0 (DenseProducts).
    boolean dense = dense(rows) && !hasNegativeZero(params.decoderBias());
    SparseDecoder.Sums sums = decoder.residuals(codes, batch, decoderWeight, params.decoderBias(), norms,
        l1Coefficient, residual, dense, pool);
    codes.buildColumns();
    return sums;
  }

  /** Whether this step's main active set is dense enough for the dense products. */
  private boolean dense(int rows) {
    return codes.size >= denseShare * rows * m;
  }

  private static boolean hasNegativeZero(float[] values) {
    for (float v : values) {
      if (v == 0f && Float.floatToRawIntBits(v) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * BatchTopK rule: keeps the rows·k best pairs of the whole batch (ties: earlier entry, i.e. earlier row then
   * lower feature), in O(pairs) with one selection over the batch.
   */
  private void selectBatch(int rows) {
    int size = codes.size;
    int keep = (int) Math.min((long) rows * ((ActivationRule.BatchTopK) rule).k(), size);
    if (entries.length < size) {
      entries = new int[size];
      entryValues = new float[size];
    }
    for (int e = 0; e < size; e++) {
      entries[e] = e;
    }
    System.arraycopy(codes.value, 0, entryValues, 0, size);
    int kept = selection.keep(entries, entryValues, 0, size, keep);
    codes.retain(entries, kept);
  }

  /** The dead-feature mask for the dead-feature loss, or null when the rule has none or no feature is dead. */
  private boolean[] markDead() {
    if (dead == null) {
      return null;
    }
    long deadSteps = rule.deadSteps();
    boolean any = false;
    for (int i = 0; i < m; i++) {
      dead[i] = stepsSinceFired[i] >= deadSteps;
      any |= dead[i];
    }
    return any ? dead : null;
  }

  @Override
  public SaeParameters parameters() {
    checkOpen();
    return params.copy();
  }

  @Override
  public AdamState adamState() {
    checkOpen();
    return new AdamState(adamStep, adam.firstMoment().copy(), adam.secondMoment().copy());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.close();
    params = null;
    adam = null;
    encoder = null;
    decoder = null;
    gradients = null;
    codes = null;
    auxCodes = null;
    grad = null;
    residual = null;
    auxResidual = null;
    below = null;
    preActCodes = null;
  }

  private void checkOpen() {
    BackendChecks.checkOpen(closed, name());
  }

  private void checkBatch(float[] batch, int rows) {
    BackendChecks.checkBatch(batch, rows, maxRows, n);
  }
}

package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The CPU backend: the training step of {@link Backend} as sparsity-aware Vector API kernels on a fixed pool
 * of platform threads. Only the encoder product is dense ({@link Encoder}); the decoder forward, the residual
 * dot products ({@link SparseDecoder}), the weight gradients and the penalty ({@link SparseGradients}) touch
 * active features only; {@link AdamUpdate} is a dense elementwise pass.
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
 */
final class JvmBackend implements Backend {

  private static final int NORM_BLOCK = 256;

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
  private boolean closed;

  JvmBackend(SaeParameters initial, AdamState state, BackendOptions options) {
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
    this.encoder = new Encoder(n, m, maxRows, options.threads());
    this.decoder = new SparseDecoder(n, maxRows);
    this.gradients = new SparseGradients(n, m);
    this.codes = new ActiveSet(maxRows, m);
    this.grad = SparseGradients.Gradient.zeros(n, m);
    this.residual = new float[maxRows * n];
    this.norms = new double[m];
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
  public StepResult step(float[] batch, int rows, double learningRate, double l1Coefficient) {
    checkOpen();
    checkBatch(batch, rows);
    BackendChecks.checkLearningRate(learningRate);
    BackendChecks.checkL1(l1Coefficient);
    SparseDecoder.Sums sums = forwardBackward(batch, rows, l1Coefficient);
    double gradNorm = Math.sqrt(gradients.compute(codes, batch, residual, params.decoderWeight(), norms,
        l1Coefficient, grad, pool));
    double mse = sums.squaredError() / rows;
    double l1 = sums.penalty() / rows;
    if (!Double.isFinite(gradNorm) || !Double.isFinite(mse) || !Double.isFinite(l1)) {
      throw new IllegalStateException("training step diverged (mse=" + mse + ", l1=" + l1 + ", gradient norm="
          + gradNorm + "); parameters were not updated");
    }
    double clip = optimiser.gradClip();
    adamStep++;
    AdamUpdate.Coefficients c = AdamUpdate.Coefficients.of(optimiser, adamStep, learningRate,
        clip / Math.max(gradNorm, clip));
    AdamUpdate.apply(params, adam, grad, codes, c, pool);
    return new StepResult(mse + l1Coefficient * l1, mse, l1, (double) codes.size / rows, gradNorm);
  }

  @Override
  public void forward(float[] batch, int rows, float[] reconstruction, SparseCodes out) {
    checkOpen();
    checkBatch(batch, rows);
    BackendChecks.checkReconstruction(reconstruction, rows, n);
    encoder.packWeights(params.encoderWeight(), pool);
    encoder.encode(batch, rows, params.encoderBias(), pool, codes);
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
    BackendChecks.checkL1(l1Coefficient);
    if (out.inputDim() != n || out.features() != m) {
      throw new IllegalArgumentException("gradient holder has inputDim=" + out.inputDim() + ", features="
          + out.features() + " but the backend has inputDim=" + n + ", features=" + m);
    }
    forwardBackward(batch, rows, l1Coefficient);
    gradients.compute(codes, batch, residual, params.decoderWeight(), norms, l1Coefficient, grad, pool);
    for (int i = 0; i < m; i++) {
      boolean active = codes.columnStart[i + 1] > codes.columnStart[i];
      copyRow(active, grad.encoderWeight(), out.encoderWeight(), i * n);
      copyRow(active, grad.decoderWeight(), out.decoderWeight(), i * n);
    }
    System.arraycopy(grad.encoderBias(), 0, out.encoderBias(), 0, m);
    System.arraycopy(grad.decoderBias(), 0, out.decoderBias(), 0, n);
  }

  private void copyRow(boolean active, float[] from, float[] to, int off) {
    if (active) {
      System.arraycopy(from, off, to, off, n);
    } else {
      Arrays.fill(to, off, off + n, 0f);
    }
  }

  /** Encoder, active set, residuals and ∂L/∂f, feature-major view; returns the loss sums. */
  private SparseDecoder.Sums forwardBackward(float[] batch, int rows, double l1Coefficient) {
    encoder.packWeights(params.encoderWeight(), pool);
    float[] decoderWeight = params.decoderWeight();
    pool.forEach(WorkerPool.blocks(m, NORM_BLOCK), (b, worker) -> {
      int end = Math.min(m, (b + 1) * NORM_BLOCK);
      for (int i = b * NORM_BLOCK; i < end; i++) {
        norms[i] = Math.sqrt(Reductions.sumOfSquares(decoderWeight, i * n, n));
      }
    });
    encoder.encode(batch, rows, params.encoderBias(), pool, codes);
    SparseDecoder.Sums sums = decoder.residuals(codes, batch, decoderWeight, params.decoderBias(), norms,
        l1Coefficient, residual, pool);
    codes.buildColumns();
    return sums;
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
    grad = null;
    residual = null;
  }

  private void checkOpen() {
    BackendChecks.checkOpen(closed, name());
  }

  private void checkBatch(float[] batch, int rows) {
    BackendChecks.checkBatch(batch, rows, maxRows, n);
  }
}

package org.sae4j.kernels;

import java.util.Arrays;

/**
 * The feature-wise sparse gradient kernels. For each feature i active somewhere in the batch (rows t in
 * ascending order, from the feature-major view of the active set):
 * <pre>
 *   grad W_d,i = (2/B) Σ_t f_ti e_t + (λ/B) w_i W_d,i / ‖W_d,i‖      (penalty term 0 when ‖W_d,i‖ = 0)
 *   grad W_e,i = Σ_t (∂L/∂f_ti) x_t
 *   grad b_e,i = Σ_t ∂L/∂f_ti
 * </pre>
 * where w_i = Σ_t f_ti for the L1 penalty, or a penalty's own ∂/∂‖W_d,i‖ per feature (JumpReLU's tanh penalty,
 * {@link TanhPenalty#normWeights()}).
 * With a dead-feature loss the dead features' pairs of a second active set add, with a the pre-activation, r_t the
 * AuxK residual and c its coefficient (the AuxK loss of the selecting rules; JumpReLU's pre-activation loss has no
 * residual, no r term, and reaches W_d through its norm weights below):
 * <pre>
 *   grad W_d,j += (2c/B) Σ_t a_tj r_t;   grad W_e,j += Σ_t (∂L/∂a_tj) x_t;   grad b_e,j += Σ_t ∂L/∂a_tj
 * </pre>
 * after the main pairs of the same feature, so a feature in both sets sums both. A second norm penalty (the
 * pre-activation loss's) adds (λ'/B) w'_i W_d,i / ‖W_d,i‖ with its own weights w'_i.
 * Rows of inactive features are not written (their gradient is exactly zero, which {@link AdamUpdate} knows
 * from the active set); their b_e gradient is set to 0. grad b_d = (2/B) Σ_t e_t is a column sum over the
 * residuals. Work is split into fixed blocks of features (or columns) and the squared norms are summed in
 * float64 per block, then over blocks in order, so the global norm does not depend on the thread count.
 */
final class SparseGradients {

  static final int FEATURE_BLOCK = 64;
  private static final int COLUMN_BLOCK = 128;

  private final int n;
  private final int m;
  private final double[] featurePartial;
  private final double[] columnPartial;
  private final double[][] columnSums;
  /** Each worker's rows × FEATURE_BLOCK blocks of f and ∂L/∂f for the dense products, all zero between uses. */
  private final DenseScratch codeColumns;
  private final DenseScratch gradientColumns;

  SparseGradients(int inputDim, int features, int maxRows, int threads) {
    this.n = inputDim;
    this.m = features;
    this.codeColumns = new DenseScratch(threads, maxRows * FEATURE_BLOCK);
    this.gradientColumns = new DenseScratch(threads, maxRows * FEATURE_BLOCK);
    this.featurePartial = new double[WorkerPool.blocks(features, FEATURE_BLOCK)];
    int columnBlocks = WorkerPool.blocks(inputDim, COLUMN_BLOCK);
    this.columnPartial = new double[columnBlocks];
    this.columnSums = new double[columnBlocks][COLUMN_BLOCK];
  }

  /**
   * Computes the gradients of W_e, W_d, b_e and b_d into the given arrays (modified) and returns the sum of
   * the squares of all gradient entries (float64). The active set must have its feature-major view and
   * ∂L/∂f; {@code x}, {@code residual}, {@code decoderWeight} and {@code norms} are not modified.
   */
  double compute(ActiveSet codes, float[] x, float[] residual, float[] decoderWeight, double[] norms,
                 double l1Coefficient, Gradient out, WorkerPool pool) {
    return compute(codes, x, residual, decoderWeight, norms, new NormPenalty(l1Coefficient, null), null, 0, false,
        out, pool);
  }

  /**
   * As {@link #compute(ActiveSet, float[], float[], float[], double[], double, Gradient, WorkerPool)}, with the
   * AuxK pairs of {@code aux} (feature-major view and ∂L/∂a; null for none) and their residuals.
   *
   * @param penalty the decoder-norm penalty's λ and weights
   * @param auxCoefficient c
   * @param dense whether to compute the main pairs' terms of grad W_d and grad W_e block by block as dense products
   *     over the code columns ({@link DenseProducts}; the same bits), for batches where most pairs are active; every
   *     row of the block is then written, inactive ones with zeros
   */
  double compute(ActiveSet codes, float[] x, float[] residual, float[] decoderWeight, double[] norms,
                 NormPenalty penalty, Aux aux, double auxCoefficient, boolean dense, Gradient out, WorkerPool pool) {
    int rows = codes.rows;
    float errorScale = (float) (2.0 / rows);
    double penaltyScale = penalty.coefficient() / rows;
    int featureBlocks = featurePartial.length;
    int columnBlocks = columnPartial.length;
    pool.forEach(featureBlocks + columnBlocks, (task, worker) -> {
      if (task < featureBlocks) {
        if (dense) {
          denseBlock(task, codes, x, residual, errorScale, out, worker);
        }
        featurePartial[task] = featureBlock(task, codes, x, residual, decoderWeight, norms, errorScale,
            penaltyScale, penalty.weights(), penalty.extraCoefficient() / rows, penalty.extraWeights(), aux,
            (float) (2.0 * auxCoefficient / rows), dense, out);
      } else {
        int b = task - featureBlocks;
        columnPartial[b] = columnBlock(b, rows, residual, columnSums[b], out.decoderBias);
      }
    });
    double sum = 0;
    for (double p : featurePartial) {
      sum += p;
    }
    for (double p : columnPartial) {
      sum += p;
    }
    return sum;
  }

  /**
   * A dead-feature loss's pairs (feature-major view built, ∂L/∂a in featureGradient) and the AuxK residuals they
   * were computed against, or null (the pre-activation loss) for none.
   */
  record Aux(ActiveSet codes, float[] residual) {
  }

  /**
   * The penalties on the decoder norms: λ, and w_i per feature (not modified), or null for the L1 penalty's
   * w_i = Σ_t f_ti; and a second one's λ' and w'_i (null for none).
   */
  record NormPenalty(double coefficient, double[] weights, double extraCoefficient, double[] extraWeights) {

    /** One penalty only. */
    NormPenalty(double coefficient, double[] weights) {
      this(coefficient, weights, 0, null);
    }
  }

  private double featureBlock(int block, ActiveSet codes, float[] x, float[] residual, float[] decoderWeight,
                              double[] norms, float errorScale, double penaltyScale, double[] weights,
                              double extraScale, double[] extraWeights, Aux aux, float auxScale, boolean dense,
                              Gradient out) {
    double squares = 0;
    int end = Math.min(m, (block + 1) * FEATURE_BLOCK);
    for (int i = block * FEATURE_BLOCK; i < end; i++) {
      int first = codes.columnStart[i];
      int last = codes.columnStart[i + 1];
      boolean auxActive = aux != null && aux.codes().active(i);
      if (first == last && !auxActive) {
        out.encoderBias[i] = 0f;
        continue;
      }
      int row = i * n;
      if (!dense) {
        Arrays.fill(out.decoderWeight, row, row + n, 0f);
        Arrays.fill(out.encoderWeight, row, row + n, 0f);
      }
      double activation = 0;
      double bias = 0;
      int[] entry = codes.columnEntry;
      int c = first;
      for (; c + 4 <= last; c += 4) {
        int k0 = entry[c];
        int k1 = entry[c + 1];
        int k2 = entry[c + 2];
        int k3 = entry[c + 3];
        activation += (double) codes.value[k0] + codes.value[k1] + codes.value[k2] + codes.value[k3];
        bias += (double) codes.featureGradient[k0] + codes.featureGradient[k1] + codes.featureGradient[k2]
            + codes.featureGradient[k3];
        if (dense) {
          continue;
        }
        int r0 = codes.entryRow[k0] * n;
        int r1 = codes.entryRow[k1] * n;
        int r2 = codes.entryRow[k2] * n;
        int r3 = codes.entryRow[k3] * n;
        VectorOps.axpy4(errorScale * codes.value[k0], errorScale * codes.value[k1], errorScale * codes.value[k2],
            errorScale * codes.value[k3], residual, r0, r1, r2, r3, out.decoderWeight, row, n);
        VectorOps.axpy4(codes.featureGradient[k0], codes.featureGradient[k1], codes.featureGradient[k2],
            codes.featureGradient[k3], x, r0, r1, r2, r3, out.encoderWeight, row, n);
      }
      for (; c < last; c++) {
        int k = entry[c];
        int r = codes.entryRow[k] * n;
        activation += codes.value[k];
        bias += codes.featureGradient[k];
        if (dense) {
          continue;
        }
        VectorOps.axpy(errorScale * codes.value[k], residual, r, out.decoderWeight, row, n);
        VectorOps.axpy(codes.featureGradient[k], x, r, out.encoderWeight, row, n);
      }
      if (auxActive) {
        bias += accumulateAux(aux, i, x, auxScale, out, row);
      }
      if (norms[i] > 0) {
        double scaled = penaltyScale * (weights == null ? activation : weights[i]);
        if (extraWeights != null) {
          scaled += extraScale * extraWeights[i];
        }
        VectorOps.axpy((float) (scaled / norms[i]), decoderWeight, row, out.decoderWeight, row, n);
      }
      out.encoderBias[i] = (float) bias;
      squares += Reductions.sumOfSquares(out.decoderWeight, row, n) + Reductions.sumOfSquares(out.encoderWeight,
          row, n) + (double) out.encoderBias[i] * out.encoderBias[i];
    }
    return squares;
  }

  /**
   * The main pairs' terms of grad W_d and grad W_e for the features of {@code block}, every row of the block written:
   * (errorScale·F)ᵀ·E and (∂L/∂F)ᵀ·X over the block's code columns, per element the chain of {@link #featureBlock}'s
   * sparse loop (rows ascending from 0) with exact zero terms in between.
   */
  private void denseBlock(int block, ActiveSet codes, float[] x, float[] residual, float errorScale, Gradient out,
                          int worker) {
    int i0 = block * FEATURE_BLOCK;
    int i1 = Math.min(m, i0 + FEATURE_BLOCK);
    float[] values = codeColumns.block(worker);
    float[] gradients = gradientColumns.block(worker);
    scatterColumns(codes, i0, i1, errorScale, values, gradients, true);
    Arrays.fill(out.decoderWeight, i0 * n, i1 * n, 0f);
    Arrays.fill(out.encoderWeight, i0 * n, i1 * n, 0f);
    DenseProducts.multiplyAdd(new DenseProducts.Operand(values, 0, 1, FEATURE_BLOCK), i1 - i0, residual,
        0, n, 0, codes.rows, out.decoderWeight, i0 * n, n, n);
    DenseProducts.multiplyAdd(new DenseProducts.Operand(gradients, 0, 1, FEATURE_BLOCK), i1 - i0, x, 0, n, 0,
        codes.rows, out.encoderWeight, i0 * n, n, n);
    scatterColumns(codes, i0, i1, errorScale, values, gradients, false);
  }

  /**
   * Writes errorScale·f (the float product the sparse loop multiplies by) and ∂L/∂f of the features [i0, i1) into
   * row t, column i − i0 of {@code values} and {@code gradients} (width FEATURE_BLOCK), or zeros there when
   * {@code fill} is false.
   */
  private static void scatterColumns(ActiveSet codes, int i0, int i1, float errorScale, float[] values,
                                     float[] gradients, boolean fill) {
    for (int i = i0; i < i1; i++) {
      for (int c = codes.columnStart[i]; c < codes.columnStart[i + 1]; c++) {
        int k = codes.columnEntry[c];
        int at = codes.entryRow[k] * FEATURE_BLOCK + i - i0;
        values[at] = fill ? errorScale * codes.value[k] : 0f;
        gradients[at] = fill ? codes.featureGradient[k] : 0f;
      }
    }
  }

  /** Adds feature i's dead-feature terms to its gradient rows; returns Σ_t ∂L/∂a_ti, rows in ascending order. */
  private double accumulateAux(Aux aux, int i, float[] x, float auxScale, Gradient out, int row) {
    ActiveSet a = aux.codes();
    double bias = 0;
    for (int c = a.columnStart[i]; c < a.columnStart[i + 1]; c++) {
      int k = a.columnEntry[c];
      int r = a.entryRow[k] * n;
      bias += a.featureGradient[k];
      if (aux.residual() != null) {
        VectorOps.axpy(auxScale * a.value[k], aux.residual(), r, out.decoderWeight, row, n);
      }
      VectorOps.axpy(a.featureGradient[k], x, r, out.encoderWeight, row, n);
    }
    return bias;
  }

  private double columnBlock(int block, int rows, float[] residual, double[] sums, float[] decoderBias) {
    int c0 = block * COLUMN_BLOCK;
    int width = Math.min(COLUMN_BLOCK, n - c0);
    Arrays.fill(sums, 0);
    for (int t = 0; t < rows; t++) {
      int off = t * n + c0;
      for (int c = 0; c < width; c++) {
        sums[c] += residual[off + c];
      }
    }
    double squares = 0;
    double scale = 2.0 / rows;
    for (int c = 0; c < width; c++) {
      float g = (float) (scale * sums[c]);
      decoderBias[c0 + c] = g;
      squares += (double) g * g;
    }
    return squares;
  }

  /**
   * Gradient buffers shaped like {@link SaeParameters}; rows of W_e and W_d of features inactive in the last
   * batch hold stale values and must be read as zero.
   */
  record Gradient(float[] encoderWeight, float[] encoderBias, float[] decoderWeight, float[] decoderBias) {

    static Gradient zeros(int inputDim, int features) {
      return new Gradient(new float[inputDim * features], new float[features], new float[inputDim * features],
          new float[inputDim]);
    }
  }
}

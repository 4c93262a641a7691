package org.sae4j.kernels;

/**
 * The row-wise sparse kernels: the decoder forward x̂_t = b_d + Σ_{i active} f_ti W_d,i, and, in training, the
 * residual e_t = x̂_t − x_t, the loss terms and ∂L/∂f_ti for the active pairs only:
 * <pre>
 *   ∂L/∂f_ti = (2/B) W_d,i·e_t + (λ/B) ‖W_d,i‖
 * </pre>
 * Work is split into fixed blocks of {@value #ROW_BLOCK} rows; each block's mse and l1 partial sums (float64,
 * rows in order) are combined in block order, so the totals do not depend on the thread count. Each row's
 * decoder columns are reused from cache by the dot products right after the forward pass.
 */
final class SparseDecoder {

  static final int ROW_BLOCK = 64;

  private final int n;
  private final int m;
  private final double[] msePartial;
  private final double[] l1Partial;
  /** Each worker's ROW_BLOCK × m code block for the dense forward, all zero between uses. */
  private final DenseScratch codeBlocks;
  /** Each worker's ROW_BLOCK × m block of dot products for the dense dots (overwritten by each use). */
  private final DenseScratch dotBlocks;

  SparseDecoder(int inputDim, int features, int maxRows, int threads) {
    this.n = inputDim;
    this.m = features;
    int blocks = WorkerPool.blocks(maxRows, ROW_BLOCK);
    this.msePartial = new double[blocks];
    this.l1Partial = new double[blocks];
    this.codeBlocks = new DenseScratch(threads, ROW_BLOCK * features);
    this.dotBlocks = new DenseScratch(threads, ROW_BLOCK * features);
  }

  /** Sums of the loss terms over the batch (not yet divided by B). */
  record Sums(double squaredError, double penalty) {
  }

  /**
   * Writes x̂ for rows [0, codes.rows) into {@code reconstruction} (modified); nothing else is modified.
   */
  void reconstruct(ActiveSet codes, float[] decoderWeight, float[] decoderBias, float[] reconstruction,
                   WorkerPool pool) {
    pool.forEach(WorkerPool.blocks(codes.rows, ROW_BLOCK), (b, worker) -> {
      int end = Math.min(codes.rows, (b + 1) * ROW_BLOCK);
      for (int t = b * ROW_BLOCK; t < end; t++) {
        decodeRow(codes, t, decoderWeight, decoderBias, 0, reconstruction);
      }
    });
  }

  /**
   * Training pass: writes e_t = x̂_t − x_t into {@code residual} (modified) and ∂L/∂f into
   * {@code codes.featureGradient} (modified), and returns Σ_t ‖e_t‖² and Σ_t Σ_i f_ti ‖W_d,i‖.
   *
   * @param x the batch, rows × n, not modified
   * @param norms ‖W_d,i‖ for every feature, not modified
   * @param l1Coefficient λ
   * @param dense whether to decode each block of rows as one dense product over its code matrix
   *     ({@link DenseProducts}; the same bits as the sparse rows when no entry of b_d is −0), for batches where most
   *     pairs are active
   */
  Sums residuals(ActiveSet codes, float[] x, float[] decoderWeight, float[] decoderBias, double[] norms,
                 double l1Coefficient, float[] residual, boolean dense, WorkerPool pool) {
    int rows = codes.rows;
    double errorScale = 2.0 / rows;
    double penaltyScale = l1Coefficient / rows;
    int blocks = WorkerPool.blocks(rows, ROW_BLOCK);
    pool.forEach(blocks, (b, worker) -> {
      int end = Math.min(rows, (b + 1) * ROW_BLOCK);
      if (dense && DenseDots.available()) {
        denseBlock(codes, b, end, x, decoderWeight, decoderBias, norms, errorScale, penaltyScale, residual, worker);
        return;
      }
      float[] dots = new float[4];
      double squared = 0;
      double penalty = 0;
      if (dense) {
        decodeBlock(codes, b * ROW_BLOCK, end, decoderWeight, decoderBias, residual, worker);
      }
      for (int t = b * ROW_BLOCK; t < end; t++) {
        int off = t * n;
        if (!dense) {
          decodeRow(codes, t, decoderWeight, decoderBias, 0, residual);
        }
        VectorOps.subtract(residual, off, x, off, residual, off, n);
        squared += Reductions.sumOfSquares(residual, off, n);
        int k = codes.rowStart[t];
        int last = codes.rowStart[t + 1];
        int[] f = codes.feature;
        for (; k + 4 <= last; k += 4) {
          Reductions.dot4(decoderWeight, f[k] * n, f[k + 1] * n, f[k + 2] * n, f[k + 3] * n, residual, off, n,
              dots, 0);
          for (int q = 0; q < 4; q++) {
            penalty += activeTerms(codes, k + q, dots[q], norms, errorScale, penaltyScale);
          }
        }
        for (; k < last; k++) {
          float dot = Reductions.dot(decoderWeight, f[k] * n, residual, off, n);
          penalty += activeTerms(codes, k, dot, norms, errorScale, penaltyScale);
        }
      }
      msePartial[b] = squared;
      l1Partial[b] = penalty;
    });
    double squared = 0;
    double penalty = 0;
    for (int b = 0; b < blocks; b++) {
      squared += msePartial[b];
      penalty += l1Partial[b];
    }
    return new Sums(squared, penalty);
  }

  /**
   * AuxK pass: with the main residual e_t = x̂_t − x_t already in {@code residual} (not modified), writes the
   * AuxK residual r_t = ê_t + e_t, ê_t = Σ_{j in aux} a_tj W_d,j, into {@code auxResidual} (modified) and
   * ∂L/∂a_tj = (2c/B) W_d,j·r_t into {@code aux.featureGradient} (modified), and returns Σ_t ‖r_t‖² (not yet
   * multiplied by c or divided by B). The target x − x̂ is held fixed, so nothing flows back into the main code.
   */
  double auxResiduals(ActiveSet aux, float[] decoderWeight, float[] residual, double coefficient,
                      float[] auxResidual, WorkerPool pool) {
    int rows = aux.rows;
    double errorScale = 2.0 * coefficient / rows;
    int blocks = WorkerPool.blocks(rows, ROW_BLOCK);
    pool.forEach(blocks, (b, worker) -> {
      double squared = 0;
      int end = Math.min(rows, (b + 1) * ROW_BLOCK);
      for (int t = b * ROW_BLOCK; t < end; t++) {
        int off = t * n;
        decodeRow(aux, t, decoderWeight, residual, off, auxResidual);
        squared += Reductions.sumOfSquares(auxResidual, off, n);
        for (int k = aux.rowStart[t]; k < aux.rowStart[t + 1]; k++) {
          aux.featureGradient[k] = (float) (errorScale * Reductions.dot(decoderWeight, aux.feature[k] * n,
              auxResidual, off, n));
        }
      }
      msePartial[b] = squared;
    });
    double squared = 0;
    for (int b = 0; b < blocks; b++) {
      squared += msePartial[b];
    }
    return squared;
  }

  /**
   * With the residual e_t = x̂_t − x_t already in {@code residual} (not modified), writes (2/B) W_d,i·e_t, the
   * mse's ∂L/∂f_ti, into {@code pairs.featureGradient} (modified) for pairs that are not in the code (the JumpReLU
   * rule's pairs just below their threshold, whose f is 0 but whose ∂L/∂f trains the threshold).
   */
  void residualDots(ActiveSet pairs, float[] decoderWeight, float[] residual, WorkerPool pool) {
    int rows = pairs.rows;
    double errorScale = 2.0 / rows;
    pool.forEach(WorkerPool.blocks(rows, ROW_BLOCK), (b, worker) -> {
      int end = Math.min(rows, (b + 1) * ROW_BLOCK);
      for (int t = b * ROW_BLOCK; t < end; t++) {
        for (int k = pairs.rowStart[t]; k < pairs.rowStart[t + 1]; k++) {
          pairs.featureGradient[k] = (float) (errorScale * Reductions.dot(decoderWeight, pairs.feature[k] * n,
              residual, t * n, n));
        }
      }
    });
  }

  /**
   * Block b of {@link #residuals} with the dense forward and the dense dots ({@link DenseDots}): every W_d,i·e_t of
   * the block, of which the active pairs' are read, in the sparse loop's order, so the same bits.
   */
  private void denseBlock(ActiveSet codes, int b, int end, float[] x, float[] decoderWeight, float[] decoderBias,
                          double[] norms, double errorScale, double penaltyScale, float[] residual, int worker) {
    int t0 = b * ROW_BLOCK;
    decodeBlock(codes, t0, end, decoderWeight, decoderBias, residual, worker);
    double squared = 0;
    for (int t = t0; t < end; t++) {
      int off = t * n;
      VectorOps.subtract(residual, off, x, off, residual, off, n);
      squared += Reductions.sumOfSquares(residual, off, n);
    }
    float[] dots = dotBlocks.block(worker);
    DenseDots.all(decoderWeight, m, residual, t0, end, n, dots);
    double penalty = 0;
    for (int t = t0; t < end; t++) {
      int row = (t - t0) * m;
      for (int k = codes.rowStart[t]; k < codes.rowStart[t + 1]; k++) {
        penalty += activeTerms(codes, k, dots[row + codes.feature[k]], norms, errorScale, penaltyScale);
      }
    }
    msePartial[b] = squared;
    l1Partial[b] = penalty;
  }

  /** Stores ∂L/∂f of active pair k from its dot product W_d,i·e_t and returns its penalty f·‖W_d,i‖. */
  private static double activeTerms(ActiveSet codes, int k, float dot, double[] norms, double errorScale,
                                    double penaltyScale) {
    double norm = norms[codes.feature[k]];
    codes.featureGradient[k] = (float) (errorScale * dot + penaltyScale * norm);
    return codes.value[k] * norm;
  }

  /**
   * Rows [t0, t1) of {@code out} = b_d + F·W_d, with F the rows' code matrix (zero for inactive pairs): per element
   * the chain of {@link #decodeRow}, with exact zero terms in between.
   */
  private void decodeBlock(ActiveSet codes, int t0, int t1, float[] decoderWeight, float[] decoderBias, float[] out,
                           int worker) {
    float[] block = codeBlocks.block(worker);
    for (int t = t0; t < t1; t++) {
      System.arraycopy(decoderBias, 0, out, t * n, n);
      int row = (t - t0) * m;
      for (int k = codes.rowStart[t]; k < codes.rowStart[t + 1]; k++) {
        block[row + codes.feature[k]] = codes.value[k];
      }
    }
    DenseProducts.multiplyAdd(new DenseProducts.Operand(block, 0, m, 1), t1 - t0, decoderWeight, 0, n, 0, m,
        out, t0 * n, n, n);
    for (int t = t0; t < t1; t++) {
      int row = (t - t0) * m;
      for (int k = codes.rowStart[t]; k < codes.rowStart[t + 1]; k++) {
        block[row + codes.feature[k]] = 0f;
      }
    }
  }

  /** Row t of {@code out} = {@code start[startOff ..]} (b_d, or a residual row) + Σ_i f_ti W_d,i. */
  private void decodeRow(ActiveSet codes, int t, float[] decoderWeight, float[] start, int startOff, float[] out) {
    int off = t * n;
    System.arraycopy(start, startOff, out, off, n);
    int k = codes.rowStart[t];
    int last = codes.rowStart[t + 1];
    int[] f = codes.feature;
    float[] v = codes.value;
    for (; k + 4 <= last; k += 4) {
      VectorOps.axpy4(v[k], v[k + 1], v[k + 2], v[k + 3], decoderWeight, f[k] * n, f[k + 1] * n, f[k + 2] * n,
          f[k + 3] * n, out, off, n);
    }
    for (; k < last; k++) {
      VectorOps.axpy(v[k], decoderWeight, f[k] * n, out, off, n);
    }
  }
}

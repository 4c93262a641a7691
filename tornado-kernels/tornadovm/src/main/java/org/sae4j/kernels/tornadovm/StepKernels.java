package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The sparse kernels of one training step after the encoder (the maths of {@link org.sae4j.kernels.Backend}),
 * written as {@code @Parallel} loops that TornadoVM JIT-compiles for the device. Layouts are those of
 * {@link org.sae4j.kernels.SaeParameters}: W_e and W_dᵀ as m rows of n; batch-shaped buffers hold
 * {@code maxRows} rows, of which the first {@code control[0]} are this step's batch. The decoder reads the
 * row-major active lists and the gradients the feature-major ones ({@link ActiveSetKernels}), so everything
 * after the encoder costs O(B·L0·n), not O(B·m·n).
 *
 * <p>Each output element is computed by one work item with a sequential inner loop in ascending order, and the
 * step's scalars are summed in a fixed tree (blocks of {@value #SUM_BLOCK} rows or features, then the blocks in
 * order), so a step's bits do not depend on the device's work-group size. TornadoVM maps the outermost
 * {@code @Parallel} loop to the first work-item dimension, so the 2-D kernels put j (contiguous memory)
 * outermost: adjacent work items read adjacent floats, which coalesces on a GPU and lets PoCL vectorise a
 * work-group across work items on a CPU.
 *
 * <p>{@code control}: 0 = rows in this batch, 1 = 1 for a priming run that must leave every parameter as it
 * is. Per-step coefficients ({@code coef}): 0 = 1/B, 1 = λ, 2 = lr/(1−β1^t), 3 = 1/(1−β2^t), 4 = β1, 5 = β2,
 * 6 = ε, 7 = gradient clip. Step scalars ({@code scalars}): 0 = Σ‖x−x̂‖², 1 = Σ f·‖W_d‖, 2 = Σ #active,
 * 3 = ‖∇‖² over all parameters, 4 = 1 when all of these are finite and this is not a priming run (else Adam
 * leaves everything unchanged).
 */
final class StepKernels {

  static final int COEF_SIZE = 8;
  static final int SCALARS_SIZE = 5;
  static final int ROW_STATS = 3;
  /** Rows or features per first-level block of the step's sums. */
  static final int SUM_BLOCK = 64;

  private StepKernels() {
  }

  /** Number of sum blocks for {@code size} terms. */
  static int sumBlocks(int size) {
    return (size + SUM_BLOCK - 1) / SUM_BLOCK;
  }

  /** norms[i] = ‖W_d,i‖₂. */
  static void columnNorms(FloatArray wd, FloatArray norms, int n, int m) {
    for (@Parallel int i = 0; i < m; i++) {
      float s = 0f;
      for (int j = 0; j < n; j++) {
        float w = wd.get(i * n + j);
        s += w * w;
      }
      norms.set(i, TornadoMath.sqrt(s));
    }
  }

  /**
   * out[t, j] = b_d[j] + Σ_{active i} f_ti W_d[i, j], minus x[t, j] when {@code subtract} is 1 (the residual
   * x̂ − x of a step; 0 gives the forward pass's x̂); rows past the batch are zeros.
   */
  static void decode(IntArray start, IntArray index, FloatArray value, FloatArray wd, FloatArray bd, FloatArray x,
                     FloatArray out, IntArray control, int subtract, int n, int maxRows) {
    for (@Parallel int j = 0; j < n; j++) {
      for (@Parallel int t = 0; t < maxRows; t++) {
        float s = 0f;
        if (t < control.get(0)) {
          s = bd.get(j);
          int end = start.get(t + 1);
          for (int k = start.get(t); k < end; k++) {
            s += value.get(k) * wd.get(index.get(k) * n + j);
          }
          if (subtract == 1) {
            s -= x.get(t * n + j);
          }
        }
        out.set(t * n + j, s);
      }
    }
  }

  /** Per row: Σ_j r², Σ_active f·‖W_d,i‖, #active at [3t], [3t+1], [3t+2]; zeros past the batch. */
  static void rowStats(FloatArray r, IntArray start, IntArray index, FloatArray value, FloatArray norms,
                       FloatArray stats, IntArray control, int n, int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      float sq = 0f;
      float l1 = 0f;
      float l0 = 0f;
      if (t < control.get(0)) {
        for (int j = 0; j < n; j++) {
          float d = r.get(t * n + j);
          sq += d * d;
        }
        int first = start.get(t);
        int end = start.get(t + 1);
        for (int k = first; k < end; k++) {
          l1 += value.get(k) * norms.get(index.get(k));
        }
        l0 = end - first;
      }
      stats.set(3 * t, sq);
      stats.set(3 * t + 1, l1);
      stats.set(3 * t + 2, l0);
    }
  }

  /**
   * At each active pair (t, i) of feature i's column: g = ∂L/∂pre = (1/B)(2 W_d,i·r_t + λ‖W_d,i‖), stored in
   * column order; ∂L/∂b_e,i = Σ_t g and activationSum[i] = Σ_t f_ti (the penalty's weight on ‖W_d,i‖).
   */
  static void featureGradient(IntArray start, IntArray row, FloatArray value, FloatArray grad, FloatArray r,
                              FloatArray wd, FloatArray norms, FloatArray gbe, FloatArray activationSum,
                              FloatArray coef, int n, int m) {
    for (@Parallel int i = 0; i < m; i++) {
      float sg = 0f;
      float sf = 0f;
      float penalty = coef.get(1) * norms.get(i);
      int end = start.get(i + 1);
      for (int c = start.get(i); c < end; c++) {
        int t = row.get(c);
        float s = 0f;
        for (int j = 0; j < n; j++) {
          s += r.get(t * n + j) * wd.get(i * n + j);
        }
        float g = coef.get(0) * (2f * s + penalty);
        grad.set(c, g);
        sg += g;
        sf += value.get(c);
      }
      gbe.set(i, sg);
      activationSum.set(i, sf);
    }
  }

  /**
   * Over feature i's active rows: ∂L/∂W_e,i = Σ_t g_ti x_t and ∂L/∂W_d,i = (1/B)(2 Σ_t f_ti r_t + λ (Σ_t f_ti)
   * W_d,i / ‖W_d,i‖); both are zero for a feature no row uses.
   */
  static void weightGradients(IntArray start, IntArray row, FloatArray value, FloatArray grad, FloatArray x,
                              FloatArray r, FloatArray wd, FloatArray norms, FloatArray activationSum,
                              FloatArray gwe, FloatArray gwd, FloatArray coef, int n, int m) {
    for (@Parallel int j = 0; j < n; j++) {
      for (@Parallel int i = 0; i < m; i++) {
        float se = 0f;
        float sd = 0f;
        int end = start.get(i + 1);
        for (int c = start.get(i); c < end; c++) {
          int o = row.get(c) * n + j;
          se += grad.get(c) * x.get(o);
          sd += value.get(c) * r.get(o);
        }
        float norm = norms.get(i);
        float penalty = 0f;
        if (norm > 0f) {
          penalty = coef.get(1) * activationSum.get(i) * wd.get(i * n + j) / norm;
        }
        gwe.set(i * n + j, se);
        gwd.set(i * n + j, coef.get(0) * (2f * sd + penalty));
      }
    }
  }

  /** ∂L/∂b_d = (2/B) Σ_t r_t. */
  static void decoderBiasGradient(FloatArray r, FloatArray gbd, FloatArray coef, IntArray control, int n) {
    for (@Parallel int j = 0; j < n; j++) {
      int rows = control.get(0);
      float s = 0f;
      for (int t = 0; t < rows; t++) {
        s += r.get(t * n + j);
      }
      gbd.set(j, coef.get(0) * 2f * s);
    }
  }

  /** squares[i] = (∂L/∂b_e,i)² + ‖∂L/∂W_e,i‖² + ‖∂L/∂W_d,i‖². */
  static void featureSquares(FloatArray gwe, FloatArray gbe, FloatArray gwd, FloatArray squares, int n, int m) {
    for (@Parallel int i = 0; i < m; i++) {
      float b = gbe.get(i);
      float s = b * b;
      for (int j = 0; j < n; j++) {
        float e = gwe.get(i * n + j);
        float d = gwd.get(i * n + j);
        s += e * e + d * d;
      }
      squares.set(i, s);
    }
  }

  /**
   * The first level of the step's sums, one work item per block of {@value #SUM_BLOCK}: row blocks of the three
   * row statistics (partials[3b..3b+2]), then feature blocks of the squared gradients, then blocks of ∂L/∂b_d's
   * squares. The block boundaries depend only on the buffer shapes.
   */
  static void partialSums(FloatArray stats, FloatArray squares, FloatArray gbd, FloatArray partials, int maxRows,
                          int m, int n) {
    int rowBlocks = (maxRows + SUM_BLOCK - 1) / SUM_BLOCK;
    int featureBlocks = (m + SUM_BLOCK - 1) / SUM_BLOCK;
    int blocks = rowBlocks + featureBlocks + (n + SUM_BLOCK - 1) / SUM_BLOCK;
    for (@Parallel int b = 0; b < blocks; b++) {
      if (b < rowBlocks) {
        int end = TornadoMath.min((b + 1) * SUM_BLOCK, maxRows);
        float sq = 0f;
        float l1 = 0f;
        float l0 = 0f;
        for (int t = b * SUM_BLOCK; t < end; t++) {
          sq += stats.get(3 * t);
          l1 += stats.get(3 * t + 1);
          l0 += stats.get(3 * t + 2);
        }
        partials.set(3 * b, sq);
        partials.set(3 * b + 1, l1);
        partials.set(3 * b + 2, l0);
      } else if (b < rowBlocks + featureBlocks) {
        int first = (b - rowBlocks) * SUM_BLOCK;
        int end = TornadoMath.min(first + SUM_BLOCK, m);
        float s = 0f;
        for (int i = first; i < end; i++) {
          s += squares.get(i);
        }
        partials.set(2 * rowBlocks + b, s);
      } else {
        int first = (b - rowBlocks - featureBlocks) * SUM_BLOCK;
        int end = TornadoMath.min(first + SUM_BLOCK, n);
        float s = 0f;
        for (int j = first; j < end; j++) {
          float g = gbd.get(j);
          s += g * g;
        }
        partials.set(2 * rowBlocks + b, s);
      }
    }
  }

  /** The second level: the blocks of {@link #partialSums} in order, by one work item; the finite check. */
  static void reduce(FloatArray partials, FloatArray scalars, IntArray control, int maxRows, int m, int n) {
    int rowBlocks = (maxRows + SUM_BLOCK - 1) / SUM_BLOCK;
    int blocks = rowBlocks + (m + SUM_BLOCK - 1) / SUM_BLOCK + (n + SUM_BLOCK - 1) / SUM_BLOCK;
    float sq = 0f;
    float l1 = 0f;
    float l0 = 0f;
    for (int b = 0; b < rowBlocks; b++) {
      sq += partials.get(3 * b);
      l1 += partials.get(3 * b + 1);
      l0 += partials.get(3 * b + 2);
    }
    float grad = 0f;
    for (int b = rowBlocks; b < blocks; b++) {
      grad += partials.get(2 * rowBlocks + b);
    }
    scalars.set(0, sq);
    scalars.set(1, l1);
    scalars.set(2, l0);
    scalars.set(3, grad);
    // NaN fails every comparison, so this is 1 only when all three sums are finite (and not a priming run).
    float ok = 0f;
    if (control.get(1) == 0 && sq <= Float.MAX_VALUE && l1 <= Float.MAX_VALUE && grad <= Float.MAX_VALUE) {
      ok = 1f;
    }
    scalars.set(4, ok);
  }

  /** Size of the partials buffer of {@link #partialSums}. */
  static int partialsSize(int maxRows, int m, int n) {
    return 3 * sumBlocks(maxRows) + sumBlocks(m) + sumBlocks(n);
  }

  /**
   * Clipped Adam over every parameter in one launch: work item k updates W_e[k] and W_d[k], and b_e[k] and
   * b_d[k] where k is in their range; the same float32 formulas as the JVM backend.
   */
  static void adam(FloatArray we, FloatArray be, FloatArray wd, FloatArray bd, FloatArray we1, FloatArray be1,
                   FloatArray wd1, FloatArray bd1, FloatArray we2, FloatArray be2, FloatArray wd2, FloatArray bd2,
                   FloatArray gwe, FloatArray gbe, FloatArray gwd, FloatArray gbd, FloatArray scalars,
                   FloatArray coef, int n, int m) {
    for (@Parallel int k = 0; k < m * n; k++) {
      if (scalars.get(4) > 0.5f) {
        float clip = coef.get(7);
        float scale = clip / TornadoMath.max(TornadoMath.sqrt(scalars.get(3)), clip);
        adamAt(we, we1, we2, gwe, k, scale, coef);
        adamAt(wd, wd1, wd2, gwd, k, scale, coef);
        if (k < m) {
          adamAt(be, be1, be2, gbe, k, scale, coef);
        }
        if (k < n) {
          adamAt(bd, bd1, bd2, gbd, k, scale, coef);
        }
      }
    }
  }

  private static void adamAt(FloatArray p, FloatArray first, FloatArray second, FloatArray grad, int k,
                             float scale, FloatArray coef) {
    float beta1 = coef.get(4);
    float beta2 = coef.get(5);
    float g = grad.get(k) * scale;
    float m = g * (1f - beta1) + first.get(k) * beta1;
    float v = g * g * (1f - beta2) + second.get(k) * beta2;
    float denominator = TornadoMath.sqrt(v * coef.get(3)) + coef.get(6);
    p.set(k, p.get(k) - m * coef.get(2) / denominator);
    first.set(k, m);
    second.set(k, v);
  }
}

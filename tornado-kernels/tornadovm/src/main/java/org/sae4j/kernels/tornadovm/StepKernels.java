package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The sparse kernels of one training step after the encoder (the maths of {@link org.sae4j.kernels.Backend}),
 * written as {@code @Parallel} loops that TornadoVM JIT-compiles for the device. Layouts are those of
 * {@link org.sae4j.kernels.SaeParameters}: W_e and W_dᵀ as m rows of n; batch-shaped buffers hold
 * {@code maxRows} rows, of which the first {@code control[0]} are this step's batch. The decoder reads the
 * row-major active lists and the gradients the feature-major ones ({@link ActiveSetKernels}), so everything
 * after the encoder costs O(B·L0·n), not O(B·m·n).
 *
 * <p>Each output element is computed by one work item with a sequential inner loop in ascending order (a work
 * item that computes several, as {@link Float8} lanes or side-by-side dot products, runs one such loop for
 * each), and the step's scalars are summed in a fixed tree (blocks of {@value #SUM_BLOCK} rows or features, then
 * the blocks in order), so a step's bits do not depend on the device's work-group size. TornadoVM maps the
 * outermost {@code @Parallel} loop to the first work-item dimension, so the 2-D kernels put their blocks of
 * {@value #J_BLOCK} consecutive j (contiguous memory) outermost.
 *
 * <p>With the TopK rule's AuxK loss a second set of pairs, each row's best dead features (the "aux" lists),
 * goes through the same kernels: its residual r' = r + Σ_aux a W_d (r held fixed), the gradient at its pairs
 * (2c/B) W_d·r', and its terms in the weight gradients after the main pairs of the same feature. Without it the
 * aux lists are empty and {@code withAux} is 0.
 *
 * <p>{@code control}: 0 = rows in this batch, 1 = 1 for a priming run that must leave every parameter as it
 * is. Per-step coefficients ({@code coef}): 0 = 1/B, 1 = λ, 2 = lr/(1−β1^t), 3 = 1/(1−β2^t), 4 = β1, 5 = β2,
 * 6 = ε, 7 = gradient clip, 8 = 2c (c the AuxK coefficient). Step scalars ({@code scalars}): 0 = Σ‖x−x̂‖²,
 * 1 = Σ f·‖W_d‖, 2 = Σ #active, 3 = ‖∇‖² over all parameters, 4 = 1 when all of these are finite and this is
 * not a priming run (else Adam leaves everything unchanged), 5 = Σ‖r'‖² of the AuxK loss, 6 = the number of
 * AuxK pairs.
 */
final class StepKernels {

  static final int COEF_SIZE = 9;
  static final int SCALARS_SIZE = 7;
  static final int ROW_STATS = 4;
  /** Rows or features per first-level block of the step's sums. */
  static final int SUM_BLOCK = 64;
  /** Dot products {@link #featureGradient} computes side by side. */
  static final int DOTS = 4;
  /** Consecutive j per work item of {@link #decode} and {@link #weightGradients}: one {@link Float8}. */
  static final int J_BLOCK = 8;

  private StepKernels() {
  }

  /** Number of sum blocks for {@code size} terms. */
  static int sumBlocks(int size) {
    return (size + SUM_BLOCK - 1) / SUM_BLOCK;
  }

  /**
   * out[t, j] = base + Σ_{kept i} f_ti W_d[i, j], with base = b_d[j] ({@code baseRows} 0) or base[t, j] (1, the
   * AuxK residual r' = r + Σ a W_d), minus x[t, j] when {@code subtract} is 1 (the residual x̂ − x of a step;
   * 0 gives the forward pass's x̂); rows past the batch are zeros. Each work item computes {@value #J_BLOCK}
   * consecutive j of one row as one {@link Float8}: every lane is the same ascending sum over the row's list as
   * a work item per j would compute, and the {@value #J_BLOCK} lanes run side by side.
   */
  static void decode(IntArray start, IntArray index, FloatArray value, FloatArray wd, FloatArray base, FloatArray x,
                     FloatArray out, IntArray control, int baseRows, int subtract, int n, int maxRows) {
    int blocks = (n + J_BLOCK - 1) / J_BLOCK;
    for (@Parallel int q = 0; q < blocks; q++) {
      for (@Parallel int t = 0; t < maxRows; t++) {
        int j = q * J_BLOCK;
        Float8 s = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        if (t < control.get(0)) {
          if (baseRows == 1) {
            s = load(base, t * n, j, n);
          } else {
            s = load(base, 0, j, n);
          }
          int end = start.get(t + 1);
          for (int k = start.get(t); k < end; k++) {
            s = Float8.add(s, Float8.mult(load(wd, index.get(k) * n, j, n), splat(value.get(k))));
          }
          if (subtract == 1) {
            s = Float8.sub(s, load(x, t * n, j, n));
          }
        }
        store(out, t * n, j, n, s);
      }
    }
  }

  /** a[o + j .. o + j + 7], each index clamped to the row's last element o + n − 1 (lanes past n are unused). */
  private static Float8 load(FloatArray a, int o, int j, int n) {
    int last = o + n - 1;
    int b = o + j;
    return new Float8(a.get(b), a.get(TornadoMath.min(b + 1, last)), a.get(TornadoMath.min(b + 2, last)),
        a.get(TornadoMath.min(b + 3, last)), a.get(TornadoMath.min(b + 4, last)),
        a.get(TornadoMath.min(b + 5, last)), a.get(TornadoMath.min(b + 6, last)),
        a.get(TornadoMath.min(b + 7, last)));
  }

  /** v in all eight lanes (TornadoVM emits a vector-by-scalar product as eight scalar ones). */
  private static Float8 splat(float v) {
    return new Float8(v, v, v, v, v, v, v, v);
  }

  /** a[o + j + l] = v's lane l for the lanes with j + l &lt; n. */
  private static void store(FloatArray a, int o, int j, int n, Float8 v) {
    storeLane(a, o, j, n, v.getS0());
    storeLane(a, o, j + 1, n, v.getS1());
    storeLane(a, o, j + 2, n, v.getS2());
    storeLane(a, o, j + 3, n, v.getS3());
    storeLane(a, o, j + 4, n, v.getS4());
    storeLane(a, o, j + 5, n, v.getS5());
    storeLane(a, o, j + 6, n, v.getS6());
    storeLane(a, o, j + 7, n, v.getS7());
  }

  private static void storeLane(FloatArray a, int o, int j, int n, float v) {
    if (j < n) {
      a.set(o + j, v);
    }
  }

  /**
   * Two sums over the residual in one launch: work items [0, maxRows) the row statistics ({@code rowStatsAt}),
   * [maxRows, maxRows + n) ∂L/∂b_d,j = (2/B) Σ_t r_tj.
   */
  static void rowStatsAndBiasGradient(FloatArray r, IntArray start, IntArray index, FloatArray value,
                                      FloatArray norms, FloatArray auxR, FloatArray stats, IntArray control,
                                      int withAux, FloatArray gbd, FloatArray coef, int n, int maxRows) {
    for (@Parallel int k = 0; k < maxRows + n; k++) {
      if (k < maxRows) {
        rowStatsAt(k, r, start, index, value, norms, auxR, stats, control, withAux, n);
      } else {
        int j = k - maxRows;
        int rows = control.get(0);
        float s = 0f;
        for (int t = 0; t < rows; t++) {
          s += r.get(t * n + j);
        }
        gbd.set(j, coef.get(0) * 2f * s);
      }
    }
  }

  /**
   * Row t's Σ_j r², Σ_active f·‖W_d,i‖, #active and, {@code withAux}, Σ_j r'² at [4t] .. [4t+3]; zeros past
   * the batch.
   */
  private static void rowStatsAt(int t, FloatArray r, IntArray start, IntArray index, FloatArray value,
                                 FloatArray norms, FloatArray auxR, FloatArray stats, IntArray control, int withAux,
                                 int n) {
    float sq = 0f;
    float l1 = 0f;
    float l0 = 0f;
    float aux = 0f;
    if (t < control.get(0)) {
      for (int j = 0; j < n; j++) {
        float d = r.get(t * n + j);
        sq += d * d;
      }
      if (withAux == 1) {
        for (int j = 0; j < n; j++) {
          float d = auxR.get(t * n + j);
          aux += d * d;
        }
      }
      int first = start.get(t);
      int end = start.get(t + 1);
      for (int k = first; k < end; k++) {
        l1 += value.get(k) * norms.get(index.get(k));
      }
      l0 = end - first;
    }
    stats.set(ROW_STATS * t, sq);
    stats.set(ROW_STATS * t + 1, l1);
    stats.set(ROW_STATS * t + 2, l0);
    stats.set(ROW_STATS * t + 3, aux);
  }

  /**
   * Per feature i: norms[i] = ‖W_d,i‖₂ (for this kernel's penalty term and the later kernels of the step); at
   * each kept pair (t, i) of its column g = ∂L/∂pre = (1/B)(2 W_d,i·r_t + λ‖W_d,i‖), stored in column order;
   * then at each AuxK pair g' = (1/B) 2c W_d,i·r'_t; ∂L/∂b_e,i = Σ_t g + Σ_t g' (in that order) and
   * activationSum[i] = Σ_t f_ti (the penalty's weight on ‖W_d,i‖). The main pairs' dot products are taken
   * {@value #DOTS} at a time: each is still one sum over j ascending, but the {@value #DOTS} independent sums
   * keep the multiply-add units busy where a single sum would wait on each addition's result.
   */
  static void featureGradient(IntArray start, IntArray row, FloatArray value, FloatArray grad, IntArray auxStart,
                              IntArray auxRow, FloatArray auxGrad, FloatArray r, FloatArray auxR, FloatArray wd,
                              FloatArray norms, FloatArray gbe, FloatArray activationSum, FloatArray coef, int n,
                              int m) {
    for (@Parallel int i = 0; i < m; i++) {
      float w2 = 0f;
      for (int j = 0; j < n; j++) {
        float w = wd.get(i * n + j);
        w2 += w * w;
      }
      float norm = TornadoMath.sqrt(w2);
      norms.set(i, norm);
      float sg = 0f;
      float sf = 0f;
      float scale = coef.get(0);
      float penalty = coef.get(1) * norm;
      int end = start.get(i + 1);
      int c = start.get(i);
      for (; c + DOTS <= end; c += DOTS) {
        int o0 = row.get(c) * n;
        int o1 = row.get(c + 1) * n;
        int o2 = row.get(c + 2) * n;
        int o3 = row.get(c + 3) * n;
        float d0 = 0f;
        float d1 = 0f;
        float d2 = 0f;
        float d3 = 0f;
        for (int j = 0; j < n; j++) {
          float w = wd.get(i * n + j);
          d0 += r.get(o0 + j) * w;
          d1 += r.get(o1 + j) * w;
          d2 += r.get(o2 + j) * w;
          d3 += r.get(o3 + j) * w;
        }
        float g0 = scale * (2f * d0 + penalty);
        float g1 = scale * (2f * d1 + penalty);
        float g2 = scale * (2f * d2 + penalty);
        float g3 = scale * (2f * d3 + penalty);
        grad.set(c, g0);
        grad.set(c + 1, g1);
        grad.set(c + 2, g2);
        grad.set(c + 3, g3);
        sg += g0;
        sg += g1;
        sg += g2;
        sg += g3;
        sf += value.get(c);
        sf += value.get(c + 1);
        sf += value.get(c + 2);
        sf += value.get(c + 3);
      }
      for (; c < end; c++) {
        float g = scale * (2f * dot(r, row.get(c), wd, i, n) + penalty);
        grad.set(c, g);
        sg += g;
        sf += value.get(c);
      }
      int auxEnd = auxStart.get(i + 1);
      for (int a = auxStart.get(i); a < auxEnd; a++) {
        float g = scale * (coef.get(8) * dot(auxR, auxRow.get(a), wd, i, n));
        auxGrad.set(a, g);
        sg += g;
      }
      gbe.set(i, sg);
      activationSum.set(i, sf);
    }
  }

  /** r_t · W_d,i in ascending j. */
  private static float dot(FloatArray r, int t, FloatArray wd, int i, int n) {
    float s = 0f;
    for (int j = 0; j < n; j++) {
      s += r.get(t * n + j) * wd.get(i * n + j);
    }
    return s;
  }

  /**
   * Over feature i's kept rows, then its AuxK rows: ∂L/∂W_e,i = Σ_t g_ti x_t + Σ_t g'_ti x_t and
   * ∂L/∂W_d,i = (1/B)(2 Σ_t f_ti r_t + 2c Σ_t a_ti r'_t + λ (Σ_t f_ti) W_d,i / ‖W_d,i‖); both are zero for a
   * feature no row uses. Each work item computes {@value #J_BLOCK} consecutive j of feature i in {@link Float8}
   * lanes, each lane the same ascending sums as a work item per j would compute.
   */
  static void weightGradients(IntArray start, IntArray row, FloatArray value, FloatArray grad, IntArray auxStart,
                              IntArray auxRow, FloatArray auxValue, FloatArray auxGrad, FloatArray x, FloatArray r,
                              FloatArray auxR, FloatArray wd, FloatArray norms, FloatArray activationSum,
                              FloatArray gwe, FloatArray gwd, FloatArray coef, int n, int m) {
    int blocks = (n + J_BLOCK - 1) / J_BLOCK;
    for (@Parallel int q = 0; q < blocks; q++) {
      for (@Parallel int i = 0; i < m; i++) {
        int j = q * J_BLOCK;
        Float8 se = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 sd = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        int end = start.get(i + 1);
        for (int c = start.get(i); c < end; c++) {
          int o = row.get(c) * n;
          se = Float8.add(se, Float8.mult(load(x, o, j, n), splat(grad.get(c))));
          sd = Float8.add(sd, Float8.mult(load(r, o, j, n), splat(value.get(c))));
        }
        Float8 sa = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        int auxEnd = auxStart.get(i + 1);
        for (int c = auxStart.get(i); c < auxEnd; c++) {
          int o = auxRow.get(c) * n;
          se = Float8.add(se, Float8.mult(load(x, o, j, n), splat(auxGrad.get(c))));
          sa = Float8.add(sa, Float8.mult(load(auxR, o, j, n), splat(auxValue.get(c))));
        }
        int featureRow = i * n;
        store(gwe, featureRow, j, n, se);
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j, n, sd.getS0(), sa.getS0());
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j + 1, n, sd.getS1(), sa.getS1());
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j + 2, n, sd.getS2(), sa.getS2());
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j + 3, n, sd.getS3(), sa.getS3());
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j + 4, n, sd.getS4(), sa.getS4());
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j + 5, n, sd.getS5(), sa.getS5());
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j + 6, n, sd.getS6(), sa.getS6());
        decoderGradient(gwd, wd, norms, activationSum, coef, featureRow, i, j + 7, n, sd.getS7(), sa.getS7());
      }
    }
  }

  /** ∂L/∂W_d[i, j] from Σ f r_tj ({@code sd}) and Σ a r'_tj ({@code sa}), for j &lt; n. */
  private static void decoderGradient(FloatArray gwd, FloatArray wd, FloatArray norms, FloatArray activationSum,
                                      FloatArray coef, int o, int i, int j, int n, float sd, float sa) {
    if (j < n) {
      float norm = norms.get(i);
      float penalty = 0f;
      if (norm > 0f) {
        penalty = coef.get(1) * activationSum.get(i) * wd.get(o + j) / norm;
      }
      gwd.set(o + j, coef.get(0) * (2f * sd + coef.get(8) * sa + penalty));
    }
  }

  /**
   * The first level of the step's sums, one work item per block of {@value #SUM_BLOCK}: row blocks of the four
   * row statistics (partials[4b..4b+3]), then feature blocks of the squared gradients (per feature
   * (∂L/∂b_e,i)² + Σ_j ((∂L/∂W_e,ij)² + (∂L/∂W_d,ij)²) in ascending j, then the features in order), then blocks
   * of ∂L/∂b_d's squares. The block boundaries depend only on the buffer shapes.
   */
  static void partialSums(FloatArray stats, FloatArray gbe, FloatArray gwe, FloatArray gwd, FloatArray gbd,
                          FloatArray partials, int maxRows, int m, int n) {
    int rowBlocks = (maxRows + SUM_BLOCK - 1) / SUM_BLOCK;
    int featureBlocks = (m + SUM_BLOCK - 1) / SUM_BLOCK;
    int blocks = rowBlocks + featureBlocks + (n + SUM_BLOCK - 1) / SUM_BLOCK;
    for (@Parallel int b = 0; b < blocks; b++) {
      if (b < rowBlocks) {
        int end = TornadoMath.min((b + 1) * SUM_BLOCK, maxRows);
        float sq = 0f;
        float l1 = 0f;
        float l0 = 0f;
        float aux = 0f;
        for (int t = b * SUM_BLOCK; t < end; t++) {
          sq += stats.get(ROW_STATS * t);
          l1 += stats.get(ROW_STATS * t + 1);
          l0 += stats.get(ROW_STATS * t + 2);
          aux += stats.get(ROW_STATS * t + 3);
        }
        partials.set(ROW_STATS * b, sq);
        partials.set(ROW_STATS * b + 1, l1);
        partials.set(ROW_STATS * b + 2, l0);
        partials.set(ROW_STATS * b + 3, aux);
      } else if (b < rowBlocks + featureBlocks) {
        int first = (b - rowBlocks) * SUM_BLOCK;
        int end = TornadoMath.min(first + SUM_BLOCK, m);
        float s = 0f;
        for (int i = first; i < end; i++) {
          float bias = gbe.get(i);
          float squares = bias * bias;
          for (int j = 0; j < n; j++) {
            float e = gwe.get(i * n + j);
            float d = gwd.get(i * n + j);
            squares += e * e + d * d;
          }
          s += squares;
        }
        partials.set((ROW_STATS - 1) * rowBlocks + b, s);
      } else {
        int first = (b - rowBlocks - featureBlocks) * SUM_BLOCK;
        int end = TornadoMath.min(first + SUM_BLOCK, n);
        float s = 0f;
        for (int j = first; j < end; j++) {
          float g = gbd.get(j);
          s += g * g;
        }
        partials.set((ROW_STATS - 1) * rowBlocks + b, s);
      }
    }
  }

  /**
   * The second level: the blocks of {@link #partialSums} in order, by one work item; the number of AuxK pairs
   * (auxStart[B]); the finite check.
   */
  static void reduce(FloatArray partials, IntArray auxStart, FloatArray scalars, IntArray control, int withAux,
                     int maxRows, int m, int n) {
    int rowBlocks = (maxRows + SUM_BLOCK - 1) / SUM_BLOCK;
    int blocks = rowBlocks + (m + SUM_BLOCK - 1) / SUM_BLOCK + (n + SUM_BLOCK - 1) / SUM_BLOCK;
    float sq = 0f;
    float l1 = 0f;
    float l0 = 0f;
    float aux = 0f;
    for (int b = 0; b < rowBlocks; b++) {
      sq += partials.get(ROW_STATS * b);
      l1 += partials.get(ROW_STATS * b + 1);
      l0 += partials.get(ROW_STATS * b + 2);
      aux += partials.get(ROW_STATS * b + 3);
    }
    float grad = 0f;
    for (int b = rowBlocks; b < blocks; b++) {
      grad += partials.get((ROW_STATS - 1) * rowBlocks + b);
    }
    int pairs = 0;
    if (withAux == 1) {
      pairs = auxStart.get(control.get(0));
    }
    scalars.set(0, sq);
    scalars.set(1, l1);
    scalars.set(2, l0);
    scalars.set(3, grad);
    scalars.set(5, aux);
    scalars.set(6, pairs);
    // NaN fails every comparison, so this is 1 only when all the sums are finite (and not a priming run).
    float ok = 0f;
    if (control.get(1) == 0 && sq <= Float.MAX_VALUE && l1 <= Float.MAX_VALUE && grad <= Float.MAX_VALUE
        && aux <= Float.MAX_VALUE) {
      ok = 1f;
    }
    scalars.set(4, ok);
  }

  /** Size of the partials buffer of {@link #partialSums}. */
  static int partialsSize(int maxRows, int m, int n) {
    return ROW_STATS * sumBlocks(maxRows) + sumBlocks(m) + sumBlocks(n);
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

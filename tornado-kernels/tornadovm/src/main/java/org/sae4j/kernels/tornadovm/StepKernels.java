package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The kernels of one training step (the maths of {@link org.sae4j.kernels.Backend}), written as
 * {@code @Parallel} loops that TornadoVM JIT-compiles for the device. Layouts are those of
 * {@link org.sae4j.kernels.SaeParameters}: W_e and W_dᵀ as m rows of n; batch-shaped buffers hold
 * {@code maxRows} rows, of which the first {@code control[0]} are this step's batch.
 *
 * <p>Every buffer is sized for {@code maxRows} so that one compiled task graph serves any batch size; rows at
 * or past {@code control[0]} are written as zeros and never read. Each output element is computed by one work
 * item with a sequential inner loop, and the final scalar sums run in a single work item in a fixed order, so
 * a step's result does not depend on the device's work-group size.
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

  private StepKernels() {
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

  /** f = ReLU(X W_eᵀ + b_e), [maxRows × m]; the dense encoder product. */
  static void encode(FloatArray x, FloatArray we, FloatArray be, FloatArray f, IntArray control, int n, int m,
                     int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      for (@Parallel int i = 0; i < m; i++) {
        float a = 0f;
        if (t < control.get(0)) {
          float s = 0f;
          for (int j = 0; j < n; j++) {
            s += x.get(t * n + j) * we.get(i * n + j);
          }
          a = TornadoMath.max(s + be.get(i), 0f);
        }
        f.set(t * m + i, a);
      }
    }
  }

  /** r = x̂ − x = f W_dᵀ + b_d − X, [maxRows × n]; dense over features, skipping inactive ones. */
  static void residual(FloatArray x, FloatArray f, FloatArray wd, FloatArray bd, FloatArray r, IntArray control,
                       int n, int m, int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      for (@Parallel int j = 0; j < n; j++) {
        float d = 0f;
        if (t < control.get(0)) {
          float s = bd.get(j);
          for (int i = 0; i < m; i++) {
            float a = f.get(t * m + i);
            if (a > 0f) {
              s += a * wd.get(i * n + j);
            }
          }
          d = s - x.get(t * n + j);
        }
        r.set(t * n + j, d);
      }
    }
  }

  /** Per row: Σ_j r², Σ_i f·‖W_d,i‖, #active; stored at [3t], [3t+1], [3t+2]. */
  static void rowStats(FloatArray r, FloatArray f, FloatArray norms, FloatArray stats, int n, int m, int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      float sq = 0f;
      for (int j = 0; j < n; j++) {
        float d = r.get(t * n + j);
        sq += d * d;
      }
      float l1 = 0f;
      float l0 = 0f;
      for (int i = 0; i < m; i++) {
        float a = f.get(t * m + i);
        if (a > 0f) {
          l1 += a * norms.get(i);
          l0 += 1f;
        }
      }
      stats.set(3 * t, sq);
      stats.set(3 * t + 1, l1);
      stats.set(3 * t + 2, l0);
    }
  }

  /** g = ∂L/∂(pre-activation) = [f &gt; 0] · ((2/B) W_d,iᵀ r_t + (λ/B) ‖W_d,i‖), [maxRows × m]. */
  static void featureGradient(FloatArray r, FloatArray f, FloatArray wd, FloatArray norms, FloatArray g,
                              FloatArray coef, int n, int m, int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      for (@Parallel int i = 0; i < m; i++) {
        float v = 0f;
        if (f.get(t * m + i) > 0f) {
          float s = 0f;
          for (int j = 0; j < n; j++) {
            s += r.get(t * n + j) * wd.get(i * n + j);
          }
          v = coef.get(0) * (2f * s + coef.get(1) * norms.get(i));
        }
        g.set(t * m + i, v);
      }
    }
  }

  /** ∂L/∂W_e = gᵀ X, [m × n]. */
  static void encoderWeightGradient(FloatArray g, FloatArray x, FloatArray gwe, IntArray control, int n, int m) {
    for (@Parallel int i = 0; i < m; i++) {
      for (@Parallel int j = 0; j < n; j++) {
        int rows = control.get(0);
        float s = 0f;
        for (int t = 0; t < rows; t++) {
          s += g.get(t * m + i) * x.get(t * n + j);
        }
        gwe.set(i * n + j, s);
      }
    }
  }

  /** ∂L/∂b_e = Σ_t g, and activationSum[i] = Σ_t f (the penalty's weight on ‖W_d,i‖). */
  static void featureSums(FloatArray g, FloatArray f, FloatArray gbe, FloatArray activationSum, IntArray control,
                          int m) {
    for (@Parallel int i = 0; i < m; i++) {
      int rows = control.get(0);
      float sg = 0f;
      float sf = 0f;
      for (int t = 0; t < rows; t++) {
        sg += g.get(t * m + i);
        sf += f.get(t * m + i);
      }
      gbe.set(i, sg);
      activationSum.set(i, sf);
    }
  }

  /** ∂L/∂W_d,i = (2/B) Σ_t f_ti r_t + (λ/B) (Σ_t f_ti) W_d,i / ‖W_d,i‖, [m × n]. */
  static void decoderWeightGradient(FloatArray f, FloatArray r, FloatArray wd, FloatArray norms,
                                    FloatArray activationSum, FloatArray gwd, FloatArray coef, IntArray control,
                                    int n, int m) {
    for (@Parallel int i = 0; i < m; i++) {
      for (@Parallel int j = 0; j < n; j++) {
        int rows = control.get(0);
        float s = 0f;
        for (int t = 0; t < rows; t++) {
          float a = f.get(t * m + i);
          if (a > 0f) {
            s += a * r.get(t * n + j);
          }
        }
        float norm = norms.get(i);
        float penalty = 0f;
        if (norm > 0f) {
          penalty = coef.get(1) * activationSum.get(i) * wd.get(i * n + j) / norm;
        }
        gwd.set(i * n + j, coef.get(0) * (2f * s + penalty));
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

  /** featureSquares[i] = (∂L/∂b_e,i)² + ‖∂L/∂W_e,i‖² + ‖∂L/∂W_d,i‖². */
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

  /** The step's scalars, summed in row and feature order by a single work item (no parallel loop). */
  static void reduce(FloatArray stats, FloatArray squares, FloatArray gbd, FloatArray scalars, IntArray control,
                     int n, int m) {
    int rows = control.get(0);
    float sq = 0f;
    float l1 = 0f;
    float l0 = 0f;
    for (int t = 0; t < rows; t++) {
      sq += stats.get(3 * t);
      l1 += stats.get(3 * t + 1);
      l0 += stats.get(3 * t + 2);
    }
    float grad = 0f;
    for (int i = 0; i < m; i++) {
      grad += squares.get(i);
    }
    for (int j = 0; j < n; j++) {
      float b = gbd.get(j);
      grad += b * b;
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

  /** x̂ = f W_dᵀ + b_d, [maxRows × n], for the forward pass; dense over features, skipping inactive ones. */
  static void reconstruct(FloatArray f, FloatArray wd, FloatArray bd, FloatArray out, IntArray control, int n,
                          int m, int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      for (@Parallel int j = 0; j < n; j++) {
        float s = 0f;
        if (t < control.get(0)) {
          s = bd.get(j);
          for (int i = 0; i < m; i++) {
            float a = f.get(t * m + i);
            if (a > 0f) {
              s += a * wd.get(i * n + j);
            }
          }
        }
        out.set(t * n + j, s);
      }
    }
  }

  /** Clipped Adam on one parameter array: the same float32 formulas as the JVM backend. */
  static void adam(FloatArray p, FloatArray first, FloatArray second, FloatArray grad, FloatArray scalars,
                   FloatArray coef, int size) {
    for (@Parallel int k = 0; k < size; k++) {
      if (scalars.get(4) > 0.5f) {
        float clip = coef.get(7);
        float scale = clip / TornadoMath.max(TornadoMath.sqrt(scalars.get(3)), clip);
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
  }
}

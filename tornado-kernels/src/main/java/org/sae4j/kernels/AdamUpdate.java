package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused, clipped Adam update over every parameter (dense: the moments of parameters with a zero gradient
 * still decay). For each entry, with g the clipped gradient:
 * <pre>
 *   m = β1 m + (1−β1) g;   v = β2 v + (1−β2) g²;   p −= (lr / (1−β1^t)) · m / (sqrt(v / (1−β2^t)) + ε)
 * </pre>
 * β is rounded to float32 once; the bias corrections 1 − β^t are computed in float64 from that same float32 β
 * once per step, so that they match the decay the moments really get; the per-entry arithmetic is float32. Rows of
 * features inactive in the batch are updated with g = 0 without reading the gradient buffer. The vector loop and
 * the scalar tail perform the same operations per entry, so the result does not depend on the vector width.
 */
final class AdamUpdate {

  private static final VectorSpecies<Float> S = VectorOps.FLOATS;
  private static final int L = VectorOps.LANES;

  private AdamUpdate() {
  }

  /**
   * Per-step constants.
   *
   * @param gradientScale the clip factor gradClip / max(norm, gradClip)
   * @param stepSize lr / (1 − β1^t)
   * @param secondScale 1 / (1 − β2^t)
   */
  record Coefficients(float beta1, float beta2, float epsilon, float gradientScale, float stepSize,
                      float secondScale) {

    static Coefficients of(OptimiserSettings settings, long step, double learningRate, double gradientScale) {
      float beta1 = (float) settings.beta1();
      float beta2 = (float) settings.beta2();
      // The moments decay by the float32 β (and gain 1 − β exactly in float32), so the bias corrections use that
      // same β: with the double β, 1 − 0.999 differs from 1 − 0.999f by 1.3e-5 and every update came out ~6e-6
      // too large. StrictMath: Math.pow may be a CPU-specific intrinsic that differs in the last bit.
      double firstCorrection = 1 - StrictMath.pow(beta1, step);
      double secondCorrection = 1 - StrictMath.pow(beta2, step);
      return new Coefficients(beta1, beta2, (float) settings.epsilon(), (float) gradientScale,
          (float) (learningRate / firstCorrection), (float) (1 / secondCorrection));
    }
  }

  /**
   * Updates {@code p}, {@code m} and {@code v} (all modified) over [off, off + len) from the gradient
   * {@code g} at the same offsets (not modified), or from a zero gradient when {@code g} is null.
   */
  static void update(float[] p, float[] m, float[] v, float[] g, int off, int len, Coefficients c) {
    Objects.checkFromIndexSize(off, len, p.length);
    Objects.checkFromIndexSize(off, len, m.length);
    Objects.checkFromIndexSize(off, len, v.length);
    if (g != null) {
      Objects.checkFromIndexSize(off, len, g.length);
    }
    updateBody(p, m, v, g, off, len, c);
  }

  private static void updateBody(float[] p, float[] m, float[] v, float[] g, int off, int len, Coefficients c) {
    float oneMinusBeta1 = 1f - c.beta1();
    float oneMinusBeta2 = 1f - c.beta2();
    FloatVector newWeight1 = FloatVector.broadcast(S, oneMinusBeta1);
    FloatVector newWeight2 = FloatVector.broadcast(S, oneMinusBeta2);
    int j = off;
    int end = off + len;
    for (int upper = off + S.loopBound(len); j < upper; j += L) {
      FloatVector grad = g == null ? FloatVector.zero(S)
          : FloatVector.fromArray(S, g, j).mul(c.gradientScale());
      FloatVector first = grad.fma(newWeight1, FloatVector.fromArray(S, m, j).mul(c.beta1()));
      FloatVector second = grad.mul(grad).fma(newWeight2, FloatVector.fromArray(S, v, j).mul(c.beta2()));
      FloatVector denominator = second.mul(c.secondScale()).lanewise(VectorOperators.SQRT).add(c.epsilon());
      FloatVector.fromArray(S, p, j).sub(first.mul(c.stepSize()).div(denominator)).intoArray(p, j);
      first.intoArray(m, j);
      second.intoArray(v, j);
    }
    for (; j < end; j++) {
      float grad = g == null ? 0f : g[j] * c.gradientScale();
      float first = Math.fma(grad, oneMinusBeta1, m[j] * c.beta1());
      float second = Math.fma(grad * grad, oneMinusBeta2, v[j] * c.beta2());
      // A float square root rounded through double is the correctly rounded float one, as the lanes compute.
      float denominator = (float) Math.sqrt(second * c.secondScale()) + c.epsilon();
      p[j] -= first * c.stepSize() / denominator;
      m[j] = first;
      v[j] = second;
    }
  }

  /** What a caller derives from freshly updated weight rows while they are still in the cache. */
  @FunctionalInterface
  interface RowsUpdated {
    /** The rows of W_e and W_d of features [start, end) have their new values; runs on the worker that wrote them. */
    void updated(int start, int end);
  }

  /**
   * Applies the update to all four parameters; features with no active row in {@code codes} nor in {@code aux}
   * (the AuxK pairs, or null) take g = 0. Work is split into fixed blocks of features plus one task for b_d;
   * after a block's weight rows, {@code after} (null for none) is told their range.
   */
  static void apply(SaeParameters params, AdamState state, SparseGradients.Gradient grad, ActiveSet codes,
                    ActiveSet aux, Coefficients c, WorkerPool pool, RowsUpdated after) {
    int n = params.inputDim();
    int m = params.features();
    SaeParameters first = state.firstMoment();
    SaeParameters second = state.secondMoment();
    int blocks = WorkerPool.blocks(m, SparseGradients.FEATURE_BLOCK);
    pool.forEach(blocks + 1, (task, worker) -> {
      if (task == blocks) {
        update(params.decoderBias(), first.decoderBias(), second.decoderBias(), grad.decoderBias(), 0, n, c);
        return;
      }
      int end = Math.min(m, (task + 1) * SparseGradients.FEATURE_BLOCK);
      for (int i = task * SparseGradients.FEATURE_BLOCK; i < end; i++) {
        boolean active = codes.active(i) || (aux != null && aux.active(i));
        update(params.encoderWeight(), first.encoderWeight(), second.encoderWeight(),
            active ? grad.encoderWeight() : null, i * n, n, c);
        update(params.decoderWeight(), first.decoderWeight(), second.decoderWeight(),
            active ? grad.decoderWeight() : null, i * n, n, c);
      }
      int start = task * SparseGradients.FEATURE_BLOCK;
      if (after != null) {
        after.updated(start, end);
      }
      update(params.encoderBias(), first.encoderBias(), second.encoderBias(), grad.encoderBias(), start,
          end - start, c);
    });
  }
}

package org.sae4j.core.checkpoint;

import java.util.SplittableRandom;
import org.sae4j.kernels.SaeParameters;

/** Random parameters and a float64 reference forward pass for checkpoint tests. */
final class SaeFixtures {
  private SaeFixtures() {
  }

  static float[] gaussian(SplittableRandom rnd, int count, double scale) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) (scale * rnd.nextGaussian());
    }
    return a;
  }

  /** Random parameters whose decoder norms vary widely and whose encoder biases leave features active. */
  static SaeParameters random(SplittableRandom rnd, int n, int m) {
    float[] wd = gaussian(rnd, n * m, 1);
    for (int i = 0; i < m; i++) {
      double scale = 0.05 + 2 * rnd.nextDouble();
      for (int j = 0; j < n; j++) {
        wd[i * n + j] *= (float) scale;
      }
    }
    return new SaeParameters(n, m, gaussian(rnd, n * m, 0.5), gaussian(rnd, m, 0.3), wd, gaussian(rnd, n, 0.5));
  }

  /** x̂ = W_d ReLU(W_e x + b_e) + b_d, in float64, for one input row. */
  static double[] reconstruct(SaeParameters p, double[] x) {
    int n = p.inputDim();
    double[] out = new double[n];
    for (int j = 0; j < n; j++) {
      out[j] = p.decoderBias()[j];
    }
    for (int i = 0; i < p.features(); i++) {
      double pre = p.encoderBias()[i];
      for (int j = 0; j < n; j++) {
        pre += p.encoderWeight()[i * n + j] * x[j];
      }
      if (pre > 0) {
        for (int j = 0; j < n; j++) {
          out[j] += pre * p.decoderWeight()[i * n + j];
        }
      }
    }
    return out;
  }

  /** max_j |a_j − b_j| / max_j |b_j|. */
  static double relativeError(double[] a, double[] b) {
    double diff = 0;
    double size = 0;
    for (int j = 0; j < a.length; j++) {
      diff = Math.max(diff, Math.abs(a[j] - b[j]));
      size = Math.max(size, Math.abs(b[j]));
    }
    return diff / size;
  }
}

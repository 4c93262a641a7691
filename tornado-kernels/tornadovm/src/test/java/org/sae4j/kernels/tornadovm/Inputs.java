package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;

/** Seeded inputs (never zeros, a mix of active and inactive features) and float comparisons for the tests. */
final class Inputs {

  private Inputs() {
  }

  /**
   * Decoder rows in random directions with norms in [0.2, 1.2], Gaussian encoder rows of variance 1/n, encoder
   * biases in [−0.4, 0.2) so that a third to a half of the features fire, small decoder biases.
   */
  static SaeParameters parameters(int n, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    SaeParameters p = SaeParameters.zeros(n, m);
    double scale = 1 / Math.sqrt(n);
    for (int i = 0; i < m; i++) {
      double norm = 0;
      for (int j = 0; j < n; j++) {
        p.encoderWeight()[i * n + j] = (float) (gaussian(r) * scale);
        double d = gaussian(r);
        p.decoderWeight()[i * n + j] = (float) d;
        norm += d * d;
      }
      double target = 0.2 + r.nextDouble();
      for (int j = 0; j < n; j++) {
        p.decoderWeight()[i * n + j] = (float) (p.decoderWeight()[i * n + j] * target / Math.sqrt(norm));
      }
      p.encoderBias()[i] = (float) (r.nextDouble() * 0.6 - 0.4);
    }
    for (int j = 0; j < n; j++) {
      p.decoderBias()[j] = (float) (gaussian(r) * 0.05);
    }
    return p;
  }

  /** rows × n standard Gaussian values. */
  static float[] batch(int rows, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[rows * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) gaussian(r);
    }
    return x;
  }

  /** Adam state part-way through training: signed first moments, positive second moments. */
  static AdamState adamState(int n, int m, long step, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    SaeParameters first = SaeParameters.zeros(n, m);
    SaeParameters second = SaeParameters.zeros(n, m);
    float[][] f = arrays(first);
    float[][] s = arrays(second);
    for (int a = 0; a < f.length; a++) {
      for (int k = 0; k < f[a].length; k++) {
        f[a][k] = (float) (gaussian(r) * 1e-3);
        s[a][k] = (float) (r.nextDouble() * 1e-5 + 1e-7);
      }
    }
    return new AdamState(step, first, second);
  }

  static BackendOptions options(int maxRows) {
    return new BackendOptions(1, OptimiserSettings.PAPER, maxRows);
  }

  /** W_e, b_e, W_d, b_d. */
  static float[][] arrays(SaeParameters p) {
    return new float[][] {p.encoderWeight(), p.encoderBias(), p.decoderWeight(), p.decoderBias()};
  }

  /** |actual − expected| ≤ rel · |expected|. */
  static void assertRelative(String what, double actual, double expected, double rel) {
    assertThat(Math.abs(actual - expected))
        .as("%s: actual %s, expected %s", what, actual, expected)
        .isLessThanOrEqualTo(rel * Math.abs(expected));
  }

  /**
   * Every element within rel · (|e| + floor · max|e|), naming the worst one: relative, except that entries far
   * below the array's largest are held to the array's scale, where float32 rounding of sums is absolute.
   */
  static void assertClose(String what, float[] actual, float[] expected, double rel, double floor) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    double max = 0;
    for (float e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    int worst = 0;
    double worstRatio = -1;
    for (int k = 0; k < expected.length; k++) {
      double ratio = Math.abs(actual[k] - expected[k]) / (rel * (Math.abs(expected[k]) + floor * max));
      if (!(ratio <= worstRatio)) {
        worstRatio = ratio;
        worst = k;
      }
    }
    assertThat(worstRatio)
        .as("%s[%d]: actual %s, expected %s (error / allowed = %s)", what, worst, actual[worst], expected[worst],
            worstRatio)
        .isLessThanOrEqualTo(1.0);
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }
}

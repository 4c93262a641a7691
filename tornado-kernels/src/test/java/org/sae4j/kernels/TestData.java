package org.sae4j.kernels;

import java.util.SplittableRandom;

/**
 * Seeded random inputs for backend tests: never zeros, with a mix of active and inactive features. Public (and
 * in the test-jar) for other backends' tests.
 */
public final class TestData {

  private TestData() {
  }

  /**
   * Random parameters: decoder rows in random directions with norms in [0.2, 1.2], encoder rows Gaussian with
   * variance 1/n, encoder biases in [−0.4, 0.2) so that roughly a third to a half of the features fire, small
   * decoder biases.
   */
  public static SaeParameters parameters(int n, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    SaeParameters p = SaeParameters.zeros(n, m);
    double scale = 1 / Math.sqrt(n);
    for (int i = 0; i < m; i++) {
      double norm = 0;
      for (int j = 0; j < n; j++) {
        p.encoderWeight()[i * n + j] = (float) (Gaussian.next(r) * scale);
        double d = Gaussian.next(r);
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
      p.decoderBias()[j] = (float) (Gaussian.next(r) * 0.05);
    }
    return p;
  }

  /** A batch of rows × n standard Gaussian values. */
  public static float[] batch(int rows, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[rows * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) Gaussian.next(r);
    }
    return x;
  }

  /** Adam state part-way through training: positive second moments, signed first moments. */
  public static AdamState adamState(int n, int m, long step, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    SaeParameters first = SaeParameters.zeros(n, m);
    SaeParameters second = SaeParameters.zeros(n, m);
    float[][] f = {first.encoderWeight(), first.encoderBias(), first.decoderWeight(), first.decoderBias()};
    float[][] s = {second.encoderWeight(), second.encoderBias(), second.decoderWeight(), second.decoderBias()};
    for (int a = 0; a < f.length; a++) {
      for (int k = 0; k < f[a].length; k++) {
        f[a][k] = (float) (Gaussian.next(r) * 1e-3);
        s[a][k] = (float) (r.nextDouble() * 1e-5 + 1e-7);
      }
    }
    return new AdamState(step, first, second);
  }

  /** Options with the paper's optimiser settings. */
  public static BackendOptions options(int threads, int maxRows) {
    return new BackendOptions(threads, OptimiserSettings.PAPER, maxRows);
  }

  /** W_e, b_e, W_d, b_d of {@code p}, in {@link ReferenceStep#parameters()} order. */
  public static float[][] arrays(SaeParameters p) {
    return new float[][] {p.encoderWeight(), p.encoderBias(), p.decoderWeight(), p.decoderBias()};
  }
}

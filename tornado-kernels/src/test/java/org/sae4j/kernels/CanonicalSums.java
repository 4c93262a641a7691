package org.sae4j.kernels;

/**
 * The canonical orders of {@link Reductions}, written out lane by lane in plain scalar code, as the reference the
 * vector kernels must match bit for bit at every vector width.
 */
final class CanonicalSums {

  private CanonicalSums() {
  }

  /** Σ x·y: 32 lanes (j mod 32), then a 16-term half block into lanes 0..15, fold halves, sequential tail. */
  static float dot(float[] x, int xOff, float[] y, int yOff, int len) {
    float[] lane = new float[32];
    int j = 0;
    for (int blocks = len / 32 * 32; j < blocks; j++) {
      lane[j % 32] = Math.fma(x[xOff + j], y[yOff + j], lane[j % 32]);
    }
    if (j + 16 <= len) {
      for (int end = j + 16; j < end; j++) {
        lane[j % 32] = Math.fma(x[xOff + j], y[yOff + j], lane[j % 32]);
      }
    }
    for (int half = 16; half >= 1; half /= 2) {
      for (int i = 0; i < half; i++) {
        lane[i] += lane[i + half];
      }
    }
    float s = lane[0];
    for (; j < len; j++) {
      s = Math.fma(x[xOff + j], y[yOff + j], s);
    }
    return s;
  }

  /** Σ x² in float64: 8 lanes (j mod 8), fold halves, sequential tail. */
  static double sumOfSquares(float[] x, int off, int len) {
    double[] lane = new double[8];
    int j = 0;
    for (int blocks = len / 8 * 8; j < blocks; j++) {
      double v = x[off + j];
      lane[j % 8] = Math.fma(v, v, lane[j % 8]);
    }
    for (int half = 4; half >= 1; half /= 2) {
      for (int i = 0; i < half; i++) {
        lane[i] += lane[i + half];
      }
    }
    double s = lane[0];
    for (; j < len; j++) {
      double v = x[off + j];
      s = Math.fma(v, v, s);
    }
    return s;
  }

  /**
   * Values whose sums are sensitive to the order of addition: Gaussian draws scaled by 2^k, k uniform in
   * [−6, 6], so that different groupings round differently.
   */
  static float[] orderSensitive(int count, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    float[] v = new float[count];
    for (int k = 0; k < count; k++) {
      v[k] = (float) Math.scalb(Gaussian.next(r), r.nextInt(-6, 7));
    }
    return v;
  }
}

package org.sae4j.core.eval;

/** Mean max cosine similarity (MMCS) between planted feature directions and a learned dictionary. */
public final class FeatureRecovery {
  /** A true feature counts as recovered when its best cosine similarity reaches this. */
  public static final double RECOVERY_THRESHOLD = 0.9;

  private FeatureRecovery() {
  }

  /**
   * Computes MMCS and the share recovered at cos ≥ 0.9, in float64. The cosine is signed: a decoder row
   * pointing opposite to a true direction does not recover it. Rows of zero norm have cosine 0 with everything.
   *
   * @param trueDirections K × dim, row-major, the planted directions (normalised again here); not modified
   * @param k K, positive
   * @param decoderRows m × dim, row-major, decoder columns of any norm; not modified
   * @param m number of decoder rows, positive
   * @param dim dimension, positive
   */
  public static FeatureRecoveryResult measure(float[] trueDirections, int k, float[] decoderRows, int m, int dim) {
    if (k <= 0 || m <= 0 || dim <= 0) {
      throw new IllegalArgumentException("k, m and dim must be positive, got k=" + k + ", m=" + m + ", dim="
          + dim);
    }
    if (trueDirections.length != (long) k * dim) {
      throw new IllegalArgumentException("trueDirections has length " + trueDirections.length
          + ", expected k*dim = " + k + "*" + dim);
    }
    if (decoderRows.length != (long) m * dim) {
      throw new IllegalArgumentException("decoderRows has length " + decoderRows.length + ", expected m*dim = "
          + m + "*" + dim);
    }
    double[] unitDecoder = normalisedRows(decoderRows, m, dim);
    double[] truth = normalisedRows(trueDirections, k, dim);
    double sum = 0;
    int recovered = 0;
    for (int t = 0; t < k; t++) {
      double best = bestCosine(truth, t * dim, unitDecoder, m, dim);
      sum += best;
      if (best >= RECOVERY_THRESHOLD) {
        recovered++;
      }
    }
    return new FeatureRecoveryResult(sum / k, (double) recovered / k, k);
  }

  private static double bestCosine(double[] truth, int offset, double[] unitDecoder, int m, int dim) {
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      int base = i * dim;
      double dot = 0;
      for (int j = 0; j < dim; j++) {
        dot += truth[offset + j] * unitDecoder[base + j];
      }
      best = Math.max(best, dot);
    }
    return best;
  }

  private static double[] normalisedRows(float[] rows, int count, int dim) {
    double[] out = new double[count * dim];
    for (int r = 0; r < count; r++) {
      int base = r * dim;
      double s = 0;
      for (int j = 0; j < dim; j++) {
        double v = rows[base + j];
        s += v * v;
      }
      // A zero row stays zero, so its cosine with everything is 0 rather than NaN.
      double inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (int j = 0; j < dim; j++) {
        out[base + j] = rows[base + j] * inv;
      }
    }
    return out;
  }
}

package org.sae4j.core.train;

import java.io.IOException;
import org.sae4j.kernels.Seeds;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.BatchReader;
import org.sae4j.store.RowSet;

/**
 * Estimates the scalar s with E‖s·x‖₂ = √n (docs/recipe.md) on a seeded random sample of the training rows. Accumulates in
 * float64 in a fixed order, so the estimate is reproducible.
 */
public final class InputScale {
  /** The name of the sample's random stream ({@link Seeds#derive(long, String)}). */
  static final String STREAM = "input-scale";

  private InputScale() {
  }

  /**
   * @param sampleRows how many training rows to average over (fewer if the set is smaller)
   * @param seed the run seed; the sample draws from its {@value #STREAM} stream
   * @return s = √n / mean‖x‖
   * @throws IOException if the store cannot be read, or every sampled row is zero
   */
  public static double estimate(ActivationStore store, RowSet train, long sampleRows, long seed) throws IOException {
    int dim = store.dim();
    int batch = (int) Math.min(4096, Math.max(1, sampleRows));
    float[] buffer = new float[batch * dim];
    double sum = 0;
    long seen = 0;
    try (BatchReader reader = store.reader(train, batch, Seeds.derive(seed, STREAM), true)) {
      int rows;
      while (seen < sampleRows && (rows = reader.next(buffer)) > 0) {
        int take = (int) Math.min(rows, sampleRows - seen);
        for (int r = 0; r < take; r++) {
          double sq = 0;
          for (int j = 0; j < dim; j++) {
            double v = buffer[r * dim + j];
            sq += v * v;
          }
          sum += Math.sqrt(sq);
        }
        seen += take;
      }
    }
    double meanNorm = sum / Math.max(1, seen);
    if (!(meanNorm > 0) || !Double.isFinite(meanNorm)) {
      throw new IOException("cannot scale inputs: mean activation norm over " + seen + " training rows is "
          + meanNorm + " (all-zero or non-finite data?)");
    }
    return Math.sqrt(dim) / meanNorm;
  }
}

package org.sae4j.core.run;

import java.io.IOException;
import java.util.List;
import org.sae4j.core.analysis.HeldOutBatch;
import org.sae4j.core.analysis.HeldOutObserver;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.BatchReader;
import org.sae4j.store.RowSet;

/**
 * One streaming pass of held-out rows through a trained SAE, in store order, batch by batch: the backend sees s·x,
 * its reconstruction is divided by s, and every observer sees each batch in the original scale. The evaluation's
 * metrics and every analysis that needs the held-out tokens observe the same pass.
 */
public final class HeldOutPass {

  private HeldOutPass() {
  }

  /**
   * @param backend holds the trained (scaled-space) parameters; only {@code forward} is used
   * @param inputScale s
   * @param maxRows read at most this many rows of {@code eval}
   * @param batchSize rows per forward pass (at most the backend's {@code maxBatchRows})
   * @param observers see every batch, in list order
   * @return the number of rows read
   */
  public static long run(Backend backend, double inputScale, ActivationStore store, RowSet eval, long maxRows,
                         int batchSize, List<HeldOutObserver> observers) throws IOException {
    int dim = store.dim();
    float[] x = new float[batchSize * dim];
    float[] scaled = new float[batchSize * dim];
    float[] reconstruction = new float[batchSize * dim];
    SparseCodes codes = new SparseCodes();
    int[] tokenIds = new int[batchSize];
    long[] sequences = new long[batchSize];
    int[] positions = new int[batchSize];
    float s = (float) inputScale;
    long done = 0;
    try (BatchReader reader = store.reader(eval, batchSize, 0, false)) {
      int rows;
      boolean tokens = reader.hasTokenColumns();
      while (done < maxRows && (rows = reader.next(x, tokenIds, sequences, positions)) > 0) {
        rows = (int) Math.min(rows, maxRows - done);
        int values = rows * dim;
        for (int k = 0; k < values; k++) {
          scaled[k] = x[k] * s;
        }
        backend.forward(scaled, rows, reconstruction, codes);
        for (int k = 0; k < values; k++) {
          reconstruction[k] /= s;
        }
        HeldOutBatch batch = new HeldOutBatch(rows, dim, x, reconstruction, codes, tokens ? tokenIds : null,
            tokens ? sequences : null, tokens ? positions : null);
        for (HeldOutObserver o : observers) {
          o.observe(batch);
        }
        done += rows;
      }
    }
    return done;
  }
}

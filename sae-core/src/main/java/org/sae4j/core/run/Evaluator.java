package org.sae4j.core.run;

import java.io.IOException;
import org.sae4j.core.eval.EvaluationAccumulator;
import org.sae4j.core.eval.EvaluationResult;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.BatchReader;
import org.sae4j.store.FaultInjection;
import org.sae4j.store.RowSet;

/**
 * Streams held-out rows through a trained SAE and accumulates SPEC §3's metrics in the original scale: the backend
 * sees s·x, its reconstruction is divided by s, and feature norms are those of the folded SAE (‖W_d,i‖ / s).
 *
 * <p>Fault point {@code evaluate.batch} ({@link FaultInjection}) is passed after each evaluated batch.
 */
public final class Evaluator {

  private Evaluator() {
  }

  /** ‖W_d,i‖ of the folded SAE, the one that works on original-scale activations: ‖W_d,i‖ / s. */
  public static double[] originalNorms(SaeParameters scaled, double inputScale) {
    double[] norms = new double[scaled.features()];
    for (int i = 0; i < norms.length; i++) {
      norms[i] = scaled.decoderNorm(i) / inputScale;
    }
    return norms;
  }

  /** Sees each evaluated batch: its sparse codes and, for harvested data, where its tokens came from. */
  @FunctionalInterface
  public interface BatchObserver {
    /**
     * @param rows rows in this batch
     * @param codes f(x) of each row (scaled space, so multiply by the scaled decoder norm for f_i·‖W_d,i‖)
     * @param tokenIds token id per row, or null when the store has no token columns
     * @param sequences window index per row, or null
     * @param positions position in the window per row, or null
     */
    void observe(int rows, SparseCodes codes, int[] tokenIds, long[] sequences, int[] positions);
  }

  /**
   * @param backend holds the trained (scaled-space) parameters; only {@code forward} is used
   * @param inputScale s
   * @param maxRows evaluate at most this many rows of {@code eval}
   * @param batchSize rows per forward pass (at most the backend's {@code maxBatchRows})
   * @param observer sees every batch, or null
   */
  public static EvaluationResult evaluate(Backend backend, double inputScale, ActivationStore store, RowSet eval,
                                          long maxRows, int batchSize, BatchObserver observer) throws IOException {
    int dim = store.dim();
    double[] norms = originalNorms(backend.parameters(), inputScale);
    EvaluationAccumulator acc = new EvaluationAccumulator(dim, norms.length, norms);
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
        acc.add(x, reconstruction, rows, codes);
        if (observer != null) {
          observer.observe(rows, codes, tokens ? tokenIds : null, tokens ? sequences : null, tokens ? positions : null);
        }
        done += rows;
        FaultInjection.point("evaluate.batch");
      }
    }
    if (done == 0) {
      throw new IOException("the evaluation split is empty: set data.evalTokens > 0");
    }
    return acc.result();
  }
}

package org.sae4j.kernels;

/**
 * How a backend is built.
 *
 * @param threads worker threads for backends that use CPU threads (>= 1); results must not depend on it
 * @param optimiser Adam settings and gradient clip
 * @param maxBatchRows the largest batch that will be passed to {@link Backend#step} or {@link Backend#forward};
 *     backends size their reusable buffers from it
 */
public record BackendOptions(int threads, OptimiserSettings optimiser, int maxBatchRows) {

  public BackendOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (maxBatchRows < 1) {
      throw new IllegalArgumentException("maxBatchRows must be >= 1, got " + maxBatchRows);
    }
    if (optimiser == null) {
      throw new IllegalArgumentException("optimiser is null");
    }
  }
}

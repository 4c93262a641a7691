package org.sae4j.kernels;

/**
 * How a backend is built.
 *
 * @param threads worker threads for backends that use CPU threads (>= 1); results must not depend on it
 * @param optimiser Adam settings and gradient clip
 * @param maxBatchRows the largest batch that will be passed to {@link Backend#step} or {@link Backend#forward};
 *     backends size their reusable buffers from it
 * @param rule the activation rule of the architecture being trained
 */
public record BackendOptions(int threads, OptimiserSettings optimiser, int maxBatchRows, ActivationRule rule) {

  /** Options for the ReLU rule of the 2024 recipe. */
  public BackendOptions(int threads, OptimiserSettings optimiser, int maxBatchRows) {
    this(threads, optimiser, maxBatchRows, ActivationRule.RELU);
  }

  public BackendOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (maxBatchRows < 1) {
      throw new IllegalArgumentException("maxBatchRows must be >= 1, got " + maxBatchRows);
    }
    if (optimiser == null || rule == null) {
      throw new IllegalArgumentException("optimiser and rule must be set, got " + optimiser + ", " + rule);
    }
  }
}

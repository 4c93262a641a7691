package org.sae4j.bench;

/**
 * How a benchmark is run.
 *
 * @param warmup untimed repetitions per side before timing (JIT, allocator and cache warm-up)
 * @param repetitions timed repetitions per side, alternating sae4j and PyTorch
 * @param threads worker threads for sae4j's JVM backend and PyTorch's intra-op pool alike
 * @param seed seeds the synthetic data and weights
 * @param batchCount distinct batches cycled through
 * @param learningRate Adam's learning rate for every step (the paper's default 5e-5)
 * @param l1Coefficient λ for every step (the paper's default 5)
 */
public record BenchSettings(int warmup, int repetitions, int threads, long seed, int batchCount,
                            double learningRate, double l1Coefficient) {

  public BenchSettings {
    if (warmup < 0 || repetitions < 1 || threads < 1 || batchCount < 1) {
      throw new IllegalArgumentException("need warmup >= 0, repetitions >= 1, threads >= 1, batchCount >= 1; got "
          + warmup + ", " + repetitions + ", " + threads + ", " + batchCount);
    }
  }

  /** The defaults of {@code benchmarks/run}: 3 warm-up, 10 timed, the machine's cores, the paper's lr and λ. */
  public static BenchSettings defaults() {
    return new BenchSettings(3, 10, Runtime.getRuntime().availableProcessors(), 20240521L, 4, 5.0e-5, 5.0);
  }
}

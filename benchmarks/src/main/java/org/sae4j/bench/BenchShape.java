package org.sae4j.bench;

/**
 * The shape and sparsity of one benchmark.
 *
 * @param label printed name
 * @param inputDim n
 * @param features m
 * @param rows B, tokens per step
 * @param targetL0 active features per token that the synthetic data is built for
 */
public record BenchShape(String label, int inputDim, int features, int rows, double targetL0) {

  /** The shape (n=768, m=16384, B=4096) at about 64 active features per token. */
  public static final BenchShape BIG_L0_64 = new BenchShape("big", 768, 16384, 4096, 64);
  /** The shape at about 300 active features per token. */
  public static final BenchShape BIG_L0_300 = new BenchShape("big", 768, 16384, 4096, 300);
  /** A small shape for quick runs. */
  public static final BenchShape QUICK = new BenchShape("quick", 256, 4096, 1024, 64);

  public BenchShape {
    if (inputDim < 1 || features < 1 || rows < 1) {
      throw new IllegalArgumentException("shape dimensions must be >= 1, got n=" + inputDim + ", m=" + features
          + ", B=" + rows);
    }
  }

  /** Floating-point operations of the encoder product X·W_eᵀ: 2·B·n·m. */
  public double encoderFlops() {
    return 2.0 * rows * inputDim * features;
  }

  @Override
  public String toString() {
    return label + " n=" + inputDim + " m=" + features + " B=" + rows;
  }
}

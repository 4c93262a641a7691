package org.sae4j.sweep;

/**
 * The compute of a training run as the sweep counts it: C = 6·n·m·tokens, the dense-equivalent FLOPs of the forward
 * and backward passes through an n×m encoder and an m×n decoder. It is the paper's measure and makes runs
 * comparable; the JVM backend's sparse kernels do less work than this, so C is not the arithmetic actually done.
 */
public final class Compute {
  /** How sweep.json and sweep.md state it. */
  public static final String DEFINITION = "C = 6·n·m·tokens: dense-equivalent training FLOPs (forward and backward "
      + "through the n×m encoder and the m×n decoder as if dense; the sparse kernels do less)";

  private Compute() {
  }

  /** 6·n·m·tokens. */
  public static double flops(int dim, int features, long tokens) {
    return 6.0 * dim * features * tokens;
  }
}

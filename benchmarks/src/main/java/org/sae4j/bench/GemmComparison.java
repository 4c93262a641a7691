package org.sae4j.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.function.Consumer;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;

/**
 * The encoder product X·W_eᵀ (B×n times (m×n)ᵀ) on both sides. sae4j has no public GEMM entry point, so its
 * side is {@link Backend#forward} with every encoder bias so negative that no feature fires: the decoder then
 * costs nothing and what is timed is the encoder GEMM plus the bias/ReLU/active-set scan over B×m
 * pre-activations. PyTorch's side is DJL's {@code matMul} of the same operands, W_eᵀ as a transposed view (as
 * {@code x @ W_e.T} is in PyTorch), allocating its result like a PyTorch user's code does.
 */
public final class GemmComparison {

  /**
   * What a comparison measured.
   *
   * @param sae4j sae4j's times
   * @param reference PyTorch's times
   * @param flops floating-point operations per product, 2·B·n·m
   */
  public record Result(Timing sae4j, Timing reference, double flops) {

    /** sae4j's GFLOP/s over PyTorch's, at the medians. */
    public double ratio() {
      return sae4j.ratePerSecond(flops) / reference.ratePerSecond(flops);
    }
  }

  private GemmComparison() {
  }

  /**
   * Runs {@code settings.warmup()} untimed then {@code settings.repetitions()} timed products per side,
   * alternating.
   *
   * @throws IllegalStateException if a feature fired on sae4j's side (the measurement would include decoding)
   */
  public static Result run(BenchShape shape, BenchSettings settings, SyntheticWorkload data, Consumer<String> log) {
    int n = shape.inputDim();
    int m = shape.features();
    int rows = shape.rows();
    SaeParameters silenced = data.silenced();
    float[] batch = data.batch(0);
    BackendOptions options = new BackendOptions(settings.threads(), OptimiserSettings.PAPER, rows);
    float[] reconstruction = new float[rows * n];
    SparseCodes codes = new SparseCodes();
    int total = settings.warmup() + settings.repetitions();
    double[] sae4jMillis = new double[settings.repetitions()];
    double[] referenceMillis = new double[settings.repetitions()];
    try (Backend backend = Backends.select("jvm", log).create(silenced, AdamState.initial(n, m), options);
         NDManager manager = NDManager.newBaseManager(Device.cpu(), ReferenceStep.ENGINE)) {
      NDArray x = manager.create(FloatBuffer.wrap(batch, 0, rows * n).slice(), new Shape(rows, n));
      NDArray encoderTransposed = manager.create(silenced.encoderWeight(), new Shape(m, n)).transpose();
      for (int s = 0; s < total; s++) {
        long t0 = System.nanoTime();
        backend.forward(batch, rows, reconstruction, codes);
        long t1 = System.nanoTime();
        try (NDArray product = x.matMul(encoderTransposed)) {
          long t2 = System.nanoTime();
          if (codes.size() != 0) {
            throw new IllegalStateException(codes.size() + " features fired in the silenced encoder GEMM run");
          }
          if (product.getShape().get(1) != m) {
            throw new IllegalStateException("PyTorch product has shape " + product.getShape() + ", expected ("
                + rows + ", " + m + ")");
          }
          int timed = s - settings.warmup();
          log.accept(String.format("  gemm %2d (%s): sae4j %8.1f ms | pytorch %8.1f ms", s + 1,
              timed < 0 ? "warm-up" : "timed", (t1 - t0) / 1e6, (t2 - t1) / 1e6));
          if (timed >= 0) {
            sae4jMillis[timed] = (t1 - t0) / 1e6;
            referenceMillis[timed] = (t2 - t1) / 1e6;
          }
        }
      }
    }
    return new Result(new Timing("sae4j-jvm forward (GEMM+ReLU scan)", sae4jMillis),
        new Timing("pytorch-djl matMul", referenceMillis), shape.encoderFlops());
  }
}

package org.sae4j.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;

/**
 * JMH micro-benchmark of the encoder product X·W_eᵀ, the same measurement as {@link GemmComparison} under JMH's
 * control (forked JVM, iterations, error bars). sae4j's side is {@link Backend#forward} with no feature firing;
 * PyTorch's side is DJL's {@code matMul}. Run with {@code benchmarks/run jmh}; JMH options such as
 * {@code -p features=16384 -p inputDim=768 -p rows=4096} pick other shapes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncoderGemmJmh {

  /** n. */
  @Param("256")
  public int inputDim;
  /** m. */
  @Param("4096")
  public int features;
  /** B. */
  @Param("1024")
  public int rows;
  /** Threads of both sides. */
  @Param("2")
  public int threads;

  private Backend backend;
  private NDManager manager;
  private NDArray x;
  private NDArray encoderTransposed;
  private float[] batch;
  private float[] reconstruction;
  private final SparseCodes codes = new SparseCodes();

  /** Builds both sides on the same seeded data. */
  @Setup
  public void setUp() {
    ReferenceStep.setIntraOpThreads(threads);
    SyntheticWorkload data = SyntheticWorkload.generate(inputDim, features, rows, 1, 1, 7);
    SaeParameters silenced = data.silenced();
    batch = data.batch(0);
    reconstruction = new float[rows * inputDim];
    backend = Backends.select("jvm", line -> { }).create(silenced, AdamState.initial(inputDim, features),
        new BackendOptions(threads, OptimiserSettings.PAPER, rows));
    manager = NDManager.newBaseManager(Device.cpu(), ReferenceStep.ENGINE);
    x = manager.create(FloatBuffer.wrap(batch), new Shape(rows, inputDim));
    encoderTransposed = manager.create(silenced.encoderWeight(), new Shape(features, inputDim)).transpose();
  }

  /** Releases both sides. */
  @TearDown
  public void tearDown() {
    backend.close();
    manager.close();
  }

  /** sae4j: encoder GEMM plus the bias/ReLU scan (nothing fires, so nothing is decoded). */
  @Benchmark
  public int sae4jEncoder() {
    backend.forward(batch, rows, reconstruction, codes);
    return codes.size();
  }

  /** PyTorch through DJL: {@code x @ W_e.T}, allocating the result as user code does. */
  @Benchmark
  public long pytorchMatMul() {
    try (NDArray product = x.matMul(encoderTransposed)) {
      return product.getShape().get(1);
    }
  }
}

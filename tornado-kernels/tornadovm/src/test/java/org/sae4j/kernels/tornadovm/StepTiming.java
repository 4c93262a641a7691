package org.sae4j.kernels.tornadovm;

import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.JvmBackendProvider;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.TestData;

/**
 * Informational step timing, TornadoVM against the JVM backend (not a test): {@code n m B steps [threads]}.
 * Prints the first step (which includes TornadoVM's JIT compilation) and the median of the following ones.
 */
final class StepTiming {

  private StepTiming() {
  }

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int m = Integer.parseInt(args[1]);
    int rows = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
    SaeParameters init = TestData.parameters(n, m, 1);
    BackendOptions options = new BackendOptions(threads, OptimiserSettings.PAPER, rows);
    float[] x = TestData.batch(rows, n, 2);
    for (BackendProvider p : new BackendProvider[] {new TornadoVmBackendProvider(), new JvmBackendProvider()}) {
      try (Backend b = p.create(init, AdamState.initial(n, m), options)) {
        long[] ns = new long[steps];
        for (int s = 0; s < steps; s++) {
          long t0 = System.nanoTime();
          b.step(x, rows, new StepInput(1e-4, 1.0));
          ns[s] = System.nanoTime() - t0;
        }
        long[] rest = java.util.Arrays.copyOfRange(ns, 1, steps);
        java.util.Arrays.sort(rest);
        double flops = 2.0 * rows * n * m * 5;
        System.out.printf("%-9s n=%d m=%d B=%d: first step %.1f ms, median of %d steps %.2f ms (%.1f GFLOP/s dense-equivalent) on %s%n",
            p.name(), n, m, rows, ns[0] / 1e6, rest.length, rest[rest.length / 2] / 1e6,
            flops / rest[rest.length / 2], b.device());
      }
    }
  }
}

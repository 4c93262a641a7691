package org.sae4j.bench;

import java.util.function.Consumer;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.StepResult;

/**
 * Times whole training steps of sae4j's JVM backend and of the dense PyTorch {@link ReferenceStep} on the same
 * data from the same initial weights, in one JVM, alternating one step of each so that both see the same
 * machine load.
 */
public final class StepComparison {

  /**
   * What a comparison measured.
   *
   * @param sae4j sae4j's step times
   * @param reference the PyTorch step times
   * @param sae4jL0 mean active features per token over sae4j's timed steps (from its StepResults)
   * @param referenceL0 the same for the reference
   * @param sae4jFirstLoss the loss of sae4j's first step (same weights and batch on both sides)
   * @param referenceFirstLoss the loss of the reference's first step
   */
  public record Result(Timing sae4j, Timing reference, double sae4jL0, double referenceL0, double sae4jFirstLoss,
                       double referenceFirstLoss) {

    /** Median PyTorch time over median sae4j time. */
    public double speedup() {
      return reference.median() / sae4j.median();
    }
  }

  private StepComparison() {
  }

  /**
   * Runs {@code settings.warmup()} untimed then {@code settings.repetitions()} timed steps per side.
   *
   * @param log receives progress lines
   */
  public static Result run(BenchShape shape, BenchSettings settings, SyntheticWorkload data, Consumer<String> log) {
    SaeParameters initial = data.initial();
    AdamState adam = AdamState.initial(shape.inputDim(), shape.features());
    BackendOptions options = new BackendOptions(settings.threads(), OptimiserSettings.PAPER, shape.rows());
    int total = settings.warmup() + settings.repetitions();
    double[] sae4jMillis = new double[settings.repetitions()];
    double[] referenceMillis = new double[settings.repetitions()];
    double sae4jL0 = 0;
    double referenceL0 = 0;
    double sae4jFirstLoss = Double.NaN;
    double referenceFirstLoss = Double.NaN;
    try (Backend backend = Backends.select("jvm", log).create(initial, adam, options);
         ReferenceStep reference = new ReferenceStep(initial, adam, OptimiserSettings.PAPER)) {
      for (int s = 0; s < total; s++) {
        float[] batch = data.batch(s);
        long t0 = System.nanoTime();
        StepResult mine = backend.step(batch, shape.rows(), settings.learningRate(), settings.l1Coefficient());
        long t1 = System.nanoTime();
        StepResult theirs = reference.step(batch, shape.rows(), settings.learningRate(), settings.l1Coefficient());
        long t2 = System.nanoTime();
        if (s == 0) {
          sae4jFirstLoss = mine.loss();
          referenceFirstLoss = theirs.loss();
        }
        int timed = s - settings.warmup();
        String phase = timed < 0 ? "warm-up" : "timed";
        log.accept(String.format("  step %2d (%s): sae4j %8.1f ms (L0 %.1f, loss %.5f) | pytorch %8.1f ms (L0 %.1f,"
            + " loss %.5f)", s + 1, phase, (t1 - t0) / 1e6, mine.l0(), mine.loss(), (t2 - t1) / 1e6, theirs.l0(),
            theirs.loss()));
        if (timed >= 0) {
          sae4jMillis[timed] = (t1 - t0) / 1e6;
          referenceMillis[timed] = (t2 - t1) / 1e6;
          sae4jL0 += mine.l0() / settings.repetitions();
          referenceL0 += theirs.l0() / settings.repetitions();
        }
      }
    }
    return new Result(new Timing("sae4j-jvm", sae4jMillis), new Timing("pytorch-djl", referenceMillis), sae4jL0,
        referenceL0, sae4jFirstLoss, referenceFirstLoss);
  }
}

package org.sae4j.bench;

import java.util.function.Consumer;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;

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
    try (Backend backend = Backends.select("jvm", log).create(initial, adam, options);
         ReferenceStep reference = new ReferenceStep(initial, adam, OptimiserSettings.PAPER)) {
      AlternatingSteps.Measured m = AlternatingSteps.run("sae4j",
          (x, r, lr, l1) -> backend.step(x, r, new StepInput(lr, l1)), "pytorch", reference::step, shape, settings,
          data, log);
      return new Result(new Timing("sae4j-jvm", m.firstMillis()), new Timing("pytorch-djl", m.secondMillis()),
          m.firstL0(), m.secondL0(), m.firstLoss(), m.secondLoss());
    }
  }
}

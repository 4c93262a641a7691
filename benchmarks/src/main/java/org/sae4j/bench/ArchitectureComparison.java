package org.sae4j.bench;

import java.util.function.Consumer;
import org.sae4j.kernels.ActivationRule;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.StepInput;

/**
 * Times the JVM backend's TopK step against its ReLU step at the same shape and the same L0, alternating one step
 * of each on the same batches. The ReLU side starts from weights that fire on about k features per token; the
 * TopK side from weights that fire on about 2k, of which it keeps k, so both decode and differentiate k features
 * per token. The TopK rule's dead window is the paper's 10 M tokens, so no feature dies within a benchmark run and
 * the AuxK loss costs nothing here (with dead features it adds one sparse pass over at most kAux of them per row).
 */
public final class ArchitectureComparison {

  /** The paper's dead window, in tokens. */
  private static final long DEAD_TOKENS = 10_000_000;

  /**
   * What a comparison measured.
   *
   * @param relu the ReLU steps
   * @param topK the TopK steps
   * @param reluL0 mean active features per token over the ReLU side's timed steps
   * @param topKL0 the same for TopK
   */
  public record Result(Timing relu, Timing topK, double reluL0, double topKL0) {

    /** Median TopK time over median ReLU time: at most 1.25 is the target. */
    public double ratio() {
      return topK.median() / relu.median();
    }
  }

  private ArchitectureComparison() {
  }

  /**
   * Runs {@code settings.warmup()} untimed then {@code settings.repetitions()} timed steps per side.
   *
   * @param reluData batches and ReLU weights at L0 ≈ k
   * @param topKData weights at L0 ≈ 2k (its batches are not used)
   * @param k features the TopK side keeps per token
   */
  public static Result run(BenchShape shape, BenchSettings settings, SyntheticWorkload reluData,
                           SyntheticWorkload topKData, int k, Consumer<String> log) {
    AdamState adam = AdamState.initial(shape.inputDim(), shape.features());
    ActivationRule topK = new ActivationRule.TopK(k, shape.inputDim() / 2, 1.0 / 32,
        (DEAD_TOKENS + shape.rows() - 1) / shape.rows());
    try (Backend relu = Backends.select("jvm", log).create(reluData.initial(), adam,
        new BackendOptions(settings.threads(), OptimiserSettings.PAPER, shape.rows()));
         Backend top = Backends.select("jvm", log).create(topKData.initial(), adam,
             new BackendOptions(settings.threads(), OptimiserSettings.PAPER, shape.rows(), topK))) {
      AlternatingSteps.Measured m = AlternatingSteps.run("relu-l1",
          (x, r, lr, l1) -> relu.step(x, r, new StepInput(lr, l1)), "topk",
          (x, r, lr, l1) -> top.step(x, r, StepInput.withoutPenalty(lr)), shape, settings, reluData, log);
      return new Result(new Timing("sae4j-jvm relu-l1", m.firstMillis()),
          new Timing("sae4j-jvm topk k=" + k, m.secondMillis()), m.firstL0(), m.secondL0());
    }
  }
}

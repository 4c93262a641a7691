package org.sae4j.bench;

import java.util.List;
import java.util.function.Consumer;
import org.sae4j.kernels.ActivationRule;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.AuxK;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.StepInput;

/**
 * Times the JVM backend's step of another architecture against its ReLU step at the same shape and the same L0,
 * alternating one step of each on the same batches. The ReLU side starts from weights that fire on about k features
 * per token. TopK and BatchTopK start from weights that fire on about 2k, of which they keep k (per token, or B·k
 * per batch), so both sides decode and differentiate k features per token; their AuxK dead window is the paper's
 * 10 M tokens, so no feature dies within a benchmark run and the AuxK loss costs nothing here (with dead features it
 * adds one sparse pass over at most kAux of them per row). JumpReLU starts from the ReLU side's weights with the paper's
 * θ = ε = 0.001, so it keeps about the same k features, and pays for the pairs within ε/2 below θ and the threshold
 * gradient; it gets the same penalty coefficient as ReLU.
 */
public final class ArchitectureComparison {

  /** The architectures {@code --arch} accepts. */
  public static final List<String> KINDS = List.of("topk", "batchtopk", "jumprelu");
  /** The paper's dead window, in tokens. */
  private static final long DEAD_TOKENS = 10_000_000;

  /**
   * What a comparison measured.
   *
   * @param architecture the kind timed against ReLU
   * @param relu the ReLU steps
   * @param candidate the other architecture's steps
   * @param reluL0 mean active features per token over the ReLU side's timed steps
   * @param candidateL0 the same for the other architecture
   */
  public record Result(String architecture, Timing relu, Timing candidate, double reluL0, double candidateL0) {

    /** Median time of the architecture over median ReLU time: at most 1.25 is the target. */
    public double ratio() {
      return candidate.median() / relu.median();
    }
  }

  private ArchitectureComparison() {
  }

  /**
   * Runs {@code settings.warmup()} untimed then {@code settings.repetitions()} timed steps per side.
   *
   * @param architecture one of {@link #KINDS}
   * @param reluData batches and ReLU weights at L0 ≈ k
   * @param wideData weights at L0 ≈ 2k (its batches are not used)
   * @param k features kept per token
   */
  public static Result run(String architecture, BenchShape shape, BenchSettings settings, SyntheticWorkload reluData,
                           SyntheticWorkload wideData, int k, Consumer<String> log) {
    AdamState adam = AdamState.initial(shape.inputDim(), shape.features());
    AuxK aux = new AuxK(shape.inputDim() / 2, 1.0 / 32, (DEAD_TOKENS + shape.rows() - 1) / shape.rows());
    ActivationRule rule = switch (architecture) {
      case "topk" -> new ActivationRule.TopK(k, aux);
      case "batchtopk" -> new ActivationRule.BatchTopK(k, 0.999, aux);
      case "jumprelu" -> new ActivationRule.JumpRelu(0.001, 0.001);
      default -> throw new IllegalArgumentException("unknown architecture '" + architecture + "'; known: "
          + String.join(", ", KINDS));
    };
    boolean penalised = rule instanceof ActivationRule.JumpRelu;
    SyntheticWorkload start = penalised ? reluData : wideData;
    try (Backend relu = Backends.select("jvm", log).create(reluData.initial(), adam,
        new BackendOptions(settings.threads(), OptimiserSettings.PAPER, shape.rows()));
         Backend other = Backends.select("jvm", log).create(start.initial(), adam,
             new BackendOptions(settings.threads(), OptimiserSettings.PAPER, shape.rows(), rule))) {
      AlternatingSteps.Measured m = AlternatingSteps.run("relu-l1",
          (x, r, lr, l1) -> relu.step(x, r, new StepInput(lr, l1)), architecture,
          (x, r, lr, l1) -> other.step(x, r, new StepInput(lr, penalised ? l1 : 0)), shape, settings, reluData,
          log);
      return new Result(architecture, new Timing("sae4j-jvm relu-l1", m.firstMillis()),
          new Timing("sae4j-jvm " + architecture + (penalised ? "" : " k=" + k), m.secondMillis()), m.firstL0(),
          m.secondL0());
    }
  }
}

package org.sae4j.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;

/**
 * Times whole training steps of two sae4j backends chosen by name ({@link Backends#select}), for example the JVM
 * backend against TornadoVM's, on the same batches from the same initial weights, alternating one step of each.
 * The benchmarks module has no compile dependency on any backend but the SPI: a backend whose jar and runtime
 * are not there fails {@link Backends#select} with its reason.
 */
public final class BackendComparison {

  /**
   * What a comparison measured.
   *
   * @param baseline the baseline backend's step times ({@link Timing#side()} is its name)
   * @param candidate the candidate backend's step times
   * @param baselineDevice the baseline's {@link Backend#device()}
   * @param candidateDevice the candidate's device
   * @param baselineL0 mean active features per token over the baseline's timed steps
   * @param candidateL0 the same for the candidate
   * @param baselineFirstLoss the loss of the baseline's first step (same weights and batch on both sides)
   * @param candidateFirstLoss the loss of the candidate's first step
   */
  public record Result(Timing baseline, Timing candidate, String baselineDevice, String candidateDevice,
                       double baselineL0, double candidateL0, double baselineFirstLoss, double candidateFirstLoss) {

    /** Median baseline time over median candidate time: above 1 when the candidate is faster. */
    public double ratio() {
      return baseline.median() / candidate.median();
    }

    /** The table: median, min, max and tokens/s per backend, the devices, L0, first-step losses and the ratio. */
    public String table(BenchShape shape) {
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, "%n== training step, %s vs %s: %s, target L0 %.0f ==%n",
          candidate().side(), baseline().side(), shape, shape.targetL0()));
      s.append(StepBenchmark.header("tokens/s"));
      for (Timing t : List.of(baseline(), candidate())) {
        s.append(StepBenchmark.row(t, t.ratePerSecond(shape.rows()), "%12.0f"));
      }
      s.append(String.format(Locale.ROOT, "devices: %s: %s; %s: %s%n", baseline().side(), baselineDevice(),
          candidate().side(), candidateDevice()));
      double lossDiff = Math.abs(candidateFirstLoss() - baselineFirstLoss()) / Math.abs(baselineFirstLoss());
      s.append(String.format(Locale.ROOT, "measured L0 (timed steps): %s %.1f, %s %.1f%n", baseline().side(),
          baselineL0(), candidate().side(), candidateL0()));
      s.append(String.format(Locale.ROOT, "first-step loss: %s %.6f, %s %.6f (relative difference %.1e)%n",
          baseline().side(), baselineFirstLoss(), candidate().side(), candidateFirstLoss(), lossDiff));
      s.append(String.format(Locale.ROOT, "ratio (%s median / %s median): %.3f%n", baseline().side(),
          candidate().side(), ratio()));
      return s.toString();
    }

    /** {@code RESULT <candidate>_step_ms=<median> <baseline>_step_ms=<median> ratio=<baseline/candidate>}. */
    public String resultLine() {
      return String.format(Locale.ROOT, "RESULT %s_step_ms=%.1f %s_step_ms=%.1f ratio=%.3f", candidate().side(),
          candidate().median(), baseline().side(), baseline().median(), ratio());
    }
  }

  private BackendComparison() {
  }

  /**
   * Creates both backends, then runs {@code settings.warmup()} untimed and {@code settings.repetitions()} timed
   * steps of each. A device backend compiles its kernels in its first steps, which is why warm-up matters.
   *
   * @param baselineName the baseline backend, e.g. {@code jvm}
   * @param candidateName the candidate backend, e.g. {@code tornadovm}
   * @param log receives the backends' selection lines and one progress line per step
   * @throws IllegalArgumentException when a backend is unknown or not available here, with the reason
   */
  public static Result run(String baselineName, String candidateName, BenchShape shape, BenchSettings settings,
                           SyntheticWorkload data, Consumer<String> log) {
    AdamState adam = AdamState.initial(shape.inputDim(), shape.features());
    BackendOptions options = new BackendOptions(settings.threads(), OptimiserSettings.PAPER, shape.rows());
    try (Backend baseline = Backends.select(baselineName, log).create(data.initial(), adam, options);
         Backend candidate = Backends.select(candidateName, log).create(data.initial(), adam, options)) {
      log.accept(baselineName + " device: " + baseline.device());
      log.accept(candidateName + " device: " + candidate.device());
      AlternatingSteps.Measured m = AlternatingSteps.run(baselineName,
          (x, r, lr, l1) -> baseline.step(x, r, new StepInput(lr, l1)), candidateName,
          (x, r, lr, l1) -> candidate.step(x, r, new StepInput(lr, l1)), shape, settings, data, log);
      return new Result(new Timing(baselineName, m.firstMillis()), new Timing(candidateName, m.secondMillis()),
          baseline.device(), candidate.device(), m.firstL0(), m.secondL0(), m.firstLoss(), m.secondLoss());
    }
  }
}

package org.sae4j.bench;

import java.util.Locale;
import java.util.function.Consumer;
import org.sae4j.kernels.StepResult;

/**
 * The loop every whole-step comparison shares: two sides step on the same batches in turn, one step of each per
 * round, so that both see the same machine load; warm-up rounds first, then timed rounds.
 */
final class AlternatingSteps {

  /** One training step, as {@link org.sae4j.kernels.Backend#step} and {@link ReferenceStep#step} take it. */
  @FunctionalInterface
  interface Step {
    StepResult step(float[] batch, int rows, double learningRate, double l1Coefficient);
  }

  /**
   * What the loop measured.
   *
   * @param firstMillis the first side's timed steps, in order
   * @param secondMillis the second side's timed steps, in order
   * @param firstL0 mean active features per token over the first side's timed steps
   * @param secondL0 the same for the second side
   * @param firstLoss the loss of the first side's first step (same weights and batch on both sides)
   * @param secondLoss the loss of the second side's first step
   */
  record Measured(double[] firstMillis, double[] secondMillis, double firstL0, double secondL0, double firstLoss,
                  double secondLoss) {
  }

  private AlternatingSteps() {
  }

  /**
   * Runs {@code settings.warmup()} untimed then {@code settings.repetitions()} timed rounds.
   *
   * @param firstLabel the first side's name in the progress lines
   * @param secondLabel the second side's name in the progress lines
   * @param log receives one progress line per round
   */
  static Measured run(String firstLabel, Step first, String secondLabel, Step second, BenchShape shape,
                      BenchSettings settings, SyntheticWorkload data, Consumer<String> log) {
    int total = settings.warmup() + settings.repetitions();
    double[] firstMillis = new double[settings.repetitions()];
    double[] secondMillis = new double[settings.repetitions()];
    double firstL0 = 0;
    double secondL0 = 0;
    double firstLoss = Double.NaN;
    double secondLoss = Double.NaN;
    for (int s = 0; s < total; s++) {
      float[] batch = data.batch(s);
      long t0 = System.nanoTime();
      StepResult a = first.step(batch, shape.rows(), settings.learningRate(), settings.l1Coefficient());
      long t1 = System.nanoTime();
      StepResult b = second.step(batch, shape.rows(), settings.learningRate(), settings.l1Coefficient());
      long t2 = System.nanoTime();
      if (s == 0) {
        firstLoss = a.loss();
        secondLoss = b.loss();
      }
      int timed = s - settings.warmup();
      log.accept(String.format(Locale.ROOT, "  step %2d (%s): %s %8.1f ms (L0 %.1f, loss %.5f) | %s %8.1f ms"
          + " (L0 %.1f, loss %.5f)", s + 1, timed < 0 ? "warm-up" : "timed", firstLabel, (t1 - t0) / 1e6, a.l0(),
          a.loss(), secondLabel, (t2 - t1) / 1e6, b.l0(), b.loss()));
      if (timed >= 0) {
        firstMillis[timed] = (t1 - t0) / 1e6;
        secondMillis[timed] = (t2 - t1) / 1e6;
        firstL0 += a.l0() / settings.repetitions();
        secondL0 += b.l0() / settings.repetitions();
      }
    }
    return new Measured(firstMillis, secondMillis, firstL0, secondL0, firstLoss, secondLoss);
  }
}

package org.sae4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.sae4j.kernels.StepResult;
import org.sae4j.store.AtomicFiles;

/**
 * The training curve: one CSV row per logged step (step, tokens, loss, mse, l1, l0, lr, λ, grad norm), kept in memory
 * and written atomically, so an interrupted run leaves no curve that looks complete.
 */
public final class TrainingCurve {
  static final String HEADER = "step,tokens,loss,mse,l1,l0,lr,l1_coefficient,grad_norm\n";

  private final StringBuilder csv = new StringBuilder(HEADER);
  private int points;

  /** Appends the scalars of step {@code step} (0-based), taken with the given lr and λ. */
  public void add(long step, long tokens, StepResult r, double lr, double l1Coefficient) {
    csv.append(String.format(Locale.ROOT, "%d,%d,%.9g,%.9g,%.9g,%.6g,%.9g,%.9g,%.9g%n", step, tokens, r.loss(), r.mse(),
        r.l1(), r.l0(), lr, l1Coefficient, r.gradNorm()));
    points++;
  }

  public int points() {
    return points;
  }

  /** Writes the curve to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, csv.toString());
  }
}

package org.sae4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.sae4j.kernels.StepResult;
import org.sae4j.store.AtomicFiles;

/**
 * The training curve: one CSV row per logged step (step, tokens, loss, mse, l1, l0, lr, λ, grad norm; loss, mse and
 * l1 in the scaled space the SAE trains in), kept in memory and written atomically, so an interrupted run leaves no
 * curve that looks complete. A periodic checkpoint holds the curve so far, and a resumed run continues it.
 */
public final class TrainingCurve {
  static final String HEADER = "step,tokens,loss,mse,l1,l0,lr,l1_coefficient,grad_norm\n";

  private final StringBuilder csv = new StringBuilder(HEADER);
  private int points;

  /** An empty curve. */
  public TrainingCurve() {
  }

  /**
   * The curve saved in a checkpoint, to continue.
   *
   * @param text the CSV as {@link #text()} returned it
   * @throws IllegalArgumentException when the text does not start with the header or does not end with a newline
   */
  static TrainingCurve restore(String text) {
    if (!text.startsWith(HEADER) || !text.endsWith("\n")) {
      throw new IllegalArgumentException("not a training curve: it must start with the header " + HEADER.strip()
          + " and end with a newline");
    }
    TrainingCurve curve = new TrainingCurve();
    curve.csv.append(text, HEADER.length(), text.length());
    curve.points = (int) text.chars().filter(c -> c == '\n').count() - 1;
    return curve;
  }

  /** Appends the scalars of step {@code step} (0-based), taken with the given lr and λ. */
  public void add(long step, long tokens, StepResult r, double lr, double l1Coefficient) {
    csv.append(String.format(Locale.ROOT, "%d,%d,%.9g,%.9g,%.9g,%.6g,%.9g,%.9g,%.9g%n", step, tokens, r.loss(), r.mse(),
        r.l1(), r.l0(), lr, l1Coefficient, r.gradNorm()));
    points++;
  }

  public int points() {
    return points;
  }

  /** The CSV text so far. */
  String text() {
    return csv.toString();
  }

  /** Writes the curve to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, csv.toString());
  }
}

package org.sae4j.sweep;

import java.time.Duration;
import org.sae4j.store.Progress;

/**
 * A sweep's progress line after each point: points done (and skipped because they were already complete), the share
 * of the compute to run ({@link Progress}, counted in m·tokens: C up to the factor 6·n all points share), and the
 * time left. A point's wall time is not proportional to its compute: its evaluation (and the model's forward passes
 * for harvested data) costs about the same for every point. So the ETA fits seconds = a + b·work over the points
 * finished so far (least squares, a and b at least 0) and sums it over the points still to run, divided by the
 * points trained at once. Thread-safe: parallel points report from their own threads.
 */
final class SweepProgress {
  private final String sweep;
  private final int points;
  private final int skipped;
  private final int parallel;
  private final Progress progress;
  private int done;
  private long doneWork;
  private double remainingWork;
  private double sumW;
  private double sumS;
  private double sumWW;
  private double sumWS;

  /**
   * @param points every point of the sweep
   * @param skipped points already complete
   * @param pendingWork Σ m·tokens of the points to run
   * @param parallel points trained at once
   */
  SweepProgress(String sweep, int points, int skipped, long pendingWork, int parallel) {
    this.sweep = sweep;
    this.points = points;
    this.skipped = skipped;
    this.parallel = parallel;
    this.progress = new Progress(Math.max(1, pendingWork), Duration.ZERO);
    this.remainingWork = pendingWork;
  }

  /**
   * Records that a point finished; returns the progress line.
   *
   * @param work its m·tokens
   * @param seconds its measured wall time (training and evaluation)
   */
  synchronized String finished(String id, long work, double seconds) {
    done++;
    doneWork += work;
    remainingWork -= work;
    sumW += work;
    sumS += seconds;
    sumWW += (double) work * work;
    sumWS += work * seconds;
    progress.update(doneWork);
    int left = points - skipped - done;
    return String.format("sweep %s: point %s done | %d/%d points complete (%d skipped as already complete) | %s of "
        + "the compute to run | elapsed %s | ETA %s", sweep, id, skipped + done, points, skipped,
        progress.percent(doneWork), Progress.clock(progress.elapsedSeconds()),
        Progress.clock(eta(left) / parallel));
  }

  /** Seconds the {@code left} points still to run take at a + b·work. */
  private double eta(int left) {
    double n = done;
    double var = n * sumWW - sumW * sumW;
    double b = var > 1e-9 * n * sumWW ? Math.max(0, (n * sumWS - sumW * sumS) / var) : 0;
    double a = Math.max(0, (sumS - b * sumW) / n);
    return a * left + b * remainingWork;
  }

  /** Seconds since the start. */
  synchronized double elapsedSeconds() {
    return progress.elapsedSeconds();
  }
}

package org.sae4j.sweep;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A sweep's progress: points done (and skipped because they were already complete), and the time left estimated
 * from the compute of the points still to run at the rate (FLOPs per second of wall time) of the points run so far.
 * Thread-safe: parallel points report from their own threads.
 */
final class SweepProgress {
  private final String sweep;
  private final int points;
  private final int skipped;
  private final double totalCompute;
  private final LongSupplier clock;
  private final long start;
  private int done;
  private double doneCompute;

  /**
   * @param points every point of the sweep
   * @param skipped points already complete
   * @param pendingCompute total C of the points to run
   */
  SweepProgress(String sweep, int points, int skipped, double pendingCompute, LongSupplier nanoClock) {
    this.sweep = sweep;
    this.points = points;
    this.skipped = skipped;
    this.totalCompute = pendingCompute;
    this.clock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /** Records that a point of compute {@code compute} finished; returns the progress line. */
  synchronized String finished(String id, double compute) {
    done++;
    doneCompute += compute;
    double elapsed = (clock.getAsLong() - start) / 1e9;
    int complete = skipped + done;
    String eta = done == points - skipped ? "ETA 0:00"
        : "ETA " + clock(elapsed / doneCompute * (totalCompute - doneCompute));
    return String.format(Locale.ROOT, "sweep %s: point %s done | %d/%d points complete (%d skipped as already "
        + "complete) | %.0f%% of the compute to run | elapsed %s | %s", sweep, id, complete, points, skipped,
        100 * doneCompute / totalCompute, clock(elapsed), eta);
  }

  /** Seconds since the start. */
  synchronized double elapsedSeconds() {
    return (clock.getAsLong() - start) / 1e9;
  }

  /** m:ss, or h:mm:ss from an hour. */
  static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

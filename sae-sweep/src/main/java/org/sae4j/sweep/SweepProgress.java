package org.sae4j.sweep;

import java.time.Duration;
import org.sae4j.store.Progress;

/**
 * A sweep's progress line after each point: points done (and skipped because they were already complete), the share
 * of the compute to run, and the time left at the recent rate ({@link Progress}, counted in m·tokens: C up to the
 * factor 6·n all points share). Thread-safe: parallel points report from their own threads.
 */
final class SweepProgress {
  private final String sweep;
  private final int points;
  private final int skipped;
  private final Progress progress;
  private int done;
  private long doneWork;

  /**
   * @param points every point of the sweep
   * @param skipped points already complete
   * @param pendingWork Σ m·tokens of the points to run
   */
  SweepProgress(String sweep, int points, int skipped, long pendingWork) {
    this.sweep = sweep;
    this.points = points;
    this.skipped = skipped;
    this.progress = new Progress(Math.max(1, pendingWork), Duration.ZERO);
  }

  /** Records that a point of {@code work} m·tokens finished; returns the progress line. */
  synchronized String finished(String id, long work) {
    done++;
    doneWork += work;
    progress.update(doneWork);
    return String.format("sweep %s: point %s done | %d/%d points complete (%d skipped as already complete) | %s of "
        + "the compute to run | elapsed %s | %s", sweep, id, skipped + done, points, skipped,
        progress.percent(doneWork), Progress.clock(progress.elapsedSeconds()), progress.eta());
  }

  /** Seconds since the start. */
  synchronized double elapsedSeconds() {
    return progress.elapsedSeconds();
  }
}

package org.sae4j.sweep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sae4j.store.Progress;

/**
 * A sweep's progress line after each point: points done (and skipped because they were already complete), the share
 * of the compute to run ({@link Progress}, counted in m·tokens: C up to the factor 6·n all points share), and the
 * time left. A point's wall time is not proportional to its compute: its evaluation (and the model's forward passes
 * for harvested data) costs about the same for every point. So the ETA fits seconds = a + b·work over the points
 * finished so far and sums it over the points still to run, divided by the points trained at once. The fit is robust
 * (Theil–Sen: b the median of the slopes between pairs of points, a the median of seconds − b·work, both at least
 * 0), so that one point slowed down by other work on the machine does not throw the ETA off by hours, and b is
 * estimated only from three points on, from pairs whose work differs by more than a quarter (before, and without
 * such pairs, each point left is taken to cost the mean so far): the points still
 * to run have up to a hundred times the work of the first ones, so a slope from two noisy points is no estimate.
 * Thread-safe: parallel points report from their own threads.
 */
final class SweepProgress {
  private static final int MIN_POINTS_FOR_SLOPE = 3;
  private static final double MIN_WORK_RATIO = 0.25;
  private final String sweep;
  private final int points;
  private final int skipped;
  private final int parallel;
  private final Progress progress;
  private int done;
  private long doneWork;
  private double remainingWork;
  private final List<double[]> finished = new ArrayList<>();

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
    finished.add(new double[] {work, seconds});
    progress.update(doneWork);
    int left = points - skipped - done;
    return String.format("sweep %s: point %s done | %d/%d points complete (%d skipped as already complete) | %s of "
        + "the compute to run | elapsed %s | ETA %s", sweep, id, skipped + done, points, skipped,
        progress.percent(doneWork), Progress.clock(progress.elapsedSeconds()),
        Progress.clock(eta(left) / parallel));
  }

  /** Seconds the {@code left} points still to run take at a + b·work. */
  private double eta(int left) {
    List<Double> slopes = new ArrayList<>();
    if (finished.size() >= MIN_POINTS_FOR_SLOPE) {
      for (int i = 0; i < finished.size(); i++) {
        for (int j = i + 1; j < finished.size(); j++) {
          double dw = finished.get(j)[0] - finished.get(i)[0];
          // points of one isoFLOP budget have nearly the same work: their time difference is noise, not a slope
          if (Math.abs(dw) > MIN_WORK_RATIO * Math.max(finished.get(i)[0], finished.get(j)[0])) {
            slopes.add((finished.get(j)[1] - finished.get(i)[1]) / dw);
          }
        }
      }
    }
    double b = slopes.isEmpty() ? 0 : Math.max(0, median(slopes));
    List<Double> intercepts = finished.stream().map(f -> f[1] - b * f[0]).toList();
    double a = b == 0 ? finished.stream().mapToDouble(f -> f[1]).average().orElse(0)
        : Math.max(0, median(intercepts));
    return a * left + b * remainingWork;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** Seconds since the start. */
  synchronized double elapsedSeconds() {
    return progress.elapsedSeconds();
  }
}

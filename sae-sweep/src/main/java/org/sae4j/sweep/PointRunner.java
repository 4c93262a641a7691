package org.sae4j.sweep;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepPoint;

/**
 * Trains and evaluates a sweep's points, each as an ordinary experiment through {@link org.sae4j.core.Engine}, so
 * that each point leaves a complete run directory in {@link SweepLayout#point}. {@code sweep.runner} picks one:
 * {@code local} ({@link LocalPointRunner}) or {@code spark} (module {@code sae-spark}, found through
 * {@link java.util.ServiceLoader}).
 */
public interface PointRunner {

  /** The {@code sweep.runner} value this runner answers to. */
  String name();

  /**
   * Runs {@code points} (all of them need training); calls {@code finished} once per point as it completes, from any
   * thread.
   *
   * @throws IOException when a point fails; points finished before it keep their complete run directories
   */
  void run(Job job, List<SweepPoint> points, Consumer<SweepPoint> finished) throws IOException;

  /**
   * What a runner needs to know.
   *
   * @param sweep the sweep
   * @param layout where its points' runs go
   * @param threads worker threads of the whole sweep
   * @param log progress lines; lines starting with {@code WARN } are warnings
   */
  record Job(SweepDescriptor sweep, SweepLayout layout, int threads, Consumer<String> log) {
    /** Points trained at once. */
    public int parallel() {
      return sweep.settings().parallel();
    }

    /** Backend threads of each point: the threads split between the points trained at once. */
    public int threadsPerPoint() {
      return sweep.settings().threadsPerPoint(threads);
    }
  }
}

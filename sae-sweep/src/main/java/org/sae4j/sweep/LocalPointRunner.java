package org.sae4j.sweep;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.sae4j.core.descriptor.SweepPoint;

/**
 * Runs points in this JVM: one after another, or {@code sweep.parallel} at a time with the threads split between
 * them. Each point is trained and evaluated by {@link PointTraining}, its log lines prefixed with its id.
 */
public final class LocalPointRunner implements PointRunner {

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void run(Job job, List<SweepPoint> points, Consumer<SweepPoint> finished) throws IOException {
    Tasks.each(job.parallel(), points, p -> {
      PointTraining.run(job.layout(), p, job.threadsPerPoint(), job.log());
      finished.accept(p);
    });
  }
}

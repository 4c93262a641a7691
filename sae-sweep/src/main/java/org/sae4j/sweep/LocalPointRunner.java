package org.sae4j.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    if (job.parallel() == 1) {
      for (SweepPoint p : points) {
        runPoint(job, p);
        finished.accept(p);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(job.parallel());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (SweepPoint p : points) {
        futures.add(pool.submit(() -> {
          try {
            runPoint(job, p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          finished.accept(p);
        }));
      }
      for (Future<?> f : futures) {
        Tasks.await(f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void runPoint(Job job, SweepPoint p) throws IOException {
    PointTraining.run(job.layout(), p, job.threadsPerPoint(), job.log());
  }
}

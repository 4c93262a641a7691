package org.sae4j.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.SweepPoint;

/**
 * Runs points in this JVM: one after another, or {@code sweep.parallel} at a time with the threads split between
 * them. Each point is trained and evaluated through {@link Engine}, its log lines prefixed with its id.
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
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Trains and evaluates one point into its run directory. */
  static void runPoint(Job job, SweepPoint p) throws IOException {
    Engine engine = new Engine(p.descriptor(), job.layout().point(p.id()), job.threadsPerPoint(),
        line -> job.log().accept(line.startsWith("WARN ") ? "WARN [" + p.id() + "] " + line.substring(5)
            : "[" + p.id() + "] " + line));
    engine.train();
    engine.evaluate();
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("sweep interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }
}

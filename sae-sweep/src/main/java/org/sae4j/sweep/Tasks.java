package org.sae4j.sweep;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Running a runner's point tasks a few at a time, with their failures as they were thrown. */
public final class Tasks {

  private Tasks() {
  }

  /** One task on one item. */
  @FunctionalInterface
  public interface Task<T> {
    void run(T item) throws IOException;
  }

  /**
   * Runs {@code task} on every item, {@code parallel} at a time (in order, in this thread, when 1), and waits for all;
   * rethrows the first failure in item order (an {@link UncheckedIOException}'s cause as the IOException).
   *
   * @throws InterruptedIOException when interrupted while waiting
   */
  public static <T> void each(int parallel, List<T> items, Task<T> task) throws IOException {
    if (parallel == 1) {
      for (T item : items) {
        task.run(item);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> {
          task.run(item);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(Future<?> task) throws IOException {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("sweep interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
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

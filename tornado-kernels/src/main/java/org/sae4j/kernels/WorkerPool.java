package org.sae4j.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of platform threads that runs numbered tasks. Results are independent of the thread count
 * because callers split work into tasks whose number and boundaries depend only on the problem size, each
 * task writes only its own outputs, and reductions combine per-task partials in task order afterwards.
 * Which worker runs a task only selects the scratch buffers it uses, which every task overwrites before
 * reading.
 *
 * <p>{@link #close()} stops the threads; it is idempotent.
 */
final class WorkerPool implements AutoCloseable {

  /** A unit of work: {@code task} in [0, tasks), {@code worker} in [0, threads) names the scratch to use. */
  @FunctionalInterface
  interface Task {
    void run(int task, int worker);
  }

  private final int threads;
  private final ExecutorService helpers;

  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    if (threads == 1) {
      helpers = null;
    } else {
      AtomicInteger id = new AtomicInteger(1);
      helpers = Executors.newFixedThreadPool(threads - 1, r -> {
        Thread t = new Thread(r, "sae4j-jvm-worker-" + id.getAndIncrement());
        t.setDaemon(true);
        return t;
      });
    }
  }

  int threads() {
    return threads;
  }

  /** Runs tasks 0..tasks-1, the calling thread taking part as worker 0, and returns when all are done. */
  void forEach(int tasks, Task body) {
    int used = Math.min(threads, tasks);
    if (used <= 1) {
      for (int task = 0; task < tasks; task++) {
        body.run(task, 0);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Future<?>[] running = new Future<?>[used - 1];
    for (int w = 1; w < used; w++) {
      int worker = w;
      running[w - 1] = helpers.submit(() -> drain(next, tasks, body, worker));
    }
    Throwable failure = null;
    try {
      drain(next, tasks, body, 0);
    } catch (RuntimeException | Error e) {
      failure = e;
      next.set(tasks);
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? e : failure;
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new IllegalStateException("worker task failed", failure);
    }
  }

  private static void drain(AtomicInteger next, int tasks, Task body, int worker) {
    for (int task = next.getAndIncrement(); task < tasks; task = next.getAndIncrement()) {
      body.run(task, worker);
    }
  }

  /** Number of fixed-size blocks of {@code blockSize} that cover {@code size} items. */
  static int blocks(int size, int blockSize) {
    return (size + blockSize - 1) / blockSize;
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }
}

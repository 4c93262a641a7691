package org.sae4j.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads a report's independent pieces run on (feature pages, index lines, direction scans). Every result
 * comes back in index order and each piece is computed the same way whoever runs it, so the report's files are
 * the same bytes for any thread count.
 */
final class ReportThreads implements AutoCloseable {
  /** One piece of work that may fail reading or writing a file. */
  @FunctionalInterface
  interface Piece<T> {
    T compute(int index) throws IOException;
  }

  /** Work started beside the caller's that may fail reading or writing a file. */
  @FunctionalInterface
  interface Job<T> {
    T call() throws IOException;
  }

  private final int threads;
  private final ExecutorService pool;

  /** @param threads how many threads to use, at least 1 (1 runs everything on the caller's thread) */
  ReportThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sae4j-report");
      t.setDaemon(true);
      return t;
    });
  }

  /** Computes {@code piece} for indices 0 ..  count − 1, in contiguous runs spread over the threads. */
  <T> List<T> map(int count, Piece<T> piece) throws IOException {
    List<T> out = new ArrayList<>(count);
    if (pool == null || count <= 1) {
      for (int i = 0; i < count; i++) {
        out.add(piece.compute(i));
      }
      return out;
    }
    // A few runs per thread, so that a slow run does not leave the other threads idle.
    int run = Math.max(1, count / (threads * 4));
    List<Future<List<T>>> runs = new ArrayList<>();
    for (int from = 0; from < count; from += run) {
      int start = from;
      int end = Math.min(count, from + run);
      runs.add(pool.submit(() -> {
        List<T> part = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
          part.add(piece.compute(i));
        }
        return part;
      }));
    }
    for (Future<List<T>> f : runs) {
      out.addAll(join(f));
    }
    return out;
  }

  /** Starts {@code job} beside the caller's work (on one thread: runs it now); {@link #join} waits for it. */
  <T> Future<T> start(Job<T> job) throws IOException {
    if (pool == null) {
      return CompletableFuture.completedFuture(job.call());
    }
    return pool.submit(job::call);
  }

  /** The result of a started piece, with its {@link IOException} (or unchecked failure) rethrown as it was. */
  static <T> T join(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the report", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
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

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

package org.sae4j.harvest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a harvest's forward passes. Closing them waits until none runs any more, so that the model
 * is closed only afterwards: a forward pass in PyTorch's native code cannot be interrupted, and freeing the model
 * under it crashes the JVM.
 */
final class HarvestWorkers implements AutoCloseable {

    /** How long {@link #close()} waits for the forward passes still running. */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final ExecutorService pool;
    private final int threads;
    private final Duration wait;

    HarvestWorkers(int threads) {
        this(threads, STOP_WAIT);
    }

    /** @param wait how long {@link #close()} waits (shorter in tests) */
    HarvestWorkers(int threads, Duration wait) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "harvest-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.threads = threads;
        this.wait = wait;
    }

    /** The number of workers. */
    int threads() {
        return threads;
    }

    /** Queues a task (one batch's forward pass). */
    <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /**
     * Drops the queued tasks, interrupts the running ones and waits for them to end.
     *
     * @throws IOException when a task still runs after the wait; the caller must then not free what it uses
     */
    @Override
    public void close() throws IOException {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(String.format("harvest: a worker is still running a forward pass %.1f s after "
                        + "the harvest stopped; the model cannot be closed under it", wait.toMillis() / 1000.0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the harvest workers to stop");
        }
    }
}

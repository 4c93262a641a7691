package org.sae4j.harvest;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Counts the calls that use an object's native memory (PyTorch tensors, a tokenizer), so that freeing it waits for
 * the calls still running and refuses new ones: freeing native memory under a running forward pass crashes the JVM
 * (SIGSEGV in libtorch) instead of failing one call.
 */
final class InFlightCalls {

    private final String what;
    private int running;
    private boolean closed;

    /** @param what the object, for messages (e.g. "model all-minilm-l6-v2") */
    InFlightCalls(String what) {
        this.what = what;
    }

    /**
     * Runs a call unless the object is closed.
     *
     * @throws IllegalStateException when {@link #close} has begun
     */
    <T> T call(Supplier<T> body) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(what + " is closed: no forward pass can start on it");
            }
            running++;
        }
        try {
            return body.get();
        } finally {
            synchronized (this) {
                if (--running == 0) {
                    notifyAll();
                }
            }
        }
    }

    /**
     * Refuses new calls, then waits for the running ones.
     *
     * @param timeout how long to wait for them
     * @return true when none is running any more, so the memory may be freed; false when some still run after the
     *         timeout or the wait was interrupted (the thread's interrupt flag is then set again)
     */
    synchronized boolean close(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Calls running now. */
    synchronized int running() {
        return running;
    }
}

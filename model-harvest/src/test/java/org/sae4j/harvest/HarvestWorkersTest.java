package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Closing the workers waits for the forward passes still running, like a native call that ignores interrupts. */
class HarvestWorkersTest {

    /** Runs about {@code millis} ms, ignoring interrupts as a forward pass in native code does. */
    private static void uninterruptibleWork(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void close_returns_only_after_the_running_batch_ended_and_drops_the_queued_ones() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean queuedRan = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        HarvestWorkers workers = new HarvestWorkers(1);
        workers.submit(() -> {
            started.countDown();
            uninterruptibleWork(300);
            finished.set(true);
            return null;
        });
        Future<?> queued = workers.submit(() -> {
            queuedRan.set(true);
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        workers.close();

        assertThat(finished).isTrue();
        assertThat(queuedRan).isFalse();
        assertThat(queued.isDone()).isFalse();
    }

    @Test
    void a_batch_that_outlives_the_bounded_wait_is_a_clear_error() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HarvestWorkers workers = new HarvestWorkers(1, Duration.ofMillis(200));
        workers.submit(() -> {
            started.countDown();
            while (release.getCount() > 0) {
                Thread.onSpinWait();
            }
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(workers::close).isInstanceOf(IOException.class)
                    .hasMessageContaining("still running a forward pass 0.2 s after the harvest stopped")
                    .hasMessageContaining("cannot be closed under it");
        } finally {
            release.countDown();
        }
    }
}

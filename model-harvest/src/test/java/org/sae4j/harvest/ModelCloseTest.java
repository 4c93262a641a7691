package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Closing a model while forward passes run on other threads waits for them and refuses new ones. Freeing the
 * weights under a running pass crashed the harvest JVM (SIGSEGV in libtorch); here it must end every thread with
 * either a correct result or a clear "closed" error.
 */
class ModelCloseTest {

    private static final int THREADS = 3;

    @Test
    void closing_the_model_under_load_waits_for_running_forwards_and_rejects_new_ones() throws Exception {
        EncoderModel model = EncoderModel.load("all-minilm-l6-v2");
        HookPoint hook = HookPoint.residPost(5);
        List<TokenWindow> windows = model.windows(List.of("Call me Ishmael.",
                "Some years ago, never mind how long precisely, having little or no money in my purse.",
                "It is a way I have of driving off the spleen."));
        float[] expected = model.read(windows, hook).rows();

        AtomicInteger reads = new AtomicInteger();
        CountDownLatch loaded = new CountDownLatch(THREADS);
        ConcurrentLinkedQueue<Throwable> endings = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (true) {
                        float[] rows = model.read(windows, hook).rows();
                        if (!Arrays.equals(rows, expected)) {
                            throw new AssertionError("a forward pass under load gave other rows");
                        }
                        reads.incrementAndGet();
                        loaded.countDown();
                    }
                } catch (Throwable e) {
                    endings.add(e);
                }
            }));
        }
        assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();

        model.close();
        for (Thread thread : threads) {
            thread.join(60_000);
        }

        assertThat(reads.get()).isGreaterThanOrEqualTo(THREADS);
        assertThat(endings).hasSize(THREADS).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model all-minilm-l6-v2 is closed"));
        assertThatThrownBy(() -> model.pooledEmbeddings(windows)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        model.close();
    }

    @Test
    void a_forward_on_a_closed_encoder_fails_clearly() throws IOException {
        EncoderModel model = EncoderModel.load("all-minilm-l6-v2");
        BertEncoder encoder = model.encoder();
        model.close();

        assertThatThrownBy(() -> encoder.forward(null, null, HookPoint.residPost(0), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BertEncoder is closed");
    }
}

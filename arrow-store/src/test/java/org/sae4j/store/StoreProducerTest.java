package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data sets produced once: reused when valid, resumed after a failure, locked against a second process. */
class StoreProducerTest {

    private static final int DIM = 3;
    private static final WriterOptions OPTIONS = new WriterOptions(40, 16, false);
    private static final Map<String, String> METADATA = Map.of("request", "a");

    @TempDir
    Path root;

    private final AtomicInteger productions = new AtomicInteger();
    private final List<String> log = new ArrayList<>();

    /** Writes 100 seeded rows, resuming; fails after {@code failAfterRows} rows when that is below 100. */
    private StoreProducer.Production production(int failAfterRows) {
        return partial -> {
            productions.incrementAndGet();
            float[] rows = TestStores.randomRows(91, 100, DIM);
            try (ActivationWriter writer = ActivationWriter.resume(partial, DIM, OPTIONS, METADATA, log::add)) {
                for (int at = (int) writer.rows(); at < 100; at += 10) {
                    if (at >= failAfterRows) {
                        throw new IOException("producer failed at row " + at);
                    }
                    writer.write(Arrays.copyOfRange(rows, at * DIM, (at + 10) * DIM), 10);
                }
                writer.finish();
            }
        };
    }

    private ActivationStore open(Path dir, StoreProducer.Production production) throws IOException {
        return StoreProducer.openOrProduce(dir, m -> "a".equals(m.metadata().get("request")) ? null
                : "was made by request " + m.metadata().get("request"), production, log::add);
    }

    @Test
    void produces_once_publishing_a_complete_directory_then_reuses_it() throws IOException {
        Path dir = root.resolve("synthetic-1");
        String fingerprint;
        try (ActivationStore store = open(dir, production(100))) {
            fingerprint = store.manifest().fingerprint();
        }
        try (ActivationStore store = open(dir, production(100))) {
            assertThat(store.manifest().fingerprint()).isEqualTo(fingerprint);
        }

        assertThat(productions).hasValue(1);
        assertThat(log.getLast()).contains("reusing verified data set " + dir).contains("100 rows");
        assertThat(root.resolve("synthetic-1.partial")).doesNotExist();
        assertThat(dir.resolve(WriterProgress.FILE_NAME)).doesNotExist();
    }

    @Test
    void a_failed_production_keeps_its_finished_shards_and_the_next_one_resumes_with_the_same_fingerprint()
            throws IOException {
        String expected;
        try (ActivationStore store = open(root.resolve("reference"), production(100))) {
            expected = store.manifest().fingerprint();
        }
        Path dir = root.resolve("synthetic-1");

        assertThatThrownBy(() -> open(dir, production(90))).hasMessageContaining("producer failed at row 90");
        assertThat(dir).doesNotExist();
        assertThat(root.resolve("synthetic-1.partial/shard-00001.arrow")).exists();
        try (ActivationStore store = open(dir, production(100))) {
            assertThat(store.manifest().fingerprint()).isEqualTo(expected);
        }
        assertThat(log).anyMatch(line -> line.contains("keeping 2 finished shard(s), 80 rows"));
    }

    @Test
    void a_complete_store_left_unpublished_is_published_without_producing_it_again() throws IOException {
        Path dir = root.resolve("synthetic-1");
        production(100).produce(StoreProducer.partialDirectory(dir));
        productions.set(0);

        try (ActivationStore store = open(dir, production(100))) {
            assertThat(store.rows()).isEqualTo(100);
        }
        assertThat(productions).hasValue(0);
        assertThat(log).anyMatch(line -> line.contains("publishing the complete data set left in"));
    }

    @Test
    void a_store_of_another_request_or_a_corrupt_one_is_produced_again() throws IOException {
        Path dir = root.resolve("synthetic-1");
        open(dir, production(100)).close();
        Path shard = dir.resolve("shard-00000.arrow");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1;
        Files.write(shard, bytes);

        open(dir, production(100)).close();
        assertThat(log).anyMatch(line -> line.startsWith("WARN data set " + dir + " is not valid")
                && line.contains("shard-00000.arrow"));

        Manifest other = Manifest.read(dir.resolve(Manifest.FILE_NAME));
        new Manifest(other.formatVersion(), other.dim(), other.rows(), other.rowsPerShard(), other.shards(),
                Map.of("request", "b"), other.meanNorm(), other.meanSquaredNorm(), false)
                .write(dir.resolve(Manifest.FILE_NAME));
        open(dir, production(100)).close();
        assertThat(log).anyMatch(line -> line.equals("data set " + dir + " was made by request b; producing it again"));
        assertThat(productions).hasValue(3);
    }

    @Test
    void a_second_process_waits_for_the_producer_naming_it_then_reuses_the_data_set() throws Exception {
        Path dir = root.resolve("synthetic-1");
        StringBuilder childOutput = new StringBuilder();
        Process[] child = new Process[1];
        StoreProducer.Production firstProcess = partial -> {
            // While this process holds the lock, start the second one and wait until it says it waits for us.
            child[0] = ChildJvm.start(StoreProducerMain.class, ChildJvm.flags(), dir.toString());
            BufferedReader lines = new BufferedReader(new InputStreamReader(child[0].getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                childOutput.append(line).append('\n');
                if (line.contains("waiting for data set lock")) {
                    break;
                }
            }
            Thread.ofVirtual().start(() -> lines.lines().forEach(line -> {
                synchronized (childOutput) {
                    childOutput.append(line).append('\n');
                }
            }));
            production(100).produce(partial);
        };
        open(dir, firstProcess).close();

        assertThat(child[0].waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child[0].exitValue()).as(childOutput.toString()).isZero();
        synchronized (childOutput) {
            assertThat(childOutput.toString()).contains("waiting for data set lock")
                    .contains("locked by pid " + ProcessHandle.current().pid())
                    .contains("reusing verified data set " + dir).contains("rows 100");
        }
        assertThat(productions).hasValue(1);
    }
}

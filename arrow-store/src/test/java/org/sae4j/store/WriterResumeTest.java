package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming by shard: a writer killed or failed after k shards continues at shard k and ends with the same bits. */
class WriterResumeTest {

    private static final int DIM = ResumableWriterMain.DIM;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void a_writer_killed_after_two_shards_resumes_at_the_third_with_the_same_bits() throws Exception {
        Path store = dir.resolve("store");
        Path reference = dir.resolve("reference");
        Manifest expected = writeUninterrupted(reference);

        ChildJvm.Result killed = ChildJvm.run(CHILD_TIMEOUT, ResumableWriterMain.class,
                ChildJvm.flags(ChildJvm.fault("shard.done:2")), store.toString());
        assertThat(killed.exitCode()).as(killed.output()).isEqualTo(FaultInjection.EXIT_STATUS);
        assertThat(names(store)).containsExactlyInAnyOrder("shard-00000.arrow", "shard-00001.arrow",
                WriterProgress.FILE_NAME);
        Map<String, Object> keys = fileKeys(store, "shard-00000.arrow", "shard-00001.arrow");

        ChildJvm.Result resumed = ChildJvm.run(CHILD_TIMEOUT, ResumableWriterMain.class, ChildJvm.flags(),
                store.toString());
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("keeping 2 finished shard(s), 600 rows")
                .contains("continuing at row 600").contains("fingerprint " + expected.fingerprint());
        assertThat(fileKeys(store, "shard-00000.arrow", "shard-00001.arrow")).isEqualTo(keys);
        assertThat(Files.readAllBytes(store.resolve(Manifest.FILE_NAME)))
                .isEqualTo(Files.readAllBytes(reference.resolve(Manifest.FILE_NAME)));
        assertThat(names(store)).doesNotContain(WriterProgress.FILE_NAME);
    }

    @Test
    void a_writer_killed_in_the_middle_of_a_shard_leaves_no_file_that_looks_complete() throws Exception {
        Path store = dir.resolve("store");
        Manifest expected = writeUninterrupted(dir.resolve("reference"));

        // 300-row shards in batches of 64 make 5 batches a shard: the 7th batch is the second of shard 1.
        ChildJvm.Result killed = ChildJvm.run(CHILD_TIMEOUT, ResumableWriterMain.class,
                ChildJvm.flags(ChildJvm.fault("shard.write:7")), store.toString());
        assertThat(killed.exitCode()).as(killed.output()).isEqualTo(FaultInjection.EXIT_STATUS);
        assertThat(names(store)).containsExactlyInAnyOrder("shard-00000.arrow", ".shard-00001.arrow.partial",
                WriterProgress.FILE_NAME);
        assertThatThrownBy(() -> ActivationStore.open(store)).isInstanceOf(StoreException.class)
                .hasMessageContaining("no manifest");

        ChildJvm.Result resumed = ChildJvm.run(CHILD_TIMEOUT, ResumableWriterMain.class, ChildJvm.flags(),
                store.toString());
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("keeping 1 finished shard(s), 300 rows")
                .contains("fingerprint " + expected.fingerprint());
        assertThat(names(store)).containsExactlyInAnyOrder("shard-00000.arrow", "shard-00001.arrow",
                "shard-00002.arrow", "shard-00003.arrow", Manifest.FILE_NAME);
    }

    @Test
    void progress_of_another_production_is_not_resumed() throws IOException {
        writePart(dir, ResumableWriterMain.METADATA, 700, null);
        Map<String, String> otherSeed = new HashMap<>(ResumableWriterMain.METADATA);
        otherSeed.put("seed", "72");
        List<String> log = new ArrayList<>();

        try (ActivationWriter writer = ActivationWriter.resume(dir, DIM, ResumableWriterMain.OPTIONS, otherSeed,
                log::add)) {
            assertThat(writer.rows()).isZero();
        }
        assertThat(log).singleElement().asString().contains("not resuming").contains("another production")
                .contains("[seed]");
        // The other production's shards are gone; the progress file is this production's, with no shard yet.
        assertThat(names(dir)).containsExactly(WriterProgress.FILE_NAME);
    }

    @Test
    void a_finished_shard_that_changed_is_written_again_with_the_shards_after_it() throws IOException {
        Manifest expected = writeUninterrupted(dir.resolve("reference"));
        Path store = dir.resolve("store");
        writePart(store, ResumableWriterMain.METADATA, 700, null);
        Path second = store.resolve("shard-00001.arrow");
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length / 2] ^= 1;
        Files.write(second, bytes);
        List<String> log = new ArrayList<>();

        Manifest manifest = finish(store, log);
        assertThat(log.getFirst()).contains("shard-00001.arrow").contains("SHA-256").contains("again");
        assertThat(log.get(1)).contains("keeping 1 finished shard(s)");
        assertThat(manifest.fingerprint()).isEqualTo(expected.fingerprint());
    }

    @Test
    void a_disk_that_fills_up_mid_shard_leaves_no_partial_file_and_the_finished_shards_resume() throws IOException {
        Manifest expected = writeUninterrupted(dir.resolve("reference"));
        Path store = dir.resolve("store");
        // Room for the first shard (about 7 KB) and part of the second.
        assertThatThrownBy(() -> writePart(store, ResumableWriterMain.METADATA, 1_000, 10_000))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");

        assertThat(names(store)).containsExactlyInAnyOrder("shard-00000.arrow", WriterProgress.FILE_NAME);
        List<String> log = new ArrayList<>();
        assertThat(finish(store, log).fingerprint()).isEqualTo(expected.fingerprint());
        assertThat(log).anyMatch(line -> line.contains("keeping 1 finished shard(s)"));
    }

    @Test
    void a_writer_made_by_create_whose_disk_fills_up_leaves_nothing() throws IOException {
        try (ActivationWriter writer = ActivationWriter.create(dir, DIM, ResumableWriterMain.OPTIONS, Map.of())) {
            writer.channels(new FullDisk(10_000)::wrap);
            assertThatThrownBy(() -> writer.write(ResumableWriterMain.rows(), ResumableWriterMain.ROWS))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        }
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void refuses_to_start_a_shard_the_disk_cannot_hold_naming_the_shard() throws IOException {
        // A shard of 2^40 rows of 5 floats needs over 20 TB.
        try (ActivationWriter writer = ActivationWriter.resume(dir, DIM, new WriterOptions(1L << 40, 64, false),
                Map.of(), line -> { })) {
            writer.expectRows(1L << 41);
            assertThatThrownBy(() -> writer.write(new float[DIM], 1))
                    .isInstanceOf(DiskSpace.InsufficientSpaceException.class)
                    .hasMessageContaining("activation shard shard-00000.arrow").hasMessageContaining(dir.toString())
                    .hasMessageContaining("free");
        }
        assertThat(names(dir)).containsExactly(WriterProgress.FILE_NAME);
    }

    /** The reference: the same rows written by one writer that is never interrupted. */
    private static Manifest writeUninterrupted(Path target) throws IOException {
        try (ActivationWriter writer = ActivationWriter.create(target, DIM, ResumableWriterMain.OPTIONS,
                ResumableWriterMain.METADATA)) {
            float[] rows = ResumableWriterMain.rows();
            for (int at = 0; at < ResumableWriterMain.ROWS; at += 100) {
                writer.write(Arrays.copyOfRange(rows, at * DIM, (at + 100) * DIM), 100);
            }
            return writer.finish();
        }
    }

    /** Writes the first {@code rows} rows into a resumable writer and closes it unfinished. */
    private static void writePart(Path target, Map<String, String> metadata, int rows, Integer diskBytes)
            throws IOException {
        try (ActivationWriter writer = ActivationWriter.resume(target, DIM, ResumableWriterMain.OPTIONS, metadata,
                line -> { })) {
            if (diskBytes != null) {
                writer.channels(new FullDisk(diskBytes)::wrap);
            }
            writer.write(Arrays.copyOf(ResumableWriterMain.rows(), rows * DIM), rows);
        }
    }

    /** Resumes and writes the remaining rows. */
    private static Manifest finish(Path target, List<String> log) throws IOException {
        float[] rows = ResumableWriterMain.rows();
        try (ActivationWriter writer = ActivationWriter.resume(target, DIM, ResumableWriterMain.OPTIONS,
                ResumableWriterMain.METADATA, log::add)) {
            int at = (int) writer.rows();
            writer.write(Arrays.copyOfRange(rows, at * DIM, rows.length), ResumableWriterMain.ROWS - at);
            return writer.finish();
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Each file's identity (device and inode): a file written again under the same name gets a new one. */
    private static Map<String, Object> fileKeys(Path directory, String... names) throws IOException {
        Map<String, Object> keys = new HashMap<>();
        for (String name : names) {
            keys.put(name, Files.readAttributes(directory.resolve(name), BasicFileAttributes.class).fileKey());
        }
        return keys;
    }

    /** A disk with room for {@code room} more bytes across all of a writer's shards, then "No space left on device". */
    private static final class FullDisk {
        private final long room;
        private long used;

        FullDisk(long room) {
            this.room = room;
        }

        WritableByteChannel wrap(WritableByteChannel file) {
            return new WritableByteChannel() {
                @Override
                public int write(ByteBuffer source) throws IOException {
                    if (used + source.remaining() > room) {
                        throw new IOException("No space left on device");
                    }
                    int n = file.write(source);
                    used += n;
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return file.isOpen();
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        }
    }
}

package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSourceTest {

    private static final int DIM = 16;

    @TempDir
    Path dir;

    private BufferAllocator allocator;
    private ForeignArrowFiles files;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator();
        files = new ForeignArrowFiles(allocator);
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void accepts_file_written_with_plain_arrow_with_other_batch_size_and_extra_columns() throws IOException {
        float[] data = TestStores.randomRows(41, 500, DIM);
        Path file = dir.resolve("acts.arrow");
        files.write(file, data, DIM, ForeignArrowFiles.Spec.fixed(37));

        try (ActivationStore store = ActivationStore.openExternal(file, dir.resolve("cache"))) {
            assertThat(store.dim()).isEqualTo(DIM);
            assertThat(store.rows()).isEqualTo(500);
            assertThat(store.manifest().tokenColumns()).isFalse();
            assertThat(store.manifest().shards()).extracting(ShardInfo::file).containsExactly("acts.arrow");
            assertThat(store.manifest().meanNorm()).isCloseTo(meanNorm(data), within(1e-9));
            assertThat(Arrays.equals(TestStores.readAll(store, store.all(), 50, 0, false), data)).isTrue();
            // 500 = 13 × 37 + 19 rows: 14 batches, split at batch granularity still exact.
            assertThat(store.all().pieces()).hasSize(14);
            assertThat(store.split(100, 3).eval().rows()).isEqualTo(100);
        }
        assertThat(dir.resolve("cache/manifest.json")).exists();
    }

    @Test
    void accepts_list_column_with_equal_lengths_compressed_in_a_directory_of_files() throws IOException {
        float[] data = TestStores.randomRows(42, 300, DIM);
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        files.write(source.resolve("b.feather"), Arrays.copyOfRange(data, 120 * DIM, data.length), DIM,
                new ForeignArrowFiles.Spec(ForeignArrowFiles.Layout.LIST, 64, false, false,
                        CompressionUtil.CodecType.ZSTD, false));
        files.write(source.resolve("a.arrow"), Arrays.copyOf(data, 120 * DIM), DIM,
                new ForeignArrowFiles.Spec(ForeignArrowFiles.Layout.FIXED, 50, true, false,
                        CompressionUtil.CodecType.LZ4_FRAME, false));
        Files.writeString(source.resolve("notes.txt"), "ignored");

        try (ActivationStore store = ActivationStore.openExternal(source, dir.resolve("cache"))) {
            assertThat(store.manifest().shards()).extracting(ShardInfo::file).containsExactly("a.arrow", "b.feather");
            assertThat(Arrays.equals(TestStores.readAll(store, store.all(), 64, 0, false), data)).isTrue();
        }
    }

    @Test
    void reads_token_columns_when_every_file_has_them() throws IOException {
        float[] data = TestStores.randomRows(43, 40, DIM);
        Path file = dir.resolve("tokens.arrow");
        files.write(file, data, DIM, new ForeignArrowFiles.Spec(ForeignArrowFiles.Layout.FIXED, 16, false, true,
                CompressionUtil.CodecType.NO_COMPRESSION, false));

        try (ActivationStore store = ActivationStore.openExternal(file, dir.resolve("cache"));
             BatchReader reader = store.reader(store.all(), 40, 0, false)) {
            int[] ids = new int[40];
            long[] seqs = new long[40];
            int[] pos = new int[40];
            assertThat(reader.next(new float[40 * DIM], ids, seqs, pos)).isEqualTo(40);
            assertThat(reader.hasTokenColumns()).isTrue();
            assertThat(ids[39]).isEqualTo(117);
            assertThat(seqs[39]).isEqualTo(3);
            assertThat(pos[39]).isEqualTo(9);
        }
    }

    @Test
    void rejects_file_without_activation_column_naming_file_and_columns_found() throws IOException {
        Path file = dir.resolve("embeddings.arrow");
        files.write(file, TestStores.randomRows(44, 10, DIM), DIM,
                new ForeignArrowFiles.Spec(ForeignArrowFiles.Layout.NONE, 10, true, false,
                        CompressionUtil.CodecType.NO_COMPRESSION, false));

        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining("embeddings.arrow")
                .hasMessageContaining("no column 'activation'").hasMessageContaining("text")
                .hasMessageContaining("embedding").hasMessageContaining("score");
    }

    @Test
    void rejects_stream_format_file_naming_it() throws IOException {
        Path file = dir.resolve("stream.arrow");
        files.write(file, TestStores.randomRows(45, 10, DIM), DIM,
                new ForeignArrowFiles.Spec(ForeignArrowFiles.Layout.FIXED, 10, false, false,
                        CompressionUtil.CodecType.NO_COMPRESSION, true));

        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining("stream.arrow")
                .hasMessageContaining("stream format");
    }

    @Test
    void rejects_files_with_different_dims_naming_both() throws IOException {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        files.write(source.resolve("a.arrow"), TestStores.randomRows(46, 10, DIM), DIM, ForeignArrowFiles.Spec.fixed(5));
        files.write(source.resolve("b.arrow"), TestStores.randomRows(47, 10, 8), 8, ForeignArrowFiles.Spec.fixed(5));

        assertThatThrownBy(() -> ActivationStore.openExternal(source, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining("b.arrow").hasMessageContaining("a.arrow")
                .hasMessageContaining("8").hasMessageContaining("16");
    }

    @Test
    void rejects_list_rows_of_another_length_naming_file_and_row() throws IOException {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        ForeignArrowFiles.Spec list = new ForeignArrowFiles.Spec(ForeignArrowFiles.Layout.LIST, 5, false, false,
                CompressionUtil.CodecType.NO_COMPRESSION, false);
        files.write(source.resolve("a.arrow"), TestStores.randomRows(50, 10, DIM), DIM, list);
        files.write(source.resolve("b.arrow"), TestStores.randomRows(51, 10, 8), 8, list);

        assertThatThrownBy(() -> ActivationStore.openExternal(source, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining("b.arrow")
                .hasMessageContaining("row 0: activation list has 8 values, expected 16");
    }

    @Test
    void rejects_non_finite_values_naming_file_batch_and_row() throws IOException {
        float[] data = TestStores.randomRows(52, 30, DIM);
        data[23 * DIM + 4] = Float.POSITIVE_INFINITY;
        Path file = dir.resolve("inf.arrow");
        files.write(file, data, DIM, ForeignArrowFiles.Spec.fixed(10));

        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining("inf.arrow")
                .hasMessageContaining("record batch 2, row 3");
        assertThat(dir.resolve("cache/manifest.json")).doesNotExist();
    }

    @Test
    void reuses_cached_manifest_while_files_are_unchanged_and_recomputes_when_they_change() throws IOException {
        Path file = dir.resolve("acts.arrow");
        Path cache = dir.resolve("cache");
        float[] data = TestStores.randomRows(48, 100, DIM);
        files.write(file, data, DIM, ForeignArrowFiles.Spec.fixed(30));
        Manifest computed;
        try (ActivationStore store = ActivationStore.openExternal(file, cache)) {
            computed = store.manifest();
        }
        // Mark the cache: a reused cache shows the mark, a recomputed one does not.
        Manifest marked = new Manifest(1, DIM, computed.rows(), computed.rowsPerShard(), computed.shards(),
                computed.metadata(), 123.0, computed.meanSquaredNorm(), false);
        marked.write(cache.resolve("manifest.json"));
        try (ActivationStore store = ActivationStore.openExternal(file, cache)) {
            assertThat(store.manifest().meanNorm()).isEqualTo(123.0);
        }

        float[] changed = TestStores.randomRows(49, 100, DIM);
        files.write(file, changed, DIM, ForeignArrowFiles.Spec.fixed(30));
        try (ActivationStore store = ActivationStore.openExternal(file, cache)) {
            assertThat(store.manifest().meanNorm()).isCloseTo(meanNorm(changed), within(1e-9));
            assertThat(store.manifest().fingerprint()).isNotEqualTo(computed.fingerprint());
            assertThat(Arrays.equals(TestStores.readAll(store, store.all(), 30, 0, false), changed)).isTrue();
        }
        assertThat(Manifest.read(cache.resolve("manifest.json")).meanNorm()).isCloseTo(meanNorm(changed), within(1e-9));
    }

    private static double meanNorm(float[] data) {
        double sum = 0;
        for (int r = 0; r < data.length / DIM; r++) {
            double squared = 0;
            for (int j = 0; j < DIM; j++) {
                squared += (double) data[r * DIM + j] * data[r * DIM + j];
            }
            sum += Math.sqrt(squared);
        }
        return sum / (data.length / DIM);
    }
}

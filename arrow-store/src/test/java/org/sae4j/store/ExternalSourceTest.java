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
    void reads_stream_format_file() throws IOException {
        Path file = dir.resolve("stream.arrow");
        files.write(file, TestStores.randomRows(45, 10, DIM), DIM,
                new ForeignArrowFiles.Spec(ForeignArrowFiles.Layout.FIXED, 10, false, false,
                        CompressionUtil.CodecType.NO_COMPRESSION, true));

        try (ActivationStore store = ActivationStore.openExternal(file, dir.resolve("cache"))) {
            assertThat(store.rows()).isEqualTo(10);
            assertThat(TestStores.readAll(store, store.all(), 3, 0, false))
                    .containsExactly(TestStores.randomRows(45, 10, DIM));
        }
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
    void reuses_cached_manifest_while_files_are_unchanged() throws IOException {
        Path file = dir.resolve("acts.arrow");
        Path cache = dir.resolve("cache");
        files.write(file, TestStores.randomRows(48, 100, DIM), DIM, ForeignArrowFiles.Spec.fixed(30));
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
    }

    @Test
    void a_source_changed_since_it_was_cached_is_an_error_naming_the_file_and_both_hashes_never_recached()
            throws IOException {
        Path file = dir.resolve("acts.arrow");
        Path cache = dir.resolve("cache");
        files.write(file, TestStores.randomRows(48, 100, DIM), DIM, ForeignArrowFiles.Spec.fixed(30));
        String before;
        try (ActivationStore store = ActivationStore.openExternal(file, cache)) {
            before = store.manifest().shards().getFirst().sha256();
        }
        byte[] cached = Files.readAllBytes(cache.resolve("manifest.json"));

        float[] changed = TestStores.randomRows(49, 100, DIM);
        files.write(file, changed, DIM, ForeignArrowFiles.Spec.fixed(30));
        String after = AtomicFiles.sha256(file);
        assertThatThrownBy(() -> ActivationStore.openExternal(file, cache)).isInstanceOf(StoreException.class)
                .hasMessageContaining("acts.arrow changed").hasMessageContaining(before.substring(0, 12))
                .hasMessageContaining(after.substring(0, 12)).hasMessageContaining("delete " + cache)
                .hasMessageContaining("to accept the change");
        assertThat(Files.readAllBytes(cache.resolve("manifest.json"))).isEqualTo(cached);

        // Accepting the change as the message says: delete the cache directory.
        Files.delete(cache.resolve("manifest.json"));
        try (ActivationStore store = ActivationStore.openExternal(file, cache)) {
            assertThat(store.manifest().meanNorm()).isCloseTo(meanNorm(changed), within(1e-9));
            assertThat(Arrays.equals(TestStores.readAll(store, store.all(), 30, 0, false), changed)).isTrue();
        }
    }

    @Test
    void a_file_added_to_or_removed_from_a_cached_source_directory_is_named() throws IOException {
        Path source = dir.resolve("source");
        Path cache = dir.resolve("cache");
        Files.createDirectories(source);
        files.write(source.resolve("a.arrow"), TestStores.randomRows(53, 20, DIM), DIM, ForeignArrowFiles.Spec.fixed(5));
        files.write(source.resolve("b.arrow"), TestStores.randomRows(54, 20, DIM), DIM, ForeignArrowFiles.Spec.fixed(5));
        ActivationStore.openExternal(source, cache).close();

        files.write(source.resolve("c.arrow"), TestStores.randomRows(55, 20, DIM), DIM, ForeignArrowFiles.Spec.fixed(5));
        Files.delete(source.resolve("a.arrow"));
        assertThatThrownBy(() -> ActivationStore.openExternal(source, cache)).isInstanceOf(StoreException.class)
                .hasMessageContaining("c.arrow was added").hasMessageContaining("a.arrow was removed");
    }

    @Test
    void an_unreadable_cache_is_reported_with_the_directory_to_delete() throws IOException {
        Path file = dir.resolve("acts.arrow");
        Path cache = dir.resolve("cache");
        files.write(file, TestStores.randomRows(56, 20, DIM), DIM, ForeignArrowFiles.Spec.fixed(5));
        ActivationStore.openExternal(file, cache).close();
        Files.writeString(cache.resolve("manifest.json"), "{ not json");

        assertThatThrownBy(() -> ActivationStore.openExternal(file, cache)).isInstanceOf(StoreException.class)
                .hasMessageContaining("unreadable").hasMessageContaining("delete " + cache);
    }

    @Test
    void a_sae4j_data_set_as_source_is_verified_against_its_own_manifest() throws IOException {
        Path store = dir.resolve("harvest");
        Manifest written = TestStores.write(store, DIM, TestStores.randomRows(57, 250, DIM), null,
                new WriterOptions(100, 30, false));
        Path cache = dir.resolve("cache");

        try (ActivationStore opened = ActivationStore.openExternal(store, cache)) {
            assertThat(opened.manifest()).isEqualTo(written);
        }
        // The data set directory holds its manifest, as for every source.
        assertThat(Manifest.read(cache.resolve("manifest.json"))).isEqualTo(written);

        Path shard = store.resolve("shard-00001.arrow");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1;
        Files.write(shard, bytes);
        assertThatThrownBy(() -> ActivationStore.openExternal(store, cache)).isInstanceOf(StoreException.class)
                .hasMessageContaining(shard.toString()).hasMessageContaining("SHA-256")
                .hasMessageContaining(written.shards().get(1).sha256());
    }

    @Test
    void another_sae4j_data_set_put_where_a_cached_one_was_is_reported_as_a_change() throws IOException {
        Path store = dir.resolve("harvest");
        Path cache = dir.resolve("cache");
        TestStores.write(store, DIM, TestStores.randomRows(62, 100, DIM), null, new WriterOptions(100, 30, false));
        ActivationStore.openExternal(store, cache).close();
        Manifest other = TestStores.write(store, DIM, TestStores.randomRows(63, 100, DIM), null,
                new WriterOptions(100, 30, false));

        assertThatThrownBy(() -> ActivationStore.openExternal(store, cache)).isInstanceOf(StoreException.class)
                .hasMessageContaining("changed since its manifest was cached")
                .hasMessageContaining(other.fingerprint().substring(0, 16)).hasMessageContaining("delete " + cache);
    }

    @Test
    void an_arrow_file_beside_a_sae4j_manifest_that_does_not_list_it_is_named() throws IOException {
        Path store = dir.resolve("harvest");
        TestStores.write(store, DIM, TestStores.randomRows(58, 50, DIM), null, new WriterOptions(100, 30, false));
        Path stray = store.resolve("extra.arrow");
        files.write(stray, TestStores.randomRows(59, 10, DIM), DIM, ForeignArrowFiles.Spec.fixed(5));

        assertThatThrownBy(() -> ActivationStore.openExternal(store, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining(stray.toString())
                .hasMessageContaining("not listed in " + store.resolve("manifest.json"));
        assertThatThrownBy(() -> ActivationStore.openExternal(stray, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining("extra.arrow")
                .hasMessageContaining("not listed");
    }

    @Test
    void one_file_of_a_sae4j_data_set_is_checked_against_its_entry() throws IOException {
        Path store = dir.resolve("harvest");
        float[] data = TestStores.randomRows(60, 150, DIM);
        TestStores.write(store, DIM, data, null, new WriterOptions(100, 30, false));
        Path first = store.resolve("shard-00000.arrow");

        try (ActivationStore opened = ActivationStore.openExternal(first, dir.resolve("cache"))) {
            assertThat(opened.rows()).isEqualTo(100);
        }
        Files.write(first, Arrays.copyOf(Files.readAllBytes(first), (int) Files.size(first) - 8));
        assertThatThrownBy(() -> ActivationStore.openExternal(first, dir.resolve("cache2")))
                .isInstanceOf(StoreException.class).hasMessageContaining(first.toString())
                .hasMessageContaining("bytes but the manifest says");
    }

    @Test
    void a_manifest_json_of_another_tool_beside_the_files_is_ignored() throws IOException {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        files.write(source.resolve("a.arrow"), TestStores.randomRows(61, 20, DIM), DIM, ForeignArrowFiles.Spec.fixed(5));
        Files.writeString(source.resolve("manifest.json"), "{\"name\": \"my export\", \"files\": 1}");

        try (ActivationStore store = ActivationStore.openExternal(source, dir.resolve("cache"))) {
            assertThat(store.rows()).isEqualTo(20);
        }
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

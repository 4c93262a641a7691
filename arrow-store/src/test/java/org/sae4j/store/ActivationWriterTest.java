package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationWriterTest {

    private static final int DIM = 7;

    @TempDir
    Path dir;

    @Test
    void unfinished_writer_leaves_no_manifest_and_no_shard_that_open_accepts() throws IOException {
        try (ActivationWriter writer = ActivationWriter.create(dir, DIM, new WriterOptions(100, 32, false), Map.of())) {
            writer.write(TestStores.randomRows(51, 250, DIM), 250);
            assertThat(dir.resolve("shard-00001.arrow")).exists();
        }

        assertThat(dir.resolve("manifest.json")).doesNotExist();
        assertThat(listing()).isEmpty();
        assertThatThrownBy(() -> ActivationStore.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("manifest.json");
    }

    @Test
    void new_writer_replaces_the_store_in_its_directory() throws IOException {
        TestStores.write(dir, DIM, TestStores.randomRows(52, 300, DIM), null, new WriterOptions(100, 32, false));
        Files.writeString(dir.resolve("README"), "kept");
        float[] data = TestStores.randomRows(53, 50, DIM);
        TestStores.write(dir, DIM, data, null, new WriterOptions(100, 32, false));

        assertThat(listing()).containsExactlyInAnyOrder("README", "manifest.json", "shard-00000.arrow");
        try (ActivationStore store = ActivationStore.open(dir)) {
            assertThat(store.rows()).isEqualTo(50);
        }
    }

    @Test
    void shard_ends_exactly_at_rows_per_shard_with_no_empty_trailing_shard() throws IOException {
        Manifest manifest = TestStores.write(dir, DIM, TestStores.randomRows(54, 200, DIM), null,
                new WriterOptions(100, 30, false));

        assertThat(manifest.shards()).extracting(ShardInfo::rows).containsExactly(100L, 100L);
        try (ActivationStore store = ActivationStore.open(dir)) {
            // 100 = 3 × 30 + 10 per shard.
            assertThat(store.all().pieces()).extracting(RowSet.Piece::count)
                    .containsExactly(30, 30, 30, 10, 30, 30, 30, 10);
        }
    }

    @Test
    void rejects_rows_with_nan_and_writes_nothing_of_them() throws IOException {
        try (ActivationWriter writer = ActivationWriter.create(dir, DIM, WriterOptions.defaults(), Map.of())) {
            float[] rows = TestStores.randomRows(55, 3, DIM);
            rows[DIM + 2] = Float.NaN;
            assertThatThrownBy(() -> writer.write(rows, 3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 1");
            writer.write(TestStores.randomRows(56, 2, DIM), 2);
            assertThat(writer.finish().rows()).isEqualTo(2);
        }
    }

    @Test
    void rejects_writes_that_do_not_match_its_token_columns_or_state() throws IOException {
        try (ActivationWriter writer = ActivationWriter.create(dir, DIM, WriterOptions.defaults(), Map.of())) {
            assertThatThrownBy(() -> writer.write(new float[DIM], 1, new int[1], new long[1], new int[1]))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no token columns");
            assertThatThrownBy(() -> writer.write(new float[DIM], 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rows has length 7, expected at least 14");
            assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no rows");
            writer.write(TestStores.randomRows(57, 1, DIM), 1);
            writer.finish();
            assertThatThrownBy(() -> writer.write(new float[DIM], 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("finished");
        }
        try (ActivationWriter writer = ActivationWriter.create(dir, DIM, WriterOptions.defaults().withTokenColumns(true),
                Map.of())) {
            assertThatThrownBy(() -> writer.write(new float[DIM], 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has token columns");
        }
    }

    @Test
    void finished_store_survives_close_and_opens() throws IOException {
        Manifest manifest = TestStores.write(dir, DIM, TestStores.randomRows(58, 10, DIM), null,
                WriterOptions.defaults());

        try (ActivationStore store = ActivationStore.open(dir)) {
            assertThat(store.manifest()).isEqualTo(manifest);
            assertThat(store.manifest().rowsPerShard()).isEqualTo(WriterOptions.DEFAULT_ROWS_PER_SHARD);
        }
    }

    private java.util.List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}

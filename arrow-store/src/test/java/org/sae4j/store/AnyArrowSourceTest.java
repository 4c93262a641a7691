package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every input form of external Arrow data, written with Arrow Java's own writers: the stream and file formats,
 * every list type and value type, per-sequence rows with token ids and skipped positions, Hugging Face dataset
 * directories; and the errors that name file, column and row.
 */
class AnyArrowSourceTest {

    private static final int DIM = 6;

    @TempDir
    Path dir;

    private BufferAllocator allocator;
    private ArrowTables tables;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator();
        tables = new ArrowTables(allocator);
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** Values k/8 with |k| <= 64: exact in float16, bfloat16, float32 and float64, so widening is checked bit for bit. */
    private static float[] exactValues(long seed, int tokens) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[tokens * DIM];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextInt(129) - 64) / 8f;
        }
        return values;
    }

    private static SourceOptions column(String name, boolean bfloat16) {
        return new SourceOptions(name, null, List.of(), List.of(), bfloat16);
    }

    private static ArrowTables.Table rows(ArrowTables.Lists lists, ArrowTables.Values values, boolean stream) {
        return new ArrowTables.Table("acts", lists, values, 0, DIM, false, stream, 7);
    }

    @ParameterizedTest
    @EnumSource(ArrowTables.Values.class)
    void reads_every_list_type_of_every_value_type_in_both_formats(ArrowTables.Values values) throws IOException {
        boolean bfloat16 = values == ArrowTables.Values.BFLOAT16;
        for (ArrowTables.Lists lists : ArrowTables.Lists.values()) {
            for (boolean stream : new boolean[] {true, false}) {
                String name = values + "-" + lists + "-" + (stream ? "stream" : "file");
                float[] data = exactValues(name.hashCode(), 40);
                Path file = dir.resolve(name + ".arrow");
                tables.write(file, rows(lists, values, stream), data);

                try (ActivationStore store = ActivationStore.openExternal(file, dir.resolve("cache-" + name),
                        column("acts", bfloat16), message -> {})) {
                    assertThat(store.dim()).as(name).isEqualTo(DIM);
                    assertThat(store.rows()).as(name).isEqualTo(40);
                    assertThat(TestStores.readAll(store, store.all(), 9, 0, false)).as(name).containsExactly(data);
                }
            }
        }
    }

    @Test
    void reads_a_stream_file_with_default_options_like_the_file_format() throws IOException {
        float[] data = exactValues(1, 30);
        Path stream = dir.resolve("stream.arrow");
        Path file = dir.resolve("file.arrow");
        ArrowTables.Table table = new ArrowTables.Table("activation", ArrowTables.Lists.FIXED,
                ArrowTables.Values.FLOAT32, 0, DIM, false, true, 8);
        tables.write(stream, table, data);
        tables.write(file, new ArrowTables.Table("activation", ArrowTables.Lists.FIXED, ArrowTables.Values.FLOAT32, 0,
                DIM, false, false, 8), data);

        try (ActivationStore fromStream = ActivationStore.openExternal(stream, dir.resolve("a"));
             ActivationStore fromFile = ActivationStore.openExternal(file, dir.resolve("b"))) {
            assertThat(TestStores.readAll(fromStream, fromStream.all(), 4, 0, false)).containsExactly(data);
            assertThat(fromStream.manifest().meanNorm()).isEqualTo(fromFile.manifest().meanNorm());
            assertThat(fromStream.split(10, 5).eval().rows()).isEqualTo(10);
        }
    }

    @Test
    void explodes_per_sequence_rows_into_tokens_in_row_then_position_order_skipping_positions() throws IOException {
        int context = 5;
        int sequences = 12;
        float[] data = exactValues(2, sequences * context);
        for (ArrowTables.Lists lists : ArrowTables.Lists.values()) {
            Path file = dir.resolve("saelens-" + lists + ".arrow");
            tables.write(file, new ArrowTables.Table("blocks.0.hook_resid_post", lists, ArrowTables.Values.FLOAT32,
                    context, DIM, true, true, 5), data);
            SourceOptions options = new SourceOptions("blocks.0.hook_resid_post", null, List.of(0), List.of(), false);

            try (ActivationStore store = ActivationStore.openExternal(file, dir.resolve("cache-" + lists), options,
                    message -> {})) {
                assertThat(store.rows()).as(lists.toString()).isEqualTo(sequences * (context - 1));
                assertThat(store.manifest().tokenColumns()).isTrue();
                Tokens read = readTokens(store);
                List<Float> expected = new ArrayList<>();
                for (int s = 0; s < sequences; s++) {
                    for (int p = 1; p < context; p++) {
                        int token = s * context + p;
                        for (int j = 0; j < DIM; j++) {
                            expected.add(data[token * DIM + j]);
                        }
                        int row = s * (context - 1) + p - 1;
                        assertThat(read.tokenIds[row]).isEqualTo(100 + token);
                        assertThat(read.sequences[row]).isEqualTo(s);
                        assertThat(read.positions[row]).isEqualTo(p);
                    }
                }
                assertThat(read.values).containsExactly(toArray(expected));
            }
        }
    }

    @Test
    void skips_token_ids_wherever_they_occur() throws IOException {
        float[] data = exactValues(3, 4 * 3);
        Path file = dir.resolve("seq.arrow");
        tables.write(file, new ArrowTables.Table("acts", ArrowTables.Lists.LIST, ArrowTables.Values.FLOAT32, 3, DIM,
                true, false, 2), data);
        // Token ids are 100 + token: drop tokens 1 and 7.
        SourceOptions options = new SourceOptions("acts", "token_ids", List.of(), List.of(101, 107), false);

        try (ActivationStore store = ActivationStore.openExternal(file, dir.resolve("cache"), options, m -> {})) {
            assertThat(store.rows()).isEqualTo(10);
            assertThat(readTokens(store).tokenIds).doesNotContain(101, 107).contains(100, 102, 106, 108);
        }
    }

    @Test
    void reads_a_hugging_face_dataset_directory_leaving_out_its_cache_files() throws IOException {
        Path hf = Files.createDirectories(dir.resolve("hf"));
        Files.writeString(hf.resolve("dataset_info.json"), "{\"features\": {}}");
        float[] first = exactValues(4, 20);
        float[] second = exactValues(5, 14);
        ArrowTables.Table table = new ArrowTables.Table("activation", ArrowTables.Lists.LIST,
                ArrowTables.Values.FLOAT32, 0, DIM, false, true, 6);
        tables.write(hf.resolve("data-00001-of-00002.arrow"), table, second);
        tables.write(hf.resolve("data-00000-of-00002.arrow"), table, first);
        // A leftover of datasets' map(): another dimension, so reading it would fail.
        tables.write(hf.resolve("cache-3f2a9c.arrow"), new ArrowTables.Table("activation", ArrowTables.Lists.LIST,
                ArrowTables.Values.FLOAT32, 0, 3, false, true, 6), new float[30]);

        try (ActivationStore store = ActivationStore.openExternal(hf, dir.resolve("cache"), SourceOptions.defaults(),
                m -> {})) {
            float[] expected = new float[first.length + second.length];
            System.arraycopy(first, 0, expected, 0, first.length);
            System.arraycopy(second, 0, expected, first.length, second.length);
            assertThat(TestStores.readAll(store, store.all(), 5, 0, false)).containsExactly(expected);
            assertThat(store.manifest().metadata().get(SourceImport.FILES_KEY)).contains("data-00000-of-00002.arrow")
                    .contains("data-00001-of-00002.arrow").doesNotContain("cache-");
        }
    }

    @Test
    void decoding_is_deterministic_and_a_changed_source_is_an_error_naming_the_file() throws IOException {
        float[] data = exactValues(6, 24);
        Path file = dir.resolve("acts.arrow");
        tables.write(file, rows(ArrowTables.Lists.LARGE_LIST, ArrowTables.Values.FLOAT64, true), data);
        SourceOptions options = column("acts", false);
        String fingerprint;
        try (ActivationStore a = ActivationStore.openExternal(file, dir.resolve("a"), options, m -> {});
             ActivationStore b = ActivationStore.openExternal(file, dir.resolve("b"), options, m -> {})) {
            fingerprint = a.manifest().fingerprint();
            assertThat(b.manifest().fingerprint()).isEqualTo(fingerprint);
        }
        try (ActivationStore again = ActivationStore.openExternal(file, dir.resolve("a"), options, m -> {})) {
            assertThat(again.manifest().fingerprint()).isEqualTo(fingerprint);
        }
        Path moved = Files.copy(file, Files.createDirectories(dir.resolve("moved")).resolve("acts.arrow"));
        try (ActivationStore elsewhere = ActivationStore.openExternal(moved, dir.resolve("c"), options, m -> {})) {
            assertThat(elsewhere.manifest().fingerprint()).isEqualTo(fingerprint);
        }

        data[3] += 1;
        tables.write(file, rows(ArrowTables.Lists.LARGE_LIST, ArrowTables.Values.FLOAT64, true), data);
        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("a"), options, m -> {}))
                .isInstanceOf(StoreException.class).hasMessageContaining("changed since")
                .hasMessageContaining("acts.arrow changed");
    }

    @Test
    void a_decoded_shard_that_was_tampered_with_is_an_error() throws IOException {
        Path file = dir.resolve("acts.arrow");
        tables.write(file, rows(ArrowTables.Lists.LIST, ArrowTables.Values.FLOAT16, true), exactValues(7, 20));
        Path cache = dir.resolve("cache");
        ActivationStore.openExternal(file, cache, column("acts", false), m -> {}).close();
        Path shard = cache.resolve("shard-00000.arrow");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1;
        Files.write(shard, bytes);

        assertThatThrownBy(() -> ActivationStore.openExternal(file, cache, column("acts", false), m -> {}))
                .isInstanceOf(StoreException.class).hasMessageContaining("shard-00000.arrow")
                .hasMessageContaining("SHA-256");
    }

    @Test
    void a_wrong_column_name_lists_the_columns_that_exist() throws IOException {
        Path file = dir.resolve("acts.arrow");
        tables.write(file, new ArrowTables.Table("blocks.3.hook_resid_post", ArrowTables.Lists.LIST,
                ArrowTables.Values.FLOAT32, 4, DIM, true, true, 3), exactValues(8, 24));

        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("cache")))
                .isInstanceOf(StoreException.class).hasMessageContaining("acts.arrow")
                .hasMessageContaining("no column 'activation'").hasMessageContaining("blocks.3.hook_resid_post")
                .hasMessageContaining("token_ids").hasMessageContaining("data.column");
    }

    @Test
    void a_ragged_row_names_file_row_and_position() throws IOException {
        for (int context : new int[] {0, 3}) {
            Path both = Files.createDirectories(dir.resolve("both-" + context));
            tables.write(both.resolve("a.arrow"), new ArrowTables.Table("acts", ArrowTables.Lists.LIST,
                    ArrowTables.Values.FLOAT32, context, DIM, false, true, 4), exactValues(9, 12));
            // Vectors of 5 values in the second file: the first row that differs is named.
            tables.write(both.resolve("b.arrow"), new ArrowTables.Table("acts", ArrowTables.Lists.LIST,
                    ArrowTables.Values.FLOAT32, context, 5, false, true, 4), new float[5 * 12]);

            assertThatThrownBy(() -> ActivationStore.openExternal(both, dir.resolve("cache-" + context),
                    column("acts", false), m -> {})).isInstanceOf(StoreException.class)
                    .hasMessageContaining("b.arrow: row 0 (record batch 0), column 'acts'" + (context > 0
                            ? ", position 0" : "")).hasMessageContaining("has 5 values, expected 6");
        }
    }

    @Test
    void a_token_id_column_that_holds_no_ids_is_named_with_the_columns() throws IOException {
        Path file = dir.resolve("seq.arrow");
        tables.write(file, new ArrowTables.Table("acts", ArrowTables.Lists.FIXED, ArrowTables.Values.FLOAT32, 3, DIM,
                true, true, 2), exactValues(11, 12));
        SourceOptions wrongColumn = new SourceOptions("acts", "acts", List.of(), List.of(), false);

        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("cache"), wrongColumn, m -> {}))
                .isInstanceOf(StoreException.class).hasMessageContaining("seq.arrow")
                .hasMessageContaining("token-id column 'acts' has type").hasMessageContaining("token_ids");
    }

    @Test
    void non_activation_columns_and_unusable_options_are_rejected_with_the_reason() throws IOException {
        Path file = dir.resolve("acts.arrow");
        tables.write(file, rows(ArrowTables.Lists.LIST, ArrowTables.Values.BFLOAT16, true), exactValues(12, 10));

        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("a"), column("acts", false), m -> {}))
                .isInstanceOf(StoreException.class).hasMessageContaining("column 'acts' has type")
                .hasMessageContaining("data.dtype: bfloat16");
        SourceOptions skip = new SourceOptions("acts", null, List.of(0), List.of(), true);
        assertThatThrownBy(() -> ActivationStore.openExternal(file, dir.resolve("b"), skip, m -> {}))
                .isInstanceOf(StoreException.class).hasMessageContaining("one vector per row")
                .hasMessageContaining("data.skipPositions");
    }

    private record Tokens(float[] values, int[] tokenIds, long[] sequences, int[] positions) {}

    private static Tokens readTokens(ActivationStore store) throws IOException {
        int rows = Math.toIntExact(store.rows());
        Tokens all = new Tokens(new float[rows * store.dim()], new int[rows], new long[rows], new int[rows]);
        try (BatchReader reader = store.reader(store.all(), rows, 0, false)) {
            assertThat(reader.next(all.values, all.tokenIds, all.sequences, all.positions)).isEqualTo(rows);
        }
        return all;
    }

    private static float[] toArray(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}

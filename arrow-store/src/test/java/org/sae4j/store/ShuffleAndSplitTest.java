package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleAndSplitTest {

    private static final int DIM = 7;
    private static final int ROWS = 3000;
    private static final int ROWS_PER_SHARD = 1200;
    private static final int ROWS_PER_BATCH = 100;

    @TempDir
    Path dir;

    private float[] data;

    @BeforeEach
    void writeStore() throws IOException {
        data = TestStores.randomRows(21, ROWS, DIM);
        TestStores.write(dir, DIM, data, null, new WriterOptions(ROWS_PER_SHARD, ROWS_PER_BATCH, false));
    }

    @Test
    void split_is_disjoint_covers_every_row_and_gives_eval_the_exact_size() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir)) {
            for (long evalRows : new long[] {0, 1, 250, 1499, 1500, 99_999}) {
                Split split = store.split(evalRows, 5);
                assertThat(split.eval().rows()).isEqualTo(Math.min(evalRows, ROWS / 2));
                assertThat(split.train().rows() + split.eval().rows()).isEqualTo(ROWS);
                Set<Long> train = rowIds(split.train());
                Set<Long> eval = rowIds(split.eval());
                assertThat(train).hasSize((int) split.train().rows());
                assertThat(eval).hasSize((int) split.eval().rows());
                Set<Long> union = new HashSet<>(train);
                union.addAll(eval);
                assertThat(union).hasSize(ROWS);
            }
        }
    }

    @Test
    void split_is_reproducible_for_a_seed_and_differs_for_another() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir)) {
            Split first = store.split(420, 7);
            assertThat(store.split(420, 7)).isEqualTo(first);
            assertThat(store.split(420, 8).eval()).isNotEqualTo(first.eval());
            // Whole batches except one, partly taken: 420 = 4 × 100 + 20.
            assertThat(first.eval().pieces()).hasSize(5);
            assertThat(first.eval().pieces()).filteredOn(p -> p.count() == 20).hasSize(1);
        }
    }

    @Test
    void unshuffled_split_parts_read_back_the_rows_they_name() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir)) {
            Split split = store.split(333, 3);
            for (RowSet part : new RowSet[] {split.train(), split.eval()}) {
                float[] expected = TestStores.select(store, data, part, ROWS_PER_SHARD, ROWS_PER_BATCH);
                assertThat(Arrays.equals(TestStores.readAll(store, part, 64, 0, false), expected)).isTrue();
            }
        }
    }

    @Test
    void shuffled_reading_yields_a_permutation_of_the_train_rows() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir)) {
            RowSet train = store.split(500, 1).train();
            float[] expected = TestStores.select(store, data, train, ROWS_PER_SHARD, ROWS_PER_BATCH);
            float[] shuffled = TestStores.readAll(store, train, 128, 99, true, 300);

            assertThat(TestStores.rowMultiset(shuffled, DIM)).isEqualTo(TestStores.rowMultiset(expected, DIM));
            assertThat(Arrays.equals(shuffled, expected)).isFalse();
        }
    }

    @Test
    void shuffled_reading_is_deterministic_for_a_seed_and_differs_for_another() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir)) {
            RowSet train = store.split(500, 1).train();
            float[] first = TestStores.readAll(store, train, 128, 99, true);
            float[] again = TestStores.readAll(store, train, 128, 99, true);
            float[] other = TestStores.readAll(store, train, 128, 100, true);

            assertThat(Arrays.equals(first, again)).isTrue();
            assertThat(Arrays.equals(first, other)).isFalse();
        }
    }

    @Test
    void shuffling_mixes_rows_across_record_batches() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir)) {
            float[] shuffled = TestStores.readAll(store, store.all(), 100, 4, true, 1000);
            // With a 1000-row mixing buffer, a 100-row output batch draws from many source batches.
            Set<Long> sourceBatches = new HashSet<>();
            var index = new java.util.HashMap<String, Integer>();
            for (int r = 0; r < ROWS; r++) {
                index.put(TestStores.rowKey(data, r, DIM), r);
            }
            for (int r = 0; r < 100; r++) {
                sourceBatches.add((long) index.get(TestStores.rowKey(shuffled, r, DIM)) / ROWS_PER_BATCH);
            }
            assertThat(sourceBatches.size()).isGreaterThan(5);
        }
    }

    @Test
    void shuffled_token_columns_stay_with_their_rows() throws IOException {
        Path tokenDir = dir.resolve("tokens");
        int rows = 900;
        float[] rowsData = TestStores.randomRows(22, rows, DIM);
        TestStores.Tokens tokens = TestStores.Tokens.forRows(rows);
        TestStores.write(tokenDir, DIM, rowsData, tokens, new WriterOptions(400, 50, true));
        try (ActivationStore store = ActivationStore.open(tokenDir);
             BatchReader reader = store.reader(store.all(), 64, 17, true, 200)) {
            float[] act = new float[64 * DIM];
            int[] ids = new int[64];
            long[] seqs = new long[64];
            int[] pos = new int[64];
            int seen = 0;
            Set<Integer> rowsSeen = new HashSet<>();
            for (int n = reader.next(act, ids, seqs, pos); n > 0; n = reader.next(act, ids, seqs, pos)) {
                for (int i = 0; i < n; i++) {
                    int row = (ids[i] - 1000) / 7;
                    assertThat(seqs[i]).isEqualTo(tokens.sequences()[row]);
                    assertThat(pos[i]).isEqualTo(tokens.positions()[row]);
                    assertThat(Arrays.copyOfRange(act, i * DIM, (i + 1) * DIM))
                            .containsExactly(Arrays.copyOfRange(rowsData, row * DIM, (row + 1) * DIM));
                    rowsSeen.add(row);
                }
                seen += n;
            }
            assertThat(seen).isEqualTo(rows);
            assertThat(rowsSeen).hasSize(rows);
        }
    }

    @Test
    void shuffled_reading_over_more_shards_than_are_kept_open_is_complete() throws IOException {
        Path manyDir = dir.resolve("many");
        float[] rows = TestStores.randomRows(23, 700, DIM);
        TestStores.write(manyDir, DIM, rows, null, new WriterOptions(50, 20, false));
        try (ActivationStore store = ActivationStore.open(manyDir)) {
            assertThat(store.manifest().shards()).hasSize(14);
            float[] shuffled = TestStores.readAll(store, store.all(), 33, 8, true, 40);
            assertThat(TestStores.rowMultiset(shuffled, DIM)).isEqualTo(TestStores.rowMultiset(rows, DIM));
        }
    }

    @Test
    void a_reader_recreated_from_the_seed_resumes_after_skipping_the_batches_already_read() throws IOException {
        int batch = 64;
        try (ActivationStore store = ActivationStore.open(dir)) {
            RowSet train = store.split(500, 1).train();
            for (boolean shuffle : new boolean[] {true, false}) {
                float[] whole = TestStores.readAll(store, train, batch, 31, shuffle, 300);
                for (int skipped : new int[] {0, 1, 7, 38}) {
                    float[] rest = new float[whole.length - skipped * batch * DIM];
                    float[] buffer = new float[batch * DIM];
                    try (BatchReader reader = store.reader(train, batch, 31, shuffle, 300)) {
                        assertThat(reader.skip(skipped)).isEqualTo((long) skipped * batch);
                        int at = 0;
                        for (int n = reader.next(buffer); n > 0; n = reader.next(buffer)) {
                            System.arraycopy(buffer, 0, rest, at, n * DIM);
                            at += n * DIM;
                        }
                        assertThat(at).isEqualTo(rest.length);
                    }
                    assertThat(Arrays.equals(rest, Arrays.copyOfRange(whole, skipped * batch * DIM, whole.length)))
                            .as("shuffle=%s, skipped=%d", shuffle, skipped).isTrue();
                }
            }
        }
    }

    @Test
    void skipping_past_the_end_skips_what_is_left() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir);
             BatchReader reader = store.reader(store.all(), 1000, 2, true, 1500)) {
            assertThat(reader.skip(5)).isEqualTo(ROWS);
            assertThat(reader.next(new float[1000 * DIM])).isZero();
            assertThatThrownBy(() -> reader.skip(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void reader_rejects_buffers_too_small_and_use_after_close() throws IOException {
        try (ActivationStore store = ActivationStore.open(dir)) {
            BatchReader reader = store.reader(store.all(), 10, 0, false);
            assertThatThrownBy(() -> reader.next(new float[10 * DIM - 1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("69").hasMessageContaining("70");
            reader.close();
            reader.close();
            assertThatThrownBy(() -> reader.next(new float[10 * DIM])).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Global row numbers (shard-major) of a row set. */
    private static Set<Long> rowIds(RowSet set) {
        Set<Long> ids = new HashSet<>();
        for (RowSet.Piece piece : set.pieces()) {
            long first = (long) piece.shard() * ROWS_PER_SHARD + (long) piece.batch() * ROWS_PER_BATCH + piece.firstRow();
            for (int i = 0; i < piece.count(); i++) {
                ids.add(first + i);
            }
        }
        return ids;
    }
}

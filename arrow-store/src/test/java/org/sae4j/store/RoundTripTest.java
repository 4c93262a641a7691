package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {

    @TempDir
    Path dir;

    @Test
    void rows_without_token_columns_read_back_bit_exactly_across_shards_and_batches() throws IOException {
        int dim = 7;
        int rows = 2500;
        float[] data = TestStores.randomRows(11, rows, dim);
        TestStores.write(dir, dim, data, null, new WriterOptions(1100, 256, false));

        try (ActivationStore store = ActivationStore.open(dir)) {
            assertThat(store.dim()).isEqualTo(dim);
            assertThat(store.rows()).isEqualTo(rows);
            assertThat(store.manifest().shards()).hasSize(3);
            // 1100 = 4 × 256 + 76: five batches per full shard, the last partial.
            assertThat(store.all().pieces()).hasSize(5 + 5 + 2);
            float[] back = TestStores.readAll(store, store.all(), 300, 0, false);
            assertThat(Arrays.equals(back, data)).as("bit-exact round trip").isTrue();
        }
    }

    @Test
    void rows_and_token_columns_read_back_exactly_in_store_order() throws IOException {
        int dim = 16;
        int rows = 1500;
        float[] data = TestStores.randomRows(12, rows, dim);
        TestStores.Tokens tokens = TestStores.Tokens.forRows(rows);
        TestStores.write(dir, dim, data, tokens, new WriterOptions(600, 128, true));

        try (ActivationStore store = ActivationStore.open(dir)) {
            assertThat(store.manifest().tokenColumns()).isTrue();
            float[] back = new float[rows * dim];
            int[] ids = new int[rows];
            long[] sequences = new long[rows];
            int[] positions = new int[rows];
            int batchSize = 97;
            float[] act = new float[batchSize * dim];
            int[] id = new int[batchSize];
            long[] seq = new long[batchSize];
            int[] pos = new int[batchSize];
            int done = 0;
            try (BatchReader reader = store.reader(store.all(), batchSize, 0, false)) {
                assertThat(reader.hasTokenColumns()).isTrue();
                for (int n = reader.next(act, id, seq, pos); n > 0; n = reader.next(act, id, seq, pos)) {
                    System.arraycopy(act, 0, back, done * dim, n * dim);
                    System.arraycopy(id, 0, ids, done, n);
                    System.arraycopy(seq, 0, sequences, done, n);
                    System.arraycopy(pos, 0, positions, done, n);
                    done += n;
                }
            }
            assertThat(done).isEqualTo(rows);
            assertThat(Arrays.equals(back, data)).isTrue();
            assertThat(ids).containsExactly(tokens.tokenIds());
            assertThat(sequences).containsExactly(tokens.sequences());
            assertThat(positions).containsExactly(tokens.positions());
        }
    }

    @Test
    void manifest_records_rows_dim_norms_and_shard_hashes() throws IOException {
        int dim = 7;
        int rows = 2100;
        float[] data = TestStores.randomRows(13, rows, dim);
        Manifest written = TestStores.write(dir, dim, data, null, new WriterOptions(1000, 300, false));

        double sumNorm = 0;
        double sumSquared = 0;
        for (int r = 0; r < rows; r++) {
            double squared = 0;
            for (int j = 0; j < dim; j++) {
                squared += (double) data[r * dim + j] * data[r * dim + j];
            }
            sumNorm += Math.sqrt(squared);
            sumSquared += squared;
        }
        Manifest read = Manifest.read(dir.resolve("manifest.json"));
        assertThat(read).isEqualTo(written);
        assertThat(read.formatVersion()).isEqualTo(Manifest.FORMAT_VERSION);
        assertThat(read.dim()).isEqualTo(dim);
        assertThat(read.rows()).isEqualTo(rows);
        assertThat(read.rowsPerShard()).isEqualTo(1000);
        assertThat(read.tokenColumns()).isFalse();
        assertThat(read.metadata()).containsEntry("model", "toy");
        assertThat(read.meanNorm()).isCloseTo(sumNorm / rows, within(1e-12 * sumNorm / rows));
        assertThat(read.meanSquaredNorm()).isCloseTo(sumSquared / rows, within(1e-12 * sumSquared / rows));
        assertThat(read.shards()).extracting(ShardInfo::file)
                .containsExactly("shard-00000.arrow", "shard-00001.arrow", "shard-00002.arrow");
        assertThat(read.shards()).extracting(ShardInfo::rows).containsExactly(1000L, 1000L, 100L);
        for (ShardInfo shard : read.shards()) {
            Path file = dir.resolve(shard.file());
            assertThat(shard.sha256()).isEqualTo(AtomicFiles.sha256(file));
            assertThat(shard.bytes()).isEqualTo(Files.size(file));
        }
        assertThat(read.fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void fingerprint_depends_on_data_not_on_metadata() throws IOException {
        int dim = 7;
        float[] data = TestStores.randomRows(14, 400, dim);
        Manifest first = TestStores.write(dir.resolve("a"), dim, data, null, new WriterOptions(250, 64, false));
        Manifest same = TestStores.write(dir.resolve("b"), dim, data, null, new WriterOptions(250, 64, false));
        data[5] += 1;
        Manifest changed = TestStores.write(dir.resolve("c"), dim, data, null, new WriterOptions(250, 64, false));
        Manifest relabelled = new Manifest(same.formatVersion(), same.dim(), same.rows(), same.rowsPerShard(),
                same.shards(), java.util.Map.of("model", "other"), same.meanNorm(), same.meanSquaredNorm(), false);

        assertThat(same.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(relabelled.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(changed.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(List.of(changed.shards().get(1).sha256())).containsExactly(first.shards().get(1).sha256());
    }
}

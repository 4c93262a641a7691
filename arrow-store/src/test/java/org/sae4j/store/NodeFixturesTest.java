package org.sae4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by an independent Arrow implementation, Node's {@code apache-arrow} (the generator is
 * {@code src/test/resources/fixtures/node/generate.mjs}): a Hugging Face dataset directory with a stream file of
 * {@code List<float32>} rows, and a SAELens-style stream file of one context per row with token ids.
 */
class NodeFixturesTest {

    static final int DIM = 8;

    @TempDir
    Path dir;

    /** The generator's value of token t, component j. */
    static float value(int t, int j) {
        return ((31 * t + 7 * j) % 17 - 8) / 4f;
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NodeFixturesTest.class.getResource("/fixtures/node/" + name).toURI());
    }

    @Test
    void reads_the_hugging_face_dataset_directory() throws Exception {
        try (ActivationStore store = ActivationStore.openExternal(fixture("hf-dataset"), dir.resolve("cache"),
                SourceOptions.defaults(), m -> {})) {
            assertThat(store.rows()).isEqualTo(40);
            assertThat(store.dim()).isEqualTo(DIM);
            float[] read = TestStores.readAll(store, store.all(), 16, 0, false);
            for (int t = 0; t < 40; t++) {
                for (int j = 0; j < DIM; j++) {
                    assertThat(read[t * DIM + j]).isEqualTo(value(t, j));
                }
            }
        }
    }

    @Test
    void reads_the_saelens_cache_leaving_out_the_bos_position() throws Exception {
        SourceOptions options = new SourceOptions("blocks.0.hook_resid_post", null, List.of(0), List.of(), false);
        try (ActivationStore store = ActivationStore.openExternal(fixture("saelens-sequences.arrow"),
                dir.resolve("cache"), options, m -> {})) {
            assertThat(store.rows()).isEqualTo(12 * 5);
            assertThat(store.manifest().tokenColumns()).isTrue();
            int rows = 60;
            float[] values = new float[rows * DIM];
            int[] ids = new int[rows];
            long[] sequences = new long[rows];
            int[] positions = new int[rows];
            try (BatchReader reader = store.reader(store.all(), rows, 0, false)) {
                assertThat(reader.next(values, ids, sequences, positions)).isEqualTo(rows);
            }
            for (int row = 0; row < rows; row++) {
                int s = row / 5;
                int p = row % 5 + 1;
                int t = s * 6 + p;
                assertThat(sequences[row]).isEqualTo(s);
                assertThat(positions[row]).isEqualTo(p);
                assertThat(ids[row]).isEqualTo(1000 + t);
                for (int j = 0; j < DIM; j++) {
                    assertThat(values[row * DIM + j]).isEqualTo(value(t, j));
                }
            }
        }
    }

    @Test
    void the_bos_token_id_can_be_left_out_instead_of_its_position() throws Exception {
        SourceOptions byId = new SourceOptions("blocks.0.hook_resid_post", "token_ids", List.of(), List.of(101), false);
        SourceOptions byPosition = new SourceOptions("blocks.0.hook_resid_post", null, List.of(0), List.of(), false);
        try (ActivationStore a = ActivationStore.openExternal(fixture("saelens-sequences.arrow"), dir.resolve("a"),
                byId, m -> {});
             ActivationStore b = ActivationStore.openExternal(fixture("saelens-sequences.arrow"), dir.resolve("b"),
                byPosition, m -> {})) {
            assertThat(a.rows()).isEqualTo(60);
            assertThat(TestStores.readAll(a, a.all(), 7, 0, false)).containsExactly(
                    TestStores.readAll(b, b.all(), 7, 0, false));
        }
    }
}

package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading and replacing hook activations, and the pooled embeddings built on them. */
class SplicingTest {

    private static final HookPoint BLOCK_3 = HookPoint.residPost(3);
    private static EncoderModel model;
    @Test
    void pass_units_hold_every_ffn_neuron_up_to_the_hook_then_the_hook_rows() {
        HookRows read = model.read(windows, BLOCK_3);
        HookRows units = model.pass(windows, BLOCK_3, true, List.of()).units();
        int ffn = model.ffnWidth();
        int h = read.hidden();
        assertThat(ffn).isEqualTo(1536);
        assertThat(units.hidden()).isEqualTo(4 * ffn + h);
        assertThat(units.tokenIds()).containsExactly(read.tokenIds());
        assertThat(units.positions()).containsExactly(read.positions());
        float min = Float.MAX_VALUE;
        for (int r = 0; r < units.count(); r++) {
            // The last h values are the hook's own rows, exactly what read() returns.
            assertThat(Arrays.copyOfRange(units.rows(), r * units.hidden() + 4 * ffn, (r + 1) * units.hidden()))
                    .containsExactly(Arrays.copyOfRange(read.rows(), r * h, (r + 1) * h));
            for (int j = 0; j < 4 * ffn; j++) {
                min = Math.min(min, units.rows()[r * units.hidden() + j]);
            }
        }
        // GELU outputs: never below GELU's minimum, -0.17, and some neurons are off (negative).
        assertThat(min).isGreaterThanOrEqualTo(-0.1701f).isLessThan(0f);
        // The block-0 neurons depend only on the embeddings: the same with the hook at block 0.
        HookRows block0 = model.pass(windows, HookPoint.residPost(0), true, List.of()).units();
        assertThat(Arrays.copyOfRange(block0.rows(), 0, ffn))
                .containsExactly(Arrays.copyOfRange(units.rows(), 0, ffn));
    }

    @Test
    void pass_continuations_give_the_same_embeddings_as_whole_forwards() {
        TransformerModel.Replacement zero = (first, count, rows) -> new float[rows.length];
        TransformerModel.Replacement halved = (first, count, rows) -> {
            float[] out = rows.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] *= 0.5f;
            }
            return out;
        };
        HookPass pass = model.pass(windows, BLOCK_3, false, List.of(TransformerModel.Replacement.NONE, zero, halved));
        assertThat(pass.units().rows()).containsExactly(model.read(windows, BLOCK_3).rows());
        // The blocks up to the hook ran once; the rest, once per continuation, gives the very bits of a whole forward.
        float[][][] whole = {model.pooledEmbeddings(windows), model.pooledEmbeddings(windows, BLOCK_3, zero),
            model.pooledEmbeddings(windows, BLOCK_3, halved)};
        for (int c = 0; c < whole.length; c++) {
            for (int w = 0; w < windows.size(); w++) {
                assertThat(pass.pooled()[c][w]).as("continuation %d, window %d", c, w).containsExactly(whole[c][w]);
            }
        }
        // At the last block nothing runs after the hook: the clean continuation is the model's output.
        HookPass last = model.pass(windows, HookPoint.residPost(5), false, List.of(TransformerModel.Replacement.NONE));
        for (int w = 0; w < windows.size(); w++) {
            assertThat(last.pooled()[0][w]).containsExactly(whole[0][w]);
        }
    }

    private static List<TokenWindow> windows;

    @BeforeAll
    static void load() throws IOException {
        model = EncoderModel.load("all-minilm-l6-v2");
        windows = model.windows(BertEncoderOracleTest.SENTENCES);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void replacing_a_hook_with_itself_leaves_the_pooled_output_unchanged() {
        float[][] clean = model.pooledEmbeddings(windows);
        float[][] same = model.pooledEmbeddings(windows, BLOCK_3, rows -> rows.clone());
        for (int i = 0; i < clean.length; i++) {
            assertThat(maxAbsDiff(same[i], clean[i])).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void zero_ablation_changes_the_pooled_output() {
        float[][] clean = model.pooledEmbeddings(windows);
        float[][] zero = model.zeroAblatedEmbeddings(windows, BLOCK_3);
        for (int i = 0; i < clean.length; i++) {
            assertThat(cosine(zero[i], clean[i])).isLessThan(0.95);
        }
    }

    @Test
    void replacement_receives_exactly_the_rows_read_returns_and_a_changed_row_changes_only_its_window() {
        HookRows read = model.read(windows, BLOCK_3);
        List<float[]> seen = new ArrayList<>();
        int firstRowOfLastWindow = read.count() - windows.getLast().contentLength();
        float[][] clean = model.pooledEmbeddings(windows);
        float[][] spliced = model.pooledEmbeddings(windows, BLOCK_3, rows -> {
            seen.add(rows.clone());
            float[] out = rows.clone();
            SplittableRandom random = new SplittableRandom(7);
            for (int d = 0; d < read.hidden(); d++) {
                out[firstRowOfLastWindow * read.hidden() + d] += (float) random.nextGaussian();
            }
            return out;
        });
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst()).containsExactly(read.rows());
        for (int i = 0; i < windows.size() - 1; i++) {
            assertThat(maxAbsDiff(spliced[i], clean[i])).isLessThanOrEqualTo(1e-5);
        }
        assertThat(maxAbsDiff(spliced[windows.size() - 1], clean[windows.size() - 1])).isGreaterThan(1e-3);
    }

    @Test
    void read_returns_content_rows_of_the_hidden_state_with_their_token_columns() {
        HookRows read = model.read(windows, BLOCK_3);
        Padded batch = Padded.of(windows, model.tokenizer().pad());
        int h = read.hidden();
        try (NDManager scope = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] all = model.encoder().forward(batch.ids(scope), batch.mask(scope), BLOCK_3, Map.of())
                    .toFloatArray();
            int r = 0;
            for (int b = 0; b < windows.size(); b++) {
                TokenWindow w = windows.get(b);
                for (int p = 1; p <= w.contentLength(); p++, r++) {
                    assertThat(read.tokenIds()[r]).isEqualTo(w.ids()[p]);
                    assertThat(read.sequences()[r]).isEqualTo(b);
                    assertThat(read.positions()[r]).isEqualTo(p);
                    float[] got = Arrays.copyOfRange(read.rows(), r * h, (r + 1) * h);
                    int at = (b * batch.length() + p) * h;
                    assertThat(got).as("row %d", r).containsExactly(Arrays.copyOfRange(all, at, at + h));
                }
            }
            assertThat(r).isEqualTo(read.count());
        }
    }

    @Test
    void mean_pooled_embedding_is_the_normalised_mean_over_non_padding_tokens() {
        Padded batch = Padded.of(windows, model.tokenizer().pad());
        float[][] pooled = model.pooledEmbeddings(windows);
        int h = model.spec().hidden();
        try (NDManager scope = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] last = model.encoder().forward(batch.ids(scope), batch.mask(scope), HookPoint.residPost(5),
                    Map.of()).toFloatArray();
            for (int b = 0; b < windows.size(); b++) {
                int n = windows.get(b).ids().length;
                double[] mean = new double[h];
                for (int t = 0; t < n; t++) {
                    for (int d = 0; d < h; d++) {
                        mean[d] += last[(b * batch.length() + t) * h + d] / (double) n;
                    }
                }
                double norm = Math.sqrt(Arrays.stream(mean).map(v -> v * v).sum());
                double maxError = 0;
                for (int d = 0; d < h; d++) {
                    maxError = Math.max(maxError, Math.abs(pooled[b][d] - mean[d] / norm));
                }
                assertThat(maxError).as("window %d", b).isLessThanOrEqualTo(1e-6);
            }
        }
    }

    @Test
    void window_rebuilt_from_stored_token_ids_equals_the_original() {
        TokenWindow original = windows.get(1);
        int[] content = Arrays.copyOfRange(original.ids(), 1, original.ids().length - 1);
        assertThat(model.window(1, content)).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void replacement_of_the_wrong_length_is_rejected() {
        assertThatThrownBy(() -> model.pooledEmbeddings(windows, BLOCK_3, rows -> new float[rows.length - 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replacement rows");
    }

    @Test
    void ndarray_hook_replacement_with_the_same_tensor_is_exact_and_embed_hook_can_be_replaced() {
        Padded batch = Padded.of(windows, model.tokenizer().pad());
        try (NDManager scope = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] clean = model.encoder().forward(batch.ids(scope), batch.mask(scope), HookPoint.residPost(5),
                    Map.of()).toFloatArray();
            float[] viaEmbed = model.encoder().forward(batch.ids(scope), batch.mask(scope), HookPoint.residPost(5),
                    Map.of(HookPoint.parse("embed"), NDArray::duplicate)).toFloatArray();
            float[] zeroEmbed = model.encoder().forward(batch.ids(scope), batch.mask(scope), HookPoint.residPost(5),
                    Map.of(HookPoint.parse("embed"), NDArray::zerosLike)).toFloatArray();
            assertThat(maxAbsDiff(viaEmbed, clean)).isLessThanOrEqualTo(1e-5);
            assertThat(maxAbsDiff(zeroEmbed, clean)).isGreaterThan(0.1);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        return BertEncoderOracleTest.maxAbsDiff(a, b);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}

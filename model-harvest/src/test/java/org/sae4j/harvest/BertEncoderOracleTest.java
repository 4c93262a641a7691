package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PyTorch forward pass agrees with ONNX Runtime running the original graph. */
class BertEncoderOracleTest {

    static final List<String> SENTENCES = List.of(
            "Call me Ishmael.",
            "Some years ago, never mind how long precisely, having little or no money in my purse, and nothing "
                    + "particular to interest me on shore, I thought I would sail about a little and see the "
                    + "watery part of the world.",
            "The Congress shall have power to lay and collect taxes, duties, imposts and excises.",
            "Whale-ships were outfitted in Nantucket; the harpooneers slept.");

    @TempDir
    Path tempDir;

    @Test
    void minilm_hidden_states_after_blocks_0_3_and_final_output_match_onnx_runtime() throws Exception {
        // Block 5 is the last: its value is the graph output last_hidden_state.
        assertMatchesOracle("all-minilm-l6-v2", List.of(0, 3, 5));
    }

    @Test
    void bge_small_block_7_matches_onnx_runtime() throws Exception {
        assertMatchesOracle("bge-small-en-v15", List.of(7));
    }

    @Test
    void minilm_batch_without_padding_matches_onnx_runtime() throws Exception {
        // Full harvest windows have no padding, and the encoder then skips the attention mask.
        assertMatchesOracle("all-minilm-l6-v2", List.of(3), false);
    }

    private void assertMatchesOracle(String name, List<Integer> blocks) throws Exception {
        assertMatchesOracle(name, blocks, true);
    }

    private void assertMatchesOracle(String name, List<Integer> blocks, boolean padded) throws Exception {
        try (EncoderModel model = EncoderModel.load(name)) {
            List<TokenWindow> windows = model.windows(SENTENCES);
            if (!padded) {
                int shortest = windows.stream().mapToInt(w -> w.ids().length).min().orElseThrow();
                windows = windows.stream().map(w -> new TokenWindow(w.sequence(), sameLength(w.ids(), shortest)))
                        .toList();
            }
            Padded batch = Padded.of(windows, model.tokenizer().pad());
            if (padded) {
                assertThat(batch.mask()).contains(0L);
            } else {
                assertThat(batch.mask()).containsOnly(1L);
            }
            Map<Integer, float[]> expected = OnnxOracle.residPost(model.spec(), blocks, batch, tempDir);
            try (NDManager scope = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                for (int block : blocks) {
                    NDArray actual = model.encoder().forward(batch.ids(scope), batch.mask(scope),
                            HookPoint.residPost(block), Map.of());
                    float[] want = expected.get(block);
                    assertThat(maxAbsDiff(actual.toFloatArray(), want))
                            .as("%s blocks.%d.resid_post max abs error", name, block).isLessThanOrEqualTo(1e-4);
                }
            }
        }
    }

    /** The first {@code length - 1} ids followed by the last one ([SEP]). */
    private static int[] sameLength(int[] ids, int length) {
        int[] out = java.util.Arrays.copyOf(ids, length);
        out[length - 1] = ids[ids.length - 1];
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}

package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SparseCodes;

class TopContextsTest {
  private static final String[] VOCAB = {"the", "whale", "##s", "sea", "ship", "captain", "ahab"};

  /** Window 0: "the whales sea" (positions 1..4), window 1: "captain ahab ship" (positions 1..3). */
  private static final int[] TOKENS = {0, 1, 2, 3, 5, 6, 4};
  private static final long[] SEQUENCES = {0, 0, 0, 0, 1, 1, 1};
  private static final int[] POSITIONS = {1, 2, 3, 4, 1, 2, 3};

  private static TopContextsData observed() {
    TopContexts top = new TopContexts(new double[] {2.0, 0.5, 1.0}, 2, 127);
    SparseCodes codes = new SparseCodes();
    codes.reset(7);
    float[][] acts = {{0.1f, 0, 0}, {3f, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0.5f, 8f, 0}, {2f, 0, 0}, {0, 0, 0}};
    for (float[] row : acts) {
      for (int i = 0; i < row.length; i++) {
        if (row[i] > 0) {
          codes.add(i, row[i]);
        }
      }
      codes.endRow();
    }
    top.observe(new HeldOutBatch(7, 1, new float[7], new float[7], codes, TOKENS, SEQUENCES, POSITIONS));
    return top.data(10);
  }

  private static List<String> texts(TopContextsData data, int feature, int before, int after) {
    return data.feature(feature).orElseThrow().contexts().stream()
        .map(c -> data.text(c, id -> VOCAB[id], before, after)).toList();
  }

  @Test
  void keeps_the_strongest_tokens_per_feature_scaled_by_decoder_norm() {
    TopContextsData data = observed();
    // feature 0 activations ×2: 0.2, 6, 1, 4 → top two are "whale" (6) then "ahab" (4)
    assertThat(texts(data, 0, 1, 1)).containsExactly("the [[whale]]s", "captain [[ahab]] ship");
    assertThat(data.feature(0).orElseThrow().maxActivation()).isEqualTo(6.0);
    assertThat(texts(data, 1, 0, 0)).containsExactly("[[captain]]");
    assertThat(data.feature(2)).isEmpty();
  }

  @Test
  void ranks_features_by_total_activation_and_skips_silent_ones() {
    // feature 0: 0.2 + 6 + 1 + 4 = 11.2; feature 1: 8 × 0.5 = 4; feature 2 never fires
    assertThat(observed().byTotalActivation(5)).extracting(TopContextsData.Feature::feature).containsExactly(0, 1);
  }

  @Test
  void keeps_probe_windows_whole_from_their_first_token() {
    TopContextsData data = observed();
    assertThat(data.probes()).containsOnlyKeys(0L, 1L);
    assertThat(data.probes().get(0L)).containsExactly(0, 1, 2, 3);
    assertThat(data.probes().get(1L)).containsExactly(5, 6, 4);
    assertThat(data.snippet(data.feature(0).orElseThrow().contexts().getFirst(), 1, 1)).containsExactly(0, 1, 2);
  }

  @Test
  void report_names_each_feature_with_its_firing_rate_and_contexts() {
    TopContextsData data = observed();
    String md = data.report(data.byTotalActivation(2), id -> VOCAB[id], 2, 2);
    assertThat(md).contains("## Feature 0").contains("fires on 57.1429% of 7 tokens")
        .contains("- 6.000: the [[whale]]s sea").contains("## Feature 1");
  }

  @Test
  void survives_a_round_trip_through_its_json_file() throws Exception {
    TopContextsData data = observed();
    TopContextsData back = AnalysisInputs.JSON.readValue(AnalysisInputs.JSON.writeValueAsBytes(data),
        TopContextsData.class);
    assertThat(texts(back, 0, 1, 1)).isEqualTo(texts(data, 0, 1, 1));
    assertThat(back.probes().get(1L)).containsExactly(5, 6, 4);
    assertThat(back.evaluatedTokens()).isEqualTo(7);
  }

  @Test
  void refuses_stores_without_token_columns() {
    TopContexts top = new TopContexts(new double[] {1}, 1, 10);
    SparseCodes codes = new SparseCodes();
    codes.reset(0);
    assertThatThrownBy(() -> top.observe(new HeldOutBatch(0, 1, new float[0], new float[0], codes, null, null,
        null))).isInstanceOf(IllegalStateException.class).hasMessageContaining("token columns");
  }
}

package org.sae4j.core.analysis.completeness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SparseCodes;

class FeatureCompletenessTest {
  private static final String[] PIECES = {"the", "whale", "##s", "sea", ",", "ship", "boat", "[UNK]"};
  private static final IntFunction<String> VOCAB = id -> PIECES[id];
  private static final int THE = 0;
  private static final int WHALE = 1;
  private static final int S = 2;
  private static final int SEA = 3;
  private static final int COMMA = 4;
  private static final int SHIP = 5;
  private static final int BOAT = 6;

  /**
   * Held-out windows of random words. Planted: feature 0 fires on every "sea"; feature 3 on the "##s" of every
   * "whales" (not on "whale"); feature 1 on a third of the "ship"s only; feature 2 on every token (dense, so no word
   * holds half its firings); nothing is dedicated to "boat" or "the".
   */
  private static CompletenessResult planted(int batchRows) {
    SplittableRandom random = new SplittableRandom(3);
    List<int[]> rows = new ArrayList<>(); // token, sequence, position
    for (int seq = 0; seq < 40; seq++) {
      int pos = 1;
      while (pos < 60) {
        int pick = random.nextInt(7);
        int[] word = switch (pick) {
          case 0 -> new int[] {THE};
          case 1 -> new int[] {WHALE};
          case 2 -> new int[] {WHALE, S};
          case 3 -> new int[] {SEA};
          case 4 -> new int[] {COMMA};
          case 5 -> new int[] {SHIP};
          default -> new int[] {BOAT};
        };
        for (int t : word) {
          rows.add(new int[] {t, seq, pos++});
        }
      }
    }
    FeatureCompleteness acc = new FeatureCompleteness(4, VOCAB);
    int shipSeen = 0;
    for (int first = 0; first < rows.size(); first += batchRows) {
      int n = Math.min(batchRows, rows.size() - first);
      int[] ids = new int[n];
      long[] seqs = new long[n];
      int[] positions = new int[n];
      SparseCodes codes = new SparseCodes();
      codes.reset(n);
      for (int r = 0; r < n; r++) {
        int[] row = rows.get(first + r);
        ids[r] = row[0];
        seqs[r] = row[1];
        positions[r] = row[2];
        if (row[0] == SEA) {
          codes.add(0, 1f);
        }
        if (row[0] == SHIP && shipSeen++ % 3 == 0) {
          codes.add(1, 1f);
        }
        codes.add(2, 0.5f);
        if (row[0] == S) {
          codes.add(3, 2f);
        }
        codes.endRow();
      }
      acc.add(n, codes, ids, seqs, positions);
    }
    Map<String, Long> train = Map.of("the", 5000L, "whale", 40L, "whales", 12L, "sea", 300L, "ship", 90L,
        "boat", 2L);
    return acc.result(train, CompletenessSettings.DEFAULT);
  }

  @Test
  void aWordWithADedicatedFeatureIsFoundOneWithoutIsNot() {
    CompletenessResult r = planted(37);
    assertThat(r.found()).extracting(CompletenessResult.Word::word).containsExactlyInAnyOrder("sea", "whales");
    CompletenessResult.Word sea = word(r, "sea");
    assertThat(sea.bestFeature()).isZero();
    assertThat(sea.wordShare()).isEqualTo(1.0);
    assertThat(sea.featureShare()).isEqualTo(1.0);
    assertThat(word(r, "whales").bestFeature()).isEqualTo(3);
    // "whale" alone never gets feature 3, and the dense feature fires on it always but holds a small share.
    CompletenessResult.Word whale = word(r, "whale");
    assertThat(whale.hasFeature()).isFalse();
    assertThat(whale.bestFeature()).isEqualTo(2);
    assertThat(whale.wordShare()).isEqualTo(1.0);
    assertThat(whale.featureShare()).isLessThan(0.5);
    // A third of the ships is below the word-share line.
    assertThat(word(r, "ship").hasFeature()).isFalse();
    assertThat(r.frequentWithout(10)).extracting(CompletenessResult.Word::word)
        .containsExactly("the", "ship", "whale", "boat");
    assertThat(r.share()).isEqualTo(2.0 / 6);
  }

  @Test
  void binsTrainingFrequencyInHalfDecades() {
    CompletenessResult r = planted(1000);
    // boat 2 → [1, 3.16); whales 12 → [10, 31.6); whale 40 → [31.6, 100); ship 90 → same; sea 300 → [100, 316);
    // the 5000 → [3162, 10000).
    assertThat(r.bins()).extracting(CompletenessResult.Bin::words).containsExactly(1, 1, 2, 1, 1);
    assertThat(r.bins()).extracting(CompletenessResult.Bin::withFeature).containsExactly(0, 1, 0, 1, 0);
    assertThat(r.bins().get(0).low()).isEqualTo(1.0);
    assertThat(r.bins().get(1).low()).isEqualTo(10.0);
  }

  @Test
  void batchBoundariesDoNotChangeTheResult() {
    assertThat(planted(1)).isEqualTo(planted(1000));
  }

  @Test
  void assemblerJoinsPiecesAndSkipsOrphansAndPunctuation() {
    List<String> seen = new ArrayList<>();
    WordAssembler a = new WordAssembler(VOCAB, (w, n) -> seen.add(w + "/" + n));
    assertThat(a.row(S, 0, 1)).isFalse(); // a window cut mid-word: the orphan "##s" starts nothing
    assertThat(a.row(WHALE, 0, 2)).isTrue();
    assertThat(a.row(S, 0, 3)).isTrue();
    assertThat(a.row(COMMA, 0, 4)).isFalse();
    assertThat(a.row(WHALE, 0, 5)).isTrue();
    assertThat(a.row(S, 0, 7)).isFalse(); // position 6 is missing: not the same word
    assertThat(a.row(7, 1, 1)).isFalse(); // [UNK] is no word
    a.flush();
    assertThat(seen).containsExactly("whales/2", "whale/1");
    assertThatThrownBy(() -> a.row(THE, 1, 1)).hasMessageContaining("window 1: position 1 after position 1");
  }

  private static CompletenessResult.Word word(CompletenessResult r, String w) {
    return r.words().stream().filter(x -> x.word().equals(w)).findFirst().orElseThrow();
  }
}

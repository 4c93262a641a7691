package org.sae4j.core.analysis.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SparseCodes;

class FeatureDashboardsTest {
  private static final int WINDOWS = 30;
  private static final int LENGTH = 10;

  /**
   * Windows of 10 tokens (token id = 100·window + position). Feature 0 fires in every window at position 5 with
   * activation 1 + window/10 and at position 6 with half of that; feature 1 fires once, in window 7 at position 0;
   * feature 2 never fires. Norms are 2, so activations are twice the codes.
   */
  private static List<Dashboard> planted(int batchRows) {
    FeatureDashboards d = new FeatureDashboards(new double[] {2, 2, 2}, 3, 4, 2, 2, LENGTH, 9);
    int total = WINDOWS * LENGTH;
    for (int first = 0; first < total; first += batchRows) {
      int n = Math.min(batchRows, total - first);
      int[] ids = new int[n];
      long[] seqs = new long[n];
      int[] pos = new int[n];
      SparseCodes codes = new SparseCodes();
      codes.reset(n);
      for (int r = 0; r < n; r++) {
        int w = (first + r) / LENGTH;
        int p = (first + r) % LENGTH;
        ids[r] = 100 * w + p;
        seqs[r] = w;
        pos[r] = p;
        float a = 0.5f + w / 20f;
        if (p == 0 && w == 7) {
          codes.add(1, 3f);
        }
        if (p == 5) {
          codes.add(0, a);
        }
        if (p == 6) {
          codes.add(0, a / 2);
        }
        codes.endRow();
      }
      d.add(n, codes, ids, seqs, pos);
    }
    return d.finish(10);
  }

  @Test
  void strongestWindowsWithEveryTokensActivation() {
    List<Dashboard> all = planted(7);
    assertThat(all).extracting(Dashboard::feature).containsExactly(0, 1);
    Dashboard f0 = all.getFirst();
    assertThat(f0.windows()).isEqualTo(WINDOWS);
    // The three strongest windows are the last three, strongest first.
    assertThat(f0.top()).extracting(c -> c.tokens()[c.peak()]).containsExactly(2905, 2805, 2705);
    FeatureDashboards.Context best = f0.top().getFirst();
    assertThat(best.activation()).isEqualTo(2 * (0.5f + 29 / 20f));
    // A span of 2 before and 2 after the peak, with the feature's activation at each token: 0, 0, peak, peak/2, 0.
    assertThat(best.tokens()).containsExactly(2903, 2904, 2905, 2906, 2907);
    assertThat(best.activations()).containsExactly(0f, 0f, best.activation(), best.activation() / 2, 0f);
    // A window's first token: the span is cut at the window's start.
    FeatureDashboards.Context lone = all.get(1).top().getFirst();
    assertThat(lone.tokens()).containsExactly(700, 701, 702);
    assertThat(lone.peak()).isZero();
  }

  @Test
  void histogramCountsEveryFiringAndSamplesCarryTheirQuantile() {
    Dashboard f0 = planted(300).getFirst();
    assertThat(Arrays.stream(f0.counts()).sum()).isEqualTo(2 * WINDOWS);
    assertThat(f0.edges()).hasSize(f0.counts().length + 1);
    assertThat(f0.edges()[0]).isLessThanOrEqualTo(0.5);
    assertThat(f0.edges()[f0.edges().length - 1]).isGreaterThan(2 * (0.5 + 29 / 20.0));
    assertThat(f0.samples()).hasSize(4);
    assertThat(f0.samples()).allSatisfy(s -> assertThat(s.quantile()).isBetween(0.0, 1.0));
    // Strongest first, and the strongest window of all has the highest quantile.
    assertThat(f0.samples()).isSortedAccordingTo((a, b) ->
        Float.compare(b.context().activation(), a.context().activation()));
    assertThat(f0.samples().getFirst().quantile()).isGreaterThanOrEqualTo(f0.samples().getLast().quantile());
  }

  @Test
  void keepsTheMostActiveAndWorksWithoutTokens() {
    FeatureDashboards d = new FeatureDashboards(new double[] {1, 1, 1}, 3, 4, 2, 2, LENGTH, 9);
    SparseCodes codes = new SparseCodes();
    codes.reset(3);
    codes.add(0, 0.5f);
    codes.add(2, 4f);
    codes.endRow();
    codes.add(0, 0.5f);
    codes.endRow();
    codes.add(1, 2f);
    codes.endRow();
    d.add(3, codes, null, null, null);
    List<Dashboard> two = d.finish(2);
    assertThat(two).extracting(Dashboard::feature).containsExactly(1, 2);
    assertThat(two.get(1).counts()).containsExactly(1);
    assertThat(two.get(1).top()).isEmpty();
  }

  @Test
  void batchBoundariesDoNotChangeAnything() {
    List<Dashboard> a = planted(1);
    List<Dashboard> b = planted(300);
    for (int k = 0; k < a.size(); k++) {
      assertThat(a.get(k).counts()).containsExactly(b.get(k).counts());
      assertThat(a.get(k).samples()).extracting(s -> s.context().tokens()[s.context().peak()])
          .containsExactlyElementsOf(b.get(k).samples().stream().map(s -> s.context().tokens()[s.context().peak()])
              .toList());
    }
  }
}

package org.sae4j.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SparseCodes;

class SyntheticGeneratorTest {
  private static final SyntheticSpec SPEC = new SyntheticSpec(16, 40, 3.0, 1.0, 0.5, 2.0, 0.0, 49_152);

  @Test
  void directions_are_unit_vectors_reproducible_from_the_seed() {
    float[] a = new SyntheticGenerator(SPEC, 7).trueDirections();
    float[] b = new SyntheticGenerator(SPEC, 7).trueDirections();
    float[] c = new SyntheticGenerator(SPEC, 8).trueDirections();

    assertThat(a).containsExactly(b);
    assertThat(Arrays.equals(a, c)).isFalse();
    for (int k = 0; k < SPEC.trueFeatures(); k++) {
      double s = 0;
      for (int j = 0; j < SPEC.dim(); j++) {
        s += (double) a[k * SPEC.dim() + j] * a[k * SPEC.dim() + j];
      }
      assertThat(Math.sqrt(s)).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void probabilities_follow_the_power_law_and_sum_to_the_mean_active_count() {
    double[] p = new SyntheticGenerator(SPEC, 1).firingProbabilities();

    assertThat(Arrays.stream(p).sum()).isCloseTo(3.0, within(1e-12));
    for (int k = 1; k < p.length; k++) {
      assertThat(p[k] / p[0]).isCloseTo(1.0 / (k + 1), within(1e-12));
    }
  }

  @Test
  void probabilities_above_one_are_capped_and_the_excess_redistributed() {
    // weights 1, 1/4, 1/9, 1/16: the first two cap at 1, the rest share 1.5 in ratio 16:9
    double[] p = SyntheticGenerator.probabilities(4, 3.5, 2);

    assertThat(p[0]).isEqualTo(1.0);
    assertThat(p[1]).isEqualTo(1.0);
    assertThat(p[2]).isCloseTo(1.5 * 16 / 25, within(1e-12));
    assertThat(p[3]).isCloseTo(1.5 * 9 / 25, within(1e-12));
  }

  @Test
  void every_feature_always_fires_when_the_mean_equals_the_feature_count() {
    SyntheticSpec all = new SyntheticSpec(3, 5, 5.0, 0.7, 1, 1, 0, 100);
    SparseCodes truth = new SparseCodes();
    int rows = new SyntheticGenerator(all, 2).fillChunk(0, new float[SyntheticGenerator.CHUNK_ROWS * 3], truth);

    assertThat(new SyntheticGenerator(all, 2).firingProbabilities()).containsOnly(1.0);
    assertThat(rows).isEqualTo(100);
    assertThat(truth.size()).isEqualTo(500);
  }

  @Test
  void empirical_firing_rates_match_the_probabilities() {
    SyntheticGenerator g = new SyntheticGenerator(SPEC, 3);
    double[] p = g.firingProbabilities();
    long[] fires = new long[SPEC.trueFeatures()];
    long active = 0;
    float[] rows = new float[SyntheticGenerator.CHUNK_ROWS * SPEC.dim()];
    SparseCodes truth = new SparseCodes();
    for (long c = 0; c < g.chunks(); c++) {
      int n = g.fillChunk(c, rows, truth);
      for (int r = 0; r < n; r++) {
        for (int e = truth.start(r); e < truth.end(r); e++) {
          fires[truth.index(e)]++;
          active++;
        }
      }
    }

    double tokens = SPEC.tokens();
    for (int k = 0; k < p.length; k++) {
      double sigma = Math.sqrt(p[k] * (1 - p[k]) / tokens);
      assertThat(fires[k] / tokens).as("feature %d", k).isCloseTo(p[k], within(5 * sigma));
    }
    // per-token count variance is Σ p(1−p) <= 3, so the mean's sigma is under 0.008
    assertThat(active / tokens).isCloseTo(3.0, within(0.04));
  }

  @Test
  void rows_are_the_magnitude_weighted_sum_of_active_directions() {
    SyntheticGenerator g = new SyntheticGenerator(SPEC, 4);
    float[] d = g.trueDirections();
    float[] rows = new float[SyntheticGenerator.CHUNK_ROWS * SPEC.dim()];
    SparseCodes truth = new SparseCodes();
    int n = g.fillChunk(1, rows, truth);

    for (int r = 0; r < n; r++) {
      for (int j = 0; j < SPEC.dim(); j++) {
        double expected = 0;
        for (int e = truth.start(r); e < truth.end(r); e++) {
          expected += truth.value(e) * d[truth.index(e) * SPEC.dim() + j];
        }
        assertThat(rows[r * SPEC.dim() + j]).isCloseTo((float) expected, within(1e-5f));
      }
      for (int e = truth.start(r); e < truth.end(r); e++) {
        assertThat(truth.value(e)).isBetween(0.5f, 2.0f);
        if (e > truth.start(r)) {
          assertThat(truth.index(e)).isGreaterThan(truth.index(e - 1));
        }
      }
    }
  }

  @Test
  void noise_has_the_requested_standard_deviation() {
    SyntheticSpec noisy = new SyntheticSpec(32, 10, 1.0, 0.0, 1, 1, 0.2, 8192);
    SyntheticGenerator g = new SyntheticGenerator(noisy, 5);
    SyntheticGenerator clean = new SyntheticGenerator(
        new SyntheticSpec(32, 10, 1.0, 0.0, 1, 1, 0.0, 8192), 5);
    float[] a = new float[SyntheticGenerator.CHUNK_ROWS * 32];
    float[] b = new float[a.length];
    double sum = 0;
    double squares = 0;
    for (long c = 0; c < g.chunks(); c++) {
      int n = g.fillChunk(c, a, null);
      clean.fillChunk(c, b, null);
      for (int k = 0; k < n * 32; k++) {
        double e = a[k] - b[k];
        sum += e;
        squares += e * e;
      }
    }
    double count = 8192.0 * 32;
    // same seed, same events: the difference is the noise alone
    assertThat(sum / count).isCloseTo(0, within(0.003));
    assertThat(Math.sqrt(squares / count)).isCloseTo(0.2, within(0.002));
  }

  @Test
  void the_last_chunk_is_short_and_chunks_are_reproducible_alone() {
    SyntheticSpec odd = new SyntheticSpec(4, 6, 2.0, 0.5, 0, 1, 0.1, SyntheticGenerator.CHUNK_ROWS + 10);
    SyntheticGenerator g = new SyntheticGenerator(odd, 6);
    float[] first = new float[SyntheticGenerator.CHUNK_ROWS * 4];
    float[] again = new float[first.length];

    assertThat(g.chunks()).isEqualTo(2);
    assertThat(g.fillChunk(1, first, null)).isEqualTo(10);
    g.fillChunk(0, again, null);
    new SyntheticGenerator(odd, 6).fillChunk(1, again, null);
    assertThat(Arrays.copyOf(again, 40)).containsExactly(Arrays.copyOf(first, 40));
    assertThatThrownBy(() -> g.fillChunk(2, first, null)).hasMessageContaining("chunk 2 outside [0, 2)");
  }

  @Test
  void rejects_a_mean_active_count_above_the_number_of_features() {
    assertThatThrownBy(() -> new SyntheticSpec(4, 3, 3.5, 1, 0, 1, 0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meanActive must be in (0, trueFeatures=3]");
  }
}

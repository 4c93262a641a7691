package org.sae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DensityHistogramTest {

  @Test
  void bins_log10_firing_rates_from_one_in_n_to_always() {
    // rates 1e-3, 5e-3, 5e-2, 0.4, 1 → log10 −3, −2.30, −1.30, −0.40, 0; bins of 0.25 from −3
    DensityHistogram h = DensityHistogram.of(new long[] {1, 5, 50, 400, 1000, 0}, 1000, 0.25);

    assertThat(h.minLog10()).isEqualTo(-3.0);
    assertThat(h.counts()).containsExactly(1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1);
    assertThat(h.dead()).isEqualTo(1);
    assertThat(h.binStart(2)).isEqualTo(-2.5);
  }

  @Test
  void a_single_token_gives_one_bin() {
    DensityHistogram h = DensityHistogram.of(new long[] {1, 0, 1}, 1, 0.25);
    assertThat(h.counts()).containsExactly(2);
    assertThat(h.dead()).isEqualTo(1);
  }

  @Test
  void rejects_a_fire_count_above_the_token_count() {
    assertThatThrownBy(() -> DensityHistogram.of(new long[] {11}, 10, 0.25))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fire count 11");
  }
}

package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DownstreamFidelityTest {

  @Test
  void recovered_is_one_for_a_perfect_splice_and_zero_when_no_better_than_ablation() {
    assertThat(DownstreamFidelity.recovered(1.0, 0.3)).isEqualTo(1.0);
    assertThat(DownstreamFidelity.recovered(0.3, 0.3)).isEqualTo(0.0);
    assertThat(DownstreamFidelity.recovered(0.65, 0.3)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void cosine_of_known_vectors() {
    assertThat(DownstreamFidelity.cosine(new float[] {1, 0}, new float[] {0, 2})).isEqualTo(0.0);
    assertThat(DownstreamFidelity.cosine(new float[] {1, 1}, new float[] {2, 2})).isCloseTo(1.0, within(1e-12));
    assertThat(DownstreamFidelity.cosine(new float[] {1, 0}, new float[] {1, 1}))
        .isCloseTo(Math.sqrt(0.5), within(1e-12));
  }
}

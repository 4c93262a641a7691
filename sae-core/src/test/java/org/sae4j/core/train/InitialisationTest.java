package org.sae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SaeParameters;

class InitialisationTest {

  @Test
  void decoder_columns_have_the_requested_norm_and_encoder_is_their_transpose() {
    SaeParameters p = Initialisation.parameters(17, 40, 0.1, 7);
    for (int i = 0; i < 40; i++) {
      assertThat(p.decoderNorm(i)).isCloseTo(0.1, within(1e-6));
    }
    assertThat(p.encoderWeight()).containsExactly(p.decoderWeight());
    assertThat(p.encoderBias()).containsOnly(0f);
    assertThat(p.decoderBias()).containsOnly(0f);
  }

  @Test
  void is_reproducible_from_the_seed_and_differs_between_seeds() {
    assertThat(Initialisation.parameters(9, 12, 0.1, 3)).isEqualTo(Initialisation.parameters(9, 12, 0.1, 3));
    assertThat(Initialisation.parameters(9, 12, 0.1, 3)).isNotEqualTo(Initialisation.parameters(9, 12, 0.1, 4));
  }

  @Test
  void directions_are_spread_over_the_sphere() {
    // The mean of many random unit directions is near the origin; a biased generator would not be.
    int n = 8;
    int m = 4000;
    SaeParameters p = Initialisation.parameters(n, m, 1.0, 11);
    for (int j = 0; j < n; j++) {
      double mean = 0;
      for (int i = 0; i < m; i++) {
        mean += p.decoderWeight()[i * n + j];
      }
      assertThat(mean / m).isCloseTo(0, within(0.03));
    }
  }
}

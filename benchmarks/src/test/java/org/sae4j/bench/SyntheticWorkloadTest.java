package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {

  private static final int N = 48;
  private static final int M = 1024;
  private static final int ROWS = 256;

  @Test
  void codes_fire_on_about_the_target_number_of_features_per_token() {
    for (double target : new double[] {8, 40}) {
      SyntheticWorkload data = SyntheticWorkload.generate(N, M, ROWS, 2, target, 21);
      // The second batch played no part in choosing the bias, so this is an out-of-sample check.
      double l0 = Float64Step.evaluate(Float64Step.Tensors.of(data.initial()), N, M, data.batch(1), ROWS, 1.0).l0();
      assertThat(l0).as("L0 for target %s", target).isBetween(0.8 * target, 1.2 * target);
      assertThat(data.biasShift()).isNegative();
    }
  }

  @Test
  void has_tied_weights_with_unit_norm_decoder_columns_and_zero_decoder_bias() {
    SyntheticWorkload data = SyntheticWorkload.generate(N, M, ROWS, 1, 16, 22);
    assertThat(data.initial().encoderWeight()).isEqualTo(data.initial().decoderWeight());
    assertThat(data.initial().decoderBias()).containsOnly(0f);
    for (int i = 0; i < M; i += 97) {
      assertThat(data.initial().decoderNorm(i)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void silenced_weights_fire_on_no_feature() {
    SyntheticWorkload data = SyntheticWorkload.generate(N, M, ROWS, 1, 16, 23);
    double l0 = Float64Step.evaluate(Float64Step.Tensors.of(data.silenced()), N, M, data.batch(0), ROWS, 1.0).l0();
    assertThat(l0).isZero();
  }

  @Test
  void same_seed_gives_the_same_data_and_another_seed_different_data() {
    SyntheticWorkload a = SyntheticWorkload.generate(N, 64, 16, 3, 4, 24);
    SyntheticWorkload b = SyntheticWorkload.generate(N, 64, 16, 3, 4, 24);
    SyntheticWorkload c = SyntheticWorkload.generate(N, 64, 16, 3, 4, 25);
    assertThat(a.initial()).isEqualTo(b.initial());
    for (int s = 0; s < 3; s++) {
      assertThat(a.batch(s)).isEqualTo(b.batch(s));
      assertThat(a.batch(s)).isNotEqualTo(c.batch(s));
    }
    assertThat(a.batch(3)).as("batches are cycled").isSameAs(a.batch(0));
  }

  @Test
  void rejects_target_l0_outside_the_feature_count() {
    assertThatThrownBy(() -> SyntheticWorkload.generate(N, 64, 16, 1, 64, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetL0 must be in (0, features=64)");
  }
}

package org.sae4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureRecoveryTest {

  private static float[] unitRows(SplittableRandom rnd, int count, int dim) {
    float[] a = new float[count * dim];
    for (int r = 0; r < count; r++) {
      double s = 0;
      double[] v = new double[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = rnd.nextGaussian();
        s += v[j] * v[j];
      }
      for (int j = 0; j < dim; j++) {
        a[r * dim + j] = (float) (v[j] / Math.sqrt(s));
      }
    }
    return a;
  }

  @Test
  void scaled_permuted_true_directions_among_random_rows_give_mmcs_one() {
    int k = 12;
    int dim = 16;
    int extra = 30;
    SplittableRandom rnd = new SplittableRandom(11);
    float[] truth = unitRows(rnd, k, dim);
    float[] decoder = unitRows(rnd, k + extra, dim);
    for (int t = 0; t < k; t++) {
      int row = extra + (t * 5) % k; // a permutation of the true features, after the random rows
      float scale = (float) (0.05 + 3 * rnd.nextDouble());
      for (int j = 0; j < dim; j++) {
        decoder[row * dim + j] = scale * truth[t * dim + j];
      }
    }

    FeatureRecoveryResult r = FeatureRecovery.measure(truth, k, decoder, k + extra, dim);
    assertThat(r.mmcs()).isCloseTo(1.0, within(1e-6));
    assertThat(r.recoveredAt09()).isEqualTo(1.0);
    assertThat(r.trueFeatures()).isEqualTo(k);
  }

  @Test
  void a_rotated_basis_has_mmcs_cos_theta() {
    double theta = 0.3;
    float[] truth = {1, 0, 0, 1};
    float c = (float) Math.cos(theta);
    float s = (float) Math.sin(theta);
    float[] decoder = {2 * c, 2 * s, -0.5f * s, 0.5f * c};

    FeatureRecoveryResult r = FeatureRecovery.measure(truth, 2, decoder, 2, 2);
    assertThat(r.mmcs()).isCloseTo(Math.cos(theta), within(1e-7));
    assertThat(r.recoveredAt09()).isEqualTo(1.0); // cos 0.3 = 0.955
  }

  @Test
  void recovery_threshold_counts_cosines_from_0_9_up() {
    float[] truth = {1, 0, 0, 1};
    double above = Math.acos(0.9 + 1e-5);
    double below = Math.acos(0.9 - 1e-5);
    float[] decoder = {
        (float) Math.cos(above), (float) Math.sin(above),
        (float) Math.sin(below), (float) Math.cos(below)};

    FeatureRecoveryResult r = FeatureRecovery.measure(truth, 2, decoder, 2, 2);
    assertThat(r.recoveredAt09()).isEqualTo(0.5);
    assertThat(r.mmcs()).isCloseTo(0.9, within(1e-5));
  }

  @Test
  void an_opposite_direction_does_not_recover_a_feature() {
    FeatureRecoveryResult r = FeatureRecovery.measure(new float[] {1, 0}, 1, new float[] {-1, 0, 0, 0}, 2, 2);
    assertThat(r.mmcs()).isEqualTo(0.0); // max(−1, 0 for the zero row)
    assertThat(r.recoveredAt09()).isZero();
  }

  @Test
  void rejects_decoder_rows_of_the_wrong_length() {
    assertThatThrownBy(() -> FeatureRecovery.measure(new float[4], 2, new float[5], 3, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decoderRows has length 5");
  }
}

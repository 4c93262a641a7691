package org.sae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.SaeParameters;

class FoldTest {

  @Test
  void unit_decoder_keeps_reconstructions_and_normalises_decoder_columns() {
    SplittableRandom rnd = new SplittableRandom(31);
    int n = 9;
    int m = 23;
    SaeParameters p = SaeFixtures.random(rnd, n, m);
    SaeParameters folded = Fold.unitDecoder(p);

    for (int i = 0; i < m; i++) {
      assertThat(folded.decoderNorm(i)).isCloseTo(1.0, within(1e-6));
    }
    assertThat(folded.decoderBias()).containsExactly(p.decoderBias());
    for (int trial = 0; trial < 20; trial++) {
      double[] x = rnd.doubles(n, -2, 2).toArray();
      assertThat(SaeFixtures.relativeError(SaeFixtures.reconstruct(folded, x), SaeFixtures.reconstruct(p, x)))
          .isLessThan(1e-6);
    }
  }

  @Test
  void unit_decoder_scales_encoder_rows_and_biases_by_the_decoder_norm() {
    SaeParameters p = new SaeParameters(2, 1, new float[] {1, -2}, new float[] {0.5f}, new float[] {3, 4},
        new float[] {0.25f, 0});
    SaeParameters folded = Fold.unitDecoder(p);

    assertThat(folded.encoderWeight()).containsExactly(5, -10);
    assertThat(folded.encoderBias()).containsExactly(2.5f);
    assertThat(folded.decoderWeight()).containsExactly(0.6f, 0.8f);
  }

  @Test
  void a_zero_decoder_column_is_left_as_it_is() {
    SplittableRandom rnd = new SplittableRandom(32);
    SaeParameters p = SaeFixtures.random(rnd, 4, 3);
    Arrays.fill(p.decoderWeight(), 4, 8, 0f);
    SaeParameters folded = Fold.unitDecoder(p);

    assertThat(Arrays.copyOfRange(folded.encoderWeight(), 4, 8))
        .containsExactly(Arrays.copyOfRange(p.encoderWeight(), 4, 8));
    assertThat(folded.encoderBias()[1]).isEqualTo(p.encoderBias()[1]);
    assertThat(Arrays.copyOfRange(folded.decoderWeight(), 4, 8)).containsOnly(0f);
  }

  @Test
  void does_not_modify_its_argument() {
    SaeParameters p = SaeFixtures.random(new SplittableRandom(33), 3, 5);
    SaeParameters before = p.copy();
    Fold.unitDecoder(p);
    assertThat(p).isEqualTo(before);
  }
}

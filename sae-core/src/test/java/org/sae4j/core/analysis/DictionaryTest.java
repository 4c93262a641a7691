package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;

/** The dictionary in the original scale: its own decoding against the backend's reconstruction. */
class DictionaryTest {
  private static final int N = 8;
  private static final int M = 16;
  private static final double SCALE = 1.7;

  @Test
  void decoding_the_codes_gives_the_backends_reconstruction_and_a_changed_code_moves_it_along_the_direction() {
    SplittableRandom random = new SplittableRandom(11);
    SaeParameters p = new SaeParameters(N, M, gaussian(random, M * N, 0.5), gaussian(random, M, 0.1),
        gaussian(random, M * N, 0.5), gaussian(random, N, 0.3));
    try (Backend backend = Backends.select("jvm", line -> { }).create(p, AdamState.initial(N, M),
        new BackendOptions(1, OptimiserSettings.PAPER, 64))) {
      Dictionary d = new Dictionary(backend, SCALE, 64);
      int rows = 20;
      float[] x = gaussian(random, rows * N, 2);
      SparseCodes codes = d.encode(x);
      float[] reconstruction = d.reconstruct(x);
      int active = 0;
      for (int r = 0; r < rows; r++) {
        active += codes.end(r) - codes.start(r);
        for (int feature : new int[] {0, 5, 15}) {
          float own = Dictionary.code(codes, r, feature);
          double[] same = d.decode(codes, r, feature, own);
          double[] moved = d.decode(codes, r, feature, own + 0.75);
          float[] direction = d.direction(feature);
          for (int j = 0; j < N; j++) {
            assertThat(same[j]).as("row %d feature %d dim %d", r, feature, j)
                .isCloseTo(reconstruction[r * N + j], within(1e-5));
            assertThat(moved[j] - same[j]).isCloseTo(0.75 * direction[j], within(1e-6));
          }
        }
      }
      assertThat(active).as("some features fire").isGreaterThan(rows);
      // the original scale: x̂ = (W_d·f + b_d)/s, so with no feature active it is b_d/s
      SparseCodes none = new SparseCodes();
      none.reset(1);
      none.endRow();
      assertThat(d.decode(none, 0, 3, 0)[2]).isCloseTo(p.decoderBias()[2] / SCALE, within(1e-7));
    }
  }

  private static float[] gaussian(SplittableRandom random, int size, double sd) {
    float[] a = new float[size];
    for (int k = 0; k < size; k++) {
      a[k] = (float) (sd * random.nextGaussian());
    }
    return a;
  }
}

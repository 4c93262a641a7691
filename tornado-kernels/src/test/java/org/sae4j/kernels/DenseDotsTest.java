package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link DenseDots} gives {@link Reductions#dot}'s bits for every pair, over lengths with and without a half block of
 * 16 and a scalar tail, odd row counts and feature counts that leave a partial tile. Skipped where the JVM's vectors
 * do not have 16 float lanes (the backend then keeps the per-pair dots).
 */
class DenseDotsTest {

  @ParameterizedTest(name = "n={0}, m={1}, rows [{2}, {3})")
  @CsvSource({"384,64,0,64", "200,301,3,10", "48,7,0,1", "17,9,2,5", "1,5,0,3", "32,4,1,3", "95,13,0,7"})
  void every_dot_is_the_canonical_one(int n, int m, int t0, int t1) {
    assumeTrue(DenseDots.available(), "the dense dots need 16 float lanes");
    SplittableRandom r = new SplittableRandom(n * 31L + m);
    float[] w = random(r, m * n);
    float[] e = random(r, t1 * n);
    float[] out = new float[(t1 - t0) * m];
    DenseDots.all(w, m, e, t0, t1, n, out);
    for (int t = t0; t < t1; t++) {
      for (int i = 0; i < m; i++) {
        float want = Reductions.dot(w, i * n, e, t * n, n);
        assertThat(Float.floatToRawIntBits(out[(t - t0) * m + i])).as("row %d feature %d", t, i)
            .isEqualTo(Float.floatToRawIntBits(want));
      }
    }
  }

  private static float[] random(SplittableRandom r, int size) {
    float[] v = new float[size];
    for (int k = 0; k < size; k++) {
      v[k] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }
}

package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The reductions are the canonical order of {@link CanonicalSums} bit for bit at this JVM's vector width (the
 * other widths are covered by {@link VectorWidthDeterminismTest}, which forks JVMs with narrower vectors).
 */
class ReductionsTest {

  private static final int MAX_LENGTH = 70;

  @Test
  void dot_dot4_and_sum_of_squares_follow_the_canonical_order_for_lengths_0_to_70() {
    float[] x = CanonicalSums.orderSensitive(4 * (MAX_LENGTH + 1) + 3, 1);
    float[] y = CanonicalSums.orderSensitive(MAX_LENGTH + 5, 2);
    float[] four = new float[5];
    for (int len = 0; len <= MAX_LENGTH; len++) {
      int stride = len + 1;
      float expected = CanonicalSums.dot(x, 3, y, 5, len);
      assertThat(Float.floatToRawIntBits(Reductions.dot(x, 3, y, 5, len))).as("dot, length %d", len)
          .isEqualTo(Float.floatToRawIntBits(expected));
      Reductions.dot4(x, 3, 3 + stride, 3 + 2 * stride, 3 + 3 * stride, y, 5, len, four, 1);
      for (int q = 0; q < 4; q++) {
        assertThat(Float.floatToRawIntBits(four[1 + q])).as("dot4 row %d, length %d", q, len)
            .isEqualTo(Float.floatToRawIntBits(CanonicalSums.dot(x, 3 + q * stride, y, 5, len)));
      }
      assertThat(Double.doubleToRawLongBits(Reductions.sumOfSquares(x, 3, len))).as("sum of squares, length %d", len)
          .isEqualTo(Double.doubleToRawLongBits(CanonicalSums.sumOfSquares(x, 3, len)));
    }
  }

  /** The data tells orders apart, so the test above would catch a kernel that summed in another order. */
  @Test
  void the_test_data_rounds_differently_in_a_sequential_order() {
    float[] x = CanonicalSums.orderSensitive(MAX_LENGTH, 1);
    float[] y = CanonicalSums.orderSensitive(MAX_LENGTH, 2);
    int differ = 0;
    for (int len = 17; len <= MAX_LENGTH; len++) {
      float sequential = 0;
      double exact = 0;
      for (int j = 0; j < len; j++) {
        sequential = Math.fma(x[j], y[j], sequential);
        exact += (double) x[j] * y[j];
      }
      float canonical = CanonicalSums.dot(x, 0, y, 0, len);
      assertThat((double) canonical).as("length %d", len).isCloseTo(exact, Offset.offset(1e-3 * (1 + Math.abs(exact))));
      if (canonical != sequential) {
        differ++;
      }
    }
    assertThat(differ).isGreaterThan(10);
  }

  /**
   * Compiled and interpreted code must round alike, or results would depend on JIT timing and so on the
   * thread count: the first calls run interpreted, later ones compiled.
   */
  @Test
  void reductions_give_the_same_bits_before_and_after_compilation() {
    int len = 2 * Reductions.DOT_LANES + 16 + 3;
    int inputs = 16;
    float[] x = TestData.batch(inputs + 3, len, 91);
    float[] y = TestData.batch(1, len, 92);
    float[] dots = new float[inputs];
    double[] squares = new double[inputs];
    float[][] fours = new float[inputs][4];
    for (int k = 0; k < inputs; k++) {
      dots[k] = Reductions.dot(x, k * len, y, 0, len);
      squares[k] = Reductions.sumOfSquares(x, k * len, len);
      Reductions.dot4(x, k * len, (k + 1) * len, (k + 2) * len, (k + 3) * len, y, 0, len, fours[k], 0);
    }
    float[] again = new float[4];
    for (int rep = 0; rep < 200_000; rep++) {
      int k = rep % inputs;
      assertThat(Float.floatToRawIntBits(Reductions.dot(x, k * len, y, 0, len)))
          .as("dot %d at call %d", k, rep).isEqualTo(Float.floatToRawIntBits(dots[k]));
      assertThat(Double.doubleToRawLongBits(Reductions.sumOfSquares(x, k * len, len)))
          .as("sum of squares %d at call %d", k, rep).isEqualTo(Double.doubleToRawLongBits(squares[k]));
      Reductions.dot4(x, k * len, (k + 1) * len, (k + 2) * len, (k + 3) * len, y, 0, len, again, 0);
      assertThat(again).as("dot4 %d at call %d", k, rep).isEqualTo(fours[k]);
    }
    assertThat(fours[0][0]).isEqualTo(dots[0]);
  }

  @Test
  void rejects_ranges_outside_the_arrays() {
    assertThatThrownBy(() -> Reductions.dot(new float[4], 1, new float[4], 0, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Reductions.sumOfSquares(new float[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Reductions.dot4(new float[8], 0, 1, 2, 5, new float[4], 0, 4, new float[4], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}

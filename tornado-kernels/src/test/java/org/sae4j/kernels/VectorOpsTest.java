package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The vector loops against float64 sums, at lengths 1, primes and the lane count ± 1, at odd offsets. */
class VectorOpsTest {

  static IntStream lengths() {
    int l = VectorOps.LANES;
    return IntStream.of(1, 2, 3, 7, l - 1, l, l + 1, 2 * l - 1, 2 * l + 1, 3 * l, 97, 257).distinct()
        .filter(n -> n > 0);
  }

  @ParameterizedTest
  @MethodSource("lengths")
  void dot_axpy_and_sum_of_squares_match_float64(int len) {
    float[] x = TestData.batch(1, len + 3, len);
    float[] y = TestData.batch(1, len + 5, len + 1);
    double dot = 0;
    double squares = 0;
    for (int j = 0; j < len; j++) {
      dot += (double) x[3 + j] * y[5 + j];
      squares += (double) x[3 + j] * x[3 + j];
    }
    assertThat((double) VectorOps.dot(x, 3, y, 5, len)).isCloseTo(dot, org.assertj.core.data.Offset.offset(
        1e-5 * Math.sqrt(squares * len)));
    assertThat(VectorOps.sumOfSquares(x, 3, len)).isCloseTo(squares, org.assertj.core.data.Offset.offset(
        1e-12 * squares));
    float[] before = y.clone();
    VectorOps.axpy(0.37f, x, 3, y, 5, len);
    for (int j = 0; j < y.length; j++) {
      float expected = j >= 5 && j < 5 + len ? (float) (before[j] + 0.37 * x[j - 2]) : before[j];
      assertThat(y[j]).as("y[%d]", j).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  /**
   * Compiled and interpreted code must round alike, or results would depend on JIT timing and so on the
   * thread count: the first calls run interpreted, later ones compiled.
   */
  @Test
  void reductions_give_the_same_bits_before_and_after_compilation() {
    int len = 4 * VectorOps.LANES + 3;
    int inputs = 16;
    float[] x = TestData.batch(inputs + 3, len, 91);
    float[] y = TestData.batch(1, len, 92);
    float[] dots = new float[inputs];
    double[] squares = new double[inputs];
    float[][] fours = new float[inputs][4];
    for (int k = 0; k < inputs; k++) {
      dots[k] = VectorOps.dot(x, k * len, y, 0, len);
      squares[k] = VectorOps.sumOfSquares(x, k * len, len);
      VectorOps.dot4(x, k * len, (k + 1) * len, (k + 2) * len, (k + 3) * len, y, 0, len, fours[k], 0);
    }
    float[] again = new float[4];
    for (int rep = 0; rep < 200_000; rep++) {
      int k = rep % inputs;
      assertThat(Float.floatToRawIntBits(VectorOps.dot(x, k * len, y, 0, len)))
          .as("dot %d at call %d", k, rep).isEqualTo(Float.floatToRawIntBits(dots[k]));
      assertThat(Double.doubleToRawLongBits(VectorOps.sumOfSquares(x, k * len, len)))
          .as("sum of squares %d at call %d", k, rep).isEqualTo(Double.doubleToRawLongBits(squares[k]));
      VectorOps.dot4(x, k * len, (k + 1) * len, (k + 2) * len, (k + 3) * len, y, 0, len, again, 0);
      assertThat(again).as("dot4 %d at call %d", k, rep).isEqualTo(fours[k]);
    }
    assertThat(fours[0][0]).isEqualTo(dots[0]);
  }

  @Test
  void rejects_ranges_outside_the_arrays() {
    assertThatThrownBy(() -> VectorOps.dot(new float[4], 1, new float[4], 0, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> VectorOps.axpy(1f, new float[4], 0, new float[3], 0, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}

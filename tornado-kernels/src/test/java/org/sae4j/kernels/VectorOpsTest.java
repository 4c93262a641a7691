package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The elementwise loops against their scalar definitions, bit for bit, at lengths 1, primes and the lane count ± 1,
 * at odd offsets: an element rounds the same in the vector loop as in the tail.
 */
class VectorOpsTest {

  static IntStream lengths() {
    int l = VectorOps.LANES;
    return IntStream.of(1, 2, 3, 7, l - 1, l, l + 1, 2 * l - 1, 2 * l + 1, 3 * l, 97, 257).distinct()
        .filter(n -> n > 0);
  }

  @ParameterizedTest
  @MethodSource("lengths")
  void axpy_axpy4_and_subtract_round_like_their_scalar_definitions(int len) {
    float[] x = CanonicalSums.orderSensitive(4 * len + 7, len);
    float[] y = CanonicalSums.orderSensitive(len + 5, len + 1);
    float[] axpy = y.clone();
    VectorOps.axpy(0.37f, x, 3, axpy, 5, len);
    float[] axpy4 = y.clone();
    VectorOps.axpy4(0.37f, -1.5f, 2.25f, 0.1f, x, 3, 3 + len, 3 + 2 * len, 3 + 3 * len, axpy4, 5, len);
    float[] difference = new float[len + 2];
    VectorOps.subtract(x, 3, y, 5, difference, 1, len);
    for (int j = 0; j < y.length; j++) {
      boolean inside = j >= 5 && j < 5 + len;
      int i = j - 5;
      float one = inside ? Math.fma(x[3 + i], 0.37f, y[j]) : y[j];
      float four = inside ? Math.fma(x[3 + 3 * len + i], 0.1f, Math.fma(x[3 + 2 * len + i], 2.25f,
          Math.fma(x[3 + len + i], -1.5f, one))) : y[j];
      assertThat(Float.floatToRawIntBits(axpy[j])).as("axpy y[%d]", j).isEqualTo(Float.floatToRawIntBits(one));
      assertThat(Float.floatToRawIntBits(axpy4[j])).as("axpy4 y[%d]", j).isEqualTo(Float.floatToRawIntBits(four));
    }
    for (int j = 0; j < len; j++) {
      assertThat(difference[1 + j]).as("difference %d", j).isEqualTo(x[3 + j] - y[5 + j]);
    }
    assertThat(difference[0]).isZero();
    assertThat(difference[len + 1]).isZero();
  }

  @Test
  void rejects_ranges_outside_the_arrays() {
    assertThatThrownBy(() -> VectorOps.subtract(new float[4], 1, new float[4], 0, new float[4], 0, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> VectorOps.axpy(1f, new float[4], 0, new float[3], 0, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}

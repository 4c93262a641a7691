package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link DenseProducts} against the scalar chain it promises, bit for bit: every element of C its start value then
 * one {@link Math#fma} per k in ascending order, over shapes around the tile (rows 4, columns 4 vectors) and the
 * depth block (256), A read row-major and column-major, with exact zeros among A's entries.
 */
class DenseProductsTest {

  private static final int L = VectorOps.LANES;

  @ParameterizedTest(name = "rows={0}, cols={1}, k={2}, rowMajor={3}")
  @CsvSource({"4,96,8,true", "1,1,1,true", "7,13,5,false", "9,200,300,true", "13,97,257,false", "64,384,600,true",
      "3,17,513,false", "5,40,1,true"})
  void every_element_is_its_ascending_fused_multiply_add_chain(int rows, int colsAsGiven, int k, boolean rowMajor) {
    // Column counts are given for 16 lanes; scale them so that the same tails arise at other widths.
    int cols = colsAsGiven * L / 16 + (colsAsGiven % 16 == 0 ? 0 : colsAsGiven % 16 % Math.max(1, L));
    SplittableRandom r = new SplittableRandom(rows * 1000L + cols * 7L + k);
    float[] a = new float[rows * k + 3];
    for (int e = 0; e < a.length; e++) {
      // A third exact zeros: the inactive pairs of a code matrix.
      a[e] = r.nextInt(3) == 0 ? 0f : (float) (r.nextDouble() * 2 - 1);
    }
    int ldb = cols + 5;
    float[] b = random(r, k * ldb + 2);
    int ldc = cols + 3;
    float[] c = random(r, rows * ldc + 1);
    DenseProducts.Operand op = rowMajor ? new DenseProducts.Operand(a, 3, k, 1)
        : new DenseProducts.Operand(a, 3, 1, rows);
    float[] expected = c.clone();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        float acc = expected[1 + i * ldc + j];
        for (int q = 0; q < k; q++) {
          acc = Math.fma(b[2 + q * ldb + j], a[3 + i * op.rowStride() + q * op.kStride()], acc);
        }
        expected[1 + i * ldc + j] = acc;
      }
    }
    // Two consecutive k ranges: the chain continues from the stored partial sums.
    int split = k / 3;
    DenseProducts.multiplyAdd(op, rows, b, 2, ldb, 0, split, c, 1, ldc, cols);
    DenseProducts.multiplyAdd(op, rows, b, 2, ldb, split, k, c, 1, ldc, cols);
    for (int e = 0; e < c.length; e++) {
      assertThat(Float.floatToRawIntBits(c[e])).as("element %d", e).isEqualTo(Float.floatToRawIntBits(expected[e]));
    }
  }

  @Test
  void a_chain_from_positive_zero_through_zero_terms_stays_positive_zero() {
    float[] a = new float[4 * 8];
    float[] b = random(new SplittableRandom(3), 8 * 6 * L);
    for (int e = 0; e < b.length; e += 2) {
      b[e] = -b[e] - 1f;
    }
    float[] c = new float[4 * 6 * L];
    DenseProducts.multiplyAdd(new DenseProducts.Operand(a, 0, 8, 1), 4, b, 0, 6 * L, 0, 8, c, 0, 6 * L, 6 * L);
    for (float v : c) {
      assertThat(Float.floatToRawIntBits(v)).isZero();
    }
  }

  @Test
  void the_destination_must_not_be_an_operand() {
    float[] a = new float[16];
    float[] b = new float[16];
    assertThatThrownBy(() -> DenseProducts.multiplyAdd(new DenseProducts.Operand(a, 0, 4, 1), 4, b, 0, 4, 0, 4,
        b, 0, 4, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("destination");
  }

  private static float[] random(SplittableRandom r, int size) {
    float[] v = new float[size];
    for (int e = 0; e < size; e++) {
      v[e] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }
}

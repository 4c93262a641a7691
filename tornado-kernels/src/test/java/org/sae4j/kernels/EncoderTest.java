package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The fused GEMM + bias + ReLU + extraction against a float64 product, across sizes around the lane count, the
 * micro-tile and the chunk width, and across row blocks.
 */
class EncoderTest {

  static Stream<Arguments> shapes() {
    int l = VectorOps.LANES;
    int chunk = Encoder.CHUNK;
    int block = Encoder.ROW_BLOCK;
    return Stream.of(
        Arguments.of(1, 1, 1),
        Arguments.of(l - 1, GemmKernel.COLS + 1, GemmKernel.ROWS + 1),
        Arguments.of(l + 1, chunk + l - 1, block + 5),
        Arguments.of(3 * l, 2 * chunk + 1, 2 * block + GemmKernel.ROWS),
        Arguments.of(13, chunk - 1, block - 1));
  }

  @ParameterizedTest(name = "n={0}, m={1}, rows={2}")
  @MethodSource("shapes")
  void active_set_matches_a_float64_product(int n, int m, int rows) {
    SaeParameters p = TestData.parameters(n, m, 7 * n + m);
    float[] x = TestData.batch(rows, n, rows);
    ActiveSet codes = new ActiveSet(rows, m);
    try (WorkerPool pool = new WorkerPool(2)) {
      Encoder encoder = new Encoder(n, m, rows, 2);
      encoder.packWeights(p.encoderWeight(), pool);
      encoder.encode(x, rows, p.encoderBias(), pool, codes);
    }
    int k = 0;
    for (int t = 0; t < rows; t++) {
      assertThat(codes.rowStart[t]).as("row %d start", t).isEqualTo(k);
      for (int i = 0; i < m; i++) {
        double pre = p.encoderBias()[i];
        for (int j = 0; j < n; j++) {
          pre += (double) x[t * n + j] * p.encoderWeight()[i * n + j];
        }
        if (pre > 0) {
          assertThat(codes.feature[k]).as("row %d entry %d", t, k).isEqualTo(i);
          assertThat(codes.entryRow[k]).isEqualTo(t);
          assertThat(Math.abs(codes.value[k] - pre)).as("row %d feature %d", t, i)
              .isLessThanOrEqualTo(1e-5 * (1 + Math.abs(pre)));
          k++;
        }
      }
    }
    assertThat(codes.rowStart[rows]).isEqualTo(k);
    assertThat(codes.size).isEqualTo(k);
    codes.buildColumns();
    for (int c = 0; c < codes.activeFeatureCount; c++) {
      int i = codes.activeFeatures[c];
      for (int e = codes.columnStart[i]; e < codes.columnStart[i + 1]; e++) {
        assertThat(codes.feature[codes.columnEntry[e]]).isEqualTo(i);
        if (e > codes.columnStart[i]) {
          assertThat(codes.entryRow[codes.columnEntry[e]]).isGreaterThan(codes.entryRow[codes.columnEntry[e - 1]]);
        }
      }
    }
    assertThat(codes.columnStart[m]).isEqualTo(k);
  }
}

package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The JVM backend gives bit-identical parameters and Adam state for any thread count. */
class JvmBackendDeterminismTest {

  // Shapes that give every kernel several blocks: 3 encoder row blocks, 4 decoder row blocks, 5 feature blocks.
  private static final int N = 40;
  private static final int M = 300;
  private static final int ROWS = 250;

  @Test
  void one_two_and_three_threads_give_bit_identical_parameters_and_adam_state() {
    Run one = train(1);
    Run two = train(2);
    Run three = train(3);
    for (Run other : new Run[] {two, three}) {
      assertThat(other.results).isEqualTo(one.results);
      assertBitIdentical(other.params, one.params);
      assertBitIdentical(other.adam.firstMoment(), one.adam.firstMoment());
      assertBitIdentical(other.adam.secondMoment(), one.adam.secondMoment());
      assertThat(other.adam.step()).isEqualTo(one.adam.step());
    }
  }

  @Test
  void forward_codes_and_reconstruction_do_not_depend_on_threads() {
    SaeParameters p = TestData.parameters(N, M, 3);
    float[] x = TestData.batch(ROWS, N, 4);
    float[][] recon = new float[2][ROWS * N];
    SparseCodes[] codes = {new SparseCodes(), new SparseCodes()};
    for (int k = 0; k < 2; k++) {
      try (Backend b = new JvmBackendProvider().create(p, AdamState.initial(N, M), TestData.options(k + 1, ROWS))) {
        b.forward(x, ROWS, recon[k], codes[k]);
      }
    }
    assertThat(Arrays.equals(recon[0], recon[1])).isTrue();
    assertThat(codes[1].size()).isEqualTo(codes[0].size());
    for (int k = 0; k < codes[0].size(); k++) {
      assertThat(codes[1].index(k)).isEqualTo(codes[0].index(k));
      assertThat(Float.floatToRawIntBits(codes[1].value(k))).isEqualTo(Float.floatToRawIntBits(codes[0].value(k)));
    }
  }

  private record Run(SaeParameters params, AdamState adam, java.util.List<StepResult> results) {
  }

  private static Run train(int threads) {
    SaeParameters p = TestData.parameters(N, M, 1);
    java.util.List<StepResult> results = new java.util.ArrayList<>();
    try (Backend b = new JvmBackendProvider().create(p, AdamState.initial(N, M), TestData.options(threads, ROWS))) {
      for (int s = 0; s < 4; s++) {
        // The last batch is short, so partial blocks are exercised too.
        int rows = s == 3 ? ROWS - 37 : ROWS;
        results.add(b.step(TestData.batch(rows, N, 100 + s), rows, new StepInput(1e-3, 1.5)));
      }
      return new Run(b.parameters(), b.adamState(), results);
    }
  }

  private static void assertBitIdentical(SaeParameters actual, SaeParameters expected) {
    float[][] a = TestData.arrays(actual);
    float[][] e = TestData.arrays(expected);
    for (int k = 0; k < a.length; k++) {
      assertThat(Arrays.equals(a[k], e[k])).as("array %d is bit-identical", k).isTrue();
    }
  }
}

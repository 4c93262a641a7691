package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Backend#forward} against the reference, and the backend's checks and life cycle. */
class JvmBackendForwardTest {

  @ParameterizedTest(name = "n={0}, m={1}, B={2}")
  @CsvSource({"1,1,1", "7,13,5", "17,33,97", "33,70,17", "8,16,6"})
  void forward_matches_the_reference_with_ascending_indices(int n, int m, int rows) {
    SaeParameters p = TestData.parameters(n, m, 61 + m);
    float[] x = TestData.batch(rows, n, 62);
    ReferenceStep.Evaluation want = new ReferenceStep(p, AdamState.initial(n, m), OptimiserSettings.PAPER)
        .evaluate(x, rows, 1.0);
    float[] recon = new float[rows * n];
    SparseCodes codes = new SparseCodes();
    try (Backend b = new JvmBackendProvider().create(p, AdamState.initial(n, m), TestData.options(2, rows))) {
      b.forward(x, rows, recon, codes);
      assertThat(b.parameters()).isEqualTo(p);
    }
    assertThat(codes.rows()).isEqualTo(rows);
    double[] pre = want.preActivation();
    for (int t = 0; t < rows; t++) {
      int k = codes.start(t);
      for (int i = 0; i < m; i++) {
        if (pre[t * m + i] > 0) {
          assertThat(k).as("row %d has feature %d", t, i).isLessThan(codes.end(t));
          assertThat(codes.index(k)).as("row %d entry %d", t, k).isEqualTo(i);
          assertThat((double) codes.value(k)).isCloseTo(pre[t * m + i], org.assertj.core.data.Offset.offset(
              1e-5 * (1 + Math.abs(pre[t * m + i]))));
          k++;
        }
      }
      assertThat(k).as("row %d has no extra features", t).isEqualTo(codes.end(t));
    }
    Tolerance.assertClose("reconstruction", recon, want.reconstruction(), 1e-4, 1e-2);
  }

  @Test
  void close_is_idempotent_and_later_calls_throw() {
    Backend b = new JvmBackendProvider().create(TestData.parameters(4, 5, 1), AdamState.initial(4, 5),
        TestData.options(2, 3));
    b.close();
    b.close();
    float[] x = TestData.batch(3, 4, 2);
    assertThatThrownBy(() -> b.step(x, 3, new StepInput(1e-3, 1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> b.forward(x, 3, new float[12], new SparseCodes()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::parameters).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::adamState).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejects_adam_state_of_another_shape_naming_both() {
    assertThatThrownBy(() -> new JvmBackendProvider().create(TestData.parameters(4, 5, 1), AdamState.initial(4, 6),
        TestData.options(1, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features=6").hasMessageContaining("features=5");
  }

  @Test
  void rejects_batches_that_do_not_fit_naming_the_dimensions() {
    try (Backend b = new JvmBackendProvider().create(TestData.parameters(4, 5, 1), AdamState.initial(4, 5),
        TestData.options(1, 3))) {
      assertThatThrownBy(() -> b.step(new float[11], 3, new StepInput(1e-3, 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("length 11").hasMessageContaining("3 rows × inputDim 4 = 12");
      assertThatThrownBy(() -> b.step(new float[16], 4, new StepInput(1e-3, 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("rows is 4").hasMessageContaining("maxBatchRows");
      assertThatThrownBy(() -> b.forward(TestData.batch(3, 4, 5), 3, new float[8], new SparseCodes()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reconstruction has length 8");
      assertThatThrownBy(() -> b.step(TestData.batch(3, 4, 5), 3, new StepInput(1e-3, -1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1 coefficient");
    }
  }

  @Test
  void a_diverged_step_throws_and_leaves_the_parameters_unchanged() {
    SaeParameters p = TestData.parameters(4, 5, 1);
    try (Backend b = new JvmBackendProvider().create(p, AdamState.initial(4, 5), TestData.options(1, 3))) {
      float[] x = TestData.batch(3, 4, 5);
      x[2] = Float.NaN;
      assertThatThrownBy(() -> b.step(x, 3, new StepInput(1e-3, 1))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("diverged");
      assertThat(b.parameters()).isEqualTo(p);
      assertThat(b.adamState().step()).isZero();
    }
  }
}

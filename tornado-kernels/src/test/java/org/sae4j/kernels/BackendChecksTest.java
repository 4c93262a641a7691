package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendChecksTest {

  @Test
  void rejects_adam_state_of_another_shape_naming_both() {
    assertThatThrownBy(() -> BackendChecks.checkAdamShape(SaeParameters.zeros(4, 6), AdamState.initial(4, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Adam state has inputDim=4, features=5 but the parameters have inputDim=4, features=6");
    assertThatCode(() -> BackendChecks.checkAdamShape(SaeParameters.zeros(4, 6), AdamState.initial(4, 6)))
        .doesNotThrowAnyException();
  }

  @Test
  void rejects_a_rule_the_backend_does_not_run_naming_backend_rule_and_the_supported_ones() {
    assertThatThrownBy(() -> BackendChecks.checkRule("tornadovm", Set.of("topk", "relu"),
        new ActivationRule.JumpRelu(0.1, 0.05)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the jumprelu architecture is not supported on the tornadovm backend (it runs relu, topk); "
            + "use backend: jvm");
    assertThatCode(() -> BackendChecks.checkRule("tornadovm", Set.of("relu"), ActivationRule.RELU))
        .doesNotThrowAnyException();
  }

  @Test
  void rejects_use_after_close_naming_the_backend() {
    assertThatThrownBy(() -> BackendChecks.checkOpen(true, "jvm"))
        .isInstanceOf(IllegalStateException.class).hasMessage("the jvm backend is closed");
    assertThatCode(() -> BackendChecks.checkOpen(false, "jvm")).doesNotThrowAnyException();
  }

  @Test
  void rejects_row_counts_outside_the_batch_limit_and_short_batches() {
    float[] batch = new float[3 * 5];
    assertThatThrownBy(() -> BackendChecks.checkBatch(batch, 0, 3, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rows is 0, expected 1..3 (maxBatchRows)");
    assertThatThrownBy(() -> BackendChecks.checkBatch(batch, 4, 3, 5)).hasMessageContaining("rows is 4");
    assertThatThrownBy(() -> BackendChecks.checkBatch(new float[14], 3, 3, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch has length 14, expected at least 3 rows × inputDim 5 = 15");
    assertThatCode(() -> BackendChecks.checkBatch(batch, 3, 3, 5)).doesNotThrowAnyException();
  }

  @Test
  void rejects_a_reconstruction_buffer_shorter_than_the_rows() {
    assertThatThrownBy(() -> BackendChecks.checkReconstruction(new float[8], 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconstruction has length 8, expected at least 3 rows × inputDim 3 = 9");
    assertThatCode(() -> BackendChecks.checkReconstruction(new float[9], 3, 3)).doesNotThrowAnyException();
  }

  @Test
  void rejects_negative_infinite_and_nan_coefficients() {
    for (double bad : new double[] {-1e-9, Double.POSITIVE_INFINITY, Double.NaN}) {
      assertThatThrownBy(() -> BackendChecks.checkLearningRate(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learning rate must be finite");
      assertThatThrownBy(() -> BackendChecks.checkL1(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1 coefficient must be finite");
    }
    assertThatCode(() -> {
      BackendChecks.checkLearningRate(0);
      BackendChecks.checkL1(0);
      BackendChecks.checkLearningRate(3e-3);
      BackendChecks.checkL1(5);
    }).doesNotThrowAnyException();
  }
}

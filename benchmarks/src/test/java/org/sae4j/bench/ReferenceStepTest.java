package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Gaussian;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.StepResult;

/** The DJL/PyTorch reference step against the hand-derived float64 step. */
class ReferenceStepTest {

  private static final int N = 32;
  private static final int M = 128;
  private static final int ROWS = 64;

  @BeforeAll
  static void pyTorchLoads() {
    Fixtures.assumePyTorchLoads();
  }

  /** gradClip 1 clips every step here (the gradient norm is far above 1); 1e6 never clips. */
  @ParameterizedTest(name = "gradClip {0}")
  @ValueSource(doubles = {1.0, 1.0e6})
  void matches_float64_formulas_over_five_steps(double gradClip) {
    OptimiserSettings optimiser = new OptimiserSettings(0.9, 0.999, 1e-8, gradClip);
    SaeParameters initial = Fixtures.randomParameters(N, M, 1);
    SplittableRandom r = new SplittableRandom(2);
    Float64Step oracle = new Float64Step(initial, optimiser);
    try (ReferenceStep reference = new ReferenceStep(initial, AdamState.initial(N, M), optimiser)) {
      for (int s = 0; s < 5; s++) {
        float[] x = Gaussian.floats(r, ROWS * N, 1.0);
        StepResult expected = oracle.step(x, ROWS, 1e-3, 1.0);
        StepResult actual = reference.step(x, ROWS, 1e-3, 1.0);
        String at = "step " + (s + 1) + " ";
        Fixtures.assertRelative(at + "loss", actual.loss(), expected.loss(), 1e-5);
        Fixtures.assertRelative(at + "mse", actual.mse(), expected.mse(), 1e-5);
        Fixtures.assertRelative(at + "l1", actual.l1(), expected.l1(), 1e-5);
        Fixtures.assertRelative(at + "gradNorm", actual.gradNorm(), expected.gradNorm(), 1e-5);
        assertThat(actual.l0()).as(at + "l0").isCloseTo(expected.l0(),
            org.assertj.core.data.Offset.offset(1.0 / ROWS));
        assertThat(actual.l0()).as(at + "l0 is neither empty nor dense").isBetween(M * 0.1, M * 0.9);
        if (gradClip == 1.0) {
          assertThat(expected.gradNorm()).as(at + "clipping is exercised").isGreaterThan(1.0);
        }
      }
      SaeParameters after = reference.parameters();
      Float64Step.Tensors want = oracle.parameters();
      Fixtures.assertCloseToScale("encoderWeight", after.encoderWeight(), want.encoderWeight(), 1e-5);
      Fixtures.assertCloseToScale("encoderBias", after.encoderBias(), want.encoderBias(), 1e-5);
      Fixtures.assertCloseToScale("decoderWeight", after.decoderWeight(), want.decoderWeight(), 1e-5);
      Fixtures.assertCloseToScale("decoderBias", after.decoderBias(), want.decoderBias(), 1e-5);
      assertThat(reference.adamState().step()).isEqualTo(5);
      assertMoved(initial, after);
    }
  }

  @Test
  void resumes_from_exported_adam_state_like_an_uninterrupted_run() {
    SaeParameters initial = Fixtures.randomParameters(N, M, 3);
    SplittableRandom r = new SplittableRandom(4);
    float[][] batches = new float[4][];
    for (int s = 0; s < batches.length; s++) {
      batches[s] = Gaussian.floats(r, ROWS * N, 1.0);
    }
    SaeParameters uninterrupted;
    try (ReferenceStep whole = new ReferenceStep(initial, AdamState.initial(N, M), OptimiserSettings.PAPER)) {
      for (float[] x : batches) {
        whole.step(x, ROWS, 1e-3, 1.0);
      }
      uninterrupted = whole.parameters();
    }
    SaeParameters midway;
    AdamState adam;
    try (ReferenceStep first = new ReferenceStep(initial, AdamState.initial(N, M), OptimiserSettings.PAPER)) {
      first.step(batches[0], ROWS, 1e-3, 1.0);
      first.step(batches[1], ROWS, 1e-3, 1.0);
      midway = first.parameters();
      adam = first.adamState();
    }
    try (ReferenceStep second = new ReferenceStep(midway, adam, OptimiserSettings.PAPER)) {
      second.step(batches[2], ROWS, 1e-3, 1.0);
      second.step(batches[3], ROWS, 1e-3, 1.0);
      assertThat(second.adamState().step()).isEqualTo(4);
      SaeParameters resumed = second.parameters();
      Fixtures.assertCloseToScale("encoderWeight", resumed.encoderWeight(),
          Fixtures.widen(uninterrupted.encoderWeight()), 1e-6);
      Fixtures.assertCloseToScale("decoderWeight", resumed.decoderWeight(),
          Fixtures.widen(uninterrupted.decoderWeight()), 1e-6);
      Fixtures.assertCloseToScale("encoderBias", resumed.encoderBias(),
          Fixtures.widen(uninterrupted.encoderBias()), 1e-6);
      Fixtures.assertCloseToScale("decoderBias", resumed.decoderBias(),
          Fixtures.widen(uninterrupted.decoderBias()), 1e-6);
    }
  }

  @Test
  void rejects_batch_shorter_than_rows_naming_the_sizes() {
    try (ReferenceStep reference = new ReferenceStep(Fixtures.randomParameters(N, M, 5), AdamState.initial(N, M),
        OptimiserSettings.PAPER)) {
      assertThatThrownBy(() -> reference.step(new float[ROWS * N - 1], ROWS, 1e-3, 1.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("holds " + (ROWS * N - 1) + " floats")
          .hasMessageContaining(ROWS + " rows of " + N);
    }
  }

  @Test
  void rejects_adam_state_of_another_shape() {
    assertThatThrownBy(() -> new ReferenceStep(Fixtures.randomParameters(N, M, 6), AdamState.initial(N, M + 1),
        OptimiserSettings.PAPER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features=" + (M + 1));
  }

  @Test
  void calls_after_close_throw_and_close_is_idempotent() {
    ReferenceStep reference = new ReferenceStep(Fixtures.randomParameters(N, M, 7), AdamState.initial(N, M),
        OptimiserSettings.PAPER);
    reference.close();
    reference.close();
    assertThatThrownBy(reference::parameters).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> reference.step(new float[ROWS * N], ROWS, 1e-3, 1.0))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Guards against a comparison that passes because nothing was updated. */
  private static void assertMoved(SaeParameters before, SaeParameters after) {
    double moved = 0;
    for (int k = 0; k < before.encoderWeight().length; k++) {
      moved = Math.max(moved, Math.abs(after.encoderWeight()[k] - before.encoderWeight()[k]));
    }
    assertThat(moved).as("largest encoder-weight change after 5 steps at lr 1e-3").isGreaterThan(1e-3);
  }
}

package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.Gaussian;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;

/**
 * sae4j's JVM backend against the dense PyTorch reference (and the float64 formulas): a few training steps from
 * the same initial weights on the same seeded batches agree within float32 tolerance (1e-4 relative).
 */
class JvmBackendOracleTest {

  private static final double TOLERANCE = 1e-4;
  private static final double LEARNING_RATE = 1e-3;
  private static final double LAMBDA = 1.0;
  private static final int STEPS = 5;

  @BeforeAll
  static void pyTorchLoads() {
    Fixtures.assumePyTorchLoads();
  }

  @ParameterizedTest(name = "n={0} m={1} B={2}")
  @CsvSource({"32, 128, 64", "37, 101, 19"})
  void jvm_backend_matches_pytorch_reference_over_five_steps(int n, int m, int rows) {
    SaeParameters initial = Fixtures.randomParameters(n, m, 31);
    SplittableRandom r = new SplittableRandom(32);
    List<String> log = new ArrayList<>();
    Float64Step exact = new Float64Step(initial, OptimiserSettings.PAPER);
    try (Backend jvm = Backends.select("jvm", log::add).create(initial, AdamState.initial(n, m),
             new BackendOptions(2, OptimiserSettings.PAPER, rows));
         ReferenceStep reference = new ReferenceStep(initial, AdamState.initial(n, m), OptimiserSettings.PAPER)) {
      assertThat(jvm.name()).isEqualTo("jvm");
      for (int s = 0; s < STEPS; s++) {
        float[] x = Gaussian.floats(r, rows * n, 1.0);
        StepResult mine = jvm.step(x, rows, new StepInput(LEARNING_RATE, LAMBDA));
        StepResult theirs = reference.step(x, rows, LEARNING_RATE, LAMBDA);
        StepResult want = exact.step(x, rows, LEARNING_RATE, LAMBDA);
        String at = "step " + (s + 1) + " ";
        for (StepResult other : List.of(theirs, want)) {
          String vs = other == theirs ? "vs pytorch " : "vs float64 ";
          Fixtures.assertRelative(at + vs + "loss", mine.loss(), other.loss(), TOLERANCE);
          Fixtures.assertRelative(at + vs + "mse", mine.mse(), other.mse(), TOLERANCE);
          Fixtures.assertRelative(at + vs + "l1", mine.l1(), other.l1(), TOLERANCE);
          Fixtures.assertRelative(at + vs + "gradNorm", mine.gradNorm(), other.gradNorm(), TOLERANCE);
          assertThat(mine.l0()).as(at + vs + "l0").isCloseTo(other.l0(),
              org.assertj.core.data.Offset.offset(1.0 / rows));
        }
        assertThat(mine.gradNorm()).as(at + "gradient clipping is exercised").isGreaterThan(1.0);
      }
      assertParametersAgree("vs pytorch ", jvm.parameters(), reference.parameters());
      assertParametersAgree("vs float64 ", jvm.parameters(), exact.parameters());
      assertAdamAgrees(jvm.adamState(), reference.adamState());
      assertMovedBeyondTolerance(initial, jvm.parameters());
    }
  }

  private static void assertParametersAgree(String vs, SaeParameters mine, SaeParameters theirs) {
    assertParametersAgree(vs, mine, Float64Step.Tensors.of(theirs));
  }

  private static void assertParametersAgree(String vs, SaeParameters mine, Float64Step.Tensors want) {
    Fixtures.assertCloseToScale(vs + "encoderWeight", mine.encoderWeight(), want.encoderWeight(), TOLERANCE);
    Fixtures.assertCloseToScale(vs + "encoderBias", mine.encoderBias(), want.encoderBias(), TOLERANCE);
    Fixtures.assertCloseToScale(vs + "decoderWeight", mine.decoderWeight(), want.decoderWeight(), TOLERANCE);
    Fixtures.assertCloseToScale(vs + "decoderBias", mine.decoderBias(), want.decoderBias(), TOLERANCE);
  }

  private static void assertAdamAgrees(AdamState mine, AdamState theirs) {
    assertThat(mine.step()).isEqualTo(theirs.step()).isEqualTo(STEPS);
    assertParametersAgree("first moment ", mine.firstMoment(), theirs.firstMoment());
    assertParametersAgree("second moment ", mine.secondMoment(), theirs.secondMoment());
  }

  /**
   * The parameters must have moved by much more than the tolerance, so that agreement says the updates agree,
   * not just that both sides stayed near the start.
   */
  private static void assertMovedBeyondTolerance(SaeParameters before, SaeParameters after) {
    double moved = 0;
    double scale = 0;
    for (int k = 0; k < before.encoderWeight().length; k++) {
      moved = Math.max(moved, Math.abs(after.encoderWeight()[k] - before.encoderWeight()[k]));
      scale = Math.max(scale, Math.abs(before.encoderWeight()[k]));
    }
    assertThat(moved).as("largest encoder-weight change").isGreaterThan(10 * TOLERANCE * scale);
  }
}

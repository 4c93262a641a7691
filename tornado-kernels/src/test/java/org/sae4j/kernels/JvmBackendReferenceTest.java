package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JVM backend against the float64 {@link ReferenceStep} over several steps, on awkward shapes. */
class JvmBackendReferenceTest {

  private static final String[] NAMES = {"encoderWeight", "encoderBias", "decoderWeight", "decoderBias"};
  private static final double REL = 1e-4;
  /** Entries below 1 % of an array's largest are compared at that scale (see {@link Tolerance#assertClose}). */
  private static final double FLOOR = 1e-2;

  @ParameterizedTest(name = "n={0}, m={1}, B={2}, threads={3}")
  @CsvSource({"7,13,5,1", "33,70,17,2", "64,256,64,2", "20,50,200,3", "9,300,101,2"})
  void several_steps_agree_with_the_float64_reference(int n, int m, int rows, int threads) {
    SaeParameters init = TestData.parameters(n, m, 11 + n);
    AdamState adam = AdamState.initial(n, m);
    ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER);
    try (Backend backend = new JvmBackendProvider().create(init, adam, TestData.options(threads, rows))) {
      for (int s = 0; s < 4; s++) {
        float[] x = TestData.batch(rows, n, 1000 + s);
        double lr = 1e-3;
        double lambda = 0.5 + 0.25 * s;
        StepResult got = backend.step(x, rows, new StepInput(lr, lambda));
        ReferenceStep.Evaluation want = ref.step(x, rows, lr, lambda);
        String at = "step " + s + " ";
        assertThat(got.l0()).as(at + "l0").isEqualTo(want.l0());
        Tolerance.assertRelative(at + "loss", got.loss(), want.loss(), REL);
        Tolerance.assertRelative(at + "mse", got.mse(), want.mse(), REL);
        Tolerance.assertRelative(at + "l1", got.l1(), want.l1(), REL);
        Tolerance.assertRelative(at + "gradNorm", got.gradNorm(), want.gradNorm(), REL);
      }
      assertParametersMatch(backend.parameters(), ref);
    }
  }

  @ParameterizedTest(name = "n={0}, m={1}, B={2}")
  @CsvSource({"7,13,5", "33,70,17"})
  void resumes_from_a_mid_training_adam_state_like_the_reference(int n, int m, int rows) {
    SaeParameters init = TestData.parameters(n, m, 5);
    AdamState adam = TestData.adamState(n, m, 7, 6);
    ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER);
    try (Backend backend = new JvmBackendProvider().create(init, adam, TestData.options(2, rows))) {
      for (int s = 0; s < 3; s++) {
        float[] x = TestData.batch(rows, n, 77 + s);
        backend.step(x, rows, new StepInput(2e-3, 1.0));
        ref.step(x, rows, 2e-3, 1.0);
      }
      assertThat(backend.adamState().step()).isEqualTo(10);
      assertParametersMatch(backend.parameters(), ref);
    }
  }

  private static void assertParametersMatch(SaeParameters got, ReferenceStep ref) {
    float[][] actual = TestData.arrays(got);
    double[][] expected = ref.parameters();
    for (int a = 0; a < actual.length; a++) {
      Tolerance.assertClose(NAMES[a], actual[a], expected[a], REL, FLOOR);
    }
  }
}

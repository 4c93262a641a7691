package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.JvmBackendProvider;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;
import org.sae4j.kernels.TestData;
import org.sae4j.kernels.Tolerance;

/**
 * The TornadoVM step against the JVM backend, step by step, on shapes that do not divide any work-group size.
 * Skipped (not passed) where TornadoVM or a device is missing.
 */
class TornadoVmBackendEquivalenceTest {

  private static final String[] NAMES = {"encoderWeight", "encoderBias", "decoderWeight", "decoderBias"};
  private static final double REL = 1e-4;
  /** Entries below 1 % of an array's largest are compared at that scale (float32 sums round absolutely). */
  private static final double FLOOR = 1e-2;

  private static final BackendProvider TORNADO = new TornadoVmBackendProvider();

  @BeforeAll
  static void requireTornadoVm() {
    BackendProvider.Availability a = TORNADO.availability();
    assumeTrue(a.available(), a.reason());
  }

  @ParameterizedTest(name = "n={0}, m={1}, B={2}")
  @CsvSource({"33,70,17", "64,256,64"})
  void several_steps_match_the_jvm_backend(int n, int m, int rows) {
    SaeParameters init = TestData.parameters(n, m, 11 + n);
    AdamState adam = AdamState.initial(n, m);
    try (Backend device = TORNADO.create(init, adam, TestData.options(1, rows));
         Backend jvm = new JvmBackendProvider().create(init, adam, TestData.options(1, rows))) {
      for (int s = 0; s < 4; s++) {
        float[] x = TestData.batch(rows, n, 1000 + s);
        double lambda = 0.5 + 0.25 * s;
        StepResult got = device.step(x, rows, new StepInput(1e-3, lambda));
        StepResult want = jvm.step(x, rows, new StepInput(1e-3, lambda));
        assertScalarsMatch("step " + s, got, want);
      }
      assertParametersMatch("parameters", device.parameters(), jvm.parameters());
      AdamState gotAdam = device.adamState();
      AdamState wantAdam = jvm.adamState();
      assertThat(gotAdam.step()).isEqualTo(4);
      assertParametersMatch("Adam m", gotAdam.firstMoment(), wantAdam.firstMoment());
      assertParametersMatch("Adam v", gotAdam.secondMoment(), wantAdam.secondMoment());
    }
  }

  @ParameterizedTest(name = "n={0}, m={1}, B={2} then {3}")
  @CsvSource("20,50,40,33")
  void smaller_batches_than_the_maximum_and_a_resumed_adam_state_match_the_jvm_backend(int n, int m, int rows,
                                                                                       int smaller) {
    SaeParameters init = TestData.parameters(n, m, 5);
    AdamState adam = TestData.adamState(n, m, 7, 6);
    try (Backend device = TORNADO.create(init, adam, TestData.options(1, rows));
         Backend jvm = new JvmBackendProvider().create(init, adam, TestData.options(1, rows))) {
      for (int s = 0; s < 3; s++) {
        int b = s == 1 ? smaller : rows;
        float[] x = TestData.batch(b, n, 77 + s);
        assertScalarsMatch("step " + s + " (B=" + b + ")", device.step(x, b, new StepInput(2e-3, 1.0)), jvm.step(x, b, new StepInput(2e-3, 1.0)));
      }
      assertThat(device.adamState().step()).isEqualTo(10);
      assertParametersMatch("parameters", device.parameters(), jvm.parameters());
    }
  }

  private static void assertScalarsMatch(String at, StepResult got, StepResult want) {
    assertThat(got.l0()).as(at + " l0").isEqualTo(want.l0());
    Tolerance.assertRelative(at + " loss", got.loss(), want.loss(), REL);
    Tolerance.assertRelative(at + " mse", got.mse(), want.mse(), REL);
    Tolerance.assertRelative(at + " l1", got.l1(), want.l1(), REL);
    Tolerance.assertRelative(at + " gradNorm", got.gradNorm(), want.gradNorm(), REL);
  }

  private static void assertParametersMatch(String what, SaeParameters got, SaeParameters want) {
    float[][] actual = TestData.arrays(got);
    float[][] expected = TestData.arrays(want);
    for (int a = 0; a < actual.length; a++) {
      Tolerance.assertClose(what + " " + NAMES[a], actual[a], expected[a], REL, FLOOR);
    }
  }
}

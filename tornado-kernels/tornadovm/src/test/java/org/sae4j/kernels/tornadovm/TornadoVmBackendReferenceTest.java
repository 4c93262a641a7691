package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.ReferenceStep;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;
import org.sae4j.kernels.TestData;
import org.sae4j.kernels.Tolerance;

/**
 * Every kernel of the TornadoVM step and forward pass against the float64 {@link ReferenceStep}, on awkward
 * shapes (primes; batches that do not divide the encoder tile, the scan and sum blocks or any work-group size;
 * rows with no active feature; every feature active). Skipped (not passed) where TornadoVM or a device is
 * missing.
 */
class TornadoVmBackendReferenceTest {

  private static final String[] NAMES = {"encoderWeight", "encoderBias", "decoderWeight", "decoderBias"};
  private static final double REL = 1e-4;
  /** Entries below 1 % of an array's largest are compared at that scale (float32 sums round absolutely). */
  private static final double FLOOR = 1e-2;

  @BeforeAll
  static void requireTornadoVm() {
    BackendProvider.Availability a = new TornadoVmBackendProvider(null).availability();
    assumeTrue(a.available(), a.reason());
  }

  private static Backend create(SaeParameters init, AdamState adam, int rows, String encoder) {
    return new TornadoVmBackendProvider(null, encoder).create(init, adam, TestData.options(1, rows));
  }

  /**
   * Both encoder kernels ({@link EncoderVariant}): the register-tiled one and the local-memory one at several
   * work-group shapes, whose tiles (4·X features × 4·Y rows × 16 j) none of these shapes fills.
   */
  @ParameterizedTest(name = "n={0}, m={1}, B={2}, encoder {3}")
  @CsvSource({"7,13,5,register", "7,13,5,local", "37,101,19,register", "37,101,19,local:8x4",
      "64,256,64,register", "64,256,64,local", "20,50,200,register", "20,50,200,local:3x5", "9,300,101,register",
      "9,300,101,local:16x8"})
  void several_steps_and_the_forward_pass_agree_with_the_float64_reference(int n, int m, int rows,
                                                                             String encoder) {
    SaeParameters init = TestData.parameters(n, m, 11 + n);
    AdamState adam = AdamState.initial(n, m);
    ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER);
    try (Backend backend = create(init, adam, rows, encoder)) {
      assertThat(backend.device()).contains(encoder.startsWith("local") ? "local-memory" : "register-tiled");
      for (int s = 0; s < 4; s++) {
        int b = s == 2 ? rows - rows / 3 : rows;
        float[] x = TestData.batch(b, n, 1000 + s);
        double lambda = 0.5 + 0.25 * s;
        assertStepMatches("step " + s + " (B=" + b + ")", backend.step(x, b, new StepInput(1e-3, lambda)),
            ref.step(x, b, 1e-3, lambda));
      }
      assertParametersMatch(backend.parameters(), ref);
      assertForwardMatches(backend, ref, TestData.batch(rows, n, 9), rows);
    }
  }

  @ParameterizedTest(name = "encoder {0}")
  @ValueSource(strings = {"register", "local"})
  void rows_with_no_active_feature_and_rows_with_every_feature_active_agree_with_the_reference(String encoder) {
    int n = 11;
    int m = 29;
    int rows = 13;
    SaeParameters silent = TestData.parameters(n, m, 4);
    for (int i = 0; i < m; i++) {
      silent.encoderBias()[i] = -0.05f - Math.abs(silent.encoderBias()[i]);
    }
    SaeParameters saturated = TestData.parameters(n, m, 4);
    Arrays.fill(saturated.encoderBias(), 6f);
    for (SaeParameters init : new SaeParameters[] {silent, saturated}) {
      AdamState adam = AdamState.initial(n, m);
      ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER);
      try (Backend backend = create(init, adam, rows, encoder)) {
        for (int s = 0; s < 3; s++) {
          float[] x = TestData.batch(rows, n, 50 + s);
          // Zero rows: with negative biases no feature fires on them.
          for (int t = s; t < rows; t += 4) {
            Arrays.fill(x, t * n, (t + 1) * n, 0f);
          }
          ReferenceStep.Evaluation want = ref.step(x, rows, 1e-3, 1.0);
          if (init == saturated) {
            assertThat(want.l0()).as("every feature active").isEqualTo(m);
          }
          assertStepMatches("step " + s, backend.step(x, rows, new StepInput(1e-3, 1.0)), want);
        }
        assertParametersMatch(backend.parameters(), ref);
        float[] x = TestData.batch(rows, n, 60);
        Arrays.fill(x, 0, n, 0f);
        assertForwardMatches(backend, ref, x, rows);
      }
    }
  }

  private static void assertStepMatches(String at, StepResult got, ReferenceStep.Evaluation want) {
    assertThat(got.l0()).as(at + " l0").isEqualTo(want.l0());
    Tolerance.assertRelative(at + " loss", got.loss(), want.loss(), REL);
    Tolerance.assertRelative(at + " mse", got.mse(), want.mse(), REL);
    Tolerance.assertRelative(at + " l1", got.l1(), want.l1(), REL);
    Tolerance.assertRelative(at + " gradNorm", got.gradNorm(), want.gradNorm(), REL);
  }

  private static void assertParametersMatch(SaeParameters got, ReferenceStep ref) {
    float[][] actual = TestData.arrays(got);
    double[][] expected = ref.parameters();
    for (int a = 0; a < actual.length; a++) {
      Tolerance.assertClose(NAMES[a], actual[a], expected[a], REL, FLOOR);
    }
  }

  /** The forward pass against the reference's: x̂, and the codes as (feature ascending, value) per row. */
  private static void assertForwardMatches(Backend backend, ReferenceStep ref, float[] x, int rows) {
    int n = backend.inputDim();
    int m = backend.features();
    ReferenceStep.Evaluation want = ref.evaluate(x, rows, 1.0);
    float[] got = new float[rows * n];
    SparseCodes codes = new SparseCodes();
    backend.forward(x, rows, got, codes);
    Tolerance.assertClose("reconstruction", got, want.reconstruction(), REL, FLOOR);
    assertThat(codes.rows()).isEqualTo(rows);
    int k = 0;
    double[] wantValues = new double[codes.size()];
    float[] gotValues = new float[codes.size()];
    for (int t = 0; t < rows; t++) {
      for (int i = 0; i < m; i++) {
        double pre = want.preActivation()[t * m + i];
        if (pre > 0) {
          assertThat(k).as("active pairs up to row %d", t).isLessThan(codes.end(t));
          assertThat(codes.index(k)).as("row %d's active feature", t).isEqualTo(i);
          wantValues[k] = pre;
          gotValues[k] = codes.value(k);
          k++;
        }
      }
      assertThat(codes.end(t)).as("end of row %d", t).isEqualTo(k);
    }
    Tolerance.assertClose("codes", gotValues, wantValues, REL, FLOOR);
  }
}

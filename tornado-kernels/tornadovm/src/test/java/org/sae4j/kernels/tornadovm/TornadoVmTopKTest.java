package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sae4j.kernels.ActivationRule;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.JvmBackendProvider;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.ReferenceStep;
import org.sae4j.kernels.RuleState;
import org.sae4j.kernels.SaeParameters;
import org.sae4j.kernels.SparseCodes;
import org.sae4j.kernels.StepInput;
import org.sae4j.kernels.StepResult;
import org.sae4j.kernels.TestData;
import org.sae4j.kernels.Tolerance;

/**
 * The TopK rule (with its AuxK loss) on the TornadoVM backend against the float64 {@link ReferenceStep} and the
 * JVM backend, on awkward shapes (primes, k above some rows' positive count, k = m), with ties; and the rules it
 * does not run rejected by name. Skipped (not passed) where TornadoVM or a device is missing.
 */
class TornadoVmTopKTest {

  private static final String[] NAMES = {"encoderWeight", "encoderBias", "decoderWeight", "decoderBias"};
  private static final double REL = 1e-4;
  private static final double FLOOR = 1e-2;
  private static final BackendProvider TORNADO = new TornadoVmBackendProvider();

  @BeforeAll
  static void requireTornadoVm() {
    BackendProvider.Availability a = TORNADO.availability();
    assumeTrue(a.available(), a.reason());
  }

  /**
   * Four steps from the same weights as the reference: L0 exactly (and at most k), the scalars, then the
   * parameters. deadSteps 1 turns the AuxK loss on from the second step; k = 40 of 50 exceeds many rows'
   * positives; 13 = m keeps every positive one.
   */
  @ParameterizedTest(name = "n={0}, m={1}, B={2}, k={3}, auxK={4}")
  @CsvSource({"7,13,5,3,2", "33,70,17,9,5", "20,50,37,40,7", "9,301,101,11,0", "37,101,19,5,4", "11,13,9,13,3"})
  void several_steps_agree_with_the_float64_reference(int n, int m, int rows, int k, int auxK) {
    ActivationRule rule = new ActivationRule.TopK(k, auxK, 0.25, 1);
    SaeParameters init = TestData.parameters(n, m, 3 + n);
    AdamState adam = AdamState.initial(n, m);
    ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER, rule);
    try (Backend backend = TORNADO.create(init, adam, options(rows, rule))) {
      for (int s = 0; s < 4; s++) {
        float[] x = TestData.batch(rows, n, (3 + n) * 100L + s);
        StepResult got = backend.step(x, rows, StepInput.withoutPenalty(1e-3));
        ReferenceStep.Evaluation want = ref.step(x, rows, 1e-3, 0);
        String at = "step " + s + " ";
        assertThat(got.l0()).as(at + "l0").isEqualTo(want.l0()).isLessThanOrEqualTo(k);
        Tolerance.assertRelative(at + "loss", got.loss(), want.loss(), REL);
        Tolerance.assertRelative(at + "mse", got.mse(), want.mse(), REL);
        Tolerance.assertRelative(at + "gradNorm", got.gradNorm(), want.gradNorm(), REL);
      }
      float[][] actual = TestData.arrays(backend.parameters());
      double[][] expected = ref.parameters();
      for (int a = 0; a < actual.length; a++) {
        Tolerance.assertClose(NAMES[a], actual[a], expected[a], REL, FLOOR);
      }
    }
  }

  /** Step by step against the JVM backend: scalars, the dead-feature counts exactly, Adam, the forward codes. */
  @ParameterizedTest(name = "n={0}, m={1}, B={2}, k={3}, auxK={4}, deadSteps={5}")
  @CsvSource({"37,211,150,13,9,2", "16,40,24,4,6,1", "64,256,64,16,32,3"})
  void steps_and_the_forward_pass_match_the_jvm_backend(int n, int m, int rows, int k, int auxK, int deadSteps) {
    ActivationRule rule = new ActivationRule.TopK(k, auxK, 1.0 / 32, deadSteps);
    SaeParameters init = TestData.parameters(n, m, 8);
    AdamState adam = AdamState.initial(n, m);
    try (Backend device = TORNADO.create(init, adam, options(rows, rule));
         Backend jvm = new JvmBackendProvider().create(init, adam, options(rows, rule))) {
      for (int s = 0; s < 6; s++) {
        int b = s == 3 ? rows - rows / 3 : rows;
        float[] x = TestData.batch(b, n, 40 + s);
        StepResult got = device.step(x, b, StepInput.withoutPenalty(2e-3));
        StepResult want = jvm.step(x, b, StepInput.withoutPenalty(2e-3));
        String at = "step " + s + " ";
        assertThat(got.l0()).as(at + "l0").isEqualTo(want.l0());
        Tolerance.assertRelative(at + "loss", got.loss(), want.loss(), REL);
        Tolerance.assertRelative(at + "mse", got.mse(), want.mse(), REL);
        Tolerance.assertRelative(at + "l1", got.l1(), want.l1(), REL);
        Tolerance.assertRelative(at + "gradNorm", got.gradNorm(), want.gradNorm(), REL);
        assertThat(device.ruleState()).as(at + "steps since fired").isEqualTo(jvm.ruleState());
      }
      assertParametersMatch("parameters", device.parameters(), jvm.parameters());
      assertParametersMatch("Adam m", device.adamState().firstMoment(), jvm.adamState().firstMoment());
      float[] x = TestData.batch(rows, n, 99);
      SparseCodes got = new SparseCodes();
      SparseCodes want = new SparseCodes();
      float[] gotX = new float[rows * n];
      float[] wantX = new float[rows * n];
      device.forward(x, rows, gotX, got);
      jvm.forward(x, rows, wantX, want);
      assertThat(got.size()).isEqualTo(want.size());
      for (int t = 0; t < rows; t++) {
        assertThat(got.end(t)).as("end of row %d", t).isEqualTo(want.end(t)).isLessThanOrEqualTo((t + 1) * k);
      }
      float[] gotValues = new float[got.size()];
      float[] wantValues = new float[got.size()];
      for (int e = 0; e < got.size(); e++) {
        assertThat(got.index(e)).as("feature of pair %d", e).isEqualTo(want.index(e));
        gotValues[e] = got.value(e);
        wantValues[e] = want.value(e);
      }
      Tolerance.assertClose("codes", gotValues, wantValues, REL, FLOOR);
      Tolerance.assertClose("reconstruction", gotX, wantX, REL, FLOOR);
    }
  }

  /**
   * Ties: features 3, 7, 10 and 12 get the same encoder row and the highest bias, so their codes are equal bit for
   * bit; with k = 2 the lower indices 3 and 7 are kept, with k = 5 all four and the best other positive one.
   */
  @Test
  void ties_go_to_the_lower_feature_index() {
    int n = 8;
    int m = 14;
    SaeParameters p = TestData.parameters(n, m, 4);
    p.encoderBias()[3] += 5f;
    for (int twin : new int[] {7, 10, 12}) {
      System.arraycopy(p.encoderWeight(), 3 * n, p.encoderWeight(), twin * n, n);
      p.encoderBias()[twin] = p.encoderBias()[3];
    }
    float[] x = TestData.batch(3, n, 6);
    for (int k : new int[] {2, 5}) {
      ActivationRule rule = new ActivationRule.TopK(k, 0, 0, 1);
      try (Backend device = TORNADO.create(p, AdamState.initial(n, m), options(3, rule));
           Backend jvm = new JvmBackendProvider().create(p, AdamState.initial(n, m), options(3, rule))) {
        SparseCodes got = new SparseCodes();
        device.forward(x, 3, new float[3 * n], got);
        SparseCodes want = new SparseCodes();
        jvm.forward(x, 3, new float[3 * n], want);
        for (int t = 0; t < 3; t++) {
          List<Integer> kept = features(got, t);
          assertThat(kept).as("k=%d row %d", k, t).isEqualTo(features(want, t)).hasSizeLessThanOrEqualTo(k);
          if (k == 2) {
            assertThat(kept).containsExactly(3, 7);
          } else {
            assertThat(kept).contains(3, 7, 10, 12);
          }
        }
      }
    }
  }

  @Test
  void continues_exactly_from_a_saved_state() {
    int n = 12;
    int m = 60;
    int rows = 20;
    ActivationRule rule = new ActivationRule.TopK(5, 4, 0.5, 1);
    SaeParameters init = TestData.parameters(n, m, 2);
    try (Backend whole = TORNADO.create(init, AdamState.initial(n, m), options(rows, rule))) {
      for (int s = 0; s < 4; s++) {
        whole.step(TestData.batch(rows, n, s), rows, StepInput.withoutPenalty(1e-3));
      }
      try (Backend first = TORNADO.create(init, AdamState.initial(n, m), options(rows, rule))) {
        for (int s = 0; s < 2; s++) {
          first.step(TestData.batch(rows, n, s), rows, StepInput.withoutPenalty(1e-3));
        }
        RuleState saved = first.ruleState();
        assertThat(saved.stepsSinceFired()).hasSize(m).contains(1);
        try (Backend second = TORNADO.create(first.parameters(), first.adamState(), saved, options(rows, rule))) {
          for (int s = 2; s < 4; s++) {
            second.step(TestData.batch(rows, n, s), rows, StepInput.withoutPenalty(1e-3));
          }
          assertThat(second.parameters()).isEqualTo(whole.parameters());
          assertThat(second.ruleState()).isEqualTo(whole.ruleState());
        }
      }
    }
  }

  @Test
  void rejects_a_sparsity_coefficient_and_a_state_of_another_shape() {
    ActivationRule rule = new ActivationRule.TopK(2, 0, 0, 1);
    try (Backend b = TORNADO.create(TestData.parameters(4, 6, 1), AdamState.initial(4, 6), options(3, rule))) {
      assertThatThrownBy(() -> b.step(TestData.batch(3, 4, 1), 3, new StepInput(1e-3, 0.5)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topk rule has no sparsity penalty");
    }
    assertThatThrownBy(() -> TORNADO.create(TestData.parameters(4, 6, 1), AdamState.initial(4, 6),
        new RuleState(new int[5], Float.NaN), options(3, rule)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepsSinceFired has 5 entries");
  }

  @Test
  void rules_it_does_not_run_are_rejected_naming_the_backend_and_the_architecture() {
    assertThatThrownBy(() -> TORNADO.create(TestData.parameters(4, 6, 1), AdamState.initial(4, 6),
        options(3, new ActivationRule.BatchTopK(2, 0.9))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the batchtopk architecture is not supported on the tornadovm backend");
  }

  private static List<Integer> features(SparseCodes codes, int row) {
    List<Integer> kept = new ArrayList<>();
    for (int e = codes.start(row); e < codes.end(row); e++) {
      kept.add(codes.index(e));
    }
    return kept;
  }

  private static void assertParametersMatch(String what, SaeParameters got, SaeParameters want) {
    float[][] actual = TestData.arrays(got);
    float[][] expected = TestData.arrays(want);
    for (int a = 0; a < actual.length; a++) {
      Tolerance.assertClose(what + " " + NAMES[a], actual[a], expected[a], REL, FLOOR);
    }
  }

  private static BackendOptions options(int rows, ActivationRule rule) {
    return new BackendOptions(1, OptimiserSettings.PAPER, rows, rule);
  }
}

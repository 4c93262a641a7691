package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JumpReLU rule of the JVM backend: its steps against the float64 {@link ReferenceStep}, the weights' gradient
 * against finite differences, the thresholds' straight-through gradient against its definition, inference above
 * θ, thread counts and resuming; the same for the pre-activation loss on dead features, whose θ gradient is a
 * true derivative and so also checked against finite differences.
 */
class JvmBackendJumpReluTest {

  private static final String[] NAMES = {"encoderWeight", "encoderBias", "decoderWeight", "decoderBias"};
  private static final double REL = 1e-4;
  private static final double FLOOR = 1e-2;
  private static final double H = 1e-6;

  /**
   * Awkward shapes (primes, a batch of one row, more features than rows) and a bandwidth wide enough that many pairs
   * fall in the threshold's window, above and below θ; the L0 penalty (c = 0) and the tanh penalty.
   */
  @ParameterizedTest(name = "n={0}, m={1}, B={2}, θ0={3}, ε={4}, threads={5}, c={6}")
  @CsvSource({"7,13,5,0.05,0.2,1,0", "33,70,17,0.1,0.1,2,0", "20,50,1,0.02,0.3,3,0", "9,301,101,0.15,0.05,2,0",
      "7,13,5,0.05,0.2,1,4", "33,70,17,0.1,0.1,2,4", "20,50,1,0.02,0.3,3,2", "9,301,101,0.15,0.05,2,4"})
  void several_steps_agree_with_the_float64_reference(int n, int m, int rows, double theta, double eps,
                                                      int threads, double tanhScale) {
    ActivationRule.JumpRelu rule = new ActivationRule.JumpRelu(theta, eps, tanhScale);
    long seed = 5 + n;
    SaeParameters init = TestData.parameters(n, m, seed);
    AdamState adam = AdamState.initial(n, m);
    ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER, rule);
    double lambda = 0.3;
    try (Backend backend = new JvmBackendProvider().create(init, adam, options(threads, rows, rule))) {
      for (int s = 0; s < 4; s++) {
        float[] x = TestData.batch(rows, n, seed * 100 + s);
        StepResult got = backend.step(x, rows, new StepInput(2e-3, lambda));
        ReferenceStep.Evaluation want = ref.step(x, rows, 2e-3, lambda);
        assertStepMatches("step " + s + " ", got, want);
        Tolerance.assertRelative("step " + s + " l1", got.l1(), want.l1(), REL);
      }
      assertParametersMatch(backend, ref);
    }
  }

  /**
   * Away from pairs at their threshold the loss is differentiable in the weights and L0 is locally constant: mse +
   * λ·L0, whose penalty has no gradient in the weights, and mse + λ·mean Σ tanh(c f ‖W_d‖), whose penalty reaches
   * the encoder and the decoder norms. The kernel's gradient of W_e, b_e, W_d, b_d, and the reference's, must match
   * central differences of the float64 loss.
   */
  @ParameterizedTest(name = "c={0}")
  @ValueSource(doubles = {0, 4, 1.5})
  void weight_gradients_match_finite_differences_of_the_float64_loss(double tanhScale) {
    int n = 5;
    int m = 7;
    int rows = 4;
    double lambda = 0.7;
    ActivationRule.JumpRelu rule = new ActivationRule.JumpRelu(0.08, 0.05, tanhScale);
    SaeParameters p = TestData.parameters(n, m, 27);
    float[] x = TestData.batch(rows, n, 28);
    ReferenceStep ref = new ReferenceStep(p, AdamState.initial(n, m), OptimiserSettings.PAPER, rule);
    double l0 = ref.evaluate(x, rows, lambda).l0();
    assertThat(l0).as("some but not all features fire").isBetween(1.0, m - 1.0);
    SaeParameters kernel = SaeParameters.zeros(n, m);
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(n, m),
        options(2, rows, rule))) {
      backend.gradient(x, rows, lambda, kernel);
    }
    assertGradientsMatchFiniteDifferences(ref, x, rows, lambda, l0, TestData.arrays(kernel), "jumprelu");
  }

  /**
   * The straight-through gradient of log θ, against its definition written out per pair in float64 by the
   * reference (∂f/∂θ = −(θ/ε) K times ∂L/∂f, with the tanh penalty's slope in ∂L/∂f; ∂H/∂θ = −(1/ε) K for the L0
   * penalty; rectangle K), with pairs inside the window above and below θ.
   */
  @ParameterizedTest(name = "c={0}")
  @ValueSource(doubles = {0, 4})
  void threshold_gradient_is_the_straight_through_estimator(double tanhScale) {
    int n = 11;
    int m = 29;
    int rows = 23;
    double lambda = 0.4;
    ActivationRule.JumpRelu rule = new ActivationRule.JumpRelu(0.1, 0.15, tanhScale);
    SaeParameters p = TestData.parameters(n, m, 33);
    float[] x = TestData.batch(rows, n, 34);
    ReferenceStep ref = new ReferenceStep(p, AdamState.initial(n, m), OptimiserSettings.PAPER, rule);
    ReferenceStep.Evaluation want = ref.evaluate(x, rows, lambda);
    int above = 0;
    int below = 0;
    for (int e = 0; e < rows * m; e++) {
      double u = (want.preActivation()[e] - 0.1) / 0.15;
      above += u > 0 && u < 0.5 ? 1 : 0;
      below += u > -0.5 && u <= 0 ? 1 : 0;
    }
    assertThat(above).as("active pairs in the window").isPositive();
    assertThat(below).as("inactive pairs in the window").isPositive();
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(n, m),
        options(3, rows, rule))) {
      backend.gradient(x, rows, lambda, SaeParameters.zeros(n, m));
      Tolerance.assertClose("∂L/∂log θ", backend.logThresholdGradient(), want.gradient()[4], 1e-4, 1e-3);
    }
  }

  /**
   * The pseudo-derivative of H is a finite difference: with a zero decoder (so ∂L/∂f = 0) the gradient of log θ is
   * θ · λ · (L0(θ + ε/2) − L0(θ − ε/2)) / ε, the rectangle kernel's estimate of the slope of the batch's L0.
   */
  @Test
  void the_l0_pseudo_derivative_is_the_central_difference_of_the_batch_l0() {
    int n = 6;
    int m = 10;
    int rows = 40;
    double lambda = 2.0;
    double theta = (float) Math.exp((float) Math.log(0.05));
    double eps = 0.08;
    SaeParameters p = TestData.parameters(n, m, 35);
    java.util.Arrays.fill(p.decoderWeight(), 0f);
    float[] x = TestData.batch(rows, n, 36);
    float[] gradient;
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(n, m),
        options(1, rows, new ActivationRule.JumpRelu(0.05, eps)))) {
      backend.gradient(x, rows, lambda, SaeParameters.zeros(n, m));
      gradient = backend.logThresholdGradient();
    }
    int nonzero = 0;
    for (int i = 0; i < m; i++) {
      int crossing = 0;
      for (int t = 0; t < rows; t++) {
        double a = p.encoderBias()[i];
        for (int j = 0; j < n; j++) {
          a += (double) x[t * n + j] * p.encoderWeight()[i * n + j];
        }
        // Pairs counted by L0 at θ − ε/2 but not at θ + ε/2.
        crossing += a > theta - eps / 2 && a <= theta + eps / 2 ? 1 : 0;
      }
      double slope = -(double) crossing / rows / eps;
      Tolerance.assertRelative("feature " + i, gradient[i], theta * lambda * slope, 1e-5);
      nonzero += crossing > 0 ? 1 : 0;
    }
    assertThat(nonzero).as("features with pairs in the window").isGreaterThan(2);
  }

  @Test
  void inference_keeps_exactly_the_pairs_above_their_threshold() {
    int n = 9;
    int m = 40;
    int rows = 15;
    ActivationRule.JumpRelu rule = new ActivationRule.JumpRelu(0.1, 0.05);
    SaeParameters p = TestData.parameters(n, m, 37);
    float[] x = TestData.batch(rows, n, 38);
    try (Backend b = new JvmBackendProvider().create(p, AdamState.initial(n, m), options(2, rows, rule))) {
      b.step(x, rows, new StepInput(1e-2, 0.5));
      SaeParameters q = b.parameters();
      float[] theta = b.ruleState().learned().thresholds();
      assertThat(theta).as("thresholds moved").isNotEqualTo(LearnedThreshold.initial(m, 0.1).thresholds());
      SparseCodes codes = new SparseCodes();
      b.forward(x, rows, new float[rows * n], codes);
      int pairs = 0;
      for (int t = 0; t < rows; t++) {
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < m; i++) {
          // The encoder's ascending fused chain, so that a is the backend's float exactly.
          float a = 0f;
          for (int j = 0; j < n; j++) {
            a = Math.fma(x[t * n + j], q.encoderWeight()[i * n + j], a);
          }
          a += q.encoderBias()[i];
          if (a > theta[i]) {
            want.add(i);
          }
        }
        List<Integer> got = new ArrayList<>();
        for (int e = codes.start(t); e < codes.end(t); e++) {
          got.add(codes.index(e));
          assertThat(codes.value(e)).isGreaterThan(theta[codes.index(e)]);
        }
        assertThat(got).as("row " + t).isEqualTo(want);
        pairs += got.size();
      }
      assertThat(pairs).isBetween(1, rows * m - 1);
    }
  }

  @ParameterizedTest(name = "c={0}")
  @ValueSource(doubles = {0, 4})
  void is_bit_identical_for_one_two_and_three_threads(double tanhScale) {
    int n = 37;
    int m = 211;
    int rows = 150;
    ActivationRule rule = new ActivationRule.JumpRelu(0.05, 0.05, tanhScale);
    SaeParameters init = TestData.parameters(n, m, 8);
    assertSameBitsForOneTwoAndThreeThreads(init, rule, n, m, rows, 5);
  }

  @ParameterizedTest(name = "c={0}")
  @ValueSource(doubles = {0, 4})
  void continues_exactly_from_a_saved_state(double tanhScale) {
    int n = 12;
    int m = 60;
    int rows = 20;
    ActivationRule rule = new ActivationRule.JumpRelu(0.05, 0.1, tanhScale);
    SaeParameters init = TestData.parameters(n, m, 2);
    JvmBackendProvider provider = new JvmBackendProvider();
    try (Backend whole = provider.create(init, AdamState.initial(n, m), options(2, rows, rule))) {
      for (int s = 0; s < 4; s++) {
        whole.step(TestData.batch(rows, n, s), rows, new StepInput(1e-3, 0.3));
      }
      try (Backend first = provider.create(init, AdamState.initial(n, m), options(2, rows, rule))) {
        for (int s = 0; s < 2; s++) {
          first.step(TestData.batch(rows, n, s), rows, new StepInput(1e-3, 0.3));
        }
        try (Backend second = provider.create(first.parameters(), first.adamState(), first.ruleState(),
            options(1, rows, rule))) {
          for (int s = 2; s < 4; s++) {
            second.step(TestData.batch(rows, n, s), rows, new StepInput(1e-3, 0.3));
          }
          assertThat(second.parameters()).isEqualTo(whole.parameters());
          assertThat(second.ruleState()).isEqualTo(whole.ruleState());
        }
      }
    }
  }

  /**
   * The pre-activation loss over several steps against the float64 reference, which counts dead features itself:
   * every third feature starts with its pre-activations far below θ − ε/2 ({@link #withDeadFeatures}), so with a
   * window of one or two steps it is dead from the second or third step on; both penalties, awkward shapes.
   */
  @ParameterizedTest(name = "n={0}, m={1}, B={2}, deadSteps={3}, threads={4}, c={5}")
  @CsvSource({"7,13,5,1,1,0", "33,70,17,2,2,4", "20,50,1,1,3,4", "9,301,101,2,2,0", "11,64,9,1,2,4"})
  void the_pre_activation_loss_agrees_with_the_float64_reference(int n, int m, int rows, long deadSteps,
                                                                 int threads, double tanhScale) {
    ActivationRule.JumpRelu rule = new ActivationRule.JumpRelu(0.1, 0.1, tanhScale, new PreActLoss(0.8, deadSteps));
    long seed = 9 + n;
    SaeParameters init = withDeadFeatures(TestData.parameters(n, m, seed));
    AdamState adam = AdamState.initial(n, m);
    ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER, rule);
    double lambda = 0.3;
    int stepsWithDead = 0;
    try (Backend backend = new JvmBackendProvider().create(init, adam, options(threads, rows, rule))) {
      for (int s = 0; s < 5; s++) {
        for (int c : backend.ruleState().stepsSinceFired()) {
          if (c >= deadSteps) {
            stepsWithDead++;
            break;
          }
        }
        float[] x = TestData.batch(rows, n, seed * 100 + s);
        StepResult got = backend.step(x, rows, new StepInput(2e-3, lambda));
        ReferenceStep.Evaluation want = ref.step(x, rows, 2e-3, lambda);
        assertStepMatches("step " + s + " ", got, want);
      }
      assertThat(stepsWithDead).as("steps with dead features").isGreaterThanOrEqualTo(3);
      assertParametersMatch(backend, ref);
    }
  }

  /**
   * With some features dead (counts given as a saved state) the pre-activation loss λ_P mean Σ_{i dead}
   * ReLU(θ_i − a_i) ‖W_d,i‖ is differentiable in the weights away from a = θ: the kernel's gradient of W_e, b_e,
   * W_d, b_d, and the reference's, must match central differences of the float64 loss, and the loss must differ from
   * the one without the term.
   */
  @ParameterizedTest(name = "c={0}")
  @ValueSource(doubles = {0, 4})
  void pre_activation_loss_gradients_match_finite_differences(double tanhScale) {
    int n = 5;
    int m = 9;
    int rows = 4;
    double lambda = 0.7;
    ActivationRule.JumpRelu rule = new ActivationRule.JumpRelu(0.08, 0.05, tanhScale, new PreActLoss(1.3, 3));
    int[] counts = {3, 0, 3, 1, 3, 3, 0, 2, 3};
    SaeParameters p = TestData.parameters(n, m, 27);
    float[] x = TestData.batch(rows, n, 28);
    ReferenceStep ref = new ReferenceStep(p, AdamState.initial(n, m), OptimiserSettings.PAPER, rule);
    ReferenceStep without = new ReferenceStep(p, AdamState.initial(n, m), OptimiserSettings.PAPER, rule);
    ref.stepsSinceFired(counts);
    double l0 = ref.evaluate(x, rows, lambda).l0();
    assertThat(l0).as("some but not all features fire").isBetween(1.0, m - 1.0);
    assertThat(ref.evaluate(x, rows, lambda).loss() - without.evaluate(x, rows, lambda).loss())
        .as("the pre-activation loss of the dead features").isGreaterThan(1e-3);
    SaeParameters kernel = SaeParameters.zeros(n, m);
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(n, m),
        new RuleState(counts, Float.NaN), options(2, rows, rule))) {
      backend.gradient(x, rows, lambda, kernel);
    }
    assertGradientsMatchFiniteDifferences(ref, x, rows, lambda, l0, TestData.arrays(kernel), "pre-act");
  }

  /**
   * The pre-activation loss reaches θ directly, not through an estimator: with a window so narrow that no pair is
   * in it, ∂L/∂log θ is the true derivative of the loss, λ_P θ_i Σ_t ‖W_d,i‖ / B over a dead feature's pairs below
   * θ, and must match central differences of the float64 loss in log θ; it is 0 for the live features.
   */
  @Test
  void pre_activation_threshold_gradient_matches_finite_differences() {
    int n = 6;
    int m = 11;
    int rows = 13;
    double eps = 1e-7;
    ActivationRule.JumpRelu rule = new ActivationRule.JumpRelu(0.1, eps, 4, new PreActLoss(0.9, 2));
    int[] counts = {2, 0, 2, 2, 1, 2, 0, 2, 2, 0, 2};
    SaeParameters p = TestData.parameters(n, m, 41);
    float[] x = TestData.batch(rows, n, 42);
    ReferenceStep ref = new ReferenceStep(p, AdamState.initial(n, m), OptimiserSettings.PAPER, rule);
    ref.stepsSinceFired(counts);
    double lambda = 0.5;
    ReferenceStep.Evaluation at = ref.evaluate(x, rows, lambda);
    for (double a : at.preActivation()) {
      assertThat(Math.abs(a - 0.1)).as("no pair in the window").isGreaterThan(1e-5);
    }
    float[] kernel;
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(n, m),
        new RuleState(counts, Float.NaN), options(3, rows, rule))) {
      backend.gradient(x, rows, lambda, SaeParameters.zeros(n, m));
      kernel = backend.logThresholdGradient();
    }
    double[] logTheta = ref.logThreshold();
    double[] numeric = new double[m];
    for (int i = 0; i < m; i++) {
      double saved = logTheta[i];
      logTheta[i] = saved + H;
      ReferenceStep.Evaluation plus = ref.evaluate(x, rows, lambda);
      logTheta[i] = saved - H;
      ReferenceStep.Evaluation minus = ref.evaluate(x, rows, lambda);
      logTheta[i] = saved;
      assertThat(plus.l0()).as("no pair crosses its threshold").isEqualTo(minus.l0()).isEqualTo(at.l0());
      numeric[i] = (plus.loss() - minus.loss()) / (2 * H);
    }
    Tolerance.assertClose("reference ∂L/∂log θ", Tolerance.toFloat(at.gradient()[4]), numeric, 1e-5, 1e-3);
    Tolerance.assertClose("kernel ∂L/∂log θ", kernel, numeric, 1e-4, 1e-3);
    int moved = 0;
    for (int i = 0; i < m; i++) {
      if (counts[i] < 2) {
        assertThat(kernel[i]).as("live feature " + i).isZero();
      } else {
        moved += kernel[i] > 0 ? 1 : 0;
      }
    }
    assertThat(moved).as("dead features whose θ the loss pushes down").isGreaterThan(3);
  }

  /** The pre-activation loss with features dying and coming back: same bits for one, two and three threads. */
  @ParameterizedTest(name = "c={0}")
  @ValueSource(doubles = {0, 4})
  void the_pre_activation_loss_is_bit_identical_for_one_two_and_three_threads(double tanhScale) {
    int n = 37;
    int m = 211;
    int rows = 150;
    ActivationRule rule = new ActivationRule.JumpRelu(0.2, 0.05, tanhScale, new PreActLoss(0.5, 2));
    SaeParameters init = withDeadFeatures(TestData.parameters(n, m, 8));
    RuleState state = assertSameBitsForOneTwoAndThreeThreads(init, rule, n, m, rows, 6);
    assertThat(state.stepsSinceFired()).as("some features dead at the end").contains(2);
  }

  /** The dead-feature counts are part of the saved state: a resumed run with the pre-activation loss ends the same. */
  @Test
  void the_pre_activation_loss_continues_exactly_from_a_saved_state() {
    int n = 12;
    int m = 60;
    int rows = 20;
    ActivationRule rule = new ActivationRule.JumpRelu(0.1, 0.1, 4, new PreActLoss(0.5, 1));
    SaeParameters init = withDeadFeatures(TestData.parameters(n, m, 2));
    JvmBackendProvider provider = new JvmBackendProvider();
    try (Backend whole = provider.create(init, AdamState.initial(n, m), options(2, rows, rule))) {
      for (int s = 0; s < 4; s++) {
        whole.step(TestData.batch(rows, n, s), rows, new StepInput(1e-3, 0.3));
      }
      try (Backend first = provider.create(init, AdamState.initial(n, m), options(2, rows, rule))) {
        for (int s = 0; s < 2; s++) {
          first.step(TestData.batch(rows, n, s), rows, new StepInput(1e-3, 0.3));
        }
        assertThat(first.ruleState().stepsSinceFired()).as("dead features at the cut").contains(1);
        try (Backend second = provider.create(first.parameters(), first.adamState(), first.ruleState(),
            options(1, rows, rule))) {
          for (int s = 2; s < 4; s++) {
            second.step(TestData.batch(rows, n, s), rows, new StepInput(1e-3, 0.3));
          }
          assertThat(second.parameters()).isEqualTo(whole.parameters());
          assertThat(second.ruleState()).isEqualTo(whole.ruleState());
        }
      }
    }
  }

  @Test
  void rejects_learned_thresholds_of_another_size_and_for_another_rule() {
    LearnedThreshold three = LearnedThreshold.initial(3, 0.1);
    JvmBackendProvider provider = new JvmBackendProvider();
    assertThatThrownBy(() -> provider.create(TestData.parameters(4, 6, 1), AdamState.initial(4, 6),
        RuleState.of(three), options(1, 3, new ActivationRule.JumpRelu(0.1, 0.1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("have 3 entries, expected 6");
    assertThatThrownBy(() -> provider.create(TestData.parameters(4, 3, 1), AdamState.initial(4, 3),
        RuleState.of(three), options(1, 3, ActivationRule.RELU)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu rule keeps no learned thresholds");
  }

  /**
   * Every third feature's bias set to −4 (modified and returned): with unit-variance pre-activations those features
   * fire on no row of a test batch and their pairs lie far below θ − ε/2, where only the pre-activation loss reaches
   * them.
   */
  private static SaeParameters withDeadFeatures(SaeParameters p) {
    for (int i = 0; i < p.features(); i += 3) {
      p.encoderBias()[i] = -4f;
    }
    return p;
  }

  private static BackendOptions options(int threads, int rows, ActivationRule rule) {
    return new BackendOptions(threads, OptimiserSettings.PAPER, rows, rule);
  }

  /**
   * Checks the float64 reference's gradient and the kernel's against central finite differences of the reference
   * loss in every parameter, with no pair crossing its threshold in between.
   */
  private static void assertGradientsMatchFiniteDifferences(ReferenceStep ref, float[] x, int rows, double lambda,
                                                            double l0, float[][] fromKernel, String label) {
    double[][] params = ref.parameters();
    for (int a = 0; a < NAMES.length; a++) {
      double[] numeric = new double[params[a].length];
      for (int k = 0; k < numeric.length; k++) {
        double saved = params[a][k];
        params[a][k] = saved + H;
        ReferenceStep.Evaluation plus = ref.evaluate(x, rows, lambda);
        params[a][k] = saved - H;
        ReferenceStep.Evaluation minus = ref.evaluate(x, rows, lambda);
        params[a][k] = saved;
        assertThat(plus.l0()).as("no pair crosses its threshold").isEqualTo(minus.l0()).isEqualTo(l0);
        numeric[k] = (plus.loss() - minus.loss()) / (2 * H);
      }
      Tolerance.assertClose("reference grad " + NAMES[a], Tolerance.toFloat(ref.evaluate(x, rows, lambda)
          .gradient()[a]), numeric, 1e-5, 1e-2);
      Tolerance.assertClose(label + " kernel grad " + NAMES[a], fromKernel[a], numeric, 1e-4, 1e-2);
    }
  }

  /** The step's L0 exactly, its loss, mse and gradient norm within {@link #REL} of the float64 reference's. */
  private static void assertStepMatches(String at, StepResult got, ReferenceStep.Evaluation want) {
    assertThat(got.l0()).as(at + "l0").isEqualTo(want.l0());
    Tolerance.assertRelative(at + "loss", got.loss(), want.loss(), REL);
    Tolerance.assertRelative(at + "mse", got.mse(), want.mse(), REL);
    Tolerance.assertRelative(at + "gradNorm", got.gradNorm(), want.gradNorm(), REL);
  }

  /** The backend's four tensors and log θ against the float64 reference's after the same steps. */
  private static void assertParametersMatch(Backend backend, ReferenceStep ref) {
    float[][] actual = TestData.arrays(backend.parameters());
    double[][] expected = ref.parameters();
    for (int a = 0; a < actual.length; a++) {
      Tolerance.assertClose(NAMES[a], actual[a], expected[a], REL, FLOOR);
    }
    Tolerance.assertClose("log θ", backend.ruleState().learned().logThreshold(), ref.logThreshold(), REL, FLOOR);
  }

  /**
   * Runs {@code steps} steps with 1, 2 and 3 threads from {@code init} and asserts the same parameters, rule state
   * and step scalars to the bit; returns the rule state they share.
   */
  private static RuleState assertSameBitsForOneTwoAndThreeThreads(SaeParameters init, ActivationRule rule, int n,
                                                                  int m, int rows, int steps) {
    List<SaeParameters> results = new ArrayList<>();
    List<RuleState> states = new ArrayList<>();
    List<List<Double>> scalars = new ArrayList<>();
    for (int threads = 1; threads <= 3; threads++) {
      try (Backend b = new JvmBackendProvider().create(init, AdamState.initial(n, m), options(threads, rows, rule))) {
        List<Double> s = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
          StepResult r = b.step(TestData.batch(rows, n, 70 + step), rows, new StepInput(2e-3, 0.2));
          s.addAll(List.of(r.loss(), r.mse(), r.l0(), r.gradNorm()));
        }
        results.add(b.parameters());
        states.add(b.ruleState());
        scalars.add(s);
      }
    }
    for (int t = 1; t < 3; t++) {
      assertThat(results.get(t)).isEqualTo(results.get(0));
      assertThat(states.get(t)).isEqualTo(states.get(0));
      assertThat(scalars.get(t)).isEqualTo(scalars.get(0));
    }
    return states.get(0);
  }
}

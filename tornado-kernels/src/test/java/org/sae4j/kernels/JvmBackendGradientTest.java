package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gradient of the full loss (reconstruction + decoder-norm penalty) from the JVM kernels and from the
 * reference, both against float64 central finite differences, and gradient clipping.
 */
class JvmBackendGradientTest {

  private static final int N = 5;
  private static final int M = 7;
  private static final int ROWS = 4;
  private static final double LAMBDA = 0.8;
  private static final double H = 1e-6;

  @Test
  void kernel_and_reference_gradients_match_finite_differences_of_the_float64_loss() {
    SaeParameters p = TestData.parameters(N, M, 21);
    float[] x = TestData.batch(ROWS, N, 22);
    ReferenceStep ref = new ReferenceStep(p, AdamState.initial(N, M), OptimiserSettings.PAPER);
    double[][] numeric = finiteDifferences(ref, x, LAMBDA);
    ReferenceStep.Evaluation ev = ref.evaluate(x, ROWS, LAMBDA);
    assertThat(ev.l0()).as("some but not all features fire").isBetween(1.0, M - 1.0);

    SaeParameters kernel = SaeParameters.zeros(N, M);
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(N, M),
        TestData.options(2, ROWS))) {
      backend.gradient(x, ROWS, LAMBDA, kernel);
    }
    String[] names = {"W_e", "b_e", "W_d", "b_d"};
    float[][] fromKernel = TestData.arrays(kernel);
    for (int a = 0; a < numeric.length; a++) {
      Tolerance.assertClose("reference grad " + names[a], Tolerance.toFloat(ev.gradient()[a]), numeric[a],
          1e-5, 1e-2);
      Tolerance.assertClose("kernel grad " + names[a], fromKernel[a], numeric[a], 1e-4, 1e-2);
    }
  }

  /**
   * TopK: the loss is differentiable away from ties at the k-th place (none here), so the kernel's gradient must
   * match central differences. The AuxK term holds its target x − x̂ fixed (a stop-gradient), which finite
   * differences of a loss cannot express; its gradient is checked against the float64 reference's definition
   * in {@link JvmBackendTopKTest}.
   */
  @Test
  void topk_gradients_match_finite_differences_of_the_float64_loss() {
    ActivationRule rule = new ActivationRule.TopK(3, 0, 0.5, 1);
    SaeParameters p = TestData.parameters(N, M, 23);
    float[] x = TestData.batch(ROWS, N, 24);
    int[] since = new int[M];
    for (int i = 0; i < M; i += 3) {
      since[i] = 1;
    }
    assertKernelMatchesFiniteDifferences(rule, p, x, new RuleState(since, Float.NaN));
  }

  /** BatchTopK keeps the batch's best B·k pairs; away from a tie at the cut the loss is differentiable. */
  @Test
  void batchtopk_gradients_match_finite_differences_of_the_float64_loss() {
    ActivationRule rule = new ActivationRule.BatchTopK(2, 0.99);
    SaeParameters p = TestData.parameters(N, M, 25);
    float[] x = TestData.batch(ROWS, N, 26);
    assertKernelMatchesFiniteDifferences(rule, p, x, RuleState.NONE);
  }

  /**
   * The AuxK loss of both selecting rules, one mechanism: its target e = x − x̂ is a stop-gradient, so with the
   * target held at its value the loss mse + c·mean‖e − ê‖² is an ordinary function of the weights, and the kernel's
   * gradient must match its central differences. Every other feature is dead; k = 3 keeps some dead features in
   * the code, and kAux = 2 is more than some rows' positive dead pre-activations.
   */
  @ParameterizedTest
  @ValueSource(strings = {"topk", "batchtopk"})
  void auxk_gradients_match_finite_differences_with_the_target_held(String name) {
    AuxK aux = new AuxK(2, 0.7, 1);
    ActivationRule rule = name.equals("topk") ? new ActivationRule.TopK(3, aux)
        : new ActivationRule.BatchTopK(3, 0.99, aux);
    SaeParameters p = TestData.parameters(N, M, 43);
    float[] x = TestData.batch(ROWS, N, 44);
    int[] since = new int[M];
    for (int i = 1; i < M; i += 2) {
      since[i] = 1;
    }
    ReferenceStep.Evaluation plain = new ReferenceStep(p, AdamState.initial(N, M), OptimiserSettings.PAPER,
        rule).evaluate(x, ROWS, 0);
    assertThat(plain.loss()).as("no feature dead yet: no AuxK loss").isEqualTo(plain.mse());
    assertKernelMatchesFiniteDifferences(rule, p, x, new RuleState(since, Float.NaN));
  }

  /**
   * The kernel's unclipped gradient under {@code rule} against central differences of the float64 loss, with the
   * AuxK target (if the state makes features dead) held at its value.
   */
  private static void assertKernelMatchesFiniteDifferences(ActivationRule rule, SaeParameters p, float[] x,
                                                           RuleState state) {
    ReferenceStep ref = new ReferenceStep(p, AdamState.initial(N, M), OptimiserSettings.PAPER, rule);
    if (state.stepsSinceFired().length > 0) {
      ref.stepsSinceFired(state.stepsSinceFired());
    }
    ReferenceStep.Evaluation at = ref.evaluate(x, ROWS, 0);
    double[] residual = at.reconstruction().clone();
    for (int e = 0; e < residual.length; e++) {
      residual[e] -= x[e];
    }
    ref.holdAuxTarget(residual);
    if (rule instanceof ActivationRule.Selecting selecting && selecting.aux().on()) {
      assertThat(at.loss()).as("the AuxK loss is on").isGreaterThan(at.mse());
    }
    double[][] numeric = finiteDifferences(ref, x, 0);
    assertThat(at.l0()).as("some features fire").isPositive();
    SaeParameters kernel = SaeParameters.zeros(N, M);
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(N, M), state,
        new BackendOptions(2, OptimiserSettings.PAPER, ROWS, rule))) {
      backend.gradient(x, ROWS, 0, kernel);
    }
    String[] names = {"W_e", "b_e", "W_d", "b_d"};
    float[][] fromKernel = TestData.arrays(kernel);
    for (int a = 0; a < numeric.length; a++) {
      Tolerance.assertClose(rule.name() + " kernel grad " + names[a], fromKernel[a], numeric[a], 1e-4, 1e-2);
    }
  }

  @Test
  void inactive_features_have_exactly_zero_weight_gradients() {
    SaeParameters p = TestData.parameters(N, M, 31);
    p.encoderBias()[3] = -50f;
    float[] x = TestData.batch(ROWS, N, 32);
    SaeParameters g = SaeParameters.zeros(N, M);
    try (JvmBackend backend = (JvmBackend) new JvmBackendProvider().create(p, AdamState.initial(N, M),
        TestData.options(1, ROWS))) {
      backend.gradient(x, ROWS, LAMBDA, g);
    }
    for (int j = 0; j < N; j++) {
      assertThat(g.encoderWeight()[3 * N + j]).isZero();
      assertThat(g.decoderWeight()[3 * N + j]).isZero();
    }
    assertThat(g.encoderBias()[3]).isZero();
  }

  @Test
  void clipping_scales_the_gradient_to_the_clip_norm_when_the_norm_exceeds_it() {
    double norm = gradNorm();
    assertFirstMomentIsScaledGradient(norm / 4, 0.25);
  }

  @Test
  void clipping_leaves_the_gradient_alone_when_the_norm_is_below_the_clip() {
    double norm = gradNorm();
    assertFirstMomentIsScaledGradient(norm * 2, 1.0);
  }

  private static double gradNorm() {
    SaeParameters p = TestData.parameters(N, M, 41);
    float[] x = TestData.batch(ROWS, N, 42);
    return new ReferenceStep(p, AdamState.initial(N, M), OptimiserSettings.PAPER).evaluate(x, ROWS, LAMBDA)
        .gradNorm();
  }

  /** After one step from zero moments, m = (1 − β1) · scale · g, which exposes the clip factor. */
  private static void assertFirstMomentIsScaledGradient(double clip, double expectedScale) {
    SaeParameters p = TestData.parameters(N, M, 41);
    float[] x = TestData.batch(ROWS, N, 42);
    OptimiserSettings settings = new OptimiserSettings(0.9, 0.999, 1e-8, clip);
    ReferenceStep.Evaluation ev = new ReferenceStep(p, AdamState.initial(N, M), settings).evaluate(x, ROWS,
        LAMBDA);
    try (Backend backend = new JvmBackendProvider().create(p, AdamState.initial(N, M),
        new BackendOptions(2, settings, ROWS))) {
      StepResult r = backend.step(x, ROWS, new StepInput(1e-3, LAMBDA));
      Tolerance.assertRelative("gradNorm", r.gradNorm(), ev.gradNorm(), 1e-5);
      float[][] first = TestData.arrays(backend.adamState().firstMoment());
      for (int a = 0; a < first.length; a++) {
        double[] expected = ev.gradient()[a].clone();
        for (int k = 0; k < expected.length; k++) {
          expected[k] *= 0.1 * expectedScale;
        }
        Tolerance.assertClose("first moment " + a, first[a], expected, 1e-4, 1e-2);
      }
    }
  }

  private static double[][] finiteDifferences(ReferenceStep ref, float[] x, double lambda) {
    double[][] params = ref.parameters();
    double[][] numeric = new double[params.length][];
    for (int a = 0; a < params.length; a++) {
      numeric[a] = new double[params[a].length];
      for (int k = 0; k < params[a].length; k++) {
        double saved = params[a][k];
        params[a][k] = saved + H;
        double plus = ref.evaluate(x, ROWS, lambda).loss();
        params[a][k] = saved - H;
        double minus = ref.evaluate(x, ROWS, lambda).loss();
        params[a][k] = saved;
        numeric[a][k] = (plus - minus) / (2 * H);
      }
    }
    return numeric;
  }
}

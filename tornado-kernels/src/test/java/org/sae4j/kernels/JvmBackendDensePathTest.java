package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dense products of the decoder and the weight gradients give the sparse kernels' bits: the same steps run with
 * the dense path on every batch and on none give bit-identical losses, gradients, parameters, Adam state and rule
 * state, under every rule, with its dead-feature loss where it has one. The shapes leave partial tiles, partial
 * blocks of rows and features and more than one depth block in both products; the last batch is short.
 */
class JvmBackendDensePathTest {

  private static final int N = 200;
  private static final int M = 301;
  private static final int ROWS = 300;
  private static final double ALWAYS = 0;
  private static final double NEVER = 2;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"relu", "topk", "batchtopk", "jumprelu", "jumprelu-tanh", "jumprelu-preact"})
  void dense_and_sparse_paths_give_bit_identical_training(String name) {
    Run dense = train(rule(name), ALWAYS);
    Run sparse = train(rule(name), NEVER);
    assertThat(dense.results).isEqualTo(sparse.results);
    for (int k = 0; k < dense.arrays.size(); k++) {
      assertThat(bits(dense.arrays.get(k))).as("%s array %d", name, k).isEqualTo(bits(sparse.arrays.get(k)));
    }
  }

  private static ActivationRule rule(String name) {
    return switch (name) {
      case "relu" -> ActivationRule.RELU;
      case "topk" -> new ActivationRule.TopK(13, new AuxK(9, 0.5, 1));
      case "batchtopk" -> new ActivationRule.BatchTopK(13, 0.9, new AuxK(9, 0.5, 1));
      case "jumprelu" -> new ActivationRule.JumpRelu(0.1, 0.15);
      case "jumprelu-tanh" -> new ActivationRule.JumpRelu(0.1, 0.15, 4);
      case "jumprelu-preact" -> new ActivationRule.JumpRelu(0.1, 0.15, 0, new PreActLoss(0.5, 1));
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** The step results, then W_e, b_e, W_d, b_d, both Adam moments and the last gradient of W_e, b_e, W_d, b_d. */
  private record Run(List<StepResult> results, List<float[]> arrays) {
  }

  private static Run train(ActivationRule rule, double denseShare) {
    double lambda = rule instanceof ActivationRule.Selecting ? 0 : 0.7;
    SaeParameters init = TestData.parameters(N, M, 11);
    List<StepResult> results = new ArrayList<>();
    List<float[]> arrays = new ArrayList<>();
    BackendOptions options = new BackendOptions(2, OptimiserSettings.PAPER, ROWS, rule);
    try (JvmBackend b = new JvmBackend(init, AdamState.initial(N, M), RuleState.NONE, options, denseShare)) {
      for (int s = 0; s < 4; s++) {
        int rows = s == 3 ? ROWS - 37 : ROWS;
        results.add(b.step(TestData.batch(rows, N, 200 + s), rows, new StepInput(1e-3, lambda)));
      }
      SaeParameters gradient = SaeParameters.zeros(N, M);
      b.gradient(TestData.batch(ROWS, N, 300), ROWS, lambda, gradient);
      arrays.addAll(List.of(TestData.arrays(b.parameters())));
      arrays.addAll(List.of(TestData.arrays(b.adamState().firstMoment())));
      arrays.addAll(List.of(TestData.arrays(b.adamState().secondMoment())));
      arrays.addAll(List.of(TestData.arrays(gradient)));
      RuleState state = b.ruleState();
      arrays.add(new float[] {state.threshold()});
      arrays.add(state.learned().logThreshold());
      float[] counts = new float[state.stepsSinceFired().length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = state.stepsSinceFired()[i];
      }
      arrays.add(counts);
    }
    return new Run(results, arrays);
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int k = 0; k < values.length; k++) {
      bits[k] = Float.floatToRawIntBits(values[k]);
    }
    return bits;
  }
}

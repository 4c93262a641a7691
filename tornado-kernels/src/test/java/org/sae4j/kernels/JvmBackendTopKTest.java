package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The selecting rules (TopK, BatchTopK) of the JVM backend and their one AuxK loss against the float64
 * {@link ReferenceStep}, for ties, thread counts and resuming.
 */
class JvmBackendTopKTest {

  private static final String[] NAMES = {"encoderWeight", "encoderBias", "decoderWeight", "decoderBias"};
  private static final double REL = 1e-4;
  private static final double FLOOR = 1e-2;

  /**
   * Awkward shapes: primes, k above some rows' positive count (k=40 of 50 with a third to a half firing), and
   * deadSteps 1 so that the AuxK loss is on from the second step.
   */
  @ParameterizedTest(name = "n={0}, m={1}, B={2}, k={3}, auxK={4}, threads={5}")
  @CsvSource({"7,13,5,3,2,1", "33,70,17,9,5,2", "20,50,37,40,7,3", "9,301,101,11,0,2"})
  void several_steps_agree_with_the_float64_reference(int n, int m, int rows, int k, int auxK, int threads) {
    stepsAgreeWithTheReference(new ActivationRule.TopK(k, auxK, 0.25, 1), n, m, rows, k, threads, 3 + n);
  }

  @ParameterizedTest
  @ValueSource(strings = {"topk", "batchtopk"})
  void the_auxk_loss_changes_only_dead_features_and_adds_to_the_loss(String name) {
    int n = 16;
    int m = 40;
    int rows = 24;
    SaeParameters init = TestData.parameters(n, m, 9);
    float[] first = TestData.batch(rows, n, 1);
    float[] second = TestData.batch(rows, n, 2);
    try (Backend with = new JvmBackendProvider().create(init, AdamState.initial(n, m),
        options(2, rows, selecting(name, 4, new AuxK(6, 1.0, 1))));
         Backend without = new JvmBackendProvider().create(init, AdamState.initial(n, m),
             options(2, rows, selecting(name, 4, new AuxK(0, 1.0, 1))))) {
      with.step(first, rows, StepInput.withoutPenalty(1e-3));
      without.step(first, rows, StepInput.withoutPenalty(1e-3));
      int[] since = with.ruleState().stepsSinceFired();
      assertThat(since).isEqualTo(without.ruleState().stepsSinceFired());
      assertThat(Arrays.stream(since).filter(c -> c >= 1).count()).as("dead after one step").isPositive();
      SaeParameters gradWith = SaeParameters.zeros(n, m);
      SaeParameters gradWithout = SaeParameters.zeros(n, m);
      ((JvmBackend) with).gradient(second, rows, 0, gradWith);
      ((JvmBackend) without).gradient(second, rows, 0, gradWithout);
      // The AuxK target x − x̂ is held fixed: b_d and the live features' rows get no AuxK gradient.
      assertThat(gradWith.decoderBias()).isEqualTo(gradWithout.decoderBias());
      for (int i = 0; i < m; i++) {
        if (since[i] == 0) {
          float[] a = Arrays.copyOfRange(gradWith.encoderWeight(), i * n, i * n + n);
          assertThat(a).as("live feature " + i).isEqualTo(Arrays.copyOfRange(gradWithout.encoderWeight(), i * n,
              i * n + n));
        }
      }
      assertThat(gradWith).isNotEqualTo(gradWithout);
      StepResult a = with.step(second, rows, StepInput.withoutPenalty(1e-3));
      StepResult b = without.step(second, rows, StepInput.withoutPenalty(1e-3));
      assertThat(a.mse()).isEqualTo(b.mse());
      assertThat(a.loss()).isGreaterThan(b.loss());
    }
  }

  @Test
  void ties_go_to_the_lower_feature_index() {
    int n = 8;
    int m = 12;
    SaeParameters p = TestData.parameters(n, m, 4);
    // Features 3, 7 and 10 get the same encoder row and bias, so their pre-activations are equal in any precision.
    for (int twin : new int[] {7, 10}) {
      System.arraycopy(p.encoderWeight(), 3 * n, p.encoderWeight(), twin * n, n);
      p.encoderBias()[twin] = p.encoderBias()[3];
      p.encoderBias()[3] += 5f; // far above the others: all three are the row's best
    }
    p.encoderBias()[7] = p.encoderBias()[3];
    p.encoderBias()[10] = p.encoderBias()[3];
    float[] x = TestData.batch(1, n, 6);
    try (Backend backend = new JvmBackendProvider().create(p, AdamState.initial(n, m),
        options(1, 1, new ActivationRule.TopK(2, 0, 0, 1)))) {
      SparseCodes codes = new SparseCodes();
      backend.forward(x, 1, new float[n], codes);
      List<Integer> kept = new ArrayList<>();
      for (int e = codes.start(0); e < codes.end(0); e++) {
        kept.add(codes.index(e));
      }
      assertThat(kept).containsExactly(3, 7);
    }
  }

  @Test
  void the_selection_keeps_the_k_best_in_feature_order_like_a_sort() {
    SplittableRandom r = new SplittableRandom(17);
    TopKSelection selection = new TopKSelection();
    for (int trial = 0; trial < 200; trial++) {
      int size = 1 + r.nextInt(300);
      int k = 1 + r.nextInt(40);
      int[] feature = new int[size];
      float[] value = new float[size];
      for (int e = 0; e < size; e++) {
        feature[e] = e * 3 + r.nextInt(3);
        value[e] = r.nextInt(8) == 0 ? 0.5f : (float) r.nextDouble(); // many ties at 0.5
      }
      Integer[] order = new Integer[size];
      Arrays.setAll(order, e -> e);
      Arrays.sort(order, (a, b) -> value[a] != value[b] ? Float.compare(value[b], value[a])
          : Integer.compare(feature[a], feature[b]));
      int[] want = Arrays.stream(order).limit(k).mapToInt(e -> feature[e]).sorted().toArray();
      int kept = selection.keep(feature, value, 0, size, k);
      assertThat(Arrays.copyOf(feature, kept)).as("trial " + trial).containsExactly(want);
    }
  }

  @Test
  void is_bit_identical_for_one_two_and_three_threads() {
    int n = 37;
    int m = 211;
    int rows = 150;
    ActivationRule rule = new ActivationRule.TopK(13, 9, 0.5, 2);
    SaeParameters init = TestData.parameters(n, m, 8);
    List<SaeParameters> results = new ArrayList<>();
    List<List<Double>> scalars = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    for (int threads = 1; threads <= 3; threads++) {
      try (Backend b = new JvmBackendProvider().create(init, AdamState.initial(n, m), options(threads, rows, rule))) {
        List<Double> s = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
          StepResult r = b.step(TestData.batch(rows, n, 40 + step), rows, StepInput.withoutPenalty(2e-3));
          s.addAll(List.of(r.loss(), r.mse(), r.l0(), r.gradNorm()));
        }
        results.add(b.parameters());
        scalars.add(s);
        counts.add(b.ruleState().stepsSinceFired());
      }
    }
    assertThat(results.get(1)).isEqualTo(results.get(0));
    assertThat(results.get(2)).isEqualTo(results.get(0));
    assertThat(scalars.get(1)).isEqualTo(scalars.get(0));
    assertThat(scalars.get(2)).isEqualTo(scalars.get(0));
    assertThat(counts.get(1)).isEqualTo(counts.get(0));
    assertThat(counts.get(2)).isEqualTo(counts.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"topk", "batchtopk"})
  void continues_exactly_from_a_saved_state(String name) {
    int n = 12;
    int m = 60;
    int rows = 20;
    ActivationRule rule = selecting(name, 5, new AuxK(4, 0.5, 1));
    SaeParameters init = TestData.parameters(n, m, 2);
    JvmBackendProvider provider = new JvmBackendProvider();
    try (Backend whole = provider.create(init, AdamState.initial(n, m), options(2, rows, rule))) {
      for (int s = 0; s < 4; s++) {
        whole.step(TestData.batch(rows, n, s), rows, StepInput.withoutPenalty(1e-3));
      }
      SaeParameters resumed;
      try (Backend first = provider.create(init, AdamState.initial(n, m), options(2, rows, rule))) {
        for (int s = 0; s < 2; s++) {
          first.step(TestData.batch(rows, n, s), rows, StepInput.withoutPenalty(1e-3));
        }
        try (Backend second = provider.create(first.parameters(), first.adamState(), first.ruleState(),
            options(2, rows, rule))) {
          for (int s = 2; s < 4; s++) {
            second.step(TestData.batch(rows, n, s), rows, StepInput.withoutPenalty(1e-3));
          }
          resumed = second.parameters();
        }
      }
      assertThat(resumed).isEqualTo(whole.parameters());
      assertThat(Arrays.stream(whole.ruleState().stepsSinceFired()).filter(c -> c >= 1).count())
          .as("features dead along the way").isPositive();
    }
  }

  /** As for TopK: awkward shapes, B·k above the batch's positive count, and the AuxK loss from the second step. */
  @ParameterizedTest(name = "n={0}, m={1}, B={2}, k={3}, auxK={4}, threads={5}")
  @CsvSource({"7,13,5,3,2,1", "33,70,17,9,5,2", "20,50,37,40,7,3", "9,301,101,11,0,2"})
  void batchtopk_steps_agree_with_the_float64_reference(int n, int m, int rows, int k, int auxK, int threads) {
    stepsAgreeWithTheReference(new ActivationRule.BatchTopK(k, 0.9, new AuxK(auxK, 0.25, 1)), n, m, rows, k,
        threads, 13 + n);
  }

  /**
   * The AuxK loss applies as soon as one feature is dead, also when no dead feature has a positive pre-activation
   * in the batch: then ê = 0 and it adds c·mse, with no gradient, in the backend as in the reference.
   */
  @ParameterizedTest
  @ValueSource(strings = {"topk", "batchtopk"})
  void the_auxk_loss_counts_every_row_once_a_feature_is_dead(String name) {
    int n = 10;
    int m = 30;
    int rows = 12;
    double c = 0.5;
    ActivationRule rule = selecting(name, 3, new AuxK(4, c, 2));
    SaeParameters p = TestData.parameters(n, m, 19);
    int[] since = new int[m];
    for (int i = 0; i < m; i += 5) {
      since[i] = 2;
      p.encoderBias()[i] = -50f; // dead and never positive
    }
    float[] x = TestData.batch(rows, n, 20);
    ReferenceStep ref = new ReferenceStep(p, AdamState.initial(n, m), OptimiserSettings.PAPER, rule);
    ref.stepsSinceFired(since);
    try (Backend b = new JvmBackendProvider().create(p, AdamState.initial(n, m), new RuleState(since, Float.NaN),
        options(2, rows, rule))) {
      StepResult got = b.step(x, rows, StepInput.withoutPenalty(1e-3));
      ReferenceStep.Evaluation want = ref.step(x, rows, 1e-3, 0);
      Tolerance.assertRelative("loss", got.loss(), (1 + c) * got.mse(), 1e-12);
      Tolerance.assertRelative("loss against the reference", got.loss(), want.loss(), REL);
      Tolerance.assertRelative("gradNorm", got.gradNorm(), want.gradNorm(), REL);
    }
  }

  @Test
  void batchtopk_inference_uses_the_running_threshold_not_the_batch() {
    int n = 16;
    int m = 64;
    int rows = 40;
    ActivationRule rule = new ActivationRule.BatchTopK(6, 0.5);
    float[] x = TestData.batch(rows, n, 3);
    try (Backend b = new JvmBackendProvider().create(TestData.parameters(n, m, 5), AdamState.initial(n, m),
        options(2, rows, rule))) {
      assertThat(b.ruleState().hasThreshold()).isFalse();
      b.step(x, rows, StepInput.withoutPenalty(1e-3));
      float theta = b.ruleState().threshold();
      assertThat(theta).isPositive();
      SparseCodes all = new SparseCodes();
      b.forward(x, rows, new float[rows * n], all);
      SparseCodes one = new SparseCodes();
      b.forward(Arrays.copyOfRange(x, 5 * n, 6 * n), 1, new float[n], one);
      List<Integer> alone = new ArrayList<>();
      for (int e = one.start(0); e < one.end(0); e++) {
        alone.add(one.index(e));
        assertThat(one.value(e)).isGreaterThan(theta);
      }
      List<Integer> inBatch = new ArrayList<>();
      for (int e = all.start(5); e < all.end(5); e++) {
        inBatch.add(all.index(e));
      }
      assertThat(alone).isEqualTo(inBatch);
    }
  }

  @Test
  void batchtopk_is_bit_identical_for_one_two_and_three_threads() {
    int n = 37;
    int m = 211;
    int rows = 150;
    ActivationRule rule = new ActivationRule.BatchTopK(13, 0.99, new AuxK(9, 0.5, 2));
    SaeParameters init = TestData.parameters(n, m, 8);
    List<SaeParameters> results = new ArrayList<>();
    List<RuleState> states = new ArrayList<>();
    for (int threads = 1; threads <= 3; threads++) {
      try (Backend b = new JvmBackendProvider().create(init, AdamState.initial(n, m), options(threads, rows, rule))) {
        for (int step = 0; step < 5; step++) {
          b.step(TestData.batch(rows, n, 60 + step), rows, StepInput.withoutPenalty(2e-3));
        }
        results.add(b.parameters());
        states.add(b.ruleState());
      }
    }
    assertThat(results.get(1)).isEqualTo(results.get(0));
    assertThat(results.get(2)).isEqualTo(results.get(0));
    assertThat(states.get(1)).isEqualTo(states.get(0));
    assertThat(states.get(2)).isEqualTo(states.get(0));
  }

  @Test
  void rejects_a_sparsity_coefficient() {
    try (Backend b = new JvmBackendProvider().create(TestData.parameters(4, 6, 1), AdamState.initial(4, 6),
        options(1, 3, new ActivationRule.TopK(2, 0, 0, 1)))) {
      assertThatThrownBy(() -> b.step(TestData.batch(3, 4, 1), 3, new StepInput(1e-3, 0.5)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topk rule has no sparsity penalty");
    }
  }

  /**
   * Four steps of the backend and the float64 reference from the same weights: L0 exactly (and at most k), the
   * scalars and then the parameters (and BatchTopK's threshold) within 1e-4.
   */
  private static void stepsAgreeWithTheReference(ActivationRule rule, int n, int m, int rows, int k, int threads,
                                                 long seed) {
    SaeParameters init = TestData.parameters(n, m, seed);
    AdamState adam = AdamState.initial(n, m);
    ReferenceStep ref = new ReferenceStep(init, adam, OptimiserSettings.PAPER, rule);
    try (Backend backend = new JvmBackendProvider().create(init, adam, options(threads, rows, rule))) {
      for (int s = 0; s < 4; s++) {
        float[] x = TestData.batch(rows, n, seed * 100 + s);
        StepResult got = backend.step(x, rows, StepInput.withoutPenalty(1e-3));
        ReferenceStep.Evaluation want = ref.step(x, rows, 1e-3, 0);
        String at = "step " + s + " ";
        assertThat(got.l0()).as(at + "l0").isEqualTo(want.l0()).isLessThanOrEqualTo(k);
        Tolerance.assertRelative(at + "loss", got.loss(), want.loss(), REL);
        Tolerance.assertRelative(at + "mse", got.mse(), want.mse(), REL);
        Tolerance.assertRelative(at + "gradNorm", got.gradNorm(), want.gradNorm(), REL);
      }
      if (rule instanceof ActivationRule.BatchTopK) {
        Tolerance.assertRelative("threshold", backend.ruleState().threshold(), ref.threshold(), REL);
      }
      float[][] actual = TestData.arrays(backend.parameters());
      double[][] expected = ref.parameters();
      for (int a = 0; a < actual.length; a++) {
        Tolerance.assertClose(NAMES[a], actual[a], expected[a], REL, FLOOR);
      }
    }
  }

  private static ActivationRule selecting(String name, int k, AuxK aux) {
    return name.equals("topk") ? new ActivationRule.TopK(k, aux) : new ActivationRule.BatchTopK(k, 0.9, aux);
  }

  private static BackendOptions options(int threads, int rows, ActivationRule rule) {
    return new BackendOptions(threads, OptimiserSettings.PAPER, rows, rule);
  }
}

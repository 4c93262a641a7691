package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sae4j.harvest.EncoderModel;
import org.sae4j.harvest.HookPoint;
import org.sae4j.kernels.AdamState;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.kernels.SaeParameters;

/** Attribution against exact ablation, and the correlations reported over them. */
class AttributionTest {
  private static final List<String> PROMPTS = List.of("The harpooneers chased the whale across the sea.",
      "Congress should reduce the tariff on imports.");

  /**
   * A random dictionary of small features at {@code hook}: decoder rows of norm about 0.5 % of the typical
   * activation, so that removing one moves the hook only a little, each with a random share of {@code toward} (the
   * target's direction) so that its first-order effect is not lost among the second-order ones of a direction
   * orthogonal to everything that matters.
   */
  private static Backend randomDictionary(EncoderModel model, HookPoint hook, int features, float[] toward) {
    float[] x = model.read(List.of(model.tokenise(0, PROMPTS.getFirst())), hook).rows();
    int n = model.spec().hidden();
    double typical = Math.sqrt(java.util.Arrays.stream(toDouble(x)).map(v -> v * v).sum() / (x.length / n));
    SplittableRandom random = new SplittableRandom(5);
    float[] we = new float[features * n];
    float[] wd = new float[features * n];
    for (int k = 0; k < we.length; k++) {
      we[k] = (float) (random.nextGaussian() / typical);
    }
    for (int i = 0; i < features; i++) {
      double share = random.nextDouble(-1, 1);
      for (int j = 0; j < n; j++) {
        wd[i * n + j] = (float) (0.005 * typical * (0.5 * random.nextGaussian() / Math.sqrt(n) + share * toward[j]));
      }
    }
    SaeParameters p = new SaeParameters(n, features, we, new float[features], wd, new float[n]);
    return Backends.select("jvm", line -> { }).create(p, AdamState.initial(n, features),
        new BackendOptions(1, OptimiserSettings.PAPER, 256));
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void attribution_equals_the_exact_ablation_effect_to_first_order_where_the_rest_of_the_model_is_linear()
      throws Exception {
    try (EncoderModel model = EncoderModel.load("all-minilm-l6-v2")) {
      // At the last block with mean pooling, e is the normalised mean of the hook rows: M is linear up to the
      // normalisation, so removing a small feature changes M by its attribution up to second order.
      HookPoint last = HookPoint.residPost(model.spec().layers() - 1);
      String target = "A whale ship at sea.";
      float[] toward = model.pooledEmbeddings(List.of(model.tokenise(0, target)))[0];
      try (Backend backend = randomDictionary(model, last, 24, toward)) {
        Attribution.Result r = new Attribution(model, last, new Dictionary(backend, 1.0, 256))
            .measure(PROMPTS, target);
        assertThat(r.pairs()).hasSizeGreaterThan(20);
        double largest = r.pairs().stream().mapToDouble(p -> Math.abs(p.ablation())).max().orElseThrow();
        assertThat(largest).isGreaterThan(1e-5);
        for (Attribution.Pair p : r.pairs()) {
          assertThat(p.attribution()).as("prompt %d feature %d", p.prompt(), p.feature())
              .isCloseTo(p.ablation(), within(0.03 * Math.abs(p.ablation()) + 0.01 * largest));
        }
        AttributionAnalysis.Figures f = AttributionAnalysis.Figures.of(target, r);
        assertThat(f.pearson()).isGreaterThan(0.99);
        assertThat(f.spearman()).isGreaterThan(0.95);
        assertThat(f.pairCount()).isEqualTo(r.pairs().size());
        assertThat(AttributionAnalysis.scatter(r).lines()).hasSize(r.pairs().size() + 1).first()
            .isEqualTo("prompt,feature,activation,attribution,ablation");
      }
    }
  }

  @Test
  void pearson_and_spearman_of_known_series() {
    double[] x = {1, 2, 3, 4, 5};
    assertThat(Correlation.pearson(x, new double[] {2, 4, 6, 8, 10})).isCloseTo(1, within(1e-12));
    assertThat(Correlation.pearson(x, new double[] {5, 4, 3, 2, 1})).isCloseTo(-1, within(1e-12));
    // monotone but not linear: Spearman 1, Pearson below 1
    double[] cubes = {1, 8, 27, 64, 125};
    assertThat(Correlation.spearman(x, cubes)).isCloseTo(1, within(1e-12));
    assertThat(Correlation.pearson(x, cubes)).isLessThan(0.99);
    assertThat(Correlation.ranks(new double[] {3, 1, 3, 2})).containsExactly(3.5, 1, 3.5, 2);
    assertThat(Correlation.pearson(x, new double[] {1, 1, 1, 1, 1})).isNaN();
  }
}

package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sae4j.core.Engine;

/** Steering on the tiny harvested run. */
class SteeringTest {

  private static Steering.Result steer(int feature, List<Double> multipliers) throws Exception {
    Engine engine = HarvestedRun.engine();
    AnalysisResult result = engine.explore(new SteeringAnalysis(), new SteeringAnalysis.Settings(List.of(feature),
        List.of(), List.of("Call me Ishmael, and take me to the sea."), multipliers, 8, 3, 64));
    return ((SteeringAnalysis.Figures) result.figures()).results().getFirst();
  }

  private static int mostActiveFeature() throws Exception {
    TopContextsData top = AnalysisInputs.JSON.readValue(
        AnalysisOutputs.figures(HarvestedRun.engine().layout(), TopContextsAnalysis.NAME).toFile(),
        TopContextsData.class);
    return top.byTotalActivation(1).getFirst().feature();
  }

  @Test
  void clamping_a_feature_to_its_own_activation_with_the_error_kept_leaves_the_output_as_the_clean_run() throws
      Exception {
    Steering.Result r = steer(mostActiveFeature(), List.of(-2.0, 2.0));
    assertThat(r.identityError()).isLessThanOrEqualTo(1e-5);
    // and steering itself does change the output, more for a larger clamp
    assertThat(r.steps()).hasSize(2);
    assertThat(r.steps()).allSatisfy(s -> assertThat(s.cosineToClean()).isLessThan(1 - 1e-4));
    assertThat(r.steps().getFirst().multiplier()).isEqualTo(-2.0);
    assertThat(r.steps().getFirst().clamp()).isEqualTo(-2 * r.maxActivation());
    assertThat(r.cleanNeighbours()).hasSize(3);
    assertThat(r.cleanNeighbours().getFirst().cosine()).isGreaterThanOrEqualTo(r.cleanNeighbours().get(1).cosine());
  }

  @Test
  void signs_and_monotone_compare_the_context_change_with_the_multipliers() {
    Steering.Step down = new Steering.Step(-2, 0, 0, 0, -0.1, List.of());
    Steering.Step up = new Steering.Step(2, 0, 0, 0, 0.2, List.of());
    Steering.Step upLess = new Steering.Step(4, 0, 0, 0, 0.1, List.of());
    Steering.Step wrongSign = new Steering.Step(-1, 0, 0, 0, 0.05, List.of());
    assertThat(Steering.signs(List.of(down, up, upLess))).isTrue();
    assertThat(Steering.monotone(List.of(down, up))).isTrue();
    assertThat(Steering.monotone(List.of(down, up, upLess))).isFalse();
    assertThat(Steering.signs(List.of(wrongSign, up))).isFalse();
  }

  @Test
  void the_feature_summary_averages_the_prompts_and_judges_the_mean_curve() {
    // prompt 1 rises strictly; prompt 2 dips at c = -1 less than at -0.5 (not monotone), as a prompt already far from
    // the contexts does; their mean still falls for c < 0 and rises with c, so the feature steers monotonically
    Steering.Result first = result("one", step(-1, 0.6, -0.20), step(-0.5, 0.9, -0.10), step(0.5, 0.9, 0.10),
        step(1, 0.6, 0.20));
    Steering.Result second = result("two", step(-1, 0.6, -0.01), step(-0.5, 0.9, -0.03), step(0.5, 0.9, 0.12),
        step(1, 0.5, 0.26));
    assertThat(first.monotone()).isTrue();
    assertThat(second.signs()).isTrue();
    assertThat(second.monotone()).isFalse();
    SteeringAnalysis.FeatureSummary f = SteeringAnalysis.FeatureSummary.of(7, List.of(first, second));
    assertThat(f.multipliers()).containsExactly(-1.0, -0.5, 0.5, 1.0);
    assertThat(f.meanContextChange()).hasSize(4);
    assertThat(f.meanContextChange().get(0)).isCloseTo(-0.105, within(1e-12));
    assertThat(f.meanContextChange().get(1)).isCloseTo(-0.065, within(1e-12));
    assertThat(f.meanCosineToClean().get(3)).isCloseTo(0.55, within(1e-12));
    assertThat(f.signs()).isTrue();
    assertThat(f.monotone()).isTrue();
    // a mean that turns back at the largest multiplier is not monotone
    Steering.Result saturated = result("three", step(-1, 0.6, -0.2), step(-0.5, 0.9, -0.1), step(0.5, 0.9, 0.1),
        step(1, 0.3, -0.1));
    assertThat(SteeringAnalysis.FeatureSummary.of(7, List.of(first, saturated)).monotone()).isFalse();
    String md = SteeringAnalysis.markdown(List.of(f), List.of(first, second));
    assertThat(md).contains("## Feature 7 over its prompts").contains("| -0.5 | 0.9000 / -0.1000 | 0.9000 / -0.0300 "
        + "| 0.9000 | -0.0650 |");
  }

  private static Steering.Step step(double c, double cosine, double change) {
    return new Steering.Step(c, c, cosine, change, change, List.of());
  }

  private static Steering.Result result(String prompt, Steering.Step... steps) {
    List<Steering.Step> list = List.of(steps);
    return new Steering.Result(7, prompt, 1, 0, 0, List.of(), List.of(), list, Steering.signs(list),
        Steering.signs(list) && Steering.monotone(list));
  }

  @Test
  void an_unknown_feature_is_rejected_with_the_dictionary_size() {
    assertThatThrownBy(() -> steer(128, List.of(2.0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feature 128 does not exist: the dictionary has 128 features (0 … 127)");
  }
}

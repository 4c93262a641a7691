package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sae4j.core.Engine;
import org.sae4j.harvest.EncoderModel;
import org.sae4j.harvest.TokenWindow;

/** Feature search on the tiny harvested run. */
class SearchTest {

  @Test
  void a_prompt_built_from_a_features_own_top_context_ranks_that_feature_first() throws Exception {
    Engine engine = HarvestedRun.engine();
    TopContextsData top = AnalysisInputs.JSON.readValue(
        AnalysisOutputs.figures(engine.layout(), TopContextsAnalysis.NAME).toFile(), TopContextsData.class);
    // The feature with the largest activation anywhere in the held-out data: on the window of that token no other
    // feature can be more active, so a search of that window's text must put it first.
    TopContextsData.Feature planted = top.features().stream()
        .max(Comparator.comparingDouble(TopContextsData.Feature::maxActivation)).orElseThrow();
    TopContextsData.Context context = planted.contexts().getFirst();
    int[] ids = top.windows().get(context.sequence());
    String prompt;
    try (EncoderModel model = EncoderModel.load("all-minilm-l6-v2")) {
      int end = 1;
      while (end < ids.length && ids[end] >= 0) {
        end++;
      }
      int[] content = Arrays.copyOfRange(ids, 1, end);
      assertThat(Arrays.copyOfRange(ids, end, ids.length)).as("the window was seen whole").containsOnly(-1);
      assertThat(context.position()).isLessThan(end);
      prompt = model.tokenizer().decode(content);
      TokenWindow again = model.tokenise(0, prompt);
      assertThat(Arrays.copyOfRange(again.ids(), 1, again.ids().length - 1)).as("the text re-tokenises to "
          + "the same window").containsExactly(content);
    }

    AnalysisResult result = engine.explore(new SearchAnalysis(), new SearchAnalysis.Settings(List.of(prompt),
        List.of(), 5, 2, SearchAnalysis.FIRE_FRACTION));

    SearchAnalysis.Figures figures = (SearchAnalysis.Figures) result.figures();
    FeatureSearch.PromptFeature first = figures.prompts().getFirst().features().getFirst();
    assertThat(first.feature()).isEqualTo(planted.feature());
    assertThat(first.peakPosition()).isEqualTo(context.position());
    assertThat(first.max()).isCloseTo(planted.maxActivation(), org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(first.contexts()).hasSize(2).first().asString().contains("[[");
    assertThat(result.markdown()).contains("## Prompt: " + prompt).contains("| " + planted.feature() + " |");
  }

  @Test
  void a_concept_ranks_features_by_the_difference_between_prompts_with_and_without() throws Exception {
    Engine engine = HarvestedRun.engine();
    AnalysisResult result = engine.explore(new SearchAnalysis(), new SearchAnalysis.Settings(List.of(),
        List.of(new SearchAnalysis.Concept("sea", List.of("the sea and the ship", "a whale in the ocean"),
            List.of("the tax on tea", "the law of the land"))), 5, 1, SearchAnalysis.FIRE_FRACTION));
    FeatureSearch.ConceptResult concept = ((SearchAnalysis.Figures) result.figures()).concepts().getFirst();
    assertThat(concept.features()).isNotEmpty();
    for (int k = 1; k < concept.features().size(); k++) {
      assertThat(concept.features().get(k).difference()).isLessThanOrEqualTo(concept.features().get(k - 1)
          .difference());
    }
    FeatureSearch.ConceptFeature best = concept.features().getFirst();
    assertThat(best.difference()).isCloseTo(best.meanWith() - best.meanWithout(),
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(best.exclusiveShare()).isEqualTo(best.negativeShare() == 0 ? best.positiveShare() : 0);
    // the second ranking: only features firing on no prompt without, by difference; the first of them is the first
    // feature of the whole ranking that fires on none without
    assertThat(concept.exclusive()).isNotEmpty().allSatisfy(f -> {
      assertThat(f.negativeShare()).isZero();
      assertThat(f.exclusiveShare()).isEqualTo(f.positiveShare()).isPositive();
    });
    for (int k = 1; k < concept.exclusive().size(); k++) {
      assertThat(concept.exclusive().get(k).difference()).isLessThanOrEqualTo(concept.exclusive().get(k - 1)
          .difference());
    }
    concept.features().stream().filter(f -> f.negativeShare() == 0).findFirst().ifPresent(f ->
        assertThat(concept.exclusive().getFirst().feature()).isEqualTo(f.feature()));
    assertThat(result.metrics().get(SearchAnalysis.CONCEPTS_FOUND)).hasValue(concept.found() ? 1.0 : 0.0);
    assertThat(result.metrics().get(SearchAnalysis.EXCLUSIVE_FOUND)).hasValue(
        concept.exclusive().getFirst().positiveShare() >= 0.5 ? 1.0 : 0.0);
    assertThat(result.markdown()).contains("Firing on no prompt without");
  }

  @Test
  void a_feature_fires_on_a_prompt_only_where_it_reaches_the_fire_fraction_of_its_held_out_maximum() throws Exception {
    Engine engine = HarvestedRun.engine();
    TopContextsData top = AnalysisInputs.JSON.readValue(
        AnalysisOutputs.figures(engine.layout(), TopContextsAnalysis.NAME).toFile(), TopContextsData.class);
    List<String> with = List.of("the sea and the ship", "a whale in the ocean", "the boat on the waves");
    List<String> without = List.of("the tax on tea", "the law of the land");
    double fraction = 0.5;
    FeatureSearch.ConceptResult concept = ((SearchAnalysis.Figures) engine.explore(new SearchAnalysis(),
        new SearchAnalysis.Settings(List.of(), List.of(new SearchAnalysis.Concept("sea", with, without)), 50, 0,
            fraction)).figures()).concepts().getFirst();
    // the same prompts one by one: each feature's largest activation per prompt, against half its held-out maximum
    SearchAnalysis.Figures single = (SearchAnalysis.Figures) engine.explore(new SearchAnalysis(),
        new SearchAnalysis.Settings(with, List.of(), 1000, 0, fraction)).figures();
    assertThat(concept.features()).isNotEmpty();
    boolean someBelow = false;
    for (FeatureSearch.ConceptFeature f : concept.features()) {
      double aMax = top.feature(f.feature()).map(TopContextsData.Feature::maxActivation).orElse(0.0);
      long firing = 0;
      for (FeatureSearch.PromptResult p : single.prompts()) {
        double max = p.features().stream().filter(q -> q.feature() == f.feature()).mapToDouble(
            FeatureSearch.PromptFeature::max).findFirst().orElse(0);
        firing += max > 0 && max >= fraction * aMax ? 1 : 0;
        someBelow |= max > 0 && max < fraction * aMax;
      }
      assertThat(f.positiveShare()).as("feature %d", f.feature()).isEqualTo(firing / (double) with.size());
    }
    assertThat(someBelow).as("the case has activations below the fraction, so the test can fail").isTrue();
  }

  @Test
  void a_concept_is_found_when_its_top_feature_fires_on_most_prompts_with_it_and_on_none_without() {
    FeatureSearch.ConceptFeature strong = new FeatureSearch.ConceptFeature(1, 5, 0.1, 4.9, 1, 0.2, 0, List.of());
    FeatureSearch.ConceptFeature clean = new FeatureSearch.ConceptFeature(2, 2, 0, 2, 0.6, 0, 0.6, List.of());
    FeatureSearch.ConceptFeature rare = new FeatureSearch.ConceptFeature(3, 1, 0, 1, 0.4, 0, 0.4, List.of());
    FeatureSearch.ConceptResult weakOnAWithout = new FeatureSearch.ConceptResult("sea", List.of(), List.of(),
        List.of(strong, clean), List.of(clean));
    assertThat(weakOnAWithout.found()).isFalse();
    assertThat(weakOnAWithout.exclusiveFound()).isTrue();
    FeatureSearch.ConceptResult tooRare = new FeatureSearch.ConceptResult("sea", List.of(), List.of(),
        List.of(rare), List.of(rare));
    assertThat(tooRare.found()).isFalse();
    assertThat(tooRare.exclusiveFound()).isFalse();
    assertThat(new FeatureSearch.ConceptResult("sea", List.of(), List.of(), List.of(clean), List.of(clean)).found())
        .isTrue();
  }

  @Test
  void a_prompt_without_tokens_is_rejected_by_name() {
    Engine engine = HarvestedRun.engine();
    assertThatThrownBy(() -> engine.explore(new SearchAnalysis(), new SearchAnalysis.Settings(List.of("   "),
        List.of(), 5, 1, SearchAnalysis.FIRE_FRACTION))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prompt \"   \" has no "
        + "tokens");
  }
}

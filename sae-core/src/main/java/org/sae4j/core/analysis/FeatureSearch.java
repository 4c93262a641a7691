package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.sae4j.core.analysis.PromptCodes.FeatureOnPrompt;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TransformerModel;

/**
 * Finds the features of a concept. Single prompts: the features most active on a prompt's tokens (ranked by their
 * largest activation over the tokens, with the mean over the tokens beside it), each with the token it peaks on and
 * its strongest held-out contexts. Prompt combinations: prompts with the concept and prompts without; a feature's
 * activation on a prompt is its largest over the prompt's tokens, and features are ranked by the difference of the
 * mean over the prompts with and the mean over the prompts without, shown with the share of prompts with the concept
 * it fires on and the share without; the features that fire on no prompt without are ranked besides, by the same
 * difference. A feature <em>fires</em> on a prompt when its largest activation there reaches a fraction of a_max, its
 * largest activation on the held-out tokens: a few percent of a feature's own range is the encoder's noise floor, not
 * the feature's concept.
 */
final class FeatureSearch {
  /** Context shown around a top context's token. */
  private static final int BEFORE = 8;
  private static final int AFTER = 4;

  private final TransformerModel model;
  private final HookPoint hook;
  private final Dictionary dictionary;
  private final TopContextsData top;
  private final int contexts;
  private final double fireFraction;

  /**
   * @param top the held-out top contexts, for showing each feature's strongest contexts and for its a_max
   * @param contexts held-out contexts shown per feature
   * @param fireFraction a feature fires on a prompt when its largest activation there is positive and at least this
   *     share of its a_max (a feature that never fired on the held-out tokens fires at any positive activation)
   */
  FeatureSearch(TransformerModel model, HookPoint hook, Dictionary dictionary, TopContextsData top, int contexts,
                double fireFraction) {
    this.model = model;
    this.hook = hook;
    this.dictionary = dictionary;
    this.top = top;
    this.contexts = contexts;
    this.fireFraction = fireFraction;
  }

  /** A feature found on one prompt. */
  record PromptFeature(int feature, double max, double mean, String peakToken, int peakPosition,
                       List<String> contexts) {
  }

  /** The features of one prompt, strongest first. */
  record PromptResult(String prompt, List<String> tokens, List<PromptFeature> features) {
  }

  /**
   * A feature ranked for a concept.
   *
   * @param meanWith mean over the prompts with the concept of the feature's largest activation on the prompt
   * @param meanWithout the same over the prompts without
   * @param positiveShare share of the prompts with the concept it fires on
   * @param negativeShare share of the prompts without it fires on
   * @param exclusiveShare positiveShare when it fires on no prompt without, else 0
   */
  record ConceptFeature(int feature, double meanWith, double meanWithout, double difference, double positiveShare,
                        double negativeShare, double exclusiveShare, List<String> contexts) {
  }

  /**
   * The features of one concept.
   *
   * @param features by difference (largest first)
   * @param exclusive those that fire on no prompt without the concept, by difference
   */
  record ConceptResult(String name, List<String> with, List<String> without, List<ConceptFeature> features,
                       List<ConceptFeature> exclusive) {

    /** Whether the top feature by difference fires on at least half the prompts with the concept and on none without. */
    boolean found() {
      return !features.isEmpty() && separates(features.getFirst());
    }

    /**
     * Whether the top feature of those that fire on no prompt without the concept fires on at least half the prompts
     * with it.
     */
    boolean exclusiveFound() {
      return !exclusive.isEmpty() && separates(exclusive.getFirst());
    }

    private static boolean separates(ConceptFeature f) {
      return f.negativeShare() == 0 && f.positiveShare() >= 0.5;
    }
  }

  /** The {@code count} features most active on {@code prompt}. */
  PromptResult prompt(String prompt, int count) {
    PromptCodes p = PromptCodes.of(model, hook, dictionary, 0, prompt);
    List<PromptFeature> out = new ArrayList<>();
    p.features(dictionary).values().stream()
        .sorted(Comparator.comparingDouble((FeatureOnPrompt f) -> -f.max()).thenComparingInt(f -> f.feature))
        .limit(count)
        .forEach(f -> out.add(new PromptFeature(f.feature, f.max(), f.mean(), tokenText(p, f.peak), f.peak + 1,
            contexts(f.feature))));
    List<String> tokens = new ArrayList<>();
    for (int t = 0; t < p.tokens(); t++) {
      tokens.add(tokenText(p, t));
    }
    return new PromptResult(prompt, tokens, out);
  }

  /**
   * The {@code count} features that best tell {@code with} from {@code without}, by difference, and the {@code count}
   * best of those that fire on no prompt without.
   */
  ConceptResult concept(String name, List<String> with, List<String> without, int count) {
    List<Map<Integer, Double>> positive = maxima(with);
    List<Map<Integer, Double>> negative = maxima(without);
    TreeSet<Integer> candidates = new TreeSet<>();
    positive.forEach(m -> candidates.addAll(m.keySet()));
    List<ConceptFeature> ranked = new ArrayList<>();
    for (int i : candidates) {
      double meanWith = mean(positive, i);
      double meanWithout = mean(negative, i);
      double pos = share(positive, i);
      double neg = share(negative, i);
      ranked.add(new ConceptFeature(i, meanWith, meanWithout, meanWith - meanWithout, pos, neg, neg == 0 ? pos : 0,
          List.of()));
    }
    Comparator<ConceptFeature> byDifference = Comparator.comparingDouble((ConceptFeature f) -> -f.difference())
        .thenComparingInt(ConceptFeature::feature);
    return new ConceptResult(name, with, without, withContexts(ranked.stream().sorted(byDifference), count),
        withContexts(ranked.stream().filter(f -> f.negativeShare() == 0).sorted(byDifference), count));
  }

  private List<ConceptFeature> withContexts(Stream<ConceptFeature> ranked, int count) {
    return ranked.limit(count).map(f -> new ConceptFeature(f.feature(), f.meanWith(), f.meanWithout(), f.difference(),
        f.positiveShare(), f.negativeShare(), f.exclusiveShare(), contexts(f.feature()))).toList();
  }

  /** Per prompt, each active feature's largest activation over the prompt's tokens. */
  private List<Map<Integer, Double>> maxima(List<String> prompts) {
    List<Map<Integer, Double>> out = new ArrayList<>();
    for (String prompt : prompts) {
      Map<Integer, Double> m = new HashMap<>();
      PromptCodes.of(model, hook, dictionary, 0, prompt).features(dictionary).forEach((i, f) -> m.put(i, f.max()));
      out.add(m);
    }
    return out;
  }

  private static double mean(List<Map<Integer, Double>> prompts, int feature) {
    return prompts.isEmpty() ? 0 : prompts.stream().mapToDouble(m -> m.getOrDefault(feature, 0.0)).sum()
        / prompts.size();
  }

  private double share(List<Map<Integer, Double>> prompts, int feature) {
    double threshold = fireFraction * top.feature(feature).map(TopContextsData.Feature::maxActivation).orElse(0.0);
    return prompts.isEmpty() ? 0 : (double) prompts.stream().filter(m -> {
      double a = m.getOrDefault(feature, 0.0);
      return a > 0 && a >= threshold;
    }).count() / prompts.size();
  }

  private List<String> contexts(int feature) {
    return top.feature(feature).map(f -> f.contexts().stream().limit(contexts)
        .map(c -> top.text(c, model::token, BEFORE, AFTER)).toList()).orElse(List.of());
  }

  private String tokenText(PromptCodes p, int t) {
    return model.token(p.window().ids()[t + 1]);
  }

  /** Reads the held-out top contexts and the model of a run, for a search over it. */
  static FeatureSearch on(AnalysisInputs inputs, int contexts, double fireFraction) throws IOException {
    return new FeatureSearch(inputs.model(), inputs.hook(), inputs.dictionary(), inputs.topContexts(), contexts,
        fireFraction);
  }
}

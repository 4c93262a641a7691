package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sae4j.core.analysis.Steering.Neighbour;
import org.sae4j.core.analysis.Steering.Step;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TransformerModel;

/** {@code steering}: clamping features with the error term kept (see {@link Steering}). */
public final class SteeringAnalysis extends AbstractAnalysis<SteeringAnalysis.Settings> {
  /** The analysis's name. */
  public static final String NAME = "steering";
  /** The largest identity-check error over every steered (feature, prompt). */
  public static final AnalysisMetric IDENTITY_ERROR = new AnalysisMetric(NAME, "identityError",
      "largest change of the output when a feature is clamped to its own activation");
  /** Share of steered (feature, prompt) cases whose context change has the multiplier's sign at every multiplier. */
  public static final AnalysisMetric SIGN_SHARE = new AnalysisMetric(NAME, "signShare",
      "share of steered cases where steering towards the feature raises the similarity to its contexts and "
          + "steering against it lowers it");
  /** Share of steered (feature, prompt) cases whose context change has the right signs and rises strictly. */
  public static final AnalysisMetric MONOTONE_SHARE = new AnalysisMetric(NAME, "monotoneShare",
      "share of steered cases where the similarity to the feature's contexts rises with the multiplier");
  /**
   * Share of steered features whose context change averaged over the prompts has the multiplier's sign at every
   * multiplier and rises strictly with it: the feature steers the model monotonically over the multipliers.
   */
  public static final AnalysisMetric MEAN_MONOTONE = new AnalysisMetric(NAME, "meanMonotone",
      "share of steered features whose mean context change over the prompts has the multiplier's sign and rises "
          + "with the multiplier");
  /** Mean change of the similarity to the feature's contexts at the largest multiplier. */
  public static final AnalysisMetric CONTEXT_GAIN = new AnalysisMetric(NAME, "contextGain",
      "mean change of the similarity to the feature's contexts at the largest multiplier");

  /**
   * @param features feature indices to steer
   * @param concepts concepts (prompts with and without) whose top search feature is steered too
   * @param prompts prompts steered
   * @param multipliers c in c·a_max, non-zero
   * @param contexts top contexts of the feature compared with
   * @param neighbours nearest probe windows shown
   * @param probes held-out probe windows searched
   */
  public record Settings(List<Integer> features, List<SearchAnalysis.Concept> concepts, List<String> prompts,
                         List<Double> multipliers, int contexts, int neighbours, int probes)
      implements AnalysisSettings {
    public Settings {
      features = List.copyOf(features);
      concepts = List.copyOf(concepts);
      prompts = List.copyOf(prompts);
      multipliers = List.copyOf(multipliers);
    }

    @Override
    public Map<String, Object> resolved() {
      // an empty list would not read back (a list key must hold something): leave it out instead
      Map<String, Object> m = new LinkedHashMap<>();
      if (!features.isEmpty()) {
        m.put("features", features);
      }
      if (!concepts.isEmpty()) {
        m.put("concepts", SearchAnalysis.resolved(concepts));
      }
      m.put("prompts", prompts);
      m.put("multipliers", multipliers.stream().map(AnalysisSettings::decimal).toList());
      m.put("contexts", contexts);
      m.put("neighbours", neighbours);
      m.put("probes", probes);
      return m;
    }
  }

  /** The default multipliers: beyond |c| = 1 (the largest held-out activation at every token) steering saturates. */
  public static final List<Double> DEFAULT_MULTIPLIERS = List.of(-1.0, -0.5, 0.5, 1.0);

  /** The analysis (stateless: one instance serves every run). */
  public SteeringAnalysis() {
    super(NAME, Stage.ANALYZE, HarvestData.SOURCE, false);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of(IDENTITY_ERROR, SIGN_SHARE, MONOTONE_SHARE, MEAN_MONOTONE, CONTEXT_GAIN);
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("features", "concepts", "prompts", "multipliers", "contexts", "neighbours", "probes"));
    List<Integer> features = s.integers("features", List.of(), 0, Integer.MAX_VALUE);
    List<SearchAnalysis.Concept> concepts = SearchAnalysis.concepts(s);
    if (features.isEmpty() && concepts.isEmpty()) {
      throw s.error(null, "steering has no feature to steer", "give features (indices) or concepts (prompts with "
          + "and without a concept, as for search: its top feature is steered)");
    }
    List<String> prompts = s.strings("prompts", null, "allowed: a prompt or a list of prompts");
    List<Double> multipliers = s.numbers("multipliers", DEFAULT_MULTIPLIERS, -1000, 1000);
    checkMultipliers(multipliers, (i, problem) -> s.itemError("multipliers", i, problem,
        "allowed: distinct non-zero numbers (negative steers against the feature)"));
    return new Settings(features, concepts, prompts, multipliers, s.integer("contexts", 8, 1, 1000),
        s.integer("neighbours", 5, 0, 100), s.integer("probes", 256, 0, 100_000));
  }

  /** Builds the error for multiplier {@code index}. */
  @FunctionalInterface
  public interface MultiplierError<E extends Exception> {
    E at(int index, String problem);
  }

  /** Multipliers must be distinct and non-zero (zero switches the feature off, which says nothing of its sign). */
  public static <E extends Exception> void checkMultipliers(List<Double> multipliers, MultiplierError<E> error)
      throws E {
    Set<Double> seen = new LinkedHashSet<>();
    for (int i = 0; i < multipliers.size(); i++) {
      double c = multipliers.get(i);
      if (c == 0) {
        throw error.at(i, "multiplier 0 is not allowed");
      }
      if (!seen.add(c)) {
        throw error.at(i, "multiplier " + c + " is given twice");
      }
    }
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    return () -> {
      long begin = System.nanoTime();
      TransformerModel model = inputs.model();
      HookPoint hook = inputs.hook();
      Steering steering = new Steering(model, hook, inputs.dictionary(), inputs.topContexts(), settings.contexts(),
          settings.neighbours(), settings.probes());
      Set<Integer> features = new LinkedHashSet<>(settings.features());
      FeatureSearch search = new FeatureSearch(model, hook, inputs.dictionary(), inputs.topContexts(), 0,
          SearchAnalysis.FIRE_FRACTION);
      for (SearchAnalysis.Concept c : settings.concepts()) {
        List<FeatureSearch.ConceptFeature> found = search.concept(c.name(), c.with(), c.without(), 1).features();
        if (found.isEmpty()) {
          throw new IllegalArgumentException("steering: no feature fires on the prompts of concept " + c.name());
        }
        features.add(found.getFirst().feature());
      }
      List<Steering.Result> results = new ArrayList<>();
      for (int feature : features) {
        for (String prompt : settings.prompts()) {
          results.add(steering.steer(feature, prompt, settings.multipliers()));
        }
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      List<FeatureSummary> summaries = features.stream().map(j -> FeatureSummary.of(j, results.stream()
          .filter(r -> r.feature() == j).toList())).toList();
      Metrics metrics = new Metrics.Builder()
          .put(IDENTITY_ERROR, results.stream().mapToDouble(Steering.Result::identityError).max().orElse(0))
          .put(SIGN_SHARE, results.stream().filter(Steering.Result::signs).count() / (double) results.size())
          .put(MONOTONE_SHARE, results.stream().filter(Steering.Result::monotone).count() / (double) results.size())
          .put(MEAN_MONOTONE, summaries.stream().filter(FeatureSummary::monotone).count() / (double) summaries.size())
          .put(CONTEXT_GAIN, results.stream().mapToDouble(r -> r.steps().getLast().contextChange()).average()
              .orElse(0))
          .build();
      List<String> lines = new ArrayList<>();
      lines.add(String.format("steering: %d features × %d prompts in %.1f s", features.size(),
          settings.prompts().size(), seconds));
      for (Steering.Result r : results) {
        lines.add(String.format("  feature %d: identity error %.2e, context change %s%s", r.feature(),
            r.identityError(), changes(r.steps().stream().map(Step::multiplier).toList(),
                r.steps().stream().map(Step::contextChange).toList()), verdict(r.signs(), r.monotone())));
      }
      for (FeatureSummary f : summaries) {
        lines.add(String.format("  feature %d, mean over %d prompts: context change %s%s", f.feature(),
            f.prompts().size(), changes(f.multipliers(), f.meanContextChange()), verdict(f.signs(), f.monotone())));
      }
      return new AnalysisResult(metrics, new Figures(summaries, results, seconds), markdown(summaries, results),
          Map.of(), lines);
    };
  }

  private static String verdict(boolean signs, boolean monotone) {
    return monotone ? " (monotone)" : signs ? " (right signs, not monotone)" : "";
  }

  private static List<String> changes(List<Double> multipliers, List<Double> changes) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < multipliers.size(); k++) {
      out.add(String.format("%+.4f@%s", changes.get(k), AnalysisSettings.decimal(multipliers.get(k))));
    }
    return out;
  }

  /**
   * One feature over all its prompts: for each multiplier (ascending) the mean over the prompts of the cosine to the
   * clean embedding and of the context change.
   *
   * @param signs whether the mean context change has the multiplier's sign at every multiplier
   * @param monotone whether, besides, it rises strictly with the multiplier
   */
  record FeatureSummary(int feature, List<String> prompts, List<Double> multipliers, List<Double> meanCosineToClean,
                        List<Double> meanContextChange, boolean signs, boolean monotone) {

    /** The summary of {@code results}, one feature's steering of each prompt with the same multipliers. */
    static FeatureSummary of(int feature, List<Steering.Result> results) {
      List<Step> first = results.getFirst().steps();
      double[] c = first.stream().mapToDouble(Step::multiplier).toArray();
      double[] cosine = new double[c.length];
      double[] change = new double[c.length];
      for (Steering.Result r : results) {
        for (int k = 0; k < c.length; k++) {
          cosine[k] += r.steps().get(k).cosineToClean() / results.size();
          change[k] += r.steps().get(k).contextChange() / results.size();
        }
      }
      boolean signs = Steering.signs(c, change);
      return new FeatureSummary(feature, results.stream().map(Steering.Result::prompt).toList(),
          Arrays.stream(c).boxed().toList(), Arrays.stream(cosine).boxed().toList(),
          Arrays.stream(change).boxed().toList(), signs, signs && Steering.monotone(change));
    }
  }

  /** steering.json. */
  record Figures(List<FeatureSummary> features, List<Steering.Result> results, double seconds) {
  }

  static String markdown(List<FeatureSummary> summaries, List<Steering.Result> results) {
    StringBuilder md = new StringBuilder("# Steering\n\nEach feature is clamped to c·a_max at every token of the "
        + "prompt with the reconstruction error kept; the rest of the model runs on the result. \"context change\" "
        + "is the change of the mean cosine of the pooled embedding to the embeddings of the feature's own top "
        + "contexts.\n");
    for (FeatureSummary f : summaries) {
      md.append(String.format("%n## Feature %d over its prompts%n%nEach cell: cos to clean / context change. Mean "
          + "context change has the multiplier's sign: %s; rises with the multiplier: %s.%n%n", f.feature(),
          f.signs() ? "yes" : "no", f.monotone() ? "yes" : "no"));
      for (int p = 0; p < f.prompts().size(); p++) {
        md.append(String.format("%d. %s%n", p + 1, f.prompts().get(p)));
      }
      List<Steering.Result> mine = results.stream().filter(r -> r.feature() == f.feature()).toList();
      List<String> header = new ArrayList<>(List.of("multiplier"));
      for (int p = 1; p <= mine.size(); p++) {
        header.add("prompt " + p);
      }
      header.addAll(List.of("mean cos to clean", "mean context change"));
      List<List<String>> rows = new ArrayList<>();
      for (int k = 0; k < f.multipliers().size(); k++) {
        List<String> row = new ArrayList<>(List.of(AnalysisSettings.decimal(f.multipliers().get(k)).toPlainString()));
        for (Steering.Result r : mine) {
          Step s = r.steps().get(k);
          row.add(String.format("%s / %+.4f", Markdown.number(s.cosineToClean()), s.contextChange()));
        }
        row.add(Markdown.number(f.meanCosineToClean().get(k)));
        row.add(String.format("%+.4f", f.meanContextChange().get(k)));
        rows.add(row);
      }
      md.append('\n').append(Markdown.table(header, rows));
    }
    for (Steering.Result r : results) {
      md.append(String.format("%n## Feature %d on \"%s\"%n%na_max %.4f; identity check (clamped to its own "
              + "activation): max |Δe| = %.2e; signs right: %s; monotone: %s%n%nIts top contexts:%n%n", r.feature(),
          r.prompt(), r.maxActivation(), r.identityError(), r.signs() ? "yes" : "no", r.monotone() ? "yes" : "no"));
      r.contexts().forEach(c -> md.append("- ").append(c).append('\n'));
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("clean", "", "1.0000", Markdown.number(r.cleanContextSimilarity()), "", neighbours(
          r.cleanNeighbours())));
      for (Step s : r.steps()) {
        rows.add(List.of(AnalysisSettings.decimal(s.multiplier()).toPlainString(), Markdown.number(s.clamp()),
            Markdown.number(s.cosineToClean()), Markdown.number(s.contextSimilarity()),
            String.format("%+.4f", s.contextChange()), neighbours(s.neighbours())));
      }
      md.append('\n').append(Markdown.table(List.of("multiplier", "clamped to", "cos to clean",
          "similarity to contexts", "context change", "nearest held-out windows"), rows));
    }
    return md.toString();
  }

  private static String neighbours(List<Neighbour> ns) {
    return String.join("<br>", ns.stream().map(n -> String.format("%.3f %s", n.cosine(), n.text())).toList());
  }
}

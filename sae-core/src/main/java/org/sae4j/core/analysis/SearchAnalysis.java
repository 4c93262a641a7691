package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.FeatureSearch.ConceptFeature;
import org.sae4j.core.analysis.FeatureSearch.ConceptResult;
import org.sae4j.core.analysis.FeatureSearch.PromptFeature;
import org.sae4j.core.analysis.FeatureSearch.PromptResult;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;

/**
 * {@code search}: the features of single prompts and of concepts given as prompts with and without (see
 * {@link FeatureSearch}).
 */
public final class SearchAnalysis extends AbstractAnalysis<SearchAnalysis.Settings> {
  /** The analysis's name. */
  public static final String NAME = "search";
  /** Share of concepts whose top feature fires on at least half the prompts with it and on none without. */
  public static final AnalysisMetric CONCEPTS_FOUND = new AnalysisMetric(NAME, "conceptsFound",
      "share of concepts whose top feature fires on >= 50 % of the prompts with it and on none without");
  /**
   * Share of concepts whose top feature among those firing on no prompt without the concept fires on at least half the
   * prompts with it.
   */
  public static final AnalysisMetric EXCLUSIVE_FOUND = new AnalysisMetric(NAME, "exclusiveFound",
      "share of concepts whose top feature firing on no prompt without fires on >= 50 % of the prompts with it");
  /** Mean over concepts of the top feature's exclusive share. */
  public static final AnalysisMetric TOP_EXCLUSIVE_SHARE = new AnalysisMetric(NAME, "topExclusiveShare",
      "mean exclusive share of the concepts' top features");
  /** The default {@code fireFraction}: a tenth of a feature's largest held-out activation. */
  public static final double FIRE_FRACTION = 0.1;
  private static final String PROMPT_TEXT = "allowed: a prompt or a list of prompts (non-empty text)";

  /**
   * @param with prompts with the concept
   * @param without prompts without it
   */
  public record Concept(String name, List<String> with, List<String> without) {
    public Concept {
      with = List.copyOf(with);
      without = List.copyOf(without);
    }
  }

  /**
   * @param prompts single prompts (from {@code prompts} and {@code promptsFile})
   * @param concepts prompt combinations, by name
   * @param top features listed per prompt and per concept
   * @param contexts held-out contexts shown per feature
   * @param fireFraction a feature fires on a prompt when its largest activation there reaches this share of its
   *     largest held-out activation a_max
   */
  public record Settings(List<String> prompts, List<Concept> concepts, int top, int contexts, double fireFraction)
      implements AnalysisSettings {
    public Settings {
      prompts = List.copyOf(prompts);
      concepts = List.copyOf(concepts);
    }

    @Override
    public Map<String, Object> resolved() {
      // an empty list would not read back (a list key must hold something): leave it out instead
      Map<String, Object> m = new LinkedHashMap<>();
      if (!prompts.isEmpty()) {
        m.put("prompts", prompts);
      }
      if (!concepts.isEmpty()) {
        m.put("concepts", SearchAnalysis.resolved(concepts));
      }
      m.put("top", top);
      m.put("contexts", contexts);
      m.put("fireFraction", fireFraction);
      return m;
    }
  }

  /** The analysis (stateless: one instance serves every run). */
  public SearchAnalysis() {
    super(NAME, Stage.ANALYZE, HarvestData.SOURCE, false);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of(CONCEPTS_FOUND, EXCLUSIVE_FOUND, TOP_EXCLUSIVE_SHARE);
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("prompts", "promptsFile", "concepts", "top", "contexts", "fireFraction"));
    List<String> prompts = new ArrayList<>(s.strings("prompts", List.of(), PROMPT_TEXT));
    if (s.has("promptsFile")) {
      prompts.addAll(s.lines("promptsFile"));
    }
    List<Concept> concepts = concepts(s);
    if (prompts.isEmpty() && concepts.isEmpty()) {
      throw s.error(null, "search has nothing to search for", "give prompts, promptsFile or concepts");
    }
    return new Settings(prompts, concepts, s.integer("top", 10, 1, 1000), s.integer("contexts", 3, 0, 1000),
        s.number("fireFraction", FIRE_FRACTION, 0, 1));
  }

  /** The {@code concepts} mapping: name → {@code with}/{@code withFile} and {@code without}/{@code withoutFile}. */
  static List<Concept> concepts(AnalysisSection s) throws DescriptorException {
    AnalysisSection c = s.section("concepts");
    List<Concept> concepts = new ArrayList<>();
    for (String name : c.keys()) {
      AnalysisSection one = c.section(name);
      one.allowOnly(List.of("with", "withFile", "without", "withoutFile"));
      concepts.add(new Concept(name, prompts(one, "with"), prompts(one, "without")));
    }
    return concepts;
  }

  /** The resolved form of {@code concepts}. */
  static Map<String, Object> resolved(List<Concept> concepts) {
    Map<String, Object> c = new LinkedHashMap<>();
    concepts.forEach(k -> c.put(k.name(), Map.of("with", k.with(), "without", k.without())));
    return c;
  }

  /** {@code key} and {@code keyFile}: at least one prompt in all. */
  private static List<String> prompts(AnalysisSection s, String key) throws DescriptorException {
    List<String> out = new ArrayList<>(s.strings(key, List.of(), PROMPT_TEXT));
    if (s.has(key + "File")) {
      out.addAll(s.lines(key + "File"));
    }
    if (out.isEmpty()) {
      throw s.error(null, "concept needs prompts " + key + " it", "give " + key + " or " + key + "File");
    }
    return out;
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    return () -> {
      long start = System.nanoTime();
      FeatureSearch search = FeatureSearch.on(inputs, settings.contexts(), settings.fireFraction());
      List<PromptResult> prompts = new ArrayList<>();
      for (String p : settings.prompts()) {
        prompts.add(search.prompt(p, settings.top()));
      }
      List<ConceptResult> concepts = new ArrayList<>();
      for (Concept c : settings.concepts()) {
        concepts.add(search.concept(c.name(), c.with(), c.without(), settings.top()));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Metrics.Builder metrics = new Metrics.Builder();
      if (!concepts.isEmpty()) {
        metrics.put(CONCEPTS_FOUND, concepts.stream().filter(ConceptResult::found).count() / (double) concepts.size())
            .put(EXCLUSIVE_FOUND, concepts.stream().filter(ConceptResult::exclusiveFound).count()
                / (double) concepts.size())
            .put(TOP_EXCLUSIVE_SHARE, concepts.stream().mapToDouble(c -> c.features().isEmpty() ? 0
                : c.features().getFirst().exclusiveShare()).average().orElse(0));
      }
      List<String> lines = new ArrayList<>();
      lines.add(String.format("search: %d prompts, %d concepts in %.1f s", prompts.size(), concepts.size(), seconds));
      for (ConceptResult c : concepts) {
        lines.add(c.features().isEmpty() ? "  concept " + c.name() + ": no feature fires"
            : String.format("  concept %s: feature %d (difference %.3f, fires on %.0f%% with, %.0f%% without)",
                c.name(), c.features().getFirst().feature(), c.features().getFirst().difference(),
                100 * c.features().getFirst().positiveShare(), 100 * c.features().getFirst().negativeShare()));
        if (!c.exclusive().isEmpty()) {
          lines.add(String.format("  concept %s: feature %d, the top of those firing on none without, fires on %.0f%% "
              + "with", c.name(),
              c.exclusive().getFirst().feature(), 100 * c.exclusive().getFirst().positiveShare()));
        }
      }
      return new AnalysisResult(metrics.build(), new Figures(prompts, concepts, seconds),
          markdown(prompts, concepts), Map.of(), lines);
    };
  }

  /** search.json. */
  record Figures(List<PromptResult> prompts, List<ConceptResult> concepts, double seconds) {
  }

  static String markdown(List<PromptResult> prompts, List<ConceptResult> concepts) {
    StringBuilder md = new StringBuilder("# Feature search\n\nActivation is f_i·‖W_d,i‖ at the hook; held-out "
        + "contexts show the token as [[token]].\n");
    for (PromptResult p : prompts) {
      md.append("\n## Prompt: ").append(p.prompt()).append("\n\nTokens: ").append(String.join(" ", p.tokens()))
          .append("\n\n");
      List<List<String>> rows = new ArrayList<>();
      for (PromptFeature f : p.features()) {
        rows.add(List.of(Integer.toString(f.feature()), Markdown.number(f.max()), Markdown.number(f.mean()),
            f.peakToken(), String.join("<br>", f.contexts())));
      }
      md.append(Markdown.table(List.of("feature", "max", "mean", "peak token", "strongest held-out contexts"),
          rows));
    }
    for (ConceptResult c : concepts) {
      md.append("\n## Concept: ").append(c.name()).append("\n\nWith: ").append(String.join(" / ", c.with()))
          .append("\n\nWithout: ").append(String.join(" / ", c.without())).append("\n\nBy difference of the mean "
              + "activation with and without:\n\n");
      conceptTable(md, c.features());
      md.append("\nFiring on no prompt without, by difference:\n\n");
      if (c.exclusive().isEmpty()) {
        md.append("none\n");
      } else {
        conceptTable(md, c.exclusive());
      }
    }
    return md.toString();
  }

  private static void conceptTable(StringBuilder md, List<ConceptFeature> features) {
    List<List<String>> rows = new ArrayList<>();
    for (ConceptFeature f : features) {
      rows.add(List.of(Integer.toString(f.feature()), Markdown.number(f.difference()), Markdown.number(f.meanWith()),
          Markdown.number(f.meanWithout()), String.format("%.0f%%", 100 * f.positiveShare()),
          String.format("%.0f%%", 100 * f.negativeShare()), String.join("<br>", f.contexts())));
    }
    md.append(Markdown.table(List.of("feature", "difference", "mean with", "mean without", "fires with",
        "fires without", "strongest held-out contexts"), rows));
  }
}

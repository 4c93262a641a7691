package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.sae4j.core.analysis.Attribution.Pair;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;

/**
 * {@code attribution}: attribution against exact ablation (see {@link Attribution}), with the Pearson and Spearman
 * correlations over every (prompt, feature) pair: attribution against ablation (signed), and, since an activation
 * has no sign, activation against |ablation| beside |attribution| against |ablation|.
 */
public final class AttributionAnalysis extends AbstractAnalysis<AttributionAnalysis.Settings> {
  /** The analysis's name. */
  public static final String NAME = "attribution";
  /** Pearson r of attribution against ablation. */
  public static final AnalysisMetric PEARSON = metric("pearson", "attribution-ablation Pearson correlation");
  /** Spearman ρ of attribution against ablation. */
  public static final AnalysisMetric SPEARMAN = metric("spearman", "attribution-ablation Spearman correlation");
  /** Pearson r of activation against |ablation|. */
  public static final AnalysisMetric ACTIVATION_PEARSON = metric("activationPearson",
      "activation-|ablation| Pearson correlation");
  /** Spearman ρ of activation against |ablation|. */
  public static final AnalysisMetric ACTIVATION_SPEARMAN = metric("activationSpearman",
      "activation-|ablation| Spearman correlation");
  /** Pearson r of |attribution| against |ablation|. */
  public static final AnalysisMetric MAGNITUDE_PEARSON = metric("magnitudePearson",
      "|attribution|-|ablation| Pearson correlation");
  /** MAGNITUDE_PEARSON − ACTIVATION_PEARSON: how much better attribution predicts the size of an effect. */
  public static final AnalysisMetric ADVANTAGE = metric("advantage",
      "advantage of |attribution| over activation as a predictor of |ablation| (Pearson)");
  private static final int TOP = 10;

  private static AnalysisMetric metric(String name, String label) {
    return new AnalysisMetric(NAME, name, label);
  }

  /**
   * @param prompts the prompts
   * @param target the text whose embedding M compares with
   */
  public record Settings(List<String> prompts, String target) implements AnalysisSettings {
    public Settings {
      prompts = List.copyOf(prompts);
    }

    @Override
    public Map<String, Object> resolved() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("prompts", prompts);
      m.put("target", target);
      return m;
    }
  }

  /** The analysis (stateless: one instance serves every run). */
  public AttributionAnalysis() {
    super(NAME, Stage.ANALYZE, HarvestData.SOURCE, false);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of(PEARSON, SPEARMAN, ACTIVATION_PEARSON, ACTIVATION_SPEARMAN, MAGNITUDE_PEARSON, ADVANTAGE);
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("prompts", "promptsFile", "target"));
    List<String> prompts = new ArrayList<>(s.strings("prompts", List.of(), "allowed: a prompt or a list of prompts"));
    if (s.has("promptsFile")) {
      prompts.addAll(s.lines("promptsFile"));
    }
    if (prompts.isEmpty()) {
      throw s.error(null, "attribution has no prompts", "give prompts or promptsFile");
    }
    return new Settings(prompts, s.string("target", null, "allowed: a text whose embedding M is the cosine to"));
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    return () -> {
      Attribution.Result r = new Attribution(inputs.model(), inputs.hook(), inputs.dictionary())
          .measure(settings.prompts(), settings.target());
      Figures f = Figures.of(settings.target(), r);
      Metrics metrics = new Metrics.Builder().put(PEARSON, f.pearson()).put(SPEARMAN, f.spearman())
          .put(ACTIVATION_PEARSON, f.activationPearson()).put(ACTIVATION_SPEARMAN, f.activationSpearman())
          .put(MAGNITUDE_PEARSON, f.magnitudePearson()).put(ADVANTAGE, f.magnitudePearson() - f.activationPearson())
          .build();
      return new AnalysisResult(metrics, f, markdown(f), Map.of("scatter.csv", scatter(r)), List.of(String.format(
          "attribution over %d (prompt, feature) pairs: attribution-ablation Pearson %.4f, Spearman %.4f; "
              + "activation-|ablation| Pearson %.4f, Spearman %.4f; times: activation %.2f s, attribution %.2f s, "
              + "ablation %.2f s", r.pairs().size(), f.pearson(), f.spearman(), f.activationPearson(),
          f.activationSpearman(), r.activationSeconds(), r.attributionSeconds(), r.ablationSeconds())));
    };
  }

  /** attribution.json: the correlations, times, the top pairs by each measure, and every pair. */
  record Figures(String target, List<String> prompts, List<Double> clean, int pairCount, double pearson,
                 double spearman, double activationPearson, double activationSpearman, double magnitudePearson,
                 double activationSeconds, double attributionSeconds, double ablationSeconds, List<Pair> topByAblation,
                 List<Pair> topByAttribution, List<Pair> topByActivation, List<Pair> pairs) {

    static Figures of(String target, Attribution.Result r) {
      List<Pair> p = r.pairs();
      double[] act = column(p, Pair::activation);
      double[] attr = column(p, Pair::attribution);
      double[] abl = column(p, Pair::ablation);
      double[] absAttr = column(p, x -> Math.abs(x.attribution()));
      double[] absAbl = column(p, x -> Math.abs(x.ablation()));
      return new Figures(target, r.prompts(), r.clean(), p.size(), Correlation.pearson(attr, abl),
          Correlation.spearman(attr, abl), Correlation.pearson(act, absAbl), Correlation.spearman(act, absAbl),
          Correlation.pearson(absAttr, absAbl), r.activationSeconds(), r.attributionSeconds(), r.ablationSeconds(),
          top(p, x -> Math.abs(x.ablation())), top(p, x -> Math.abs(x.attribution())), top(p, Pair::activation), p);
    }

    private static double[] column(List<Pair> pairs, ToDoubleFunction<Pair> f) {
      return pairs.stream().mapToDouble(f).toArray();
    }

    private static List<Pair> top(List<Pair> pairs, ToDoubleFunction<Pair> by) {
      return pairs.stream().sorted(Comparator.comparingDouble((Pair x) -> -by.applyAsDouble(x))
          .thenComparingInt(Pair::prompt).thenComparingInt(Pair::feature)).limit(TOP).toList();
    }
  }

  static String scatter(Attribution.Result r) {
    StringBuilder csv = new StringBuilder("prompt,feature,activation,attribution,ablation\n");
    for (Pair p : r.pairs()) {
      csv.append(p.prompt()).append(',').append(p.feature()).append(',').append(p.activation()).append(',')
          .append(p.attribution()).append(',').append(p.ablation()).append('\n');
    }
    return csv.toString();
  }

  static String markdown(Figures f) {
    StringBuilder md = new StringBuilder(String.format("# Attribution against ablation%n%nM = cos(e, e_target), "
        + "target \"%s\". For every feature active on a prompt: ablation = M with the feature removed at every "
        + "token (error kept) − clean M; attribution = −Σ_t f_i,t·(d_i · ∂M/∂x_t) from one backward pass; "
        + "activation = Σ_t f_i,t·‖d_i‖. Every pair is in scatter.csv.%n%n", f.target()));
    md.append(Markdown.table(List.of("correlation over " + f.pairCount() + " pairs", "Pearson", "Spearman"),
        List.of(List.of("attribution vs ablation", Markdown.number(f.pearson()), Markdown.number(f.spearman())),
            List.of("activation vs |ablation|", Markdown.number(f.activationPearson()),
                Markdown.number(f.activationSpearman())),
            List.of("|attribution| vs |ablation|", Markdown.number(f.magnitudePearson()), ""))));
    md.append('\n').append(Markdown.table(List.of("method", "seconds"), List.of(
        List.of("activation (read the hook, encode)", String.format("%.3f", f.activationSeconds())),
        List.of("attribution (one backward pass)", String.format("%.3f", f.attributionSeconds())),
        List.of("ablation (one forward per feature)", String.format("%.3f", f.ablationSeconds())))));
    md.append("\n## Prompts\n\n");
    for (int p = 0; p < f.prompts().size(); p++) {
      md.append(String.format("%d. %s (clean M %.4f)%n", p, f.prompts().get(p), f.clean().get(p)));
    }
    section(md, "Top pairs by |ablation|", f.topByAblation());
    section(md, "Top pairs by |attribution|", f.topByAttribution());
    section(md, "Top pairs by activation", f.topByActivation());
    return md.toString();
  }

  private static void section(StringBuilder md, String title, List<Pair> pairs) {
    md.append("\n## ").append(title).append("\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (Pair p : pairs) {
      rows.add(List.of(Integer.toString(p.prompt()), Integer.toString(p.feature()), Markdown.number(p.activation()),
          String.format("%+.5f", p.attribution()), String.format("%+.5f", p.ablation())));
    }
    md.append(Markdown.table(List.of("prompt", "feature", "activation", "attribution", "ablation"), rows));
  }
}

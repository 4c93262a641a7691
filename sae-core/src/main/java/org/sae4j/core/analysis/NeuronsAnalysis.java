package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.neurons.NeuronCorrelations;
import org.sae4j.core.analysis.neurons.NeuronsResult;
import org.sae4j.core.analysis.neurons.UnitLayout;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.HookRows;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;

/**
 * {@code neurons}: are features neurons in disguise? Asks the session's clean forward ({@link ForwardObserver}) for
 * held-out windows (seen whole from their first token in the evaluation's pass, lowest sequence first, up to
 * {@code tokens} tokens) with every unit up to the hook, and
 * correlates every feature (its codes as the evaluation's pass computed them) with every unit: the FFN neurons of each block up
 * to the hook and the residual dimensions at it ({@link NeuronCorrelations}, float64). Records the share of features
 * whose best unit has |corr| ≤ 0.3 (the paper: 82 %), the same in reverse, and the top-token proxy for both.
 */
public final class NeuronsAnalysis extends AbstractAnalysis<NeuronsAnalysis.Settings> {
  /** The analysis's name. */
  public static final String NAME = "neurons";
  static final AnalysisMetric SHARE = new AnalysisMetric(NAME, "shareBelow03",
      "share of features whose best neuron has |corr| <= 0.3");
  static final AnalysisMetric UNIT_SHARE = new AnalysisMetric(NAME, "neuronShareBelow03",
      "share of neurons whose best feature has |corr| <= 0.3");
  static final AnalysisMetric MEAN = new AnalysisMetric(NAME, "meanBestCorrelation",
      "mean best |corr| of a feature with any neuron");
  static final AnalysisMetric FEATURE_PROXY = new AnalysisMetric(NAME, "featureSpecificity",
      "mean top-token share of features");
  static final AnalysisMetric NEURON_PROXY = new AnalysisMetric(NAME, "neuronSpecificity",
      "mean top-token share of neurons");
  private static final int HISTOGRAM_BINS = 20;

  /**
   * @param tokens held-out tokens to correlate over
   * @param topK top tokens per unit for the proxy
   */
  public record Settings(int tokens, int topK) implements AnalysisSettings {
    @Override
    public Map<String, Object> resolved() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tokens", tokens);
      m.put("topK", topK);
      return m;
    }
  }

  /** neurons.json: the summary, then the per-feature and per-unit columns. */
  public record Figures(long tokens, double seconds, List<UnitLayout.Group> groups, double lowCorrelation, int topK,
                        int comparedFeatures, double featureShareLow, double unitShareLow, double meanFeatureBest,
                        double meanUnitBest, double meanFeatureSpecificity, double meanUnitSpecificity,
                        long[] featureHistogram, long[] unitHistogram, int[] bestUnit, double[] bestCorrelation,
                        int[] unitBestFeature, double[] unitBestCorrelation, double[] featureSpecificity,
                        double[] unitSpecificity) {
  }

  public NeuronsAnalysis() {
    super(NAME, Stage.EVALUATION, HarvestData.SOURCE, false);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of(SHARE, UNIT_SHARE, MEAN, FEATURE_PROXY, NEURON_PROXY);
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("tokens", "topK"));
    return new Settings(s.integer("tokens", 200_000, 1, 100_000_000), s.integer("topK", 20, 1, 1000));
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    HeldOutWindows seen = new HeldOutWindows(inputs.harvest().window() - 1);
    HeldOutCodes codes = new HeldOutCodes(inputs.harvest().window() - 1);
    return new AnalysisRun() {
      private NeuronCorrelations correlations;
      private long nanos;

      @Override
      public HeldOutObserver observer() {
        return batch -> {
          seen.observe(batch);
          codes.observe(batch);
        };
      }

      @Override
      public ForwardObserver forward() {
        return new ForwardObserver() {
          @Override
          public List<TokenWindow> windows() throws IOException {
            long start = System.nanoTime();
            List<TokenWindow> windows = windowsUpTo(inputs.model(), seen, settings.tokens());
            correlations = new NeuronCorrelations(inputs.dictionary().features(), layout(inputs), settings.topK(),
                Runtime.getRuntime().availableProcessors());
            nanos += System.nanoTime() - start;
            return windows;
          }

          @Override
          public boolean units() {
            return true;
          }

          @Override
          public void observe(ForwardBatch batch) {
            long start = System.nanoTime();
            HookRows units = batch.units();
            correlations.add(units.count(), codes.codes(batch.windows()), units.rows(), units.tokenIds());
            nanos += System.nanoTime() - start;
          }
        };
      }

      @Override
      public AnalysisResult finish() {
        long start = System.nanoTime();
        try (NeuronCorrelations c = correlations) {
          NeuronsResult result = c.result();
          double seconds = (nanos + System.nanoTime() - start) / 1e9;
          return NeuronsReport.result(result, settings, seconds, HISTOGRAM_BINS);
        }
      }
    };
  }

  /**
   * The held-out windows seen whole from their first token, lowest sequence first, up to {@code tokens} content
   * tokens (the last one cut).
   *
   * @throws IOException when there is none
   */
  private static List<TokenWindow> windowsUpTo(TransformerModel model, HeldOutWindows seen, int tokens)
      throws IOException {
    List<TokenWindow> windows = new ArrayList<>();
    long taken = 0;
    for (Map.Entry<Long, int[]> w : seen.fromStart(Integer.MAX_VALUE).entrySet()) {
      if (taken >= tokens) {
        break;
      }
      int[] ids = w.getValue();
      int take = (int) Math.min(ids.length, tokens - taken);
      windows.add(model.window(w.getKey(), Arrays.copyOf(ids, take)));
      taken += take;
    }
    if (windows.isEmpty()) {
      throw new IOException("the neurons analysis found no held-out window seen from its first token");
    }
    return windows;
  }

  /** The units compared: the FFN neurons of every block up to the hook, then the hook's residual dimensions. */
  private static UnitLayout layout(AnalysisInputs inputs) throws IOException {
    TransformerModel model = inputs.model();
    HookPoint hook = inputs.hook();
    List<UnitLayout.Group> groups = new ArrayList<>();
    for (int b = 0; b <= hook.block(); b++) {
      groups.add(new UnitLayout.Group("blocks." + b + ".ffn", model.ffnWidth()));
    }
    groups.add(new UnitLayout.Group(hook.toString(), model.spec().hidden()));
    return new UnitLayout(groups);
  }

  /** The figures, Markdown and metrics of a result. */
  static final class NeuronsReport {
    private NeuronsReport() {
    }

    static AnalysisResult result(NeuronsResult r, Settings settings, double seconds, int bins) {
      double bound = NeuronsResult.LOW_CORRELATION;
      Figures figures = new Figures(r.tokens(), seconds, r.layout().groups(), bound, settings.topK(),
          r.comparedFeatures(), r.featureShareAtMost(bound), r.unitShareAtMost(bound), r.meanFeatureBest(),
          r.meanUnitBest(), r.meanFeatureSpecificity(), r.meanUnitSpecificity(), r.featureHistogram(bins),
          r.unitHistogram(bins), r.bestUnit(), r.bestCorrelation(), r.unitBestFeature(), r.unitBestCorrelation(),
          r.featureSpecificity(), r.unitSpecificity());
      Metrics metrics = new Metrics.Builder().put(SHARE, figures.featureShareLow())
          .put(UNIT_SHARE, figures.unitShareLow()).put(MEAN, figures.meanFeatureBest())
          .put(FEATURE_PROXY, figures.meanFeatureSpecificity()).put(NEURON_PROXY, figures.meanUnitSpecificity())
          .build();
      StringBuilder md = new StringBuilder("# Features against neurons\n\n");
      md.append(String.format("Pearson correlation over %,d held-out tokens of every feature with every unit: %s.%n%n",
          r.tokens(), String.join(", ", r.layout().groups().stream().map(g -> g.name() + " (" + g.width() + ")")
              .toList())));
      md.append(String.format("- features whose best unit has |corr| <= %.1f: **%.1f %%** of %,d (the paper: 82 %%)%n",
          bound, 100 * figures.featureShareLow(), figures.comparedFeatures()));
      md.append(String.format("- units whose best feature has |corr| <= %.1f: %.1f %%%n", bound,
          100 * figures.unitShareLow()));
      md.append(String.format("- mean best |corr|: features %.3f, units %.3f%n", figures.meanFeatureBest(),
          figures.meanUnitBest()));
      md.append(String.format("- proxy (share of a unit's top-%d tokens that are its most common one): features "
          + "%.3f, neurons %.3f%n%n", settings.topK(), figures.meanFeatureSpecificity(),
          figures.meanUnitSpecificity()));
      md.append("| best |corr| | features | units |\n| --- | --- | --- |\n");
      for (int k = 0; k < bins; k++) {
        md.append(String.format("| %.2f – %.2f | %d | %d |%n", (double) k / bins, (double) (k + 1) / bins,
            figures.featureHistogram()[k], figures.unitHistogram()[k]));
      }
      md.append("\n| feature | best unit | corr |\n| --- | --- | --- |\n");
      int[] order = r.featuresByCorrelation();
      for (int k = 0; k < Math.min(20, order.length); k++) {
        int f = order[k];
        md.append(String.format("| %d | %s | %.3f |%n", f, r.layout().name(r.bestUnit()[f]), r.bestCorrelation()[f]));
      }
      return new AnalysisResult(metrics, figures, md.toString(), Map.of(), List.of(String.format(
          "neurons: %.1f %% of %,d features have no unit with |corr| > 0.3 over %,d tokens; proxy features %.3f, "
              + "neurons %.3f (%.1f s)", 100 * figures.featureShareLow(), figures.comparedFeatures(), r.tokens(),
          figures.meanFeatureSpecificity(), figures.meanUnitSpecificity(), seconds)));
    }
  }
}

package org.sae4j.core.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;

/**
 * {@code topContexts}: during the evaluation's pass, the strongest held-out tokens of every feature with their
 * windows. Writes {@code topContexts.json} (read by search and steering, and by anyone: every feature that fired, its
 * firing count, total and largest activation, its contexts) and {@code topContexts.md} (the most active features in
 * context). Runs by default on harvested data.
 */
public final class TopContextsAnalysis extends AbstractAnalysis<TopContextsAnalysis.Settings> {
  /** The analysis's name. */
  public static final String NAME = "topContexts";
  private static final int BEFORE = 12;
  private static final int AFTER = 6;

  /**
   * @param perFeature contexts kept per feature
   * @param reportedFeatures features shown in the Markdown report, most active first
   * @param probeWindows held-out windows kept whole for probing the model (steering's neighbours)
   */
  public record Settings(int perFeature, int reportedFeatures, int probeWindows) implements AnalysisSettings {
    @Override
    public Map<String, Object> resolved() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("perFeature", perFeature);
      m.put("reportedFeatures", reportedFeatures);
      m.put("probeWindows", probeWindows);
      return m;
    }
  }

  /** The analysis (stateless: one instance serves every run). */
  public TopContextsAnalysis() {
    super(NAME, Stage.EVALUATION, HarvestData.SOURCE, true);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of();
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("perFeature", "reportedFeatures", "probeWindows"));
    return new Settings(s.integer("perFeature", 8, 1, 1000), s.integer("reportedFeatures", 40, 0, 1_000_000),
        s.integer("probeWindows", 256, 0, 100_000));
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    TopContexts top = new TopContexts(inputs.dictionary().norms(), settings.perFeature(),
        inputs.harvest().window() - 1);
    return new AnalysisRun() {
      @Override
      public HeldOutObserver observer() {
        return top;
      }

      @Override
      public AnalysisResult finish() throws java.io.IOException {
        TopContextsData data = top.data(settings.probeWindows());
        List<TopContextsData.Feature> shown = data.byTotalActivation(settings.reportedFeatures());
        String md = data.report(shown, inputs.model()::token, BEFORE, AFTER);
        return new AnalysisResult(Metrics.NONE, data, md, Map.of(), List.of(String.format(
            "top contexts of %d features that fired on %,d held-out tokens; the %d most active in %s",
            data.features().size(), data.evaluatedTokens(), shown.size(),
            AnalysisOutputs.report(inputs.layout(), NAME))));
      }
    };
  }
}

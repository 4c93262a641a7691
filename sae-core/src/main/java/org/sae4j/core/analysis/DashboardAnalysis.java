package org.sae4j.core.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.dashboard.Dashboard;
import org.sae4j.core.analysis.dashboard.FeatureDashboards;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;

/**
 * {@code dashboard}: during the evaluation's pass, what the report's feature pages show for the most active features
 * (see {@link FeatureDashboards}): each one's activation histogram, its strongest windows with the activation at every
 * token around the peak, and windows sampled from all it fires on with their quantile. Writes {@code dashboard.json};
 * records no metric. Runs by default (without token columns only the histograms).
 */
public final class DashboardAnalysis extends AbstractAnalysis<DashboardAnalysis.Settings> {
  /** The analysis's name. */
  public static final String NAME = "dashboard";

  /**
   * @param features the most active features that get a dashboard (the report's feature pages)
   * @param contexts strongest windows kept per feature
   * @param samples windows sampled per feature
   * @param before tokens shown before the peak
   * @param after tokens shown after it
   */
  public record Settings(int features, int contexts, int samples, int before, int after) implements AnalysisSettings {
    @Override
    public Map<String, Object> resolved() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("features", features);
      m.put("contexts", contexts);
      m.put("samples", samples);
      m.put("before", before);
      m.put("after", after);
      return m;
    }
  }

  /**
   * dashboard.json.
   *
   * @param perDecade histogram bins per factor of ten
   * @param features the dashboards, by feature index
   */
  public record Figures(int perDecade, List<Dashboard> features) {
  }

  public DashboardAnalysis() {
    super(NAME, Stage.EVALUATION, null, true);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of();
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("features", "contexts", "samples", "before", "after"));
    return new Settings(s.integer("features", 256, 0, 1_000_000), s.integer("contexts", 10, 1, 100),
        s.integer("samples", 8, 0, 100), s.integer("before", 12, 0, 512), s.integer("after", 8, 0, 512));
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    int maxPosition = inputs.descriptor().data() instanceof HarvestData h ? h.window() - 1 : 0;
    FeatureDashboards dashboards = new FeatureDashboards(inputs.dictionary().norms(), settings.contexts(),
        settings.samples(), settings.before(), settings.after(), maxPosition, inputs.descriptor().seed());
    return new AnalysisRun() {
      @Override
      public HeldOutObserver observer() {
        return batch -> dashboards.add(batch.rows(), batch.codes(), batch.tokenIds(), batch.sequences(),
            batch.positions());
      }

      @Override
      public AnalysisResult finish() {
        List<Dashboard> features = dashboards.finish(settings.features());
        String md = "# Feature dashboards\n\nActivation histograms, contexts and samples of the " + features.size()
            + " most active features, for the HTML report (`sae:report`) and other tools: see `dashboard.json`.\n";
        return new AnalysisResult(Metrics.NONE, new Figures(12, features), md, Map.of(),
            List.of("dashboards of the " + features.size() + " most active features"));
      }
    };
  }
}

package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.GoalMetric;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.descriptor.SyntheticData;
import org.sae4j.core.eval.FeatureRecovery;
import org.sae4j.core.eval.FeatureRecoveryResult;
import org.sae4j.core.run.Metrics;

/**
 * {@code featureRecovery}: how well the dictionary recovers the planted features of synthetic data (see
 * {@link FeatureRecovery}); records {@code featureRecovery.mmcs} and {@code featureRecovery.recoveredAt09}. Runs by
 * default on synthetic data; has no settings.
 */
public final class FeatureRecoveryAnalysis extends AbstractAnalysis<FeatureRecoveryAnalysis.Settings> {

  /** No settings. */
  public record Settings() implements AnalysisSettings {
    @Override
    public Map<String, Object> resolved() {
      return Map.of();
    }
  }

  /** The analysis (stateless: one instance serves every run). */
  public FeatureRecoveryAnalysis() {
    super("featureRecovery", Stage.EVALUATION, SyntheticData.SOURCE, true);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of(GoalMetric.FEATURE_RECOVERY_MMCS, GoalMetric.FEATURE_RECOVERY_AT_09);
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of());
    return new Settings();
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    return () -> {
      PreparedData data = inputs.data();
      if (data.trueDirections() == null) {
        throw new IOException("the data set " + data.directory() + " has no planted features to compare with");
      }
      Dictionary d = inputs.dictionary();
      FeatureRecoveryResult r = FeatureRecovery.measure(data.trueDirections(), data.trueFeatureCount(),
          d.decoderRows(), d.features(), d.dim());
      Metrics metrics = new Metrics.Builder().put(GoalMetric.FEATURE_RECOVERY_MMCS, r.mmcs())
          .put(GoalMetric.FEATURE_RECOVERY_AT_09, r.recoveredAt09()).build();
      String md = String.format("# Feature recovery%n%n| measure | value |%n| --- | --- |%n| planted features | %d |%n"
          + "| MMCS | %.4f |%n| recovered at cos >= %.1f | %.4f |%n", r.trueFeatures(), r.mmcs(),
          FeatureRecovery.RECOVERY_THRESHOLD, r.recoveredAt09());
      return new AnalysisResult(metrics, r, md, Map.of(), List.of(String.format(
          "  feature recovery: MMCS %.4f, %.1f%% of %d planted features at cos >= 0.9", r.mmcs(),
          100 * r.recoveredAt09(), r.trueFeatures())));
    };
  }
}

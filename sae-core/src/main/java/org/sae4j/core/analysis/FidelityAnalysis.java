package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.DownstreamFidelity.FidelityResult;
import org.sae4j.core.descriptor.AnalysisSection;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.DataSpec;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.GoalMetric;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.MetricKey;
import org.sae4j.core.run.Metrics;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;
import org.sae4j.harvest.TransformerModel.Replacement;

/**
 * {@code fidelity}: downstream fidelity (see {@link DownstreamFidelity}) on the first held-out windows of the
 * evaluation's pass; records {@code fidelity.recovered}, {@code fidelity.cosine} and
 * {@code fidelity.cosineZeroAblation}. Runs by default on harvested data.
 */
public final class FidelityAnalysis extends AbstractAnalysis<FidelityAnalysis.Settings> {

  /** @param windows held-out windows re-run through the model */
  public record Settings(int windows) implements AnalysisSettings {
    @Override
    public Map<String, Object> resolved() {
      return Map.of("windows", windows);
    }
  }

  /** The analysis (stateless: one instance serves every run). */
  public FidelityAnalysis() {
    super("fidelity", Stage.EVALUATION, HarvestData.SOURCE, true);
  }

  @Override
  public List<MetricKey> metrics() {
    return List.of(GoalMetric.FIDELITY_RECOVERED, GoalMetric.FIDELITY_COSINE,
        GoalMetric.FIDELITY_COSINE_ZERO_ABLATION);
  }

  @Override
  public Settings read(AnalysisSection s, DataSpec data) throws DescriptorException {
    s.allowOnly(List.of("windows"));
    return new Settings(s.integer("windows", 256, 1, 100_000));
  }

  @Override
  public AnalysisRun start(Settings settings, AnalysisInputs inputs) {
    HeldOutWindows seen = new HeldOutWindows(inputs.harvest().window() - 1);
    DownstreamFidelity.Sums sums = new DownstreamFidelity.Sums();
    Dictionary dictionary = inputs.dictionary();
    // The dictionary's backend is not thread-safe; the forward's threads splice one batch at a time.
    List<Replacement> continuations = DownstreamFidelity.continuations(rows -> {
      synchronized (dictionary) {
        return dictionary.reconstruct(rows);
      }
    });
    return new AnalysisRun() {
      @Override
      public HeldOutObserver observer() {
        return seen;
      }

      @Override
      public ForwardObserver forward() {
        return new ForwardObserver() {
          @Override
          public List<TokenWindow> windows() throws IOException {
            TransformerModel model = inputs.model();
            List<TokenWindow> windows = new ArrayList<>();
            seen.fromStart(settings.windows()).forEach((sequence, ids) -> windows.add(model.window(sequence, ids)));
            return windows;
          }

          @Override
          public List<Replacement> continuations() {
            return continuations;
          }

          @Override
          public void observe(ForwardBatch batch) {
            for (int w = 0; w < batch.windows().size(); w++) {
              sums.add(batch.pooled()[0][w], batch.pooled()[1][w], batch.pooled()[2][w]);
            }
          }
        };
      }

      @Override
      public AnalysisResult finish() {
        FidelityResult f = sums.result();
        Metrics metrics = new Metrics.Builder().put(GoalMetric.FIDELITY_RECOVERED, f.recovered())
            .put(GoalMetric.FIDELITY_COSINE, f.cosine())
            .put(GoalMetric.FIDELITY_COSINE_ZERO_ABLATION, f.cosineZeroAblation()).build();
        String md = String.format("# Downstream fidelity%n%nThe dictionary's reconstruction spliced in at %s for %d "
                + "held-out windows, the rest of the model run, and the pooled embedding compared with the clean one."
                + "%n%n| measure | value |%n| --- | --- |%n| mean cos(e_sae, e_clean) | %.4f |%n"
                + "| mean cos(e_zero, e_clean) | %.4f |%n| recovered | %.4f |%n", inputs.harvest().hook(), f.windows(),
            f.cosine(), f.cosineZeroAblation(), f.recovered());
        return new AnalysisResult(metrics, f, md, Map.of(), List.of(String.format(
            "fidelity on %d held-out windows: cos(sae, clean) %.4f, cos(zero, clean) %.4f, recovered %.4f",
            f.windows(), f.cosine(), f.cosineZeroAblation(), f.recovered())));
      }
    };
  }
}

package org.sae4j.core.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sae4j.core.descriptor.GoalMetric;
import org.sae4j.core.eval.DensityHistogram;
import org.sae4j.core.eval.EvaluationResult;

/**
 * The evaluation's results as they are recorded: the {@code metrics} object of run.json (the keys goals refer to),
 * the fuller {@code evaluation.json}, and a few readable log lines.
 *
 * @param result metrics over the held-out tokens
 * @param analyses the metrics of the analyses that ran inside the evaluation (feature recovery, fidelity, ...)
 * @param seconds wall time of the evaluation
 */
public record EvaluationReport(EvaluationResult result, Metrics analyses, double seconds) {

  /**
   * The {@code metrics} of run.json (the keys goals refer to): {@code mse, varianceExplained, l0, l1,
   * deadFraction, denseFraction, shrinkage}, then the evaluation analyses' metrics (with ground truth
   * {@code featureRecovery.*}; for real models {@code fidelity.*}).
   */
  public Metrics metrics() {
    Metrics.Builder m = new Metrics.Builder()
        .put(GoalMetric.MSE, result.mse())
        .put(GoalMetric.VARIANCE_EXPLAINED, result.varianceExplained())
        .put(GoalMetric.L0, result.l0())
        .put(GoalMetric.L1, result.l1())
        .put(GoalMetric.DEAD_FRACTION, result.deadFraction())
        .put(GoalMetric.DENSE_FRACTION, result.denseFraction())
        .put(GoalMetric.SHRINKAGE, result.shrinkage());
    return m.build().with(analyses);
  }

  /** The evaluation's provenance for run.json: what was evaluated, on which checkpoint and data. */
  public RunRecord.EvaluationInfo info(String checkpointSha256, String dataFingerprint, Instant finishedAt) {
    return new RunRecord.EvaluationInfo(result.tokens(), seconds, finishedAt.toString(), checkpointSha256,
        dataFingerprint);
  }

  /** evaluation.json: the metrics, the feature density histogram and each feature's firing count. */
  public ObjectNode toJson() {
    ObjectNode root = RunRecord.JSON.createObjectNode();
    root.set("metrics", RunRecord.JSON.valueToTree(metrics()));
    root.put("tokens", result.tokens());
    root.put("seconds", seconds);
    DensityHistogram density = result.density();
    ObjectNode h = root.putObject("densityHistogram");
    h.put("description", "features per bin of log10(firing rate); dead features counted separately");
    h.put("minLog10", density.minLog10());
    h.put("binWidth", density.binWidth());
    h.put("dead", density.dead());
    ArrayNode counts = h.putArray("counts");
    for (long c : density.counts()) {
      counts.add(c);
    }
    ArrayNode fires = root.putArray("featureFireCounts");
    for (long c : result.featureFireCounts()) {
      fires.add(c);
    }
    return root;
  }

  /** Human-readable summary lines for the log. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("evaluated %,d held-out tokens in %.1f s", result.tokens(), seconds));
    lines.add(String.format("  variance explained %.4f | MSE %.6g | L0 %.2f | L1 %.5g", result.varianceExplained(),
        result.mse(), result.l0(), result.l1()));
    lines.add(String.format("  dead %.4f | dense %.4f | shrinkage %.4f", result.deadFraction(),
        result.denseFraction(), result.shrinkage()));
    return lines;
  }
}

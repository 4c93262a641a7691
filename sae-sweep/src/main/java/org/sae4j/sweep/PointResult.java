package org.sae4j.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.OptionalDouble;
import org.sae4j.core.descriptor.GoalMetric;
import org.sae4j.core.descriptor.SweepGoalKey;
import org.sae4j.core.descriptor.SweepPoint;
import org.sae4j.core.run.Metrics;
import org.sae4j.core.run.RunRecord;
import org.sae4j.sweep.fit.FitPoint;

/**
 * One finished point as sweep.json records it: its settings, its compute, its loss and metrics, and the checkpoint
 * they belong to.
 *
 * @param id the point's name
 * @param roles why it is in the sweep ({@code GRID}, {@code ISOFLOP}, {@code LR})
 * @param budget its isoFLOP budget, or null
 * @param features m
 * @param tokens training tokens seen
 * @param lr peak learning rate
 * @param l1 final λ
 * @param compute C = 6·n·m·tokens (dense-equivalent FLOPs)
 * @param loss evaluation MSE + λ·L1 on held-out tokens in the normalised scale: s²·mse + λ·s·l1 from the
 *     original-scale metrics and the input scale s
 * @param seconds measured wall time of its training loop and evaluation
 * @param frontier whether it is on the compute-efficient frontier of its λ
 * @param metrics the run's evaluation metrics (original scale)
 * @param checkpointSha256 the SHA-256 of its exported weights
 * @param dataFingerprint the fingerprint of the data it trained on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PointResult(String id, List<String> roles, Double budget, int features, long tokens, double lr,
                          double l1, double compute, double loss, double seconds, boolean frontier, Metrics metrics,
                          String checkpointSha256, String dataFingerprint) {

  /** The result of {@code point} from its complete, verified run record. */
  public static PointResult of(SweepPoint point, RunRecord run) {
    int dim = run.data().dim();
    long tokens = run.training().tokens();
    double s = run.inputScale();
    double mse = value(run.metrics(), GoalMetric.MSE);
    double l1 = value(run.metrics(), GoalMetric.L1);
    double lambda = point.l1();
    double seconds = wallSeconds(run);
    return new PointResult(point.id(), point.roles().stream().map(Enum::name).sorted().toList(), point.budget(),
        point.features(), tokens, point.lr(), lambda, Compute.flops(dim, point.features(), tokens),
        s * s * mse + lambda * s * l1, seconds, false, run.metrics(), run.checkpoint().sha256(),
        run.dataFingerprint());
  }

  /** A run's measured wall time: its training loop and its evaluation. */
  static double wallSeconds(RunRecord run) {
    return run.training().seconds() + (run.evaluation() == null ? 0 : run.evaluation().seconds());
  }

  /** This result marked as a frontier point. */
  public PointResult onFrontier() {
    return new PointResult(id, roles, budget, features, tokens, lr, l1, compute, loss, seconds, true, metrics,
        checkpointSha256, dataFingerprint);
  }

  /** What the fits need. */
  public FitPoint fitPoint() {
    return new FitPoint(id, compute, loss, features, tokens, lr, budget,
        roles.contains(SweepPoint.Role.GRID.name()) || roles.contains(SweepPoint.Role.ISOFLOP.name()));
  }

  /** The point metric a sweep goal names: the proxy loss or a run metric; null when the run did not record it. */
  public Double metric(SweepGoalKey key) {
    if (key.metric() == null) {
      return loss;
    }
    OptionalDouble v = metrics.get(key.metric());
    return v.isPresent() ? v.getAsDouble() : null;
  }

  private static double value(Metrics metrics, GoalMetric m) {
    return metrics.get(m).orElseThrow(() -> new IllegalStateException("run.json has no metric " + m.key()));
  }
}

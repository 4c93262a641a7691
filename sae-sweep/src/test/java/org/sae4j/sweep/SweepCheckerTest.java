package org.sae4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.Comparison;
import org.sae4j.core.descriptor.Goal;
import org.sae4j.core.descriptor.GoalMetric;
import org.sae4j.core.descriptor.SweepGoalKey;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.run.Metrics;
import org.sae4j.sweep.fit.Fit;
import org.sae4j.sweep.fit.SweepFits;

/** Sweep goals get the experiment check's table and messages: the worst point named, the frontier's largest point. */
class SweepCheckerTest {
  @TempDir
  Path dir;

  @Test
  void every_point_takes_the_worst_frontier_point_the_largest_and_a_missing_fit_fails() throws Exception {
    SweepDescriptor sweep = SweepReader.read(Files.writeString(dir.resolve("s.yaml"), SweepTest.TINY.replace(
        """
            goals:
              fit.lr.points: ">= 2"
              everyPoint.l0: "<= 32"
              frontierPoint.loss: "> 0"
            """, """
            goals:
              everyPoint.l0: "<= 20"
              frontierPoint.varianceExplained: ">= 0.5"
              fit.frontier.exponent: "> 0.1"
              fit.lr.r2: ">= 0.9"
            """)));
    Fit frontier = new Fit("L(C) = a·C^-α", 3.0, 0.25, 0.2, 0.3, 200, null, 0.97, 2, List.of("a", "b"), "test");
    SweepFits fits = new SweepFits(frontier, null, null, null, List.of("a", "b"), List.of(), List.of(),
        List.of("lr: 0 learning-rate scan(s) at distinct compute; a power law needs 2"));
    SweepRecord record = new SweepRecord(SweepRecord.FORMAT, sweep.name(), sweep.hash(), 5, "GRID", 8, "f", "c", "l",
        200, List.of(point("a", 1e6, 12, 0.4), point("b", 4e6, 25, 0.7), point("c", 9e6, 18, 0.9)), fits, null, null,
        new SweepRecord.RunnerInfo("local", 1, 1), 1, "now");

    GoalReport report = SweepChecker.check(sweep, record);

    assertThat(report.outcomes()).extracting(GoalOutcome::passed).containsExactly(false, true, true, false);
    assertThat(report.failures().get(0).message()).isEqualTo("tiny-sweep: L0 at point b (the worst of 3) is 25.0, "
        + "but expected maximum is 20.0");
    assertThat(report.outcomes().get(1).message()).startsWith("tiny-sweep: variance explained of frontier point b "
        + "(the largest compute) is 0.700");
    assertThat(report.failures().get(1).message()).startsWith("tiny-sweep: metric fit.lr.r2 is missing from "
        + "sweep.json (the lr fit could not be made");
    assertThat(report.table()).contains("everyPoint.l0", "fit.frontier.exponent");
  }

  @Test
  void a_point_goal_on_an_analysis_metric_reads_the_points_run_metrics() throws Exception {
    SweepDescriptor tiny = SweepReader.read(Files.writeString(dir.resolve("s.yaml"), SweepTest.TINY));
    AnalysisMetric share = new AnalysisMetric("neurons", "shareBelow03", "share of features without a neuron");
    SweepDescriptor sweep = new SweepDescriptor(tiny.file(), tiny.name(), tiny.description(), tiny.design(),
        tiny.points(), tiny.settings(), List.of(new Goal(SweepGoalKey.point(SweepGoalKey.Kind.EVERY_POINT, share),
        Comparison.AT_LEAST, 0.5)), tiny.hash());
    PointResult a = point("a", 1e6, 12, 0.4);
    PointResult b = point("b", 4e6, 12, 0.4);
    Metrics withShare = a.metrics().with(new Metrics.Builder().put(share, 0.3).build());
    a = new PointResult("a", a.roles(), null, 16, 4096, 0.003, 0.5, 1e6, 2.0, 1.0, false, withShare, a.checkpointSha256(),
        "f");
    SweepRecord record = new SweepRecord(SweepRecord.FORMAT, sweep.name(), sweep.hash(), 5, "GRID", 8, "f", "c", "l",
        200, List.of(a, b), null, null, null, new SweepRecord.RunnerInfo("local", 1, 1), 1, "now");

    GoalReport report = SweepChecker.check(sweep, record);

    // point b's run.json has no such metric: the goal fails as missing and names the point
    assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo(
        "tiny-sweep: metric everyPoint.analysis.neurons.shareBelow03 is missing from the run.json of point b"));
    // with b's value, the worst point decides
    PointResult b2 = new PointResult("b", b.roles(), null, 16, 4096, 0.003, 0.5, 4e6, 2.0, 1.0, false,
        b.metrics().with(new Metrics.Builder().put(share, 0.9).build()), b.checkpointSha256(), "f");
    SweepRecord both = new SweepRecord(SweepRecord.FORMAT, sweep.name(), sweep.hash(), 5, "GRID", 8, "f", "c", "l",
        200, List.of(a, b2), null, null, null, new SweepRecord.RunnerInfo("local", 1, 1), 1, "now");
    assertThat(SweepChecker.check(sweep, both).failures()).singleElement().satisfies(f -> assertThat(f.message())
        .isEqualTo("tiny-sweep: share of features without a neuron at point a (the worst of 2) is 0.300, but "
            + "expected minimum is 0.500"));
  }

  private static PointResult point(String id, double compute, double l0, double fve) {
    Metrics m = new Metrics(Map.of(GoalMetric.L0.key(), l0, GoalMetric.VARIANCE_EXPLAINED.key(), fve,
        GoalMetric.MSE.key(), 1.0, GoalMetric.L1.key(), 1.0));
    return new PointResult(id, List.of("GRID"), null, 16, 4096, 0.003, 0.5, compute, 2.0, 1.0, false, m, "0".repeat(64),
        "f");
  }
}

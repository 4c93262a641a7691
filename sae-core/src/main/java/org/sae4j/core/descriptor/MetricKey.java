package org.sae4j.core.descriptor;

/**
 * A metric that run.json records and a goal may name: one of the evaluation's {@link GoalMetric}s, or an
 * {@link AnalysisMetric} that an analysis declares ({@code analysis.<analysis>.<name>}); or, in a sweep's goals, a
 * {@link SweepGoalKey} (a fit figure or a point metric, read from sweep.json).
 */
public sealed interface MetricKey permits GoalMetric, AnalysisMetric, SweepGoalKey {

  /** Key in descriptors and in run.json's {@code metrics}, dotted, e.g. {@code analysis.attribution.pearson}. */
  String key();

  /** Human words for gate messages. */
  String label();

  /** The only {@code data.source} the metric exists for, or null when any. */
  String onlySource();
}

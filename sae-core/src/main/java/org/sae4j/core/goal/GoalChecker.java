package org.sae4j.core.goal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.Comparison;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.Goal;
import org.sae4j.core.run.Metrics;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.RunVerification;

/**
 * Checks a descriptor's goals against the metrics of a run ({@code sae:check}). Lives in the core so that every
 * front end (the Maven plugin, the CLI) gives the same verdicts and the same messages. Only a run that
 * {@link RunVerification#complete} trusts is checked: stale metrics never pass.
 */
public final class GoalChecker {

  private GoalChecker() {
  }

  /**
   * Verifies that the run in {@code layout} is complete and belongs to {@code d}, its checkpoint and its data, then
   * checks every goal of {@code d} against its metrics.
   *
   * @throws IOException naming what is missing or differs (see {@link RunVerification#complete})
   */
  public static GoalReport check(Descriptor d, RunLayout layout) throws IOException {
    return check(d, RunVerification.complete(d, layout).metrics());
  }

  /** Checks every goal of {@code d} against {@code metrics}. */
  public static GoalReport check(Descriptor d, Metrics metrics) {
    List<GoalOutcome> outcomes = new ArrayList<>();
    for (Goal g : d.goals()) {
      OptionalDouble value = metrics.get(g.info());
      outcomes.add(outcome(d.name(), g, value.isPresent() ? value.getAsDouble() : null));
    }
    return new GoalReport(d.name(), outcomes);
  }

  private static GoalOutcome outcome(String experiment, Goal g, Double value) {
    return outcome(experiment, g, g.info().label(), value, "run.json");
  }

  /**
   * The verdict on one goal, with the message every front end prints: {@code <subject>: <label> is <value>, but
   * expected minimum is <threshold>} (values rounded toward failing), or that the metric is missing.
   *
   * @param subject what is gated: an experiment's or a sweep's name
   * @param label the metric in words, e.g. {@code variance explained}
   * @param value the measured value, or null when it is missing
   * @param record the file the value should have come from, for the message about a missing value
   */
  public static GoalOutcome outcome(String subject, Goal g, String label, Double value, String record) {
    if (value == null) {
      return new GoalOutcome(g, null, false,
          subject + ": metric " + g.metric() + " is missing from " + record + (g.info() instanceof AnalysisMetric
              ? ": run sae:analyze (CLI: analyze) after evaluate" : ""));
    }
    boolean passed = g.passes(value);
    String shown = subject + ": " + label + " is " + GoalFormat.value(g, value);
    String threshold = GoalFormat.threshold(g);
    String message = passed ? shown + " (" + bound(g.op()) + " " + threshold + ")"
        : shown + ", but expected " + bound(g.op()) + (g.op() == Comparison.AT_LEAST || g.op() == Comparison.AT_MOST
        ? " is " : " ") + threshold;
    return new GoalOutcome(g, value, passed, message);
  }

  private static String bound(Comparison op) {
    return switch (op) {
      case AT_LEAST -> "minimum";
      case AT_MOST -> "maximum";
      case ABOVE -> "more than";
      case BELOW -> "less than";
    };
  }
}

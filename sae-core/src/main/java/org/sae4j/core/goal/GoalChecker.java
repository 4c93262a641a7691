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
    if (value == null) {
      return new GoalOutcome(g, null, false,
          experiment + ": metric " + g.metric() + " is missing from run.json" + (g.info() instanceof AnalysisMetric
              ? ": run sae:analyze (CLI: analyze) after evaluate" : ""));
    }
    boolean passed = g.passes(value);
    String shown = experiment + ": " + g.info().label() + " is " + GoalFormat.value(g, value);
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

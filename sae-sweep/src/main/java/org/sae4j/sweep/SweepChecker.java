package org.sae4j.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sae4j.core.descriptor.Goal;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepGoalKey;
import org.sae4j.core.goal.GoalChecker;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.sweep.fit.Fit;

/**
 * Checks a sweep's goals against its record, with the messages and table of an experiment's check: a fit figure is
 * read from the headline fits; {@code everyPoint.<metric>} takes the worst point (lowest against a minimum, highest
 * against a maximum, NaN worst of all) and names it; {@code frontierPoint.<metric>} takes the frontier point with the
 * largest compute.
 */
final class SweepChecker {

  private SweepChecker() {
  }

  static GoalReport check(SweepDescriptor sweep, SweepRecord record) {
    List<GoalOutcome> outcomes = new ArrayList<>();
    for (Goal g : sweep.goals()) {
      SweepGoalKey key = (SweepGoalKey) g.info(); // SweepDescriptor holds only these
      outcomes.add(switch (key.kind()) {
        case FIT -> {
          Fit fit = record.fits() == null ? null : record.fits().fit(key.fit());
          yield GoalChecker.outcome(sweep.name(), g, key.label(), fit == null ? null : fit.figure(key.name()),
              "sweep.json (the " + key.fit() + " fit could not be made: see its notes in sweep.md)");
        }
        case EVERY_POINT -> everyPoint(sweep, record, g, key);
        case FRONTIER_POINT -> frontierPoint(sweep, record, g, key);
      });
    }
    return new GoalReport(sweep.name(), outcomes);
  }

  private static GoalOutcome everyPoint(SweepDescriptor sweep, SweepRecord record, Goal g, SweepGoalKey key) {
    PointResult worst = null;
    double worstValue = Double.NaN;
    for (PointResult p : record.points()) {
      Double v = p.metric(key);
      if (v == null) {
        return GoalChecker.outcome(sweep.name(), g, key.label() + " of point " + p.id(), null,
            "the run.json of point " + p.id());
      }
      if (worst == null || worse(g, v, worstValue)) {
        worst = p;
        worstValue = v;
      }
    }
    return GoalChecker.outcome(sweep.name(), g, key.label() + " at point " + worst.id() + " (the worst of "
        + record.points().size() + ")", worstValue, "sweep.json");
  }

  /** Whether {@code v} is further on the failing side of the goal than {@code than}; NaN is the worst. */
  private static boolean worse(Goal g, double v, double than) {
    if (Double.isNaN(than)) {
      return false;
    }
    if (Double.isNaN(v)) {
      return true;
    }
    return g.op().isLowerBound() ? v < than : v > than;
  }

  private static GoalOutcome frontierPoint(SweepDescriptor sweep, SweepRecord record, Goal g, SweepGoalKey key) {
    PointResult largest = record.points().stream()
        .filter(p -> record.fits() != null && record.fits().frontierIds().contains(p.id()))
        .max(Comparator.comparingDouble(PointResult::compute)).orElse(null);
    if (largest == null) {
      return GoalChecker.outcome(sweep.name(), g, key.label() + " of the frontier point", null,
          "sweep.json (it has no frontier)");
    }
    return GoalChecker.outcome(sweep.name(), g, key.label() + " of frontier point " + largest.id()
        + " (the largest compute)", largest.metric(key), "the run.json of point " + largest.id());
  }
}

package org.sae4j.core.goal;

import java.util.Objects;
import org.sae4j.core.descriptor.Goal;

/**
 * The verdict on one goal.
 *
 * @param goal the goal checked
 * @param value the measured value, null when the metric is missing from {@code run.json} or not a number
 * @param passed whether the goal is met (never when the value is missing or NaN)
 * @param message one line for the log, e.g. {@code quickstart: L0 is 312.4, but expected maximum is 300.0}
 */
public record GoalOutcome(Goal goal, Double value, boolean passed, String message) {

  public GoalOutcome {
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(message, "message");
    if (passed && value == null) {
      throw new IllegalArgumentException("a goal without a value cannot pass: " + goal);
    }
  }

  /** The value as printed in the message and the table (rounded toward failing), or {@code missing}. */
  public String shownValue() {
    return value == null ? "missing" : GoalFormat.value(goal, value);
  }
}

package org.sae4j.core.goal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sae4j.core.descriptor.Comparison;
import org.sae4j.core.descriptor.Goal;

class GoalFormatTest {

  @Test
  void gives_thresholds_three_significant_digits_and_at_least_their_own() {
    assertThat(GoalFormat.threshold(new Goal("l0", Comparison.AT_MOST, 300))).isEqualTo("300.0");
    assertThat(GoalFormat.threshold(new Goal("l0", Comparison.AT_MOST, 25))).isEqualTo("25.0");
    assertThat(GoalFormat.threshold(new Goal("mse", Comparison.AT_MOST, 0.9))).isEqualTo("0.900");
    assertThat(GoalFormat.threshold(new Goal("mse", Comparison.AT_MOST, 0.0012))).isEqualTo("0.00120");
    assertThat(GoalFormat.threshold(new Goal("mse", Comparison.AT_MOST, 0.12345))).isEqualTo("0.12345");
    assertThat(GoalFormat.threshold(new Goal("mse", Comparison.AT_MOST, 0))).isEqualTo("0.000");
    assertThat(GoalFormat.threshold(new Goal("l1", Comparison.AT_MOST, 12345))).isEqualTo("12345.0");
  }

  @Test
  void never_prints_a_value_on_the_wrong_side_of_its_threshold() {
    SplittableRandom random = new SplittableRandom(20240521L);
    Comparison[] ops = Comparison.values();
    for (int i = 0; i < 20_000; i++) {
      double threshold = Math.round(random.nextDouble(0.01, 1000) * 1000) / 1000.0;
      // values in a narrow band around the threshold, where naive rounding would mislead
      double value = threshold * (1 + (random.nextDouble() - 0.5) * Math.pow(10, -random.nextInt(1, 9)));
      if (random.nextInt(10) == 0) {
        value = threshold;
      }
      Goal goal = new Goal("mse", ops[random.nextInt(ops.length)], threshold);
      String shown = GoalFormat.value(goal, value);
      double printed = Double.parseDouble(shown);
      assertThat(goal.passes(printed)).as("%s %s shown as %s", value, goal.expression(), shown)
          .isEqualTo(goal.passes(value));
      // rounded toward failing: never more favourable than the value itself
      if (goal.op().isLowerBound()) {
        assertThat(printed).isLessThanOrEqualTo(value);
      } else {
        assertThat(printed).isGreaterThanOrEqualTo(value);
      }
    }
  }

  @Test
  void uses_the_threshold_decimals_when_the_value_is_far_from_it() {
    Goal min = new Goal("varianceExplained", Comparison.AT_LEAST, 0.9);
    assertThat(GoalFormat.value(min, 0.87391)).isEqualTo("0.873");
    assertThat(GoalFormat.value(min, 0.95)).isEqualTo("0.950");
    Goal max = new Goal("l0", Comparison.AT_MOST, 300);
    assertThat(GoalFormat.value(max, 312.41)).isEqualTo("312.5");
    assertThat(GoalFormat.value(max, 12.01)).isEqualTo("12.1");
    assertThat(GoalFormat.value(max, Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
  }
}

package org.sae4j.core.goal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.sae4j.core.descriptor.Goal;

/**
 * Numbers in gate messages, rounded toward failing (as JaCoCo does): a value is never printed so that it seems to
 * meet a goal it misses, or to miss a goal it meets. Thresholds get three significant digits (at least one decimal,
 * and every decimal they were written with); a value gets as many decimals as its threshold, more when rounding to
 * those would blur which side of the threshold it is on (0.8996 against {@code >= 0.9} prints as 0.8996).
 */
final class GoalFormat {
  private static final int MAX_BASE_DECIMALS = 12;

  private GoalFormat() {
  }

  /** Decimals used for the goal's threshold. */
  static int baseDecimals(Goal goal) {
    double t = Math.abs(goal.threshold());
    int significant = t == 0 ? 3 : Math.max(1, 2 - (int) Math.floor(Math.log10(t)));
    int written = Math.max(0, BigDecimal.valueOf(goal.threshold()).stripTrailingZeros().scale());
    return Math.max(written, Math.min(MAX_BASE_DECIMALS, significant));
  }

  /** The threshold as printed, e.g. 0.900 for 0.9 and 300.0 for 300. */
  static String threshold(Goal goal) {
    return BigDecimal.valueOf(goal.threshold()).setScale(baseDecimals(goal), RoundingMode.UNNECESSARY)
        .toPlainString();
  }

  /** The measured value as printed for this goal. */
  static String value(Goal goal, double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    BigDecimal exact = BigDecimal.valueOf(value); // the shortest decimal of the double: ordered like the doubles
    BigDecimal threshold = BigDecimal.valueOf(goal.threshold());
    boolean passes = goal.passes(value);
    RoundingMode towardFailing = goal.op().isLowerBound() ? RoundingMode.FLOOR : RoundingMode.CEILING;
    for (int decimals = baseDecimals(goal); ; decimals++) {
      BigDecimal shown = exact.setScale(decimals, towardFailing);
      BigDecimal nearest = exact.setScale(decimals, RoundingMode.HALF_EVEN);
      if (sameOutcome(goal, shown, threshold, passes) && sameOutcome(goal, nearest, threshold, passes)) {
        return shown.toPlainString();
      }
    }
  }

  private static boolean sameOutcome(Goal goal, BigDecimal shown, BigDecimal threshold, boolean passes) {
    return goal.op().test(shown.compareTo(threshold), 0) == passes;
  }
}

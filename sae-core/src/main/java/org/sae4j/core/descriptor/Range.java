package org.sae4j.core.descriptor;

import java.math.BigDecimal;

/**
 * An interval of allowed numbers for a descriptor field, described in error messages in interval notation.
 *
 * @param min lower bound (may be -infinity)
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound (may be +infinity)
 * @param maxInclusive whether {@code max} itself is allowed
 */
record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {

  static Range atLeast(double min) {
    return new Range(min, true, Double.POSITIVE_INFINITY, false);
  }

  static Range above(double min) {
    return new Range(min, false, Double.POSITIVE_INFINITY, false);
  }

  static Range closed(double min, double max) {
    return new Range(min, true, max, true);
  }

  static Range openClosed(double min, double max) {
    return new Range(min, false, max, true);
  }

  static Range closedOpen(double min, double max) {
    return new Range(min, true, max, false);
  }

  static Range any() {
    return new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
  }

  /** Whether {@code x} is finite and inside. */
  boolean contains(double x) {
    return Double.isFinite(x) && (minInclusive ? x >= min : x > min) && (maxInclusive ? x <= max : x < max);
  }

  /** E.g. "a number in [0, 1)", "a number > 0", "a finite number". */
  String describe() {
    boolean low = Double.isFinite(min);
    boolean high = Double.isFinite(max);
    if (low && high) {
      return "a number in " + (minInclusive ? "[" : "(") + text(min) + ", " + text(max)
          + (maxInclusive ? "]" : ")");
    }
    if (low) {
      return "a number " + (minInclusive ? ">= " : "> ") + text(min);
    }
    if (high) {
      return "a number " + (maxInclusive ? "<= " : "< ") + text(max);
    }
    return "a finite number";
  }

  /** A bound as written in messages: plainly ({@code 0.99999}, {@code 1000000}), or {@code 1e-30} when tiny. */
  private static String text(double x) {
    if (x != 0 && Math.abs(x) < 1e-4) {
      return BigDecimal.valueOf(x).stripTrailingZeros().toString().replace("E", "e");
    }
    return Goal.plain(x);
  }
}

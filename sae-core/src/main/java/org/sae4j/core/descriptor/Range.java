package org.sae4j.core.descriptor;

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
      return "a number in " + (minInclusive ? "[" : "(") + Goal.plain(min) + ", " + Goal.plain(max)
          + (maxInclusive ? "]" : ")");
    }
    if (low) {
      return "a number " + (minInclusive ? ">= " : "> ") + Goal.plain(min);
    }
    if (high) {
      return "a number " + (maxInclusive ? "<= " : "< ") + Goal.plain(max);
    }
    return "a finite number";
  }
}

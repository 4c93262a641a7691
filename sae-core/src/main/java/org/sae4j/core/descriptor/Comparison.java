package org.sae4j.core.descriptor;

/** The operator of a goal: the metric value must compare to the threshold this way for the goal to pass. */
public enum Comparison {
  /** {@code value >= threshold} (a minimum). */
  AT_LEAST(">="),
  /** {@code value <= threshold} (a maximum). */
  AT_MOST("<="),
  /** {@code value > threshold}. */
  ABOVE(">"),
  /** {@code value < threshold}. */
  BELOW("<");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in a descriptor: {@code >=}, {@code <=}, {@code >} or {@code <}. */
  public String symbol() {
    return symbol;
  }

  /** Whether the goal bounds the value from below ({@code >=}, {@code >}). */
  public boolean isLowerBound() {
    return this == AT_LEAST || this == ABOVE;
  }

  /** Whether {@code value} satisfies {@code value <op> threshold}; NaN never does. */
  public boolean test(double value, double threshold) {
    return switch (this) {
      case AT_LEAST -> value >= threshold;
      case AT_MOST -> value <= threshold;
      case ABOVE -> value > threshold;
      case BELOW -> value < threshold;
    };
  }

  /** The operator for {@code symbol}, or null if it is none of {@code >=, <=, >, <}. */
  public static Comparison ofSymbol(String symbol) {
    for (Comparison c : values()) {
      if (c.symbol.equals(symbol)) {
        return c;
      }
    }
    return null;
  }
}

package org.sae4j.core.descriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep's goal may name: a figure of one of the fits ({@code fit.frontier.exponent}), or a metric of the points,
 * either of every point ({@code everyPoint.deadFraction}: the worst point decides) or of the frontier point at the
 * largest compute budget ({@code frontierPoint.varianceExplained}).
 *
 * @param kind which of the three
 * @param fit for {@link Kind#FIT}: one of {@link #FITS}, else null
 * @param name for {@link Kind#FIT} one of {@link #FIGURES}, else one of {@link #pointMetrics()}
 */
public record SweepGoalKey(Kind kind, String fit, String name) implements MetricKey {

  /** The three kinds of sweep goal. */
  public enum Kind {
    /** A figure of a fit. */
    FIT("fit."),
    /** A metric that every point must meet. */
    EVERY_POINT("everyPoint."),
    /** A metric of the frontier point at the largest compute budget. */
    FRONTIER_POINT("frontierPoint.");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    /** The key prefix, e.g. {@code everyPoint.}. */
    public String prefix() {
      return prefix;
    }
  }

  /** The fits: the loss frontier L(C), the optimal dictionary size N*(C), tokens D*(C) and learning rate lr*(C). */
  public static final List<String> FITS = List.of("frontier", "features", "tokens", "lr");
  /** The figures of a fit. */
  public static final List<String> FIGURES = List.of("exponent", "exponentLow", "exponentHigh", "coefficient",
      "asymptote", "r2", "points");
  /** The proxy loss of a point: evaluation MSE + λ·L1 on held-out tokens in the normalised scale. */
  public static final String LOSS = "loss";

  /** Point metrics: {@value #LOSS} and every experiment metric. */
  public static List<String> pointMetrics() {
    List<String> keys = new ArrayList<>();
    keys.add(LOSS);
    keys.addAll(GoalMetric.keys());
    return keys;
  }

  /** Every key a sweep goal may name, for error messages. */
  public static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (String fit : FITS) {
      for (String figure : FIGURES) {
        keys.add(Kind.FIT.prefix() + fit + "." + figure);
      }
    }
    for (String metric : pointMetrics()) {
      keys.add(Kind.EVERY_POINT.prefix() + metric);
      keys.add(Kind.FRONTIER_POINT.prefix() + metric);
    }
    return keys;
  }

  /** The key's parts, or null when it is not a sweep goal. */
  public static SweepGoalKey parse(String key) {
    if (key.startsWith(Kind.FIT.prefix())) {
      String[] parts = key.substring(Kind.FIT.prefix().length()).split("\\.", -1);
      return parts.length == 2 && FITS.contains(parts[0]) && FIGURES.contains(parts[1])
          ? new SweepGoalKey(Kind.FIT, parts[0], parts[1]) : null;
    }
    for (Kind kind : List.of(Kind.EVERY_POINT, Kind.FRONTIER_POINT)) {
      if (key.startsWith(kind.prefix())) {
        String metric = key.substring(kind.prefix().length());
        return pointMetrics().contains(metric) ? new SweepGoalKey(kind, null, metric) : null;
      }
    }
    return null;
  }

  /** The key as written in a descriptor. */
  @Override
  public String key() {
    return kind == Kind.FIT ? kind.prefix() + fit + "." + name : kind.prefix() + name;
  }

  /** The data source a point metric exists for only (null for fits and metrics of every source). */
  @Override
  public String onlySource() {
    GoalMetric m = kind == Kind.FIT ? null : GoalMetric.ofKey(name);
    return m == null ? null : m.onlySource();
  }

  /** The goal's subject in words, e.g. {@code exponent α of the loss frontier L(C) = a·C^-α}. */
  @Override
  public String label() {
    if (kind != Kind.FIT) {
      GoalMetric m = GoalMetric.ofKey(name);
      return m == null ? "proxy loss (MSE + λ·L1, normalised scale)" : m.label();
    }
    String fitWords = switch (fit) {
      case "frontier" -> "the loss frontier L(C) = a·C^-α";
      case "features" -> "the optimal dictionary size N*(C) = k·C^β";
      case "tokens" -> "the optimal token count D*(C) = k·C^γ";
      default -> "the optimal learning rate lr*(C) = k·C^δ";
    };
    String symbol = switch (fit) {
      case "frontier" -> "α";
      case "features" -> "β";
      case "tokens" -> "γ";
      default -> "δ";
    };
    return switch (name) {
      case "exponent" -> "exponent " + symbol + " of " + fitWords;
      case "exponentLow" -> "lower end of the 95 % interval of " + symbol + " of " + fitWords;
      case "exponentHigh" -> "upper end of the 95 % interval of " + symbol + " of " + fitWords;
      case "coefficient" -> "coefficient of " + fitWords;
      case "asymptote" -> "asymptote L∞ of " + fitWords;
      case "r2" -> "R² (log-log) of " + fitWords;
      default -> "number of points behind " + fitWords;
    };
  }
}

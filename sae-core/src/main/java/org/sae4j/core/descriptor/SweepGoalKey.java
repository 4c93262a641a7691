package org.sae4j.core.descriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a sweep's goal may name: a figure of one of the fits ({@code fit.frontier.exponent}), or a metric of the points,
 * either of every point ({@code everyPoint.deadFraction}: the worst point decides) or of the frontier point at the
 * largest compute budget ({@code frontierPoint.varianceExplained}). A point metric is the sweep's proxy
 * {@value #LOSS} or the {@link MetricKey} an experiment's goal would name (an evaluation metric or a metric of an
 * analysis the points run), so point goals gate exactly what the points' run.json records.
 *
 * @param kind which of the three
 * @param fit for {@link Kind#FIT}: one of {@link #FITS}, else null
 * @param name for {@link Kind#FIT} one of {@link #FIGURES}, else the point metric's key ({@value #LOSS} or
 *     {@code metric.key()})
 * @param metric for a point metric other than {@value #LOSS}: the experiment metric, else null
 */
public record SweepGoalKey(Kind kind, String fit, String name, MetricKey metric) implements MetricKey {

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

    /** The kind whose prefix {@code key} starts with, or null. */
    static Kind of(String key) {
      for (Kind k : values()) {
        if (key.startsWith(k.prefix)) {
          return k;
        }
      }
      return null;
    }
  }

  /** The fits: the loss frontier L(C), the optimal dictionary size N*(C), tokens D*(C) and learning rate lr*(C). */
  public static final List<String> FITS = List.of("frontier", "features", "tokens", "lr");
  /** The figures of a fit. */
  public static final List<String> FIGURES = List.of("exponent", "exponentLow", "exponentHigh", "coefficient",
      "asymptote", "r2", "points");
  /** The proxy loss of a point: evaluation MSE + λ·L1 on held-out tokens in the normalised scale. */
  public static final String LOSS = "loss";

  public SweepGoalKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if ((kind == Kind.FIT) != (fit != null) || kind == Kind.FIT && metric != null
        || kind != Kind.FIT && (metric == null ? !name.equals(LOSS) : !name.equals(metric.key()))) {
      throw new IllegalArgumentException("inconsistent sweep goal key " + kind + " " + fit + " " + name + " "
          + metric);
    }
    if (metric instanceof SweepGoalKey) {
      throw new IllegalArgumentException("a point metric is an experiment metric, not " + metric.key());
    }
  }

  /** A figure of a fit, e.g. {@code fit("frontier", "r2")}. */
  public static SweepGoalKey fit(String fit, String figure) {
    if (!FITS.contains(fit) || !FIGURES.contains(figure)) {
      throw new IllegalArgumentException("no fit figure fit." + fit + "." + figure);
    }
    return new SweepGoalKey(Kind.FIT, fit, figure, null);
  }

  /** A point metric of every point or of the frontier point: {@code metric} null for the proxy {@value #LOSS}. */
  public static SweepGoalKey point(Kind kind, MetricKey metric) {
    return new SweepGoalKey(kind, null, metric == null ? LOSS : metric.key(), metric);
  }

  /** Point metrics every sweep has: {@value #LOSS} and the evaluation's metrics (for messages and suggestions). */
  public static List<String> pointMetrics() {
    List<String> keys = new ArrayList<>();
    keys.add(LOSS);
    keys.addAll(GoalMetric.keys());
    return keys;
  }

  /** Every fit figure and every point metric of {@link #pointMetrics()}, as goal keys, for suggestions. */
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

  /** The key as written in a descriptor. */
  @Override
  public String key() {
    return kind == Kind.FIT ? kind.prefix() + fit + "." + name : kind.prefix() + name;
  }

  /** The data source a point metric exists for only (null for fits and metrics of every source). */
  @Override
  public String onlySource() {
    return metric == null ? null : metric.onlySource();
  }

  /** The goal's subject in words, e.g. {@code exponent α of the loss frontier L(C) = a·C^-α}. */
  @Override
  public String label() {
    if (kind != Kind.FIT) {
      return metric == null ? "proxy loss (MSE + λ·L1, normalised scale)" : metric.label();
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

package org.sae4j.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.GoalMetric;
import org.sae4j.core.descriptor.MetricKey;

/**
 * The {@code metrics} object of run.json: one value per {@link MetricKey} — the evaluation's {@link GoalMetric}s and
 * the {@link AnalysisMetric}s analyses declare ({@code analysis.<analysis>.<name>}) — so the keys a goal can name and
 * the keys a run records are one list. Dotted keys ({@code featureRecovery.mmcs}) are written as nested objects
 * ({@code "featureRecovery": {"mmcs": 0.99}}), the way goals are written in descriptors. NaN (e.g. the variance
 * explained of constant data) is written as the string {@code "NaN"}, which JSON can hold.
 *
 * @param values metric key → value, evaluation metrics first (in {@link GoalMetric} order), then analysis metrics
 *     by key; a metric not measured for this run is absent
 */
public record Metrics(Map<String, Double> values) {
  /** An empty set of metrics. */
  public static final Metrics NONE = new Metrics(Map.of());

  public Metrics {
    Map<String, Double> ordered = new TreeMap<>(Comparator.comparingInt(Metrics::rank)
        .thenComparing(Comparator.naturalOrder()));
    values.forEach((key, value) -> {
      if (rank(key) < 0) {
        throw new IllegalArgumentException("'" + key + "' is neither an evaluation metric nor an analysis metric"
            + " (analysis.<analysis>.<name>)");
      }
      ordered.put(key, value);
    });
    values = Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
  }

  /** Evaluation metrics by declaration order, analysis metrics after them; -1 for anything else. */
  private static int rank(String key) {
    GoalMetric m = GoalMetric.ofKey(key);
    if (m != null) {
      return m.ordinal();
    }
    return AnalysisMetric.isAnalysisKey(key) ? GoalMetric.values().length : -1;
  }

  /** The value of {@code metric}, or empty when the run did not measure it. */
  public OptionalDouble get(MetricKey metric) {
    Double v = values.get(metric.key());
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** These metrics with {@code other}'s added; a key both hold takes {@code other}'s value. */
  public Metrics with(Metrics other) {
    Map<String, Double> merged = new LinkedHashMap<>(values);
    merged.putAll(other.values);
    return new Metrics(merged);
  }

  /** These metrics without those of analysis {@code name} ({@code analysis.<name>.*}). */
  public Metrics withoutAnalysis(String name) {
    Map<String, Double> kept = new LinkedHashMap<>(values);
    kept.keySet().removeIf(k -> k.startsWith(AnalysisMetric.PREFIX + name + "."));
    return new Metrics(kept);
  }

  /** The nested JSON form. */
  @JsonValue
  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      String[] parts = key.split("\\.");
      Map<String, Object> node = root;
      for (int k = 0; k < parts.length - 1; k++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[k], p -> new LinkedHashMap<>());
        node = child;
      }
      node.put(parts[parts.length - 1], Double.isFinite(value) ? value : Double.toString(value));
    });
    return root;
  }

  /**
   * Reads the nested JSON form; keys that are not metrics are ignored (records of older versions held counts there).
   *
   * @throws IllegalArgumentException naming a metric whose value is not a number
   */
  @JsonCreator
  public static Metrics fromJson(JsonNode node) {
    Map<String, Double> values = new LinkedHashMap<>();
    collect(node, "", values);
    return new Metrics(values);
  }

  private static void collect(JsonNode node, String prefix, Map<String, Double> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode value = e.getValue();
      if (value.isObject()) {
        collect(value, key + ".", into);
        continue;
      }
      if (rank(key) >= 0) {
        into.put(key, number(key, value));
      }
    }
  }

  private static double number(String key, JsonNode value) {
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      switch (value.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("metric " + key + " is not a number: " + value);
  }

  /** Collects metrics by {@link MetricKey}. */
  public static final class Builder {
    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Records {@code metric}. */
    public Builder put(MetricKey metric, double value) {
      values.put(metric.key(), value);
      return this;
    }

    public Metrics build() {
      return new Metrics(values);
    }
  }
}

package org.sae4j.core.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.sae4j.core.descriptor.GoalMetric;

/**
 * The {@code metrics} object of run.json: one value per {@link GoalMetric}, so the keys a goal can name and the keys
 * a run records are one list. Dotted keys ({@code featureRecovery.mmcs}) are written as nested objects
 * ({@code "featureRecovery": {"mmcs": 0.99}}), the way goals are written in descriptors. NaN (e.g. the variance
 * explained of constant data) is written as the string {@code "NaN"}, which JSON can hold.
 *
 * @param values the recorded metrics; a metric not measured for this run is absent
 */
public record Metrics(Map<GoalMetric, Double> values) {

  public Metrics {
    EnumMap<GoalMetric, Double> copy = new EnumMap<>(GoalMetric.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }

  /** The value of {@code metric}, or empty when the run did not measure it. */
  public OptionalDouble get(GoalMetric metric) {
    Double v = values.get(metric);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** The nested JSON form. */
  @JsonValue
  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    values.forEach((metric, value) -> {
      String[] parts = metric.key().split("\\.");
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
    Map<GoalMetric, Double> values = new EnumMap<>(GoalMetric.class);
    collect(node, "", values);
    return new Metrics(values);
  }

  private static void collect(JsonNode node, String prefix, Map<GoalMetric, Double> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode value = e.getValue();
      if (value.isObject()) {
        collect(value, key + ".", into);
        continue;
      }
      GoalMetric metric = GoalMetric.ofKey(key);
      if (metric != null) {
        into.put(metric, number(key, value));
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

  /** Collects metrics by {@link GoalMetric}. */
  public static final class Builder {
    private final Map<GoalMetric, Double> values = new EnumMap<>(GoalMetric.class);

    /** Records {@code metric}. */
    public Builder put(GoalMetric metric, double value) {
      values.put(metric, value);
      return this;
    }

    public Metrics build() {
      return new Metrics(values);
    }
  }
}

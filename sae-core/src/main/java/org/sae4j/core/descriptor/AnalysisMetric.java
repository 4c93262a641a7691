package org.sae4j.core.descriptor;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A metric an analysis records in run.json under {@code analysis.<analysis>.<name>}, so that goals can gate it. Two
 * metrics are the same when their keys are; the label is for messages.
 *
 * @param analysis the analysis's name, e.g. {@code attribution}
 * @param name the metric's name within it, e.g. {@code pearson}
 * @param label human words for gate messages, e.g. {@code attribution-ablation Pearson correlation}
 */
public record AnalysisMetric(String analysis, String name, String label) implements MetricKey {
  /** The first part of every analysis metric's key. */
  public static final String PREFIX = "analysis.";
  /** Allowed analysis and metric names: one key segment each. */
  public static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

  public AnalysisMetric {
    Objects.requireNonNull(label, "label");
    if (!NAME.matcher(analysis).matches() || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("analysis metric names must match " + NAME.pattern() + ", got " + analysis
          + "." + name);
    }
  }

  @Override
  public String key() {
    return PREFIX + analysis + "." + name;
  }

  @Override
  public String onlySource() {
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnalysisMetric m && m.key().equals(key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  /** Whether {@code key} has the shape of an analysis metric's key. */
  public static boolean isAnalysisKey(String key) {
    String[] parts = key.split("\\.", -1);
    return parts.length == 3 && (parts[0] + ".").equals(PREFIX) && NAME.matcher(parts[1]).matches()
        && NAME.matcher(parts[2]).matches();
  }
}

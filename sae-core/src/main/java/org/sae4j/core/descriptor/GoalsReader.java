package org.sae4j.core.descriptor;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sae4j.core.analysis.Analyses;
import org.sae4j.core.descriptor.YamlTree.Entry;
import org.sae4j.core.descriptor.YamlTree.Mapping;
import org.sae4j.core.descriptor.YamlTree.Scalar;

/**
 * Reads the {@code goals} section: {@code metric: "<op> <number>"}. A dotted metric may also be written nested
 * ({@code featureRecovery: {mmcs: ">= 0.9"}}), the way it appears in {@code run.json}. Besides the evaluation's
 * {@link GoalMetric}s, a goal may name a metric {@code analysis.<analysis>.<name>} that one of the descriptor's
 * analyses declares.
 */
final class GoalsReader {
  private static final Pattern EXPRESSION =
      Pattern.compile("\\s*(>=|<=|>|<)\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");
  private static final String SYNTAX = "allowed: a quoted comparison and a number, e.g. \">= 0.9\" or \"<= 300\" "
      + "(operators >=, <=, >, <)";

  private GoalsReader() {
  }

  /** Finds the metric a goal names; throws naming the key when it is not one that may be gated here. */
  @FunctionalInterface
  interface MetricResolver {
    /**
     * @param goals the (sub)section the key is written in
     * @param e the entry as written there
     * @param metric the whole dotted metric key
     */
    MetricKey resolve(Section goals, Entry e, String metric) throws DescriptorException;
  }

  /**
   * An experiment's goals: {@link GoalMetric}s and the metrics of its analyses, each only for the data sources it
   * exists for.
   *
   * @param source the descriptor's {@code data.source}
   * @param analyses the analyses the descriptor runs, whose metrics goals may name
   */
  static List<Goal> read(Section goals, String source, List<AnalysisSpec<?>> analyses) throws DescriptorException {
    return read(goals, (section, e, metric) -> experimentMetric(section, e, metric, source, analyses));
  }

  /** Goals whose metrics {@code resolver} finds (a sweep's, for instance). */
  static List<Goal> read(Section goals, MetricResolver resolver) throws DescriptorException {
    Map<String, Goal> out = new LinkedHashMap<>();
    collect(goals, "", resolver, out);
    return new ArrayList<>(out.values());
  }

  private static void collect(Section goals, String prefix, MetricResolver resolver, Map<String, Goal> out)
      throws DescriptorException {
    for (Entry e : goals.entries().values()) {
      String metric = prefix + e.key();
      if (e.value() instanceof Mapping m) {
        collect(new Section(goals.file(), goals.keyPath(e.key()), m, e.keyLocation()), metric + ".", resolver, out);
        continue;
      }
      MetricKey info = resolver.resolve(goals, e, metric);
      if (out.containsKey(metric)) {
        throw goals.error(e.key(), "goal " + metric + " is given twice", "write each goal once");
      }
      out.put(metric, goal(goals, e, info));
    }
  }

  /** An experiment goal's metric (also what a sweep's point goal names): known, declared, of this data source. */
  static MetricKey experimentMetric(Section goals, Entry e, String metric, String source,
                                    List<AnalysisSpec<?>> analyses) throws DescriptorException {
    MetricKey info = metric.startsWith(AnalysisMetric.PREFIX) ? analysisMetric(goals, e, metric, analyses)
        : GoalMetric.ofKey(metric);
    if (info == null) {
      throw goals.error(e.key(), "unknown goal metric " + metric, Suggestions.didYouMean(metric, GoalMetric.keys())
          + "allowed metrics: " + String.join(", ", GoalMetric.keys()));
    }
    if (info.onlySource() != null && !info.onlySource().equals(source)) {
      throw goals.error(e.key(), "metric " + metric + " exists only for data.source " + info.onlySource()
          + " (here data.source is " + source + ")", "remove this goal or change data.source");
    }
    return info;
  }

  /** The metric an analysis of the descriptor declares under {@code metric}, or an error saying what is declared. */
  private static AnalysisMetric analysisMetric(Section goals, Entry e, String metric, List<AnalysisSpec<?>> analyses)
      throws DescriptorException {
    String[] parts = metric.split("\\.", 3);
    String analysis = parts.length > 1 ? parts[1] : "";
    AnalysisSpec<?> spec = analyses.stream().filter(a -> a.name().equals(analysis)).findFirst().orElse(null);
    if (spec == null) {
      List<String> names = analyses.stream().map(AnalysisSpec::name).toList();
      throw goals.error(e.key(), "goal " + metric + " names analysis '" + analysis + "', which this descriptor does "
          + "not run", "add it to the analysis section" + (names.isEmpty() ? "" : " (it runs: " + String.join(", ",
          names) + ")") + "; analyses: " + String.join(", ", Analyses.names()));
    }
    List<String> keys = spec.analysis().metrics().stream().map(MetricKey::key).toList();
    for (MetricKey m : spec.analysis().metrics()) {
      if (m.key().equals(metric) && m instanceof AnalysisMetric a) {
        return a;
      }
    }
    String near = Suggestions.closest(metric, keys);
    throw goals.error(e.key(), "analysis " + analysis + " records no metric " + metric,
        (near == null ? "" : "did you mean " + near + "? ") + "its metrics: " + String.join(", ", keys));
  }

  private static Goal goal(Section goals, Entry e, MetricKey metric) throws DescriptorException {
    if (!(e.value() instanceof Scalar s) || s.isNull()) {
      throw goals.error(e.key(), "expected a goal, got " + Section.describe(e.value()), SYNTAX);
    }
    if (s.token().isNumeric()) {
      throw goals.error(e.key(), s.text() + " is a bare number; a goal needs a comparison",
          "write e.g. " + e.key() + ": \">= " + s.text() + "\" or \"<= " + s.text() + "\"");
    }
    if (s.token() != JsonToken.VALUE_STRING) {
      throw goals.error(e.key(), "expected a goal, got " + Section.describe(s), SYNTAX);
    }
    Matcher m = EXPRESSION.matcher(s.text());
    if (!m.matches()) {
      throw goals.error(e.key(), "'" + s.text() + "' is not a goal", SYNTAX);
    }
    double threshold = Double.parseDouble(m.group(2));
    if (!Double.isFinite(threshold)) {
      throw goals.error(e.key(), "threshold " + m.group(2) + " is not a finite number", SYNTAX);
    }
    return new Goal(metric, Comparison.ofSymbol(m.group(1)), threshold);
  }
}

package org.sae4j.core.descriptor;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sae4j.core.descriptor.YamlTree.Entry;
import org.sae4j.core.descriptor.YamlTree.Mapping;
import org.sae4j.core.descriptor.YamlTree.Scalar;

/**
 * Reads the {@code goals} section: {@code metric: "<op> <number>"}. A dotted metric may also be written nested
 * ({@code featureRecovery: {mmcs: ">= 0.9"}}), the way it appears in {@code run.json}.
 */
final class GoalsReader {
  private static final Pattern EXPRESSION =
      Pattern.compile("\\s*(>=|<=|>|<)\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");
  private static final String SYNTAX = "allowed: a quoted comparison and a number, e.g. \">= 0.9\" or \"<= 300\" "
      + "(operators >=, <=, >, <)";

  private GoalsReader() {
  }

  static List<Goal> read(Section goals, String source) throws DescriptorException {
    Map<String, Goal> out = new LinkedHashMap<>();
    collect(goals, "", source, out);
    return new ArrayList<>(out.values());
  }

  private static void collect(Section goals, String prefix, String source, Map<String, Goal> out)
      throws DescriptorException {
    for (Entry e : goals.entries().values()) {
      String metric = prefix + e.key();
      if (e.value() instanceof Mapping m) {
        collect(new Section(goals.file(), goals.keyPath(e.key()), m, e.keyLocation()), metric + ".", source, out);
        continue;
      }
      GoalMetric info = GoalMetric.ofKey(metric);
      if (info == null) {
        throw goals.error(e.key(), "unknown goal metric " + metric, Suggestions.didYouMean(metric, GoalMetric.keys())
            + "allowed metrics: " + String.join(", ", GoalMetric.keys()));
      }
      if (info.onlySource() != null && !info.onlySource().equals(source)) {
        throw goals.error(e.key(), "metric " + metric + " exists only for data.source " + info.onlySource()
            + " (here data.source is " + source + ")", "remove this goal or change data.source");
      }
      if (out.containsKey(metric)) {
        throw goals.error(e.key(), "goal " + metric + " is given twice", "write each goal once");
      }
      out.put(metric, goal(goals, e, metric));
    }
  }

  private static Goal goal(Section goals, Entry e, String metric) throws DescriptorException {
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

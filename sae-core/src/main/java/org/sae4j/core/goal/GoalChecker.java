package org.sae4j.core.goal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sae4j.core.descriptor.Comparison;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.Goal;

/**
 * Checks a descriptor's goals against the metrics of a run ({@code sae:check}). Lives in the core so that every
 * front end (the Maven plugin, the CLI) gives the same verdicts and the same messages.
 */
public final class GoalChecker {
  // run.json may hold NaN for a diverged run; it must fail the goal, not the parse
  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private GoalChecker() {
  }

  /**
   * Reads the JSON object {@code metrics} of {@code runJson} and checks every goal of {@code d} against it.
   *
   * @throws IOException naming the file when it is missing, not JSON, has no {@code metrics} object, or belongs to
   *     another experiment
   */
  public static GoalReport check(Descriptor d, Path runJson) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(runJson));
    } catch (NoSuchFileException e) {
      throw new IOException(runJson + ": run.json not found; train the experiment first", e);
    } catch (JsonProcessingException e) {
      throw new IOException(runJson + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("metrics").isObject()) {
      throw new IOException(runJson + ": no \"metrics\" object; expected a run.json written by sae:train");
    }
    JsonNode name = root.get("name");
    if (name != null && !name.asText().equals(d.name())) {
      throw new IOException(runJson + ": belongs to experiment '" + name.asText() + "', not '" + d.name() + "'");
    }
    return check(d, root.get("metrics"));
  }

  /**
   * Checks every goal of {@code d} against a {@code metrics} object. A dotted metric ({@code featureRecovery.mmcs})
   * is looked up as a nested object ({@code {"featureRecovery": {"mmcs": 0.93}}}), or as a flat key when present.
   * A number written as the string {@code "NaN"} or {@code "Infinity"} counts as that number.
   */
  public static GoalReport check(Descriptor d, JsonNode metrics) {
    List<GoalOutcome> outcomes = new ArrayList<>();
    for (Goal g : d.goals()) {
      outcomes.add(outcome(d.name(), g, lookup(metrics, g.metric())));
    }
    return new GoalReport(d.name(), outcomes);
  }

  private static GoalOutcome outcome(String experiment, Goal g, JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return new GoalOutcome(g, null, false,
          experiment + ": metric " + g.metric() + " is missing from run.json");
    }
    Double value = number(node);
    if (value == null) {
      return new GoalOutcome(g, null, false, experiment + ": metric " + g.metric()
          + " in run.json is not a number: " + node);
    }
    boolean passed = g.passes(value);
    String shown = experiment + ": " + g.info().label() + " is " + GoalFormat.value(g, value);
    String threshold = GoalFormat.threshold(g);
    String message = passed ? shown + " (" + bound(g.op()) + " " + threshold + ")"
        : shown + ", but expected " + bound(g.op()) + (g.op() == Comparison.AT_LEAST || g.op() == Comparison.AT_MOST
        ? " is " : " ") + threshold;
    return new GoalOutcome(g, value, passed, message);
  }

  private static String bound(Comparison op) {
    return switch (op) {
      case AT_LEAST -> "minimum";
      case AT_MOST -> "maximum";
      case ABOVE -> "more than";
      case BELOW -> "less than";
    };
  }

  private static JsonNode lookup(JsonNode metrics, String metric) {
    if (metrics == null) {
      return null;
    }
    JsonNode flat = metrics.get(metric);
    if (flat != null) {
      return flat;
    }
    JsonNode n = metrics;
    for (String part : metric.split("\\.")) {
      n = n.path(part);
    }
    return n;
  }

  private static Double number(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      return switch (node.textValue()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> null;
      };
    }
    return null;
  }
}

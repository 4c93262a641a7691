package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.run.RunRecord;

/**
 * What a run directory holds that the report shows, read once: the run record, the resolved descriptor, the training
 * curve, the evaluation and every analysis's outputs. Only run.json is required; the report says what is missing.
 *
 * @param dir the run directory
 * @param run run.json
 * @param descriptorText descriptor.yaml as written, or empty
 * @param descriptor the parsed descriptor, or null when it is missing or no longer parses (its text is still shown)
 * @param descriptorProblem why {@code descriptor} is null, or null
 * @param curve curve.csv, or null
 * @param evaluation evaluation.json, or null
 * @param analyses each analysis's figures ({@code analysis/<name>/<name>.json}) by name
 * @param analysisDirs each analysis's directory by name
 */
record RunFiles(Path dir, RunRecord run, String descriptorText, Descriptor descriptor, String descriptorProblem,
                Curve curve, JsonNode evaluation, Map<String, JsonNode> analyses, Map<String, Path> analysisDirs) {

  static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /**
   * Reads {@code dir}.
   *
   * @throws IOException naming run.json when the directory holds no run, or a file that cannot be parsed
   */
  static RunFiles read(Path dir) throws IOException {
    Path runJson = dir.resolve("run.json");
    if (!Files.isRegularFile(runJson)) {
      throw new IllegalArgumentException(dir + " is not a run directory: " + runJson + " does not exist (train the "
          + "experiment first, or pass target/sae/<name>)");
    }
    RunRecord run = RunRecord.read(runJson);
    Path yaml = dir.resolve("descriptor.yaml");
    String text = Files.isRegularFile(yaml) ? Files.readString(yaml) : "";
    Descriptor descriptor = null;
    String problem = null;
    if (text.isEmpty()) {
      problem = yaml + " does not exist";
    } else {
      try {
        descriptor = DescriptorReader.read(yaml);
      } catch (DescriptorException e) {
        problem = e.getMessage();
      }
    }
    Path curveFile = dir.resolve("curve.csv");
    Curve curve = Files.isRegularFile(curveFile) ? Curve.read(curveFile) : null;
    JsonNode evaluation = json(dir.resolve("evaluation.json")).orElse(null);
    Map<String, JsonNode> analyses = new TreeMap<>();
    Map<String, Path> dirs = new TreeMap<>();
    Path root = dir.resolve("analysis");
    if (Files.isDirectory(root)) {
      try (Stream<Path> list = Files.list(root)) {
        for (Path d : list.filter(Files::isDirectory).sorted().toList()) {
          String name = d.getFileName().toString();
          if (name.startsWith(".")) {
            continue;
          }
          dirs.put(name, d);
          json(d.resolve(name + ".json")).ifPresent(j -> analyses.put(name, j));
        }
      }
    }
    return new RunFiles(dir, run, text, descriptor, problem, curve, evaluation, analyses, dirs);
  }

  private static Optional<JsonNode> json(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** The figures of analysis {@code name}, or empty when it did not run. */
  Optional<JsonNode> analysis(String name) {
    return Optional.ofNullable(analyses.get(name));
  }

  /** Tokens the evaluation saw, or 0 when the run was not evaluated. */
  long evaluatedTokens() {
    return evaluation == null ? 0 : evaluation.path("tokens").asLong(0);
  }

  /** Each feature's firing count on the held-out tokens, or null without an evaluation. */
  long[] fireCounts() {
    if (evaluation == null || !evaluation.has("featureFireCounts")) {
      return null;
    }
    JsonNode counts = evaluation.get("featureFireCounts");
    long[] out = new long[counts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts.get(i).asLong();
    }
    return out;
  }
}

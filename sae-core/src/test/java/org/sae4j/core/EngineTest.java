package org.sae4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.goal.GoalReport;

/** A whole experiment, small enough for a unit test: data, training, evaluation, goals, determinism. */
class EngineTest {

  static final String DESCRIPTOR = """
      name: tiny
      seed: 5
      data:
        source: synthetic
        tokens: 60000
        evalTokens: 8000
        dim: 16
        trueFeatures: 32
        meanActive: 3
      sae:
        features: 64
      training:
        batchSize: 256
        lr: 3.0e-3
        l1: 1.0
        logEvery: 10
      goals:
        varianceExplained: ">= 0.5"
        l0: "<= 40"
        featureRecovery.mmcs: ">= 0.5"
      """;

  @TempDir
  static Path dir;
  static Descriptor descriptor;

  @BeforeAll
  static void writeDescriptor() throws Exception {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, DESCRIPTOR);
    descriptor = DescriptorReader.read(file);
  }

  @Test
  void trains_evaluates_and_meets_reachable_goals_with_a_complete_run_directory() throws Exception {
    List<String> log = new ArrayList<>();
    Engine engine = new Engine(descriptor, dir.resolve("out"), 2, log::add);
    engine.train();
    engine.evaluate();
    GoalReport report = engine.check();

    assertThat(report.passed()).as(report.table()).isTrue();
    Path run = dir.resolve("out/tiny");
    assertThat(run.resolve("descriptor.yaml")).isRegularFile();
    assertThat(run.resolve("curve.csv")).isRegularFile();
    assertThat(run.resolve("evaluation.json")).isRegularFile();
    assertThat(run.resolve("checkpoint/sae_weights.safetensors")).isRegularFile();
    assertThat(run.resolve("checkpoint/cfg.json")).isRegularFile();
    assertThat(Files.readAllLines(run.resolve("curve.csv"))).hasSizeGreaterThan(2)
        .first().asString().startsWith("step,tokens,loss,mse,l1,l0,lr");

    JsonNode json = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertThat(json.path("status").asText()).isEqualTo("complete");
    assertThat(json.path("format").asText()).isEqualTo("sae4j-run-2");
    assertThat(json.path("versions").path("vectorBits").asInt()).isPositive();
    assertThat(json.path("evaluation").path("checkpointSha256").asText())
        .isEqualTo(json.path("checkpoint").path("sha256").asText());
    for (String key : List.of("name", "descriptorHash", "seed", "backend", "threads", "dataFingerprint")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.path("checkpoint").path("sha256").asText()).hasSize(64);
    JsonNode metrics = json.path("metrics");
    for (String key : List.of("mse", "varianceExplained", "l0", "l1", "deadFraction", "denseFraction", "shrinkage")) {
      assertThat(metrics.get(key).isNumber()).as(key).isTrue();
    }
    assertThat(metrics.path("featureRecovery").path("mmcs").asDouble()).isBetween(0.5, 1.0);
    assertThat(metrics.path("featureRecovery").has("recoveredAt09")).isTrue();
    assertThat(log).anyMatch(l -> l.startsWith("step ") && l.contains("tok/s") && l.contains("ETA"));
  }

  @Test
  void one_and_two_threads_give_bit_identical_checkpoints() throws IOException {
    String one = checkpointSha(1, "threads1");
    String two = checkpointSha(2, "threads2");
    assertThat(one).isEqualTo(two);
  }

  private static String checkpointSha(int threads, String output) throws IOException {
    new Engine(descriptor, dir.resolve(output), threads, line -> { }).train();
    JsonNode json = new ObjectMapper().readTree(dir.resolve(output).resolve("tiny/run.json").toFile());
    return json.path("checkpoint").path("sha256").asText();
  }
}

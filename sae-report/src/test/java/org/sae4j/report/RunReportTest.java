package org.sae4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.Engine;
import org.sae4j.core.checkpoint.Safetensors;
import org.sae4j.core.checkpoint.SafetensorsFile;
import org.sae4j.core.descriptor.DescriptorReader;

/** The report of a small synthetic run, end to end: every section, the feature files, and a real browser. */
class RunReportTest {
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
        l0: "<= 1"
      """;

  @TempDir
  static Path dir;
  static Path run;
  static Path index;

  @BeforeAll
  static void trainEvaluateAndReport() throws Exception {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, DESCRIPTOR);
    Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("out"), 2, line -> { });
    engine.train();
    engine.evaluate();
    run = dir.resolve("out/tiny");
    List<String> log = new ArrayList<>();
    index = new RunReport(run, 10, log::add).write();
    assertThat(log).anySatisfy(l -> assertThat(l).startsWith("report of tiny: "));
  }

  @Test
  void indexHasEverySectionOfTheRun() throws Exception {
    String html = Files.readString(index);
    assertThat(index).isEqualTo(run.resolve("report/index.html"));
    assertThat(html).contains("<h2>Run <span class=\"status status-complete\">complete</span>",
        "descriptor hash", "data fingerprint", "checkpoint sha256", "versions", "Resolved descriptor");
    // Goals: one met, one missed (l0 <= 1 cannot be met), with the check's own verdicts.
    assertThat(html).contains("<td>varianceExplained</td>", "<td>PASS</td>", "<td>FAIL</td>", "missed");
    for (String chart : List.of("loss", "l1", "l0", "lr", "lambda", "density")) {
      assertThat(html).contains("src=\"charts/" + chart + ".svg\"");
      assertThat(run.resolve("report/charts/" + chart + ".svg")).isRegularFile();
    }
    assertThat(html).contains("<td>featureRecovery.mmcs</td>", "<td>deadFraction</td>");
    assertThat(html).contains("features/f");
  }

  @Test
  void featureFilesCoverEveryFeature() throws Exception {
    List<String> lines = Files.readAllLines(run.resolve("features.jsonl"));
    assertThat(lines).hasSize(64);
    JsonNode evaluation = RunFiles.JSON.readTree(run.resolve("evaluation.json").toFile());
    long tokens = evaluation.path("tokens").asLong();
    JsonNode first = RunFiles.JSON.readTree(lines.getFirst());
    assertThat(first.path("feature").asInt()).isZero();
    assertThat(first.path("fires").asLong()).isEqualTo(evaluation.path("featureFireCounts").get(0).asLong());
    assertThat(first.path("density").asDouble()).isEqualTo((double) first.path("fires").asLong() / tokens);
    SafetensorsFile sparsity = Safetensors.read(run.resolve("checkpoint/sparsity.safetensors"));
    float[] log10 = sparsity.require("sparsity", 64).data();
    for (int i = 0; i < 64; i++) {
      double density = evaluation.path("featureFireCounts").get(i).asDouble() / tokens;
      assertThat(log10[i]).isEqualTo((float) Math.log10(density + 1e-10));
    }
    assertThat(Files.readString(run.resolve("report/features-data.js"))).startsWith("window.SAE_FEATURES = {");
    try (var pages = Files.list(run.resolve("report/features"))) {
      assertThat(pages.count()).isEqualTo(10);
    }
  }

  @Test
  void featurePageShowsDensityAndDecoderNeighbours() throws Exception {
    Path page;
    try (var pages = Files.list(run.resolve("report/features"))) {
      page = pages.sorted().findFirst().orElseThrow();
    }
    String html = Files.readString(page);
    assertThat(html).contains("<h1>Feature ", "density", "Nearest features by decoder cosine", "../features.html");
    assertThat(html).containsPattern("<td><a href=\"f\\d+\\.html\">\\d+</a></td><td class=\"num\">[01]\\.\\d{3}</td>");
  }

  @Test
  void aDirectoryWithoutARunIsNamed() {
    assertThatThrownBy(() -> new RunReport(dir.resolve("nothing"), 1, l -> { }).write())
        .hasMessageContaining("nothing is not a run directory").hasMessageContaining("run.json does not exist");
  }

  @Test
  void opensInARealBrowserWithoutErrorsOrMissingImages() throws Exception {
    assumeTrue(HeadlessChromium.available() || System.getenv("CI") != null, "chromium is not installed");
    HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));
    for (Path page : List.of(index, run.resolve("report/features.html"), firstFeaturePage())) {
      HeadlessChromium.Visit visit = chromium.open(page);
      assertThat(visit.console()).as("console of " + page).isEmpty();
      assertThat(visit.missingImages()).as("images of " + page).isEmpty();
      assertThat(visit.result().path("rows").asInt()).as("table rows of " + page).isPositive();
    }
    assertThat(chromium.open(index).result().path("images").asInt()).isEqualTo(6);
    Path shot = chromium.screenshot(index, Path.of("target", "report-screenshots", "tiny-index.png")
        .toAbsolutePath(), 1600);
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  private static Path firstFeaturePage() throws Exception {
    try (var pages = Files.list(run.resolve("report/features"))) {
      return pages.sorted().findFirst().orElseThrow();
    }
  }
}

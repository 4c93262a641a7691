package org.sae4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.Engine;
import org.sae4j.core.descriptor.DescriptorReader;

/**
 * A small harvested run with the neurons and completeness analyses, evaluated and reported: the sections that only a
 * real model gives (contexts shaded token by token, neurons, completeness, embedding-aligned tokens) are there, and
 * the pages open in a real browser.
 */
class HarvestedReportTest {
  @TempDir
  static Path dir;
  static Path run;
  static Path index;

  @BeforeAll
  static void harvestTrainEvaluateReport() throws Exception {
    Path corpus = Path.of("..", "experiments", "corpus", "moby-dick.txt.gz").toAbsolutePath().normalize();
    Path file = dir.resolve("small.yaml");
    Files.writeString(file, """
        name: small
        seed: 3
        data:
          source: harvest
          model: all-minilm-l6-v2
          hook: blocks.1.resid_post
          corpus: [%s]
          window: 32
          tokens: 6000
          evalTokens: 2000
        sae:
          features: 128
        training:
          batchSize: 128
          lr: 2.0e-3
          l1: 1.0
        analysis:
          neurons: {tokens: 1500}
          completeness: {minOccurrences: 1}
          fidelity: {windows: 8}
        """.formatted(corpus));
    Engine engine = new Engine(DescriptorReader.read(file), dir.resolve("out"), 2, line -> { });
    engine.train();
    engine.evaluate();
    run = dir.resolve("out/small");
    index = new RunReport(run, 5, line -> { }).write();
  }

  @Test
  void aNamedSweepsCompletenessCurvesAreDrawnBesideTheRunsOwn() throws Exception {
    // A sweep beside the run, as sae-sweep writes it: one curve per dictionary size in sweep.json.
    JsonNode bins = RunFiles.JSON.readTree(run.resolve("analysis/completeness/completeness.json").toFile())
        .path("bins");
    Path sweep = dir.resolve("out/words-sweep");
    Files.createDirectories(sweep);
    var sizes = RunFiles.JSON.createArrayNode();
    for (int m : new int[] {64, 256, 1024}) {
      sizes.addObject().put("features", m).put("point", "f" + m).put("share", 0.1).put("words", 10).set("bins", bins);
    }
    var record = RunFiles.JSON.createObjectNode();
    record.set("completeness", sizes);
    Files.writeString(sweep.resolve("sweep.json"), RunFiles.JSON.writeValueAsString(record));

    Path resolved = CompletenessRuns.sweepDirectory(run, "words-sweep");
    assertThat(resolved).isEqualTo(sweep.toAbsolutePath());
    new RunReport(run, 1, resolved, line -> { }).write();
    String svg = Files.readString(run.resolve("report/charts/completeness.svg"));
    assertThat(svg).contains("64 features (sweep words-sweep)", "1024 features (sweep words-sweep)",
        "128 features (small)");
    assertThat(Files.readString(run.resolve("report/index.html"))).contains("those of sweep words-sweep");

    assertThat(CompletenessRuns.sweepDirectory(run, null)).isNull();
    Path missing = dir.resolve("nowhere");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new RunReport(run, 1, missing, l -> { }).write()))
        .hasMessageContaining(missing.resolve("sweep.json") + " does not exist")
        .hasMessageContaining("-Dsae4j.reportSweep");
    new RunReport(run, 5, line -> { }).write();
  }

  @Test
  void theReportIsTheSameBytesOnOneThreadAsOnThree() throws Exception {
    // Enough pages that the pages, index lines and direction scans are split between the threads.
    new RunReport(run, 70, null, 1, line -> { }).write();
    Map<Path, byte[]> one = reportFiles();
    new RunReport(run, 70, null, 3, line -> { }).write();
    Map<Path, byte[]> three = reportFiles();
    assertThat(one.keySet().stream().filter(f -> f.startsWith("report/features"))).hasSize(70);
    assertThat(three.keySet()).isEqualTo(one.keySet());
    one.forEach((file, bytes) -> assertThat(three.get(file)).as(file.toString()).isEqualTo(bytes));
    assertThat(one.entrySet()).anySatisfy(e -> assertThat(new String(e.getValue(), StandardCharsets.UTF_8))
        .contains("aligns with the decoder direction"));
    new RunReport(run, 5, line -> { }).write();
  }

  /** Every file of the report and the run's features.jsonl, by path relative to the run. */
  private static Map<Path, byte[]> reportFiles() throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(run.resolve("report"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(run.relativize(f), Files.readAllBytes(f));
      }
    }
    out.put(Path.of("features.jsonl"), Files.readAllBytes(run.resolve("features.jsonl")));
    return out;
  }

  @Test
  void reportsNeuronsCompletenessAndShadedContexts() throws Exception {
    String html = Files.readString(index);
    assertThat(html).contains("<h2>Features against neurons</h2>", "blocks.0.ffn (1536)", "blocks.1.ffn (1536)",
        "blocks.1.resid_post (384)", "src=\"charts/neurons.svg\"");
    assertThat(html).contains("<h2>Feature completeness</h2>", "src=\"charts/completeness.svg\"",
        "the most frequent words without a feature");
    JsonNode neurons = RunFiles.JSON.readTree(run.resolve("analysis/neurons/neurons.json").toFile());
    assertThat(neurons.path("tokens").asLong()).isEqualTo(1500);
    JsonNode record = RunFiles.JSON.readTree(run.resolve("run.json").toFile());
    assertThat(record.path("metrics").path("analysis").path("neurons").path("shareBelow03").asDouble())
        .isEqualTo(neurons.path("featureShareLow").asDouble());
    assertThat(record.path("metrics").path("analysis").path("completeness").has("share")).isTrue();

    Path page;
    try (var pages = Files.list(run.resolve("report/features"))) {
      page = pages.sorted().findFirst().orElseThrow();
    }
    String feature = Files.readString(page);
    assertThat(feature).contains("Activation histogram", "Contexts from lower activation quantiles",
        "most correlated neuron", "Tokens whose input embedding aligns with the decoder direction");
    // Every token of a top context is shaded by its own activation: the peak fully, others less or not at all.
    assertThat(feature).contains("class=\"tok peak\" style=\"background:rgba(255,112,0,");
    assertThat(feature).containsPattern("class=\"tok\" style=\"background:rgba\\(255,112,0,0\\.00\\)\"");
    List<String> lines = Files.readAllLines(run.resolve("features.jsonl"));
    assertThat(lines).hasSize(128);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"bestNeuron\":\"blocks.", "\"topContexts\":[{"));
  }

  @Test
  void opensInARealBrowser() throws Exception {
    assumeTrue(HeadlessChromium.available() || System.getenv("CI") != null, "chromium is not installed");
    HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));
    Path page;
    try (var pages = Files.list(run.resolve("report/features"))) {
      page = pages.sorted().findFirst().orElseThrow();
    }
    for (Path p : List.of(index, page)) {
      HeadlessChromium.Visit visit = chromium.open(p);
      assertThat(visit.console()).as("console of " + p).isEmpty();
      assertThat(visit.missingImages()).as("images of " + p).isEmpty();
    }
  }
}

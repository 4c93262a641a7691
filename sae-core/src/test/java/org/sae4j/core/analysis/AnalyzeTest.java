package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.sae4j.core.Engine;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.run.Metrics;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.StaleRunException;

/** {@code analyze}: the descriptor's search, steering and attribution on an evaluated run, gated by goals. */
class AnalyzeTest {
  private static final String ANALYSES = """
      analysis:
        search:
          prompts: ["the whale and the sea"]
          concepts:
            sea:
              with: ["the ship on the sea", "a whale in the ocean"]
              without: ["the law of the land", "money in my purse"]
          top: 3
        steering:
          concepts:
            sea:
              with: ["the ship on the sea", "a whale in the ocean"]
              without: ["the law of the land", "money in my purse"]
          prompts: ["I went to the market in town."]
          multipliers: [-2, 2]
          probes: 16
        attribution:
          prompts: ["the whale and the sea", "money in my purse"]
          target: "a ship on the ocean"
      goals:
        analysis.steering.identityError: "<= 1e-5"
        analysis.attribution.pearson: ">= -1"
        analysis.search.conceptsFound: ">= 2"
      """;

  @Test
  void analyze_publishes_each_analysis_and_merges_its_metrics_into_run_json_for_the_goals() throws Exception {
    Engine engine = HarvestedRun.engine("tiny-analysis", ANALYSES);
    assertThat(engine.check().outcomes()).filteredOn(o -> o.goal().metric().startsWith("analysis."))
        .allSatisfy(o -> assertThat(o.message()).contains("is missing from run.json: run sae:analyze"));

    Metrics metrics = engine.analyze();

    RunLayout layout = engine.layout();
    for (String name : new String[] {"search", "steering", "attribution"}) {
      assertThat(AnalysisOutputs.figures(layout, name)).isRegularFile();
      assertThat(AnalysisOutputs.report(layout, name)).isRegularFile();
    }
    assertThat(layout.analysis("attribution").resolve("scatter.csv")).isRegularFile();
    assertThat(Files.readString(AnalysisOutputs.report(layout, "steering"))).contains("| multiplier | clamped to |");
    JsonNode recorded = new ObjectMapper().readTree(layout.runJson().toFile()).path("metrics");
    assertThat(recorded.path("analysis").path("attribution").path("pearson").asDouble())
        .isEqualTo(metrics.get(AttributionAnalysis.PEARSON).orElseThrow());
    assertThat(recorded.path("analysis").path("steering").path("identityError").asDouble()).isLessThan(1e-5);
    assertThat(recorded.path("fidelity").path("recovered").isNumber()).as("evaluation metrics kept").isTrue();

    GoalReport report = engine.check();
    assertThat(report.outcomes()).extracting(o -> o.goal().metric() + "=" + o.passed()).contains(
        "analysis.steering.identityError=true", "analysis.attribution.pearson=true",
        "analysis.search.conceptsFound=false");
    GoalOutcome missed = report.failures().getFirst();
    assertThat(missed.message()).contains("share of concepts whose top feature fires");

    engine.analyze();
    assertThat(new ObjectMapper().readTree(layout.runJson().toFile()).path("metrics").path("analysis")
        .path("attribution").size()).as("a second analyze replaces the metrics").isEqualTo(6);
    try (var files = Files.list(layout.analyses())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("topContexts", "fidelity",
          "dashboard", "search", "steering", "attribution");
    }
  }

  @Test
  void analyze_refuses_a_run_that_was_not_evaluated() throws Exception {
    Engine engine = new Engine(HarvestedRun.descriptor("tiny-unevaluated", ANALYSES),
        HarvestedRun.directory().resolve("out"), 2, line -> { });
    engine.train();
    assertThatThrownBy(engine::analyze).isInstanceOf(StaleRunException.class)
        .hasMessageContaining("is trained but not evaluated");
  }
}

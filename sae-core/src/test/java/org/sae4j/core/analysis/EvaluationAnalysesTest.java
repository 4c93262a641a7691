package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.sae4j.core.Engine;
import org.sae4j.core.run.RunLayout;

/** The evaluation analyses of a harvested run: top contexts and fidelity behind the seam, outputs and metrics. */
class EvaluationAnalysesTest {

  @Test
  void evaluating_a_harvested_run_publishes_top_contexts_and_fidelity_and_records_fidelity_metrics()
      throws Exception {
    Engine engine = HarvestedRun.engine();
    RunLayout layout = engine.layout();
    for (String name : new String[] {"topContexts", "fidelity", "dashboard"}) {
      assertThat(AnalysisOutputs.figures(layout, name)).isRegularFile();
      assertThat(AnalysisOutputs.report(layout, name)).isRegularFile();
    }
    try (var files = Files.list(layout.analyses())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("topContexts", "fidelity",
          "dashboard");
    }
    JsonNode metrics = new ObjectMapper().readTree(layout.runJson().toFile()).path("metrics");
    assertThat(metrics.path("fidelity").path("recovered").isNumber()).isTrue();
    assertThat(metrics.path("fidelity").path("cosine").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.has("analysis")).isFalse();

    TopContextsData top = new ObjectMapper().readValue(AnalysisOutputs.figures(layout, "topContexts").toFile(),
        TopContextsData.class);
    assertThat(top.evaluatedTokens()).isEqualTo(1500);
    assertThat(top.features()).isNotEmpty();
    TopContextsData.Feature first = top.features().getFirst();
    assertThat(first.contexts()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
    assertThat(first.maxActivation()).isPositive();
    assertThat(top.windows()).containsKey(first.contexts().getFirst().sequence());
    assertThat(Files.readString(AnalysisOutputs.report(layout, "topContexts"))).contains("## Feature ", "[[");
  }
}

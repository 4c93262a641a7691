package org.sae4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sae4j.core.descriptor.AnalysisMetric;
import org.sae4j.core.descriptor.GoalMetric;

/** run.json's metrics hold the evaluation's metrics and the analyses' ones, nested as goals are written. */
class MetricsTest {
  private static final AnalysisMetric PEARSON = new AnalysisMetric("attribution", "pearson", "attribution Pearson");

  @Test
  void analysis_metrics_are_nested_under_analysis_and_read_back() throws Exception {
    Metrics m = new Metrics.Builder().put(PEARSON, 0.8).put(GoalMetric.L0, 12).build();
    String json = RunRecord.JSON.writeValueAsString(m);
    assertThat(json.replaceAll("\\s", "")).isEqualTo("{\"l0\":12.0,\"analysis\":{\"attribution\":{\"pearson\":0.8}}}");
    Metrics back = Metrics.fromJson(JsonMapper.builder().build().readTree(json));
    assertThat(back).isEqualTo(m);
    assertThat(back.get(PEARSON)).hasValue(0.8);
  }

  @Test
  void merging_replaces_an_analysis_s_metrics_and_keeps_the_rest() {
    Metrics old = new Metrics(Map.of("l0", 3.0, "analysis.attribution.pearson", 0.2, "analysis.search.topShare", 1.0));
    Metrics merged = old.withoutAnalysis("attribution").with(new Metrics.Builder().put(PEARSON, 0.9).build());
    assertThat(merged.values()).containsExactly(Map.entry("l0", 3.0), Map.entry("analysis.attribution.pearson", 0.9),
        Map.entry("analysis.search.topShare", 1.0));
    assertThat(old.withoutAnalysis("attribution").values()).doesNotContainKey("analysis.attribution.pearson");
  }

  @Test
  void a_key_that_is_no_metric_is_rejected() {
    assertThatThrownBy(() -> new Metrics(Map.of("accuracy", 1.0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'accuracy' is neither an evaluation metric nor an analysis metric");
  }
}

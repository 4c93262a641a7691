package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.report.chart.Axis;
import org.sae4j.report.chart.HistogramChart;

/** The data of one feature's page: density, activation histogram, contexts, neighbours, best neuron, tokens. */
final class FeaturePage {
  private FeaturePage() {
  }

  /**
   * @param nearest the nearest features by decoder cosine (empty without a checkpoint)
   * @param aligned the tokens whose input embedding aligns best with the decoder direction (empty without one, or
   *                for synthetic data)
   * @param vocab the tokenizer, or null
   */
  static Map<String, Object> model(int i, FeatureTable table, List<Directions.Scored> nearest,
                                   List<Directions.Scored> aligned, RunReport.Vocabulary vocab, ReportCharts charts)
      throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", i);
    p.put("fires", table.fires(i));
    p.put("tokens", table.tokens());
    p.put("density", table.density(i));
    p.put("log10Density", table.density(i) > 0 ? Math.log10(table.density(i)) : null);
    p.put("maxActivation", table.maxActivation(i));
    p.put("totalActivation", table.totalActivation(i));
    p.put("peakTokens", String.join(" · ", table.peakTokens(i, 5)));
    p.put("word", table.word(i));
    List<Map<String, Object>> contexts = table.contexts(i);
    p.put("contexts", contexts);
    p.put("samples", table.samples(i));
    p.put("histogram", histogram(i, table, charts));
    FeatureTable.NeuronColumns n = table.neurons();
    if (n != null && i < n.bestUnit().length && n.unit(i) != null) {
      p.put("neuron", n.unit(i));
      p.put("neuronCorrelation", n.correlation()[i]);
      p.put("specificity", n.specificity()[i]);
    }
    List<Map<String, Object>> near = new ArrayList<>();
    for (Directions.Scored s : nearest) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", s.id());
      e.put("cosine", s.cosine());
      e.put("density", table.density(s.id()));
      e.put("peakTokens", String.join(" · ", table.peakTokens(s.id(), 3)));
      near.add(e);
    }
    p.put("neighbours", near);
    List<Map<String, Object>> tokens = new ArrayList<>();
    if (vocab != null) {
      for (Directions.Scored s : aligned) {
        tokens.add(Map.of("token", vocab.token(s.id()), "cosine", s.cosine()));
      }
    }
    p.put("aligned", tokens);
    return p;
  }

  /** The activation histogram chart from the dashboard's bins, or null without a dashboard. */
  private static Map<String, Object> histogram(int i, FeatureTable table, ReportCharts charts) throws IOException {
    JsonNode dash = table.dashboard(i);
    if (dash == null || dash.path("counts").isEmpty()) {
      return null;
    }
    double[] edges = FeatureTable.doubles(dash.path("edges"));
    double[] counts = FeatureTable.doubles(dash.path("counts"));
    Map<String, Object> chart = charts.write("f" + i, new HistogramChart("", Axis.log("activation f·‖W_d‖"),
        Axis.linear("held-out tokens"), edges, counts), "activation on the tokens it fires on", 480, 220);
    chart.put("src", "../" + chart.get("src"));
    return chart;
  }
}

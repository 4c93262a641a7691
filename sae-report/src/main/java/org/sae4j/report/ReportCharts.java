package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.report.chart.Axis;
import org.sae4j.report.chart.Chart;
import org.sae4j.report.chart.HistogramChart;
import org.sae4j.report.chart.SvgCharts;
import org.sae4j.report.chart.XYChart;

/**
 * The report's charts, each written as {@code charts/<name>.svg}; a method returns the list of (file, caption)
 * entries the page shows, empty when there is nothing to draw.
 */
final class ReportCharts {
  static final int WIDTH = 540;
  static final int HEIGHT = 300;
  private final Path dir;

  ReportCharts(Path dir) {
    this.dir = dir;
  }

  /** Writes a chart; returns its entry for a template: {@code src} relative to the report root and a caption. */
  Map<String, Object> write(String name, Chart chart, String caption, int width, int height) throws IOException {
    SvgCharts.write(chart, dir.resolve(name + ".svg"), width, height);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("src", "charts/" + name + ".svg");
    entry.put("caption", caption);
    entry.put("width", width);
    entry.put("height", height);
    return entry;
  }

  Map<String, Object> write(String name, Chart chart, String caption) throws IOException {
    return write(name, chart, caption, WIDTH, HEIGHT);
  }

  /** Loss terms, L0, and the lr and λ schedules against tokens. */
  List<Map<String, Object>> curves(Curve curve) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (curve == null || curve.points() == 0) {
      return out;
    }
    double[] tokens = curve.column("tokens");
    out.add(write("loss", XYChart.builder("Training loss (scaled space)").x(Axis.linear("tokens"))
            .y(Axis.log("per token")).line("loss", tokens, curve.column("loss"))
            .line("mse", tokens, curve.column("mse")).line("λ·L1", tokens, product(curve)).build(),
        "loss = mse + λ·L1, per logged step"));
    out.add(write("l1", XYChart.builder("L1 = Σ f_i·‖W_d,i‖").x(Axis.linear("tokens")).y(Axis.log("L1"))
        .line("L1", tokens, curve.column("l1")).build(), "the sparsity penalty before λ"));
    out.add(write("l0", XYChart.builder("L0 (active features per token)").x(Axis.linear("tokens"))
        .y(Axis.log("L0")).line("L0", tokens, curve.column("l0")).build(), "features active per token"));
    out.add(write("lr", XYChart.builder("Learning rate").x(Axis.linear("tokens")).y(Axis.linear("lr"))
        .line("lr", tokens, curve.column("lr")).build(), "constant, then decayed linearly to 0"));
    out.add(write("lambda", XYChart.builder("λ (L1 coefficient)").x(Axis.linear("tokens")).y(Axis.linear("λ"))
        .line("λ", tokens, curve.column("l1_coefficient")).build(), "warmed up linearly from 0"));
    return out;
  }

  private static double[] product(Curve curve) {
    double[] l1 = curve.column("l1");
    double[] lambda = curve.column("l1_coefficient");
    double[] out = new double[l1.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = i < lambda.length ? l1[i] * lambda[i] : Double.NaN;
    }
    return out;
  }

  /** The feature density histogram recorded by the evaluation. */
  List<Map<String, Object>> density(JsonNode evaluation) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    JsonNode h = evaluation == null ? null : evaluation.get("densityHistogram");
    if (h == null || h.path("counts").isEmpty()) {
      return out;
    }
    double min = h.path("minLog10").asDouble();
    double width = h.path("binWidth").asDouble();
    double[] counts = FeatureTable.doubles(h.path("counts"));
    double[] edges = new double[counts.length + 1];
    for (int k = 0; k < edges.length; k++) {
      edges[k] = min + k * width;
    }
    out.add(write("density", new HistogramChart("Feature density", Axis.linear("log10(firing rate)"),
            Axis.linear("features"), edges, counts),
        String.format("%d dead features (never fired on %,d held-out tokens) are not shown", h.path("dead").asLong(),
            evaluation.path("tokens").asLong())));
    return out;
  }
}

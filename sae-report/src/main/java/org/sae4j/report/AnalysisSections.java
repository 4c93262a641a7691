package org.sae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sae4j.core.analysis.completeness.CompletenessResult;
import org.sae4j.report.chart.Axis;
import org.sae4j.report.chart.Series;
import org.sae4j.report.chart.XYChart;

/**
 * One section per analysis that ran: features against neurons and completeness get their charts and tables; any
 * other analysis (search, steering, attribution, …) is shown by its own Markdown report, with a scatter of each
 * two-column numeric CSV it wrote (e.g. attribution against ablation).
 */
final class AnalysisSections {
  /** Analyses whose figures feed the feature pages rather than a section of their own. */
  private static final List<String> FEATURE_DATA = List.of("topContexts", "dashboard");
  private final RunFiles files;
  private final ReportCharts charts;
  private final Path sweep;

  /** @param sweep a sweep directory whose completeness curves are drawn too, or null */
  AnalysisSections(RunFiles files, ReportCharts charts, Path sweep) {
    this.files = files;
    this.charts = charts;
    this.sweep = sweep;
  }

  List<Map<String, Object>> sections() throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Path> e : files.analysisDirs().entrySet()) {
      String name = e.getKey();
      Map<String, Object> s = switch (name) {
        case "neurons" -> neurons(files.analyses().get(name));
        case "completeness" -> completeness(files.analyses().get(name));
        default -> FEATURE_DATA.contains(name) ? null : generic(name, e.getValue());
      };
      if (s != null) {
        s.putIfAbsent("name", name);
        out.add(s);
      }
    }
    return out;
  }

  private static Map<String, Object> section(String title) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("title", title);
    s.put("paragraphs", new ArrayList<String>());
    s.put("charts", new ArrayList<Map<String, Object>>());
    s.put("tables", new ArrayList<Map<String, Object>>());
    return s;
  }

  @SuppressWarnings("unchecked")
  private static void paragraph(Map<String, Object> s, String text) {
    ((List<String>) s.get("paragraphs")).add(text);
  }

  @SuppressWarnings("unchecked")
  private static void chart(Map<String, Object> s, Map<String, Object> chart) {
    ((List<Map<String, Object>>) s.get("charts")).add(chart);
  }

  @SuppressWarnings("unchecked")
  private static void table(Map<String, Object> s, String caption, List<String> headers, List<List<String>> rows) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("caption", caption);
    t.put("headers", headers);
    t.put("rows", rows);
    ((List<Map<String, Object>>) s.get("tables")).add(t);
  }

  private Map<String, Object> neurons(JsonNode n) throws IOException {
    Map<String, Object> s = section("Features against neurons");
    if (n == null) {
      paragraph(s, "The analysis directory holds no neurons.json.");
      return s;
    }
    double bound = n.path("lowCorrelation").asDouble(0.3);
    paragraph(s, String.format("Over %,d held-out tokens, each feature's activation is correlated (Pearson) with "
        + "every unit of the model up to the hook: %s.", n.path("tokens").asLong(), groups(n)));
    paragraph(s, String.format("%.1f%% of the %,d features that fired have no unit with |corr| > %.1f (the paper: "
            + "82%%); the mean best |corr| is %.3f. In reverse, %.1f%% of the units have no feature with |corr| > %.1f.",
        100 * n.path("featureShareLow").asDouble(), n.path("comparedFeatures").asInt(), bound,
        n.path("meanFeatureBest").asDouble(), 100 * n.path("unitShareLow").asDouble(), bound));
    paragraph(s, String.format("Monosemanticity proxy (the share of a unit's top-%d held-out tokens that are its most "
            + "common top token; 1 = always the same token): features %.3f, neurons %.3f on average. A cheap proxy: "
            + "it sees only the peak token, not the context.", n.path("topK").asInt(),
        n.path("meanFeatureSpecificity").asDouble(), n.path("meanUnitSpecificity").asDouble()));
    double[] f = FeatureTable.doubles(n.path("featureHistogram"));
    double[] u = FeatureTable.doubles(n.path("unitHistogram"));
    double[] centres = new double[f.length];
    for (int k = 0; k < f.length; k++) {
      centres[k] = (k + 0.5) / f.length;
    }
    chart(s, charts.write("neurons", XYChart.builder("Best |Pearson correlation|").x(Axis.linear("|corr|"))
            .y(Axis.linear("share")).add(Series.lineAndPoints("features → best neuron", centres, shares(f)))
            .add(Series.lineAndPoints("neurons → best feature", centres, shares(u))).build(),
        "share of features (or units) whose best counterpart has this |corr|"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("features", fmt(n.path("featureShareLow").asDouble()), fmt(n.path("meanFeatureBest").asDouble()),
        fmt(n.path("meanFeatureSpecificity").asDouble())));
    rows.add(List.of("neurons and residual dimensions", fmt(n.path("unitShareLow").asDouble()),
        fmt(n.path("meanUnitBest").asDouble()), fmt(n.path("meanUnitSpecificity").asDouble())));
    table(s, "features and units compared the same way", List.of("units",
        String.format("share with best |corr| ≤ %.1f", bound), "mean best |corr|", "mean proxy"), rows);
    return s;
  }

  private static String groups(JsonNode n) {
    List<String> parts = new ArrayList<>();
    n.path("groups").forEach(g -> parts.add(g.path("name").asText() + " (" + g.path("width").asInt() + ")"));
    return String.join(", ", parts);
  }

  private static double[] shares(double[] counts) {
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    double[] out = new double[counts.length];
    for (int k = 0; k < counts.length; k++) {
      out[k] = total == 0 ? 0 : counts[k] / total;
    }
    return out;
  }

  private Map<String, Object> completeness(JsonNode c) throws IOException {
    Map<String, Object> s = section("Feature completeness");
    if (c == null) {
      paragraph(s, "The analysis directory holds no completeness.json.");
      return s;
    }
    JsonNode settings = c.path("settings");
    paragraph(s, String.format("A word has a feature when some feature fires on at least %.0f%% of its held-out "
            + "occurrences and at least %.0f%% of that feature's firings are on the word. %,d words with at least %d "
            + "held-out occurrences were judged; %.1f%% have a feature.", 100 * settings.path("wordShare").asDouble(),
        100 * settings.path("featureShare").asDouble(), c.path("words").size(),
        settings.path("minOccurrences").asInt(), 100 * c.path("share").asDouble()));
    Map<String, List<CompletenessResult.Bin>> curves = new LinkedHashMap<>();
    CompletenessRuns.find(files, sweep).forEach((label, figures) -> curves.put(label, CompletenessRuns.bins(figures)));
    chart(s, charts.write("completeness", CompletenessChart.of(curves), sweep == null
        ? "one curve per dictionary size on the same data"
        : "one curve per dictionary size on the same data, and those of sweep " + sweep.getFileName()));
    List<List<String>> bins = new ArrayList<>();
    for (JsonNode b : c.path("bins")) {
      bins.add(List.of(String.format("%.0f – %.0f", b.path("low").asDouble(), b.path("high").asDouble()),
          Integer.toString(b.path("words").asInt()), Integer.toString(b.path("withFeature").asInt()),
          fmt(b.path("withFeature").asDouble() / b.path("words").asDouble())));
    }
    table(s, "the curve of this run", List.of("training occurrences", "words", "with a feature", "share"), bins);
    List<List<String>> missing = new ArrayList<>();
    for (JsonNode w : c.path("words")) {
      if (missing.size() >= 30) {
        break;
      }
      if (!w.path("hasFeature").asBoolean()) {
        int f = w.path("bestFeature").asInt();
        missing.add(List.of(w.path("word").asText(), String.format("%,d", w.path("trainCount").asLong()),
            f < 0 ? "–" : Integer.toString(f), fmt(w.path("wordShare").asDouble()),
            fmt(w.path("featureShare").asDouble())));
      }
    }
    table(s, "the most frequent words without a feature (and their closest feature)",
        List.of("word", "training occurrences", "closest feature", "its share of the word", "word's share of it"),
        missing);
    return s;
  }

  private Map<String, Object> generic(String name, Path dir) throws IOException {
    Map<String, Object> s = section("Analysis: " + name);
    Path md = dir.resolve(name + ".md");
    if (Files.isRegularFile(md)) {
      s.put("markdown", Files.readString(md));
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path csv : list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
        Scatter.of(csv).ifPresent(sc -> {
          try {
            chart(s, charts.write(name + "-" + sc.stem(), XYChart.builder(sc.title()).x(Axis.linear(sc.xName()))
                .y(Axis.linear(sc.yName())).points(sc.stem(), sc.x(), sc.y()).build(), csv.getFileName().toString()));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
    }
    return s;
  }

  static String fmt(double v) {
    return Double.isFinite(v) ? String.format("%.3f", v) : "–";
  }
}

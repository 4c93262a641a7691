package org.sae4j.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class SvgChartsTest {
  /** How JFreeSVG writes a filled marker of the first series. */
  private static final String MARKER = "<g style='fill:rgb(78,121,167);stroke:none'";

  @Test
  void lineChartIsWellFormedSvgWithTitleAxesAndLegend() throws Exception {
    XYChart chart = XYChart.builder("Training loss")
        .x(Axis.linear("tokens")).y(Axis.log("loss"))
        .line("loss", new double[] {0, 1000, 2000, 3000}, new double[] {10, 3, 1, 0.5})
        .line("mse", new double[] {0, 1000, 2000, 3000}, new double[] {8, 2, 0.7, 0.3})
        .build();
    String svg = SvgCharts.toSvg(chart, 640, 360);
    Document doc = parse(svg);
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getDocumentElement().getAttribute("width")).isEqualTo("640.0");
    assertThat(svg).contains("Training loss", "tokens", ">loss<", ">mse<");
    // Two series: lines drawn in the first two palette colours, and a legend because there are two.
    assertThat(svg).contains("stroke:rgb(78,121,167)", "stroke:rgb(242,142,43)");
    // The log axis labels its ticks as plain text.
    assertThat(svg).contains(">10<", ">1<");
  }

  @Test
  void sameChartSameBytesAndDifferentChartsDifferentIds() {
    XYChart a = XYChart.builder("a").points("p", new double[] {1, 2}, new double[] {3, 4}).build();
    XYChart b = XYChart.builder("b").points("p", new double[] {1, 2}, new double[] {3, 4}).build();
    assertThat(SvgCharts.toSvg(a, 300, 200)).isEqualTo(SvgCharts.toSvg(a, 300, 200));
    assertThat(ids(SvgCharts.toSvg(a, 300, 200))).isNotEmpty().doesNotContainAnyElementsOf(ids(SvgCharts.toSvg(b, 300, 200)));
  }

  @Test
  void logAxisLeavesOutPointsItCannotShow() {
    // Drawn on log-log axes, 0 and NaN are left out: the chart has exactly the two positive points.
    XYChart chart = XYChart.builder("").x(Axis.log("C")).y(Axis.log("L"))
        .points("runs", new double[] {0, 10, 100, Double.NaN}, new double[] {1, 2, 3, 4}).build();
    String svg = SvgCharts.toSvg(chart, 300, 200);
    assertThat(count(svg, MARKER)).isEqualTo(2);
  }

  @Test
  void scatterDrawsAMarkerPerPoint() {
    double[] x = new double[25];
    double[] y = new double[25];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
      y[i] = i * i;
    }
    String svg = SvgCharts.toSvg(XYChart.builder("s").points("pts", x, y).build(), 400, 300);
    assertThat(count(svg, MARKER)).isEqualTo(25);
  }

  @Test
  void histogramBinsValuesAndDrawsOneBarPerNonEmptyBin() {
    HistogramChart h = HistogramChart.of("density", Axis.linear("log10 rate"), Axis.linear("features"),
        new double[] {-3, -3, -2.5, -1, -1, -1, Double.NaN}, 4);
    assertThat(h.counts()).containsExactly(2, 1, 0, 3);
    assertThat(h.edges()[0]).isEqualTo(-3);
    assertThat(h.edges()[4]).isEqualTo(-1);
    String svg = SvgCharts.toSvg(h, 400, 300);
    assertThat(svg).contains("density", "log10 rate");
    // One filled rectangle per non-empty bin, in the palette's first colour.
    assertThat(count(svg, "style='fill:rgb(78,121,167)'")).isEqualTo(3);
  }

  @Test
  void logHistogramBinsInLog10() {
    HistogramChart h = HistogramChart.of("", Axis.log("activation"), Axis.log("count"),
        new double[] {1, 10, 100, 1000, 0, -5}, 3);
    assertThat(h.counts()).containsExactly(1, 1, 2);
    assertThat(h.edges()).containsExactly(1, 10, 100, 1000);
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> Series.line("loss", new double[] {1, 2}, new double[] {1}))
        .hasMessageContaining("series 'loss' has 2 x values but 1 y values");
    assertThatThrownBy(() -> new HistogramChart("h", Axis.linear(""), Axis.linear(""), new double[] {0, 1, 1},
        new double[] {1, 2})).hasMessageContaining("edges must increase strictly, but edge 1 is 1.0");
    assertThatThrownBy(() -> HistogramChart.of("empty", Axis.log(""), Axis.linear(""), new double[] {0, -1}, 5))
        .hasMessageContaining("histogram 'empty' has no value to bin");
    assertThatThrownBy(() -> SvgCharts.toSvg(XYChart.builder("").build(), 10, 10))
        .hasMessageContaining("at least 50 × 50");
  }

  @Test
  void writesTheFileAtomically(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("curve.svg");
    XYChart chart = XYChart.builder("t").line("l", new double[] {1, 2}, new double[] {1, 2}).build();
    SvgCharts.write(chart, file, 300, 200);
    assertThat(Files.readString(file)).isEqualTo(SvgCharts.toSvg(chart, 300, 200));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  private static java.util.Set<String> ids(String svg) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    Matcher m = Pattern.compile("id='([^']+)'").matcher(svg);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}

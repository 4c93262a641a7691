package org.sae4j.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.sae4j.core.analysis.completeness.CompletenessResult;
import org.sae4j.report.CompletenessChart;
import org.sae4j.report.chart.Axis;
import org.sae4j.report.chart.Series;
import org.sae4j.report.chart.SvgCharts;
import org.sae4j.report.chart.XYChart;
import org.sae4j.sweep.fit.Fit;
import org.sae4j.sweep.fit.Optimum;
import org.sae4j.sweep.fit.SweepFits;

/**
 * The sweep's plots, as SVG through the report module's chart API: loss against compute with the frontier and its
 * fit, the optimal size and tokens against compute with their fits, and loss against learning rate per scan, all of
 * the headline series (the first λ); and feature completeness per dictionary size when the sweep measured it.
 */
final class SweepPlots {
  static final String LOSS_VS_COMPUTE = "loss-vs-compute.svg";
  static final String OPTIMAL_SIZE = "optimal-size.svg";
  static final String OPTIMAL_TOKENS = "optimal-tokens.svg";
  static final String LOSS_VS_LR = "loss-vs-lr.svg";
  static final String COMPLETENESS = "completeness.svg";
  private static final int WIDTH = 720;
  private static final int HEIGHT = 450;
  private static final int CURVE_POINTS = 64;
  private static final Axis COMPUTE = Axis.log("compute C = 6·n·m·tokens (FLOPs)");

  private SweepPlots() {
  }

  /**
   * Writes the plots the record has data for into {@code dir}.
   *
   * @return the file names written, in reading order
   */
  static List<String> write(SweepRecord r, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> written = new ArrayList<>();
    SweepFits fits = r.fits();
    List<PointResult> series = r.points().stream().filter(p -> p.l1() == r.points().getFirst().l1()).toList();
    List<PointResult> design = series.stream().filter(p -> p.fitPoint().design()).toList();
    List<PointResult> frontier = fits.frontierIds().stream().map(r::point).toList();

    // a linear loss axis: a sweep's losses span less than the decade a log axis needs for its first tick
    XYChart.Builder loss = XYChart.builder("Loss against compute").x(COMPUTE).y(Axis.linear("loss (MSE + λ·L1)"))
        .points("points", values(design, PointResult::compute), values(design, PointResult::loss))
        .add(Series.lineAndPoints("frontier", values(frontier, PointResult::compute),
            values(frontier, PointResult::loss)));
    if (fits.frontier() != null) {
      Fit f = fits.frontier();
      double floor = f.asymptote() == null ? 0 : f.asymptote();
      curve(loss, "fit " + label(f), values(frontier, PointResult::compute),
          c -> floor + f.coefficient() * Math.pow(c, -f.exponent()));
    }
    written.add(write(loss.build(), dir, LOSS_VS_COMPUTE));

    boolean isoflop = !fits.sizeOptima().isEmpty();
    double[] optimaC = isoflop ? fits.sizeOptima().stream().mapToDouble(Optimum::compute).toArray()
        : values(frontier, PointResult::compute);
    if (fits.features() != null) {
      double[] n = isoflop ? fits.sizeOptima().stream().mapToDouble(Optimum::value).toArray()
          : values(frontier, p -> p.features());
      written.add(optimum(fits.features(), "Optimal dictionary size", "features N", optimaC, n, isoflop, dir,
          OPTIMAL_SIZE));
    }
    if (fits.tokens() != null) {
      double[] d = new double[optimaC.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = isoflop ? optimaC[i] / (6.0 * r.dim() * fits.sizeOptima().get(i).value()) : frontier.get(i).tokens();
      }
      written.add(optimum(fits.tokens(), "Optimal training tokens", "tokens D", optimaC, d, isoflop, dir,
          OPTIMAL_TOKENS));
    }
    if (!fits.lrOptima().isEmpty()) {
      XYChart.Builder lr = XYChart.builder("Loss against learning rate").x(Axis.log("peak learning rate"))
          .y(Axis.linear("loss (MSE + λ·L1)"));
      for (Optimum o : fits.lrOptima()) {
        PointResult best = r.point(o.best());
        List<PointResult> scan = series.stream()
            .filter(p -> p.features() == best.features() && p.tokens() == best.tokens())
            .sorted(Comparator.comparingDouble(PointResult::lr)).toList();
        lr.add(Series.lineAndPoints(String.format(Locale.ROOT, "C = %.2e (m %d)", o.compute(), best.features()),
            values(scan, PointResult::lr), values(scan, PointResult::loss)));
      }
      written.add(write(lr.build(), dir, LOSS_VS_LR));
    }
    if (r.completeness() != null && !r.completeness().isEmpty()) {
      Map<String, List<CompletenessResult.Bin>> curves = new LinkedHashMap<>();
      r.completeness().forEach(c -> curves.put(c.features() + " features (" + c.point() + ")", c.bins()));
      written.add(write(CompletenessChart.of(curves), dir, COMPLETENESS));
    }
    return written;
  }

  private static String optimum(Fit fit, String title, String what, double[] c, double[] v, boolean isoflop,
                                Path dir, String file) throws IOException {
    XYChart.Builder chart = XYChart.builder(title).x(COMPUTE).y(Axis.log(what))
        .points(isoflop ? "isoFLOP optima" : "frontier points", c, v);
    curve(chart, "fit " + label(fit), c, x -> fit.coefficient() * Math.pow(x, fit.exponent()));
    return write(chart.build(), dir, file);
  }

  /** The fitted law drawn over the range of {@code xs}, log-spaced. */
  private static void curve(XYChart.Builder chart, String name, double[] xs, DoubleUnaryOperator law) {
    double lo = Arrays.stream(xs).min().orElse(1);
    double hi = Arrays.stream(xs).max().orElse(1);
    double[] x = new double[CURVE_POINTS];
    double[] y = new double[CURVE_POINTS];
    for (int i = 0; i < CURVE_POINTS; i++) {
      x[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (CURVE_POINTS - 1));
      y[i] = law.applyAsDouble(x[i]);
    }
    chart.line(name, x, y);
  }

  private static String label(Fit f) {
    return String.format(Locale.ROOT, "%s, exponent %.3f, R² %.3f", f.formula(), f.exponent(), f.r2());
  }

  private static String write(XYChart chart, Path dir, String file) throws IOException {
    SvgCharts.write(chart, dir.resolve(file), WIDTH, HEIGHT);
    return file;
  }

  private static double[] values(List<PointResult> points, ToDoubleFunction<PointResult> f) {
    return points.stream().mapToDouble(f).toArray();
  }
}

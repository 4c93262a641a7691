package org.sae4j.sweep;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.sae4j.core.analysis.completeness.CompletenessResult;
import org.sae4j.core.descriptor.GoalMetric;
import org.sae4j.store.Progress;
import org.sae4j.sweep.fit.Fit;
import org.sae4j.sweep.fit.Optimum;
import org.sae4j.sweep.fit.SweepFits;

/** {@code sweep.md}: the fits, the optima and every point, for a person to read. */
final class SweepMarkdown {

  private SweepMarkdown() {
  }

  static String of(SweepRecord r, List<String> plots) {
    StringBuilder s = new StringBuilder();
    s.append("# Sweep ").append(r.name()).append("\n\n");
    s.append(r.points().size()).append(" points (").append(r.design().toLowerCase(Locale.ROOT))
        .append(" design), data ").append(r.dataFingerprint(), 0, Math.min(16, r.dataFingerprint().length()))
        .append("…, n = ").append(r.dim()).append(", run by the ").append(r.runner().name()).append(" runner (")
        .append(r.runner().parallel()).append(" at a time, ").append(r.runner().threadsPerPoint())
        .append(" thread(s) each) in ").append(Progress.clock(r.wallSeconds())).append(".\n\n");
    s.append("- Compute: ").append(Compute.DEFINITION).append(".\n");
    s.append("- Loss: ").append(SweepRecord.LOSS_DEFINITION).append(".\n");
    s.append("- Intervals: 95 % percentile bootstrap over the points, ").append(r.bootstrap())
        .append(" resamples.\n\n");
    if (r.series() == null) {
      fits(s, r.fits());
    } else {
      for (SeriesResult series : r.series()) {
        s.append("## λ = ").append(num(series.l1())).append("\n\n");
        fits(s, series.fits());
      }
    }
    s.append("## Points\n\n");
    s.append("| point | m | tokens | lr | λ | C (FLOPs) | loss | FVE | L0 | dead | seconds | frontier |\n");
    s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |\n");
    for (PointResult p : r.points()) {
      s.append("| ").append(p.id()).append(" | ").append(p.features()).append(" | ").append(p.tokens())
          .append(" | ").append(num(p.lr())).append(" | ").append(num(p.l1())).append(" | ").append(sci(p.compute()))
          .append(" | ").append(num(p.loss())).append(" | ").append(metric(p, GoalMetric.VARIANCE_EXPLAINED))
          .append(" | ").append(metric(p, GoalMetric.L0)).append(" | ").append(metric(p, GoalMetric.DEAD_FRACTION))
          .append(" | ").append(String.format(Locale.ROOT, "%.1f", p.seconds())).append(" | ")
          .append(p.frontier() ? "✓" : "").append(" |\n");
    }
    completeness(s, r.completeness());
    if (!plots.isEmpty()) {
      s.append("\n## Plots\n\n");
      plots.forEach(p -> s.append("![").append(p).append("](plots/").append(p).append(")\n"));
    }
    return s.toString();
  }

  /**
   * Feature completeness against dictionary size: per frequency bin of the training data, the share of judged words
   * that have a feature at each size (words judged in brackets).
   */
  private static void completeness(StringBuilder s, List<SizeCompleteness> sizes) {
    if (sizes == null || sizes.isEmpty()) {
      return;
    }
    s.append("\n## Feature completeness by dictionary size\n\n").append("A word has a feature when one fires on "
        + "most of its held-out occurrences and most of that feature's firings are on it (the completeness analysis, "
        + "docs/analyses.md); per size, the point with the most tokens at the sweep's learning rate.\n\n");
    s.append("| training occurrences |");
    sizes.forEach(z -> s.append(" m = ").append(z.features()).append(" |"));
    s.append("\n| --- |");
    sizes.forEach(z -> s.append(" ---: |"));
    s.append('\n');
    TreeMap<Double, Double> highs = new TreeMap<>();
    sizes.forEach(z -> z.bins().forEach(b -> highs.put(b.low(), b.high())));
    for (Map.Entry<Double, Double> bin : highs.entrySet()) {
      s.append(String.format(Locale.ROOT, "| %.0f – %.0f |", bin.getKey(), bin.getValue()));
      for (SizeCompleteness z : sizes) {
        CompletenessResult.Bin b = z.bins().stream().filter(x -> x.low() == bin.getKey()).findFirst().orElse(null);
        s.append(b == null ? " — |" : String.format(Locale.ROOT, " %.3f (%d) |", b.share(), b.words()));
      }
      s.append('\n');
    }
    s.append("| all judged words |");
    sizes.forEach(z -> s.append(String.format(Locale.ROOT, " %.3f (%d) |", z.share(), z.words())));
    s.append('\n');
  }

  private static void fits(StringBuilder s, SweepFits f) {
    s.append("## Fits\n\n| law | exponent | 95 % interval | coefficient | L∞ | R² | points |\n");
    s.append("| --- | ---: | --- | ---: | ---: | ---: | ---: |\n");
    for (String name : List.of("frontier", "features", "tokens", "lr")) {
      Fit fit = f.fit(name);
      if (fit == null) {
        continue;
      }
      s.append("| ").append(fit.formula()).append(" | ").append(num(fit.exponent())).append(" | ")
          .append(fit.exponentLow() == null ? "—" : "[" + num(fit.exponentLow()) + ", " + num(fit.exponentHigh())
              + "]").append(" | ").append(sci(fit.coefficient())).append(" | ")
          .append(fit.asymptote() == null ? "—" : num(fit.asymptote())).append(" | ").append(num(fit.r2()))
          .append(" | ").append(fit.points()).append(" |\n");
    }
    s.append('\n');
    for (String name : List.of("frontier", "features", "tokens", "lr")) {
      Fit fit = f.fit(name);
      if (fit != null) {
        s.append("- ").append(fit.formula()).append(": ").append(fit.method()).append(".\n");
      }
    }
    f.notes().forEach(n -> s.append("- Not fitted: ").append(n).append(".\n"));
    optima(s, "Optimal dictionary size per isoFLOP budget", "N*", f.sizeOptima());
    optima(s, "Optimal learning rate per scan", "lr*", f.lrOptima());
    s.append('\n');
  }

  private static void optima(StringBuilder s, String title, String what, List<Optimum> optima) {
    if (optima.isEmpty()) {
      return;
    }
    s.append("\n").append(title).append(":\n\n| C (FLOPs) | ").append(what)
        .append(" | loss there | inside the range tried | points | best point |\n")
        .append("| ---: | ---: | ---: | :---: | ---: | --- |\n");
    for (Optimum o : optima) {
      s.append("| ").append(sci(o.compute())).append(" | ").append(num(o.value())).append(" | ")
          .append(num(o.loss())).append(" | ").append(o.interior() ? "yes" : "no (edge)").append(" | ")
          .append(o.points()).append(" | ").append(o.best()).append(" |\n");
    }
  }

  private static String metric(PointResult p, GoalMetric m) {
    OptionalDouble v = p.metrics().get(m);
    return v.isPresent() ? num(v.getAsDouble()) : "—";
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  static String sci(double v) {
    return String.format(Locale.ROOT, "%.3e", v);
  }
}

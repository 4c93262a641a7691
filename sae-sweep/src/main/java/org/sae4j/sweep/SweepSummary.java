package org.sae4j.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sae4j.sweep.fit.Fit;

/** The log lines that end a sweep: one per fit, with its exponent, interval and R². */
final class SweepSummary {

  private SweepSummary() {
  }

  static List<String> lines(SweepRecord r) {
    List<String> lines = new ArrayList<>();
    long frontier = r.points().stream().filter(PointResult::frontier).count();
    lines.add(r.points().size() + " points analysed, " + frontier + " on the frontier; sweep.json and sweep.md "
        + "written");
    for (String name : List.of("frontier", "features", "tokens", "lr")) {
      Fit f = r.fits().fit(name);
      if (f != null) {
        lines.add(String.format(Locale.ROOT, "  %-16s exponent %.4f, 95%% interval %s, coefficient %.4g%s, R² %.4f, "
            + "%d points", f.formula(), f.exponent(), f.exponentLow() == null ? "none"
            : String.format(Locale.ROOT, "[%.4f, %.4f]", f.exponentLow(), f.exponentHigh()), f.coefficient(),
            f.asymptote() == null ? "" : String.format(Locale.ROOT, ", L∞ %.4g", f.asymptote()), f.r2(),
            f.points()));
      }
    }
    r.fits().notes().forEach(n -> lines.add("  not fitted: " + n));
    return lines;
  }
}

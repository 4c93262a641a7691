package org.sae4j.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.sae4j.core.analysis.CompletenessAnalysis;
import org.sae4j.core.descriptor.AnalysisSpec;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepPoint;

/**
 * Feature completeness against dictionary size: for every size of a harvested sweep, {@link CompletenessAnalysis} on
 * the point with the most training tokens at the sweep's learning rate, through {@link org.sae4j.core.Engine#explore}
 * (nothing is written into the point's run), with the settings of the point's own {@code analysis.completeness}
 * when it has one, else the defaults.
 */
final class SweepCompleteness {
  private static final CompletenessAnalysis ANALYSIS = new CompletenessAnalysis();

  private SweepCompleteness() {
  }

  /** The curves in order of size; null when the sweep's data is not harvested (no words to judge). */
  static List<SizeCompleteness> of(SweepDescriptor sweep, SweepLayout layout, int threads, Consumer<String> log)
      throws IOException {
    if (!(sweep.dataExperiment().data() instanceof HarvestData)) {
      return null;
    }
    List<SizeCompleteness> out = new ArrayList<>();
    for (SweepPoint p : chosen(sweep)) {
      CompletenessAnalysis.Figures f = (CompletenessAnalysis.Figures) PointTraining.engine(layout, p, threads, log)
          .explore(ANALYSIS, settings(p)).figures();
      out.add(new SizeCompleteness(p.features(), p.id(), f.share(), f.words().size(), f.bins()));
      log.accept(String.format("sweep %s: completeness of %d features (%s): %.1f %% of %,d words have a feature",
          sweep.name(), p.features(), p.id(), 100 * f.share(), f.words().size()));
    }
    return out;
  }

  /**
   * Per dictionary size, the point with the most training tokens among those at the sweep's learning rate (its first
   * point's, a design point at {@code training.lr}; the lr scan's other rates are left out), the first such point in
   * the sweep's order on a tie, smallest size first.
   */
  static List<SweepPoint> chosen(SweepDescriptor sweep) {
    double lr = sweep.experiment().training().lr();
    Map<Integer, SweepPoint> bySize = new TreeMap<>();
    for (SweepPoint p : sweep.points()) {
      if (p.lr() == lr) {
        bySize.merge(p.features(), p, (a, b) -> b.tokens() > a.tokens() ? b : a);
      }
    }
    return List.copyOf(bySize.values());
  }

  private static CompletenessAnalysis.Settings settings(SweepPoint p) {
    for (AnalysisSpec<?> spec : p.descriptor().analyses()) {
      if (spec.settings() instanceof CompletenessAnalysis.Settings s) {
        return s;
      }
    }
    return CompletenessAnalysis.Settings.defaults();
  }
}

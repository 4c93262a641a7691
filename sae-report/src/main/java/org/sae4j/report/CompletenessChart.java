package org.sae4j.report;

import java.util.List;
import java.util.Map;
import org.sae4j.core.analysis.completeness.CompletenessResult;
import org.sae4j.report.chart.Axis;
import org.sae4j.report.chart.Series;
import org.sae4j.report.chart.XYChart;

/**
 * The feature-completeness chart: per curve (a dictionary size), the share of words with a feature in each frequency
 * bin of the training data, at the bin's centre on a log axis. The run report and the sweep's plots draw the same one.
 */
public final class CompletenessChart {
  private CompletenessChart() {
  }

  /** @param curves the bins of each curve by legend label, in drawing order */
  public static XYChart of(Map<String, List<CompletenessResult.Bin>> curves) {
    XYChart.Builder chart = XYChart.builder("Words with a feature, by training frequency")
        .x(Axis.log("occurrences in the training data")).y(Axis.linear("share with a feature"));
    for (Map.Entry<String, List<CompletenessResult.Bin>> c : curves.entrySet()) {
      List<CompletenessResult.Bin> bins = c.getValue();
      chart.add(Series.lineAndPoints(c.getKey(), bins.stream().mapToDouble(CompletenessResult.Bin::centre).toArray(),
          bins.stream().mapToDouble(CompletenessResult.Bin::share).toArray()));
    }
    return chart.build();
  }
}

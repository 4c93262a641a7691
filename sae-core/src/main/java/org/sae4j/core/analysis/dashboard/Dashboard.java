package org.sae4j.core.analysis.dashboard;

import java.util.List;

/**
 * One feature's page data, as the {@code dashboard} analysis records it.
 *
 * @param feature the feature index
 * @param totalActivation its summed activation over the held-out tokens
 * @param windows held-out windows it fired in (0 for data without token columns)
 * @param edges histogram bin edges (activation f_i·‖W_d,i‖, log-spaced), one more than {@code counts}
 * @param counts tokens per bin
 * @param top its strongest windows, strongest first
 * @param samples windows sampled uniformly from those it fired in, strongest first, each with its quantile
 */
public record Dashboard(int feature, double totalActivation, long windows, double[] edges, long[] counts,
                        List<FeatureDashboards.Context> top, List<Sample> samples) {

  /**
   * A sampled window.
   *
   * @param quantile the share of the feature's firings below the sample's peak (from the histogram)
   * @param context the window's span
   */
  public record Sample(double quantile, FeatureDashboards.Context context) {
  }
}

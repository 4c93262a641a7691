package org.sae4j.sweep;

import java.util.List;
import org.sae4j.core.analysis.completeness.CompletenessResult;

/**
 * Feature completeness of one dictionary size of a sweep, as sweep.json records it.
 *
 * @param features m
 * @param point the point analysed: the one with the most training tokens at this size and the sweep's learning rate
 * @param share the share of judged words that have a feature
 * @param words words judged
 * @param bins the curve: per frequency bin of the training data, the words judged and those with a feature
 */
public record SizeCompleteness(int features, String point, double share, int words,
                               List<CompletenessResult.Bin> bins) {
  public SizeCompleteness {
    bins = List.copyOf(bins);
  }
}

package org.sae4j.core.analysis.neurons;

import java.util.HashMap;
import java.util.Map;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code k} largest values each unit took over a stream of tokens, with the token id each was seen on; ties keep
 * the earlier token, so the result depends only on the stream. From them, the monosemanticity proxy: the share of a
 * unit's top-k tokens that are its most common top-k token.
 */
final class TopTokens {
  private final int k;
  private final float[] value;
  private final int[] token;
  private final int[] filled;
  /**
   * The smallest kept value of each full unit, or -infinity while it is not full: the admission test (widened to
   * double, exactly, so that vector code can compare double lanes with it).
   */
  private final double[] threshold;

  TopTokens(int units, int k) {
    this.k = k;
    value = new float[units * k];
    token = new int[units * k];
    filled = new int[units];
    threshold = new double[units];
    java.util.Arrays.fill(threshold, Double.NEGATIVE_INFINITY);
  }

  /**
   * The admission thresholds of units {@code from …} (as many as the species has lanes), widened to double: a value
   * enters unit u's list only if it is above the threshold (-infinity while the list is not full).
   */
  DoubleVector thresholds(VectorSpecies<Double> species, int from) {
    return DoubleVector.fromArray(species, threshold, from);
  }

  /** Offers value {@code v} seen on token {@code tokenId} to unit {@code u}. */
  void offer(int u, float v, int tokenId) {
    if (!(v > threshold[u])) {
      return;
    }
    int base = u * k;
    int n = filled[u];
    if (n < k) {
      value[base + n] = v;
      token[base + n] = tokenId;
      filled[u] = ++n;
      if (n == k) {
        threshold[u] = min(base);
      }
      return;
    }
    // Replace the smallest (the last of equal smallest values, so older equal values survive).
    int slot = base;
    for (int s = base + 1; s < base + k; s++) {
      if (value[s] <= value[slot]) {
        slot = s;
      }
    }
    value[slot] = v;
    token[slot] = tokenId;
    threshold[u] = min(base);
  }

  private float min(int base) {
    float m = value[base];
    for (int s = base + 1; s < base + k; s++) {
      m = Math.min(m, value[s]);
    }
    return m;
  }

  /** How many top tokens unit {@code u} has (fewer than k when it fired on fewer tokens). */
  int count(int u) {
    return filled[u];
  }

  /**
   * The share of unit {@code u}'s top tokens that equal its most common top token; NaN when it has none. A unit
   * whose strongest activations all fall on one token scores 1; one spread over k different tokens scores 1/k.
   */
  double specificity(int u) {
    int n = filled[u];
    if (n == 0) {
      return Double.NaN;
    }
    Map<Integer, Integer> counts = new HashMap<>();
    int best = 0;
    for (int s = u * k; s < u * k + n; s++) {
      best = Math.max(best, counts.merge(token[s], 1, Integer::sum));
    }
    return (double) best / n;
  }

  /** The most common of unit {@code u}'s top tokens (the smallest id among equally common ones); -1 when none. */
  int commonToken(int u) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int s = u * k; s < u * k + filled[u]; s++) {
      counts.merge(token[s], 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .min((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
            : Integer.compare(b.getValue(), a.getValue()))
        .map(Map.Entry::getKey).orElse(-1);
  }
}

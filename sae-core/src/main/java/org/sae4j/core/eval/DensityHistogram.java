package org.sae4j.core.eval;

import java.util.Arrays;

/**
 * Histogram of log10 firing rates, one entry per feature that fired at least once (docs/metrics.md).
 *
 * <p>Bin k covers log10 rates in {@code [minLog10 + k·binWidth, minLog10 + (k+1)·binWidth)}; a rate of 1
 * (log10 = 0) falls in the last bin. {@code minLog10} is log10(1/N) rounded down to a multiple of the bin
 * width, so the rarest possible rate (one firing in N tokens) lands in bin 0. Dead features have no log rate
 * and are counted separately in {@code dead}.
 *
 * @param binWidth width of a bin in decades
 * @param minLog10 lower edge of bin 0
 * @param counts number of features per bin
 * @param dead number of features that never fired
 */
public record DensityHistogram(double binWidth, double minLog10, long[] counts, long dead) {

  /** Default bin width: four bins per decade. */
  public static final double DEFAULT_BIN_WIDTH = 0.25;

  public DensityHistogram {
    if (!(binWidth > 0) || Double.isInfinite(binWidth)) {
      throw new IllegalArgumentException("binWidth must be positive and finite, got " + binWidth);
    }
    if (!(minLog10 <= 0)) {
      throw new IllegalArgumentException("minLog10 must be <= 0, got " + minLog10);
    }
    if (counts == null || counts.length == 0) {
      throw new IllegalArgumentException("counts must have at least one bin");
    }
    if (dead < 0) {
      throw new IllegalArgumentException("dead must be >= 0, got " + dead);
    }
    counts = counts.clone();
  }

  /**
   * Builds the histogram from per-feature firing counts over {@code tokens} tokens.
   *
   * @param fireCounts number of tokens on which each feature was active; not modified
   * @param tokens number of tokens evaluated, positive
   * @param binWidth bin width in decades, positive
   */
  public static DensityHistogram of(long[] fireCounts, long tokens, double binWidth) {
    if (tokens <= 0) {
      throw new IllegalArgumentException("tokens must be positive, got " + tokens);
    }
    double logTokens = Math.log10(tokens);
    double minLog10 = Math.floor(-logTokens / binWidth) * binWidth;
    int bins = Math.max(1, (int) Math.ceil(-minLog10 / binWidth - 1e-9));
    long[] counts = new long[bins];
    long dead = 0;
    for (long c : fireCounts) {
      if (c < 0 || c > tokens) {
        throw new IllegalArgumentException("fire count " + c + " outside [0, " + tokens + "]");
      }
      if (c == 0) {
        dead++;
        continue;
      }
      // log10(c) - log10(N) rather than log10(c / N): exact when c == N, so rate 1 maps to 0.
      double logRate = Math.log10(c) - logTokens;
      int bin = (int) Math.floor((logRate - minLog10) / binWidth);
      counts[Math.clamp(bin, 0, bins - 1)]++;
    }
    return new DensityHistogram(binWidth, minLog10, counts, dead);
  }

  /** The lower edge (log10 rate) of bin {@code k}. */
  public double binStart(int k) {
    return minLog10 + k * binWidth;
  }

  /** A copy of the per-bin counts. */
  @Override
  public long[] counts() {
    return counts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DensityHistogram h && Double.compare(binWidth, h.binWidth) == 0
        && Double.compare(minLog10, h.minLog10) == 0 && Arrays.equals(counts, h.counts) && dead == h.dead;
  }

  @Override
  public int hashCode() {
    return (31 * Double.hashCode(binWidth) + Double.hashCode(minLog10)) * 31 + Arrays.hashCode(counts)
        + Long.hashCode(dead);
  }

  @Override
  public String toString() {
    return "DensityHistogram[binWidth=" + binWidth + ", minLog10=" + minLog10 + ", counts="
        + Arrays.toString(counts) + ", dead=" + dead + "]";
  }
}

package org.sae4j.sweep.fit;

/**
 * A fitted power law y = asymptote + coefficient·x^exponent, with its goodness of fit in ln y.
 *
 * @param coefficient k (or a)
 * @param exponent the power of x (negative when y falls with x)
 * @param asymptote the floor y approaches (L∞); 0 for a pure power law
 * @param sse sum of squared residuals of ln y
 * @param r2 1 − SSE/SST of ln y
 * @param points how many points were fitted
 * @param parameters 2 for a pure power law, 3 with an asymptote
 */
public record PowerLaw(double coefficient, double exponent, double asymptote, double sse, double r2, int points,
                       int parameters) {

  /** y at {@code x}. */
  public double predict(double x) {
    return asymptote + coefficient * Math.pow(x, exponent);
  }

  /**
   * The corrected Akaike information criterion of the fit's residuals in ln y (Gaussian errors):
   * n·ln(SSE/n) + 2k + 2k(k+1)/(n−k−1); +∞ when n ≤ k+1 (too few points to judge k parameters).
   */
  public double aicc() {
    int n = points;
    int k = parameters;
    if (n <= k + 1) {
      return Double.POSITIVE_INFINITY;
    }
    double rss = Math.max(sse, 1e-300 * n); // an exact fit would give -∞
    return n * Math.log(rss / n) + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1);
  }
}

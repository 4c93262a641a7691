package org.sae4j.sweep.fit;

/**
 * Ordinary least squares of log y on log x: the straight line of a power law y = k·x^e on log-log axes.
 *
 * @param slope e
 * @param intercept ln k
 * @param sse sum of squared residuals in ln y
 * @param r2 1 − SSE/SST in ln y (1 for two points; NaN when every ln y is equal)
 * @param points how many (x, y) pairs
 */
public record LogLinear(double slope, double intercept, double sse, double r2, int points) {

  /**
   * Fits {@code ln y = intercept + slope·ln x}.
   *
   * @param x positive abscissae, at least two distinct
   * @param y positive ordinates
   * @throws IllegalArgumentException when fewer than two distinct x, or a value is not positive and finite
   */
  public static LogLinear fit(double[] x, double[] y) {
    int n = x.length;
    if (y.length != n) {
      throw new IllegalArgumentException("x and y differ in length: " + n + " and " + y.length);
    }
    double[] lx = logs(x, "x");
    double[] ly = logs(y, "y");
    double mx = mean(lx);
    double my = mean(ly);
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (lx[i] - mx) * (lx[i] - mx);
      sxy += (lx[i] - mx) * (ly[i] - my);
      syy += (ly[i] - my) * (ly[i] - my);
    }
    if (!(sxx > 0)) {
      throw new IllegalArgumentException("a power law needs at least two distinct x, got " + n + " point(s)");
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double r = ly[i] - intercept - slope * lx[i];
      sse += r * r;
    }
    return new LogLinear(slope, intercept, sse, syy > 0 ? 1 - sse / syy : Double.NaN, n);
  }

  /** k of y = k·x^e. */
  public double coefficient() {
    return Math.exp(intercept);
  }

  /** The fitted y at {@code x}. */
  public double predict(double x) {
    return Math.exp(intercept + slope * Math.log(x));
  }

  static double[] logs(double[] v, String name) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] > 0) || !Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + v[i] + " is not positive and finite");
      }
      out[i] = Math.log(v[i]);
    }
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }
}

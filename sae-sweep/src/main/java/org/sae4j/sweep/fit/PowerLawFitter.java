package org.sae4j.sweep.fit;

/**
 * Fits power laws to (x, y) points: y = k·x^e by least squares on log-log axes, and y = L∞ + a·x^e with a floor L∞
 * found by profiling: for each candidate L∞ in [0, min y) the line through ln(y − L∞) is fitted, and the L∞ whose
 * curve has the least squared error in ln y wins (a grid, then golden-section refinement).
 *
 * <p>The floor is kept only when it earns its third parameter: {@link #choose} compares the corrected Akaike
 * information criterion (AICc) of both fits on the ln-y residuals and keeps the lower; with fewer than five points
 * AICc cannot judge three parameters and the pure power law is kept.
 */
public final class PowerLawFitter {
  private static final int GRID = 64;
  private static final int REFINE = 60;
  private static final double TOP = 0.999;

  private PowerLawFitter() {
  }

  /** y = k·x^e. */
  public static PowerLaw pure(double[] x, double[] y) {
    LogLinear line = LogLinear.fit(x, y);
    return new PowerLaw(line.coefficient(), line.slope(), 0, line.sse(), line.r2(), x.length, 2);
  }

  /**
   * y = L∞ + a·x^e with 0 <= L∞ < min y.
   *
   * @throws IllegalArgumentException when fewer than two distinct x
   */
  public static PowerLaw withAsymptote(double[] x, double[] y) {
    double min = Double.POSITIVE_INFINITY;
    for (double v : y) {
      min = Math.min(min, v);
    }
    double sst = sst(y);
    double bestF = 0;
    double bestErr = error(x, y, 0);
    for (int i = 1; i < GRID; i++) {
      double f = TOP * i / (GRID - 1);
      double err = error(x, y, f * min);
      if (err < bestErr) {
        bestErr = err;
        bestF = f;
      }
    }
    // golden-section search in the grid cells around the best fraction
    double a = Math.max(0, bestF - TOP / (GRID - 1));
    double b = Math.min(TOP, bestF + TOP / (GRID - 1));
    double g = (Math.sqrt(5) - 1) / 2;
    for (int i = 0; i < REFINE; i++) {
      double c = b - g * (b - a);
      double d = a + g * (b - a);
      if (error(x, y, c * min) < error(x, y, d * min)) {
        b = d;
      } else {
        a = c;
      }
    }
    double f = (a + b) / 2;
    if (error(x, y, f * min) > bestErr) {
      f = bestF;
    }
    double floor = f * min;
    LogLinear line = LogLinear.fit(x, shifted(y, floor));
    double sse = error(x, y, floor);
    return new PowerLaw(line.coefficient(), line.slope(), floor, sse, sst > 0 ? 1 - sse / sst : Double.NaN,
        x.length, 3);
  }

  /**
   * The pure power law, or the one with a floor when its AICc is lower (the stated criterion).
   */
  public static PowerLaw choose(double[] x, double[] y) {
    PowerLaw pure = pure(x, y);
    if (x.length < 5) {
      return pure;
    }
    PowerLaw floored = withAsymptote(x, y);
    return floored.aicc() < pure.aicc() ? floored : pure;
  }

  /** Fits the same form as {@code like} (pure or with a floor), for bootstrap resamples. */
  public static PowerLaw sameForm(PowerLaw like, double[] x, double[] y) {
    return like.parameters() == 3 ? withAsymptote(x, y) : pure(x, y);
  }

  /** Squared error in ln y of the best line through ln(y − floor). */
  private static double error(double[] x, double[] y, double floor) {
    LogLinear line = LogLinear.fit(x, shifted(y, floor));
    double sse = 0;
    for (int i = 0; i < x.length; i++) {
      double r = Math.log(y[i]) - Math.log(floor + line.predict(x[i]));
      sse += r * r;
    }
    return sse;
  }

  private static double[] shifted(double[] y, double floor) {
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] - floor;
    }
    return out;
  }

  private static double sst(double[] y) {
    double[] ly = LogLinear.logs(y, "y");
    double m = LogLinear.mean(ly);
    double s = 0;
    for (double v : ly) {
      s += (v - m) * (v - m);
    }
    return s;
  }
}

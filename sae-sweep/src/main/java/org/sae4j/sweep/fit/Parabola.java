package org.sae4j.sweep.fit;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The minimum of y over x from a parabola in ln x, y = c0 + c1·t + c2·t² (t = ln x), fitted by least squares: how an
 * isoFLOP profile gives the optimal dictionary size at one budget, and a learning-rate scan the optimal rate.
 */
public final class Parabola {
  /** Points on each side of the measured minimum that the parabola goes through. */
  static final int NEIGHBOURS = 2;

  private Parabola() {
  }

  /**
   * Where y is lowest.
   *
   * @param x the position (a dictionary size, a learning rate)
   * @param y the fitted (or, at an edge, measured) y there
   * @param interior true when the measured minimum has a neighbour on each side and the parabola through them opens
   *     upwards with its vertex between them; false when the measured minimum is used instead (it is the smallest or
   *     largest x tried, so the optimum is at or beyond the edge, or the parabola does not bend upwards)
   */
  public record Minimum(double x, double y, boolean interior) {
  }

  /**
   * The minimum of the points: the parabola through the measured minimum and up to {@value #NEIGHBOURS} neighbours on
   * each side (in order of x), so that points far from the optimum (a dictionary trained on a handful of batches) do
   * not bend the fit.
   *
   * @param x positive positions, distinct
   * @param y values, same length, at least one
   */
  public static Minimum minimum(double[] x, double[] y) {
    int n = x.length;
    if (n == 0 || y.length != n) {
      throw new IllegalArgumentException("need as many y as x, at least one: " + n + ", " + y.length);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (y[order[k]] < y[order[best]]) {
        best = k;
      }
    }
    Minimum measured = new Minimum(x[order[best]], y[order[best]], false);
    if (best == 0 || best == n - 1) {
      return measured; // the optimum is at or beyond the edge of what was tried
    }
    int from = Math.max(0, best - NEIGHBOURS);
    int to = Math.min(n, best + NEIGHBOURS + 1);
    double[] t = new double[to - from];
    double[] v = new double[to - from];
    for (int k = from; k < to; k++) {
      t[k - from] = Math.log(x[order[k]]);
      v[k - from] = y[order[k]];
    }
    if (distinct(t) < 3) {
      return measured;
    }
    double centre = LogLinear.mean(t);
    double[] c = quadratic(t, v, centre);
    double vertex = -c[1] / (2 * c[2]);
    if (!(c[2] > 0) || vertex + centre < t[0] || vertex + centre > t[t.length - 1]) {
      return measured;
    }
    return new Minimum(Math.exp(vertex + centre), c[0] + c[1] * vertex + c[2] * vertex * vertex, true);
  }

  /** Least-squares c0 + c1·u + c2·u² with u = t − centre (centred for a well-conditioned 3×3 system). */
  private static double[] quadratic(double[] t, double[] y, double centre) {
    double[][] a = new double[3][4];
    for (int i = 0; i < t.length; i++) {
      double u = t[i] - centre;
      double[] row = {1, u, u * u};
      for (int r = 0; r < 3; r++) {
        for (int k = 0; k < 3; k++) {
          a[r][k] += row[r] * row[k];
        }
        a[r][3] += row[r] * y[i];
      }
    }
    // Gauss-Jordan elimination with partial pivoting
    for (int col = 0; col < 3; col++) {
      int pivot = col;
      for (int r = col + 1; r < 3; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int r = 0; r < 3; r++) {
        if (r != col) {
          double factor = a[r][col] / a[col][col];
          for (int k = col; k < 4; k++) {
            a[r][k] -= factor * a[col][k];
          }
        }
      }
    }
    return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
  }

  private static int distinct(double[] v) {
    return (int) Arrays.stream(v).distinct().count();
  }
}

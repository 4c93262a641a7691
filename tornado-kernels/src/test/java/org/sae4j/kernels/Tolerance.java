package org.sae4j.kernels;

import static org.assertj.core.api.Assertions.assertThat;

/** Float-vs-float64 comparisons that name the worst element when they fail. Public for other backends' tests. */
public final class Tolerance {

  private Tolerance() {
  }

  /** |actual − expected| ≤ rel · |expected|. */
  public static void assertRelative(String what, double actual, double expected, double rel) {
    assertThat(Math.abs(actual - expected))
        .as("%s: actual %s, expected %s", what, actual, expected)
        .isLessThanOrEqualTo(rel * Math.abs(expected));
  }

  /**
   * Every element satisfies |a − e| ≤ rel · (|e| + floor · max|e|): relative, except that entries far smaller
   * than the array's largest are held to the array's scale (where float32 rounding of sums is absolute).
   */
  public static void assertClose(String what, float[] actual, double[] expected, double rel, double floor) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    double max = 0;
    for (double e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    int worst = -1;
    double worstRatio = 0;
    for (int k = 0; k < expected.length; k++) {
      double allowed = rel * (Math.abs(expected[k]) + floor * max);
      double ratio = Math.abs(actual[k] - expected[k]) / allowed;
      if (!(ratio <= worstRatio)) {
        worstRatio = ratio;
        worst = k;
      }
    }
    if (worst >= 0) {
      assertThat(worstRatio)
          .as("%s[%d]: actual %s, expected %s (error / allowed = %s)", what, worst, actual[worst],
              expected[worst], worstRatio)
          .isLessThanOrEqualTo(1.0);
    }
  }

  /** {@link #assertClose(String, float[], double[], double, double)} against float32 expectations. */
  public static void assertClose(String what, float[] actual, float[] expected, double rel, double floor) {
    double[] e = new double[expected.length];
    for (int k = 0; k < e.length; k++) {
      e[k] = expected[k];
    }
    assertClose(what, actual, e, rel, floor);
  }

  /** {@code a} rounded to float32. */
  public static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }
}

package org.sae4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import java.util.SplittableRandom;
import org.sae4j.kernels.Gaussian;
import org.sae4j.kernels.SaeParameters;

/** Seeded inputs, weights and comparisons shared by the tests. */
final class Fixtures {

  private Fixtures() {
  }

  /**
   * Skips the calling test (reported as skipped) when PyTorch's native library cannot be loaded here; any
   * other failure is a real failure.
   */
  static void assumePyTorchLoads() {
    String failure = null;
    try {
      Engine.getEngine(ReferenceStep.ENGINE);
    } catch (EngineException | UnsatisfiedLinkError e) {
      failure = e.toString();
    }
    assumeTrue(failure == null, "PyTorch native library cannot load: " + failure);
  }

  /**
   * Random weights on which roughly half the features fire: decoder columns of norm 0.5–1.5 in random
   * directions, W_e independent of W_d, small random biases.
   */
  static SaeParameters randomParameters(int n, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] we = new float[n * m];
    float[] wd = new float[n * m];
    for (int k = 0; k < we.length; k++) {
      we[k] = (float) (Gaussian.next(r) / Math.sqrt(n));
      wd[k] = (float) Gaussian.next(r);
    }
    for (int i = 0; i < m; i++) {
      double norm = 0;
      for (int j = 0; j < n; j++) {
        norm += wd[i * n + j] * wd[i * n + j];
      }
      double scale = r.nextDouble(0.5, 1.5) / Math.sqrt(norm);
      for (int j = 0; j < n; j++) {
        wd[i * n + j] *= (float) scale;
      }
    }
    return new SaeParameters(n, m, we, Gaussian.floats(r, m, 0.1), wd, Gaussian.floats(r, n, 0.1));
  }

  /** Asserts max|actual − expected| ≤ rel · max|expected|, naming the tensor and the worst index. */
  static void assertCloseToScale(String name, float[] actual, double[] expected, double rel) {
    assertThat(actual).as(name + " length").hasSize(expected.length);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    int worst = 0;
    double worstDiff = 0;
    for (int k = 0; k < actual.length; k++) {
      double d = Math.abs(actual[k] - expected[k]);
      if (d > worstDiff) {
        worstDiff = d;
        worst = k;
      }
    }
    assertThat(worstDiff)
        .as("%s[%d]: actual %s, expected %s (max |expected| %s)", name, worst, actual[worst], expected[worst], scale)
        .isLessThanOrEqualTo(rel * scale);
  }

  /** Asserts |actual − expected| ≤ rel · |expected|. */
  static void assertRelative(String name, double actual, double expected, double rel) {
    assertThat(Math.abs(actual - expected)).as("%s: actual %s, expected %s", name, actual, expected)
        .isLessThanOrEqualTo(rel * Math.abs(expected));
  }

  static double[] widen(float[] a) {
    double[] d = new double[a.length];
    for (int k = 0; k < a.length; k++) {
      d[k] = a[k];
    }
    return d;
  }
}

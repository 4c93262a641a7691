package org.sae4j.kernels;

import java.util.SplittableRandom;

/**
 * The one standard-normal sampler of sae4j: Box–Muller from a {@link SplittableRandom}, with {@link StrictMath}
 * so that the draws are the same bits on every CPU and JVM (Math.log and Math.cos may use CPU-specific
 * intrinsics), and no cached second value, so a draw depends only on the generator's state.
 */
public final class Gaussian {

  private Gaussian() {
  }

  /** One draw from N(0, 1). */
  public static double next(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /** {@code count} draws scaled by {@code scale}, as floats. */
  public static float[] floats(SplittableRandom random, int count, double scale) {
    float[] out = new float[count];
    for (int k = 0; k < count; k++) {
      out[k] = (float) (next(random) * scale);
    }
    return out;
  }
}

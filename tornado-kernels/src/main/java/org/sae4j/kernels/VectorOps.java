package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops over contiguous float slices, used by the sparse kernels. Each public-facing method checks
 * its ranges once and delegates to a {@code …Body} method that runs the vector loop and a scalar tail. The
 * summation order of every reduction depends only on the length, so results are reproducible.
 */
final class VectorOps {

  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  static final int LANES = FLOATS.length();
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Floats species with as many lanes as {@link #DOUBLES}, so one load converts into one double vector. */
  private static final VectorSpecies<Float> HALF_FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

  private VectorOps() {
  }

  /** y[yOff..yOff+len) += a · x[xOff..xOff+len); y is modified, x is not (they may be the same array). */
  static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len) {
    Objects.checkFromIndexSize(xOff, len, x.length);
    Objects.checkFromIndexSize(yOff, len, y.length);
    axpyBody(a, x, xOff, y, yOff, len);
  }

  private static void axpyBody(float a, float[] x, int xOff, float[] y, int yOff, int len) {
    FloatVector va = FloatVector.broadcast(FLOATS, a);
    int j = 0;
    for (int upper = FLOATS.loopBound(len); j < upper; j += LANES) {
      FloatVector vx = FloatVector.fromArray(FLOATS, x, xOff + j);
      vx.fma(va, FloatVector.fromArray(FLOATS, y, yOff + j)).intoArray(y, yOff + j);
    }
    for (; j < len; j++) {
      y[yOff + j] = Math.fma(x[xOff + j], a, y[yOff + j]);
    }
  }

  /** Σ x[xOff+j] · y[yOff+j] over j &lt; len, accumulated in float lanes then reduced in a fixed order. */
  static float dot(float[] x, int xOff, float[] y, int yOff, int len) {
    Objects.checkFromIndexSize(xOff, len, x.length);
    Objects.checkFromIndexSize(yOff, len, y.length);
    return dotBody(x, xOff, y, yOff, len);
  }

  private static float dotBody(float[] x, int xOff, float[] y, int yOff, int len) {
    FloatVector acc0 = FloatVector.zero(FLOATS);
    FloatVector acc1 = FloatVector.zero(FLOATS);
    int j = 0;
    for (int upper = len - 2 * LANES; j <= upper; j += 2 * LANES) {
      acc0 = FloatVector.fromArray(FLOATS, x, xOff + j).fma(FloatVector.fromArray(FLOATS, y, yOff + j), acc0);
      acc1 = FloatVector.fromArray(FLOATS, x, xOff + j + LANES)
          .fma(FloatVector.fromArray(FLOATS, y, yOff + j + LANES), acc1);
    }
    if (j + LANES <= len) {
      acc0 = FloatVector.fromArray(FLOATS, x, xOff + j).fma(FloatVector.fromArray(FLOATS, y, yOff + j), acc0);
      j += LANES;
    }
    float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; j < len; j++) {
      s = Math.fma(x[xOff + j], y[yOff + j], s);
    }
    return s;
  }

  /** Σ x[off+j]² over j &lt; len, accumulated in float64. */
  static double sumOfSquares(float[] x, int off, int len) {
    Objects.checkFromIndexSize(off, len, x.length);
    return sumOfSquaresBody(x, off, len);
  }

  private static double sumOfSquaresBody(float[] x, int off, int len) {
    int step = HALF_FLOATS.length();
    DoubleVector acc = DoubleVector.zero(DOUBLES);
    int j = 0;
    for (int upper = HALF_FLOATS.loopBound(len); j < upper; j += step) {
      DoubleVector d = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, off + j)
          .convertShape(VectorOperators.F2D, DOUBLES, 0);
      acc = d.fma(d, acc);
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; j < len; j++) {
      double v = x[off + j];
      s = Math.fma(v, v, s);
    }
    return s;
  }

  /** out[outOff+j] = a[aOff+j] − b[bOff+j] for j &lt; len; out may alias a. */
  static void subtract(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
    Objects.checkFromIndexSize(aOff, len, a.length);
    Objects.checkFromIndexSize(bOff, len, b.length);
    Objects.checkFromIndexSize(outOff, len, out.length);
    int j = 0;
    for (int upper = FLOATS.loopBound(len); j < upper; j += LANES) {
      FloatVector.fromArray(FLOATS, a, aOff + j).sub(FloatVector.fromArray(FLOATS, b, bOff + j))
          .intoArray(out, outOff + j);
    }
    for (; j < len; j++) {
      out[outOff + j] = a[aOff + j] - b[bOff + j];
    }
  }
}

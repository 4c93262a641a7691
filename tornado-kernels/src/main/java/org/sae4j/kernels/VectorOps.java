package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
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

  // Lane rotations for sumLanes; static finals so that the compiler sees constant shuffles.
  private static final VectorShuffle<Float> FLOAT_BY_8 = rotation(FLOATS, 8);
  private static final VectorShuffle<Float> FLOAT_BY_4 = rotation(FLOATS, 4);
  private static final VectorShuffle<Float> FLOAT_BY_2 = rotation(FLOATS, 2);
  private static final VectorShuffle<Float> FLOAT_BY_1 = rotation(FLOATS, 1);
  private static final int DOUBLE_LANES = DOUBLES.length();
  private static final VectorShuffle<Double> DOUBLE_BY_4 = rotation(DOUBLES, 4);
  private static final VectorShuffle<Double> DOUBLE_BY_2 = rotation(DOUBLES, 2);
  private static final VectorShuffle<Double> DOUBLE_BY_1 = rotation(DOUBLES, 1);

  private VectorOps() {
  }

  /**
   * The sum of the lanes, always in the same pairwise order: lane i is added to lane i + L/2, then
   * i + L/4, and so on. {@code reduceLanes(ADD)} is not used because its order is unspecified and in practice
   * differs between the interpreter and compiled code, which would make results depend on JIT timing.
   */
  static float sumLanes(FloatVector v) {
    if (LANES > 8) {
      v = v.add(v.rearrange(FLOAT_BY_8));
    }
    if (LANES > 4) {
      v = v.add(v.rearrange(FLOAT_BY_4));
    }
    if (LANES > 2) {
      v = v.add(v.rearrange(FLOAT_BY_2));
    }
    if (LANES > 1) {
      v = v.add(v.rearrange(FLOAT_BY_1));
    }
    return v.lane(0);
  }

  /** As {@link #sumLanes(FloatVector)}, for doubles. */
  static double sumLanes(DoubleVector v) {
    if (DOUBLE_LANES > 4) {
      v = v.add(v.rearrange(DOUBLE_BY_4));
    }
    if (DOUBLE_LANES > 2) {
      v = v.add(v.rearrange(DOUBLE_BY_2));
    }
    if (DOUBLE_LANES > 1) {
      v = v.add(v.rearrange(DOUBLE_BY_1));
    }
    return v.lane(0);
  }

  private static <E> VectorShuffle<E> rotation(VectorSpecies<E> species, int by) {
    int lanes = species.length();
    return VectorShuffle.fromOp(species, i -> (i + by) % lanes);
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

  /**
   * y[yOff..yOff+len) += a0·x[x0..] + a1·x[x1..] + a2·x[x2..] + a3·x[x3..], rounding exactly like four
   * {@link #axpy} calls in that order, but reading the four source rows together, which lets the memory
   * system fetch them in parallel and touches y once. y is modified; the rows of x are not.
   */
  static void axpy4(float a0, float a1, float a2, float a3, float[] x, int x0, int x1, int x2, int x3, float[] y,
                    int yOff, int len) {
    Objects.checkFromIndexSize(x0, len, x.length);
    Objects.checkFromIndexSize(x1, len, x.length);
    Objects.checkFromIndexSize(x2, len, x.length);
    Objects.checkFromIndexSize(x3, len, x.length);
    Objects.checkFromIndexSize(yOff, len, y.length);
    axpy4Body(a0, a1, a2, a3, x, x0, x1, x2, x3, y, yOff, len);
  }

  private static void axpy4Body(float a0, float a1, float a2, float a3, float[] x, int x0, int x1, int x2, int x3,
                                float[] y, int yOff, int len) {
    FloatVector v0 = FloatVector.broadcast(FLOATS, a0);
    FloatVector v1 = FloatVector.broadcast(FLOATS, a1);
    FloatVector v2 = FloatVector.broadcast(FLOATS, a2);
    FloatVector v3 = FloatVector.broadcast(FLOATS, a3);
    int j = 0;
    for (int upper = FLOATS.loopBound(len); j < upper; j += LANES) {
      FloatVector acc = FloatVector.fromArray(FLOATS, y, yOff + j);
      acc = FloatVector.fromArray(FLOATS, x, x0 + j).fma(v0, acc);
      acc = FloatVector.fromArray(FLOATS, x, x1 + j).fma(v1, acc);
      acc = FloatVector.fromArray(FLOATS, x, x2 + j).fma(v2, acc);
      FloatVector.fromArray(FLOATS, x, x3 + j).fma(v3, acc).intoArray(y, yOff + j);
    }
    for (; j < len; j++) {
      float acc = Math.fma(x[x0 + j], a0, y[yOff + j]);
      acc = Math.fma(x[x1 + j], a1, acc);
      acc = Math.fma(x[x2 + j], a2, acc);
      y[yOff + j] = Math.fma(x[x3 + j], a3, acc);
    }
  }

  /**
   * The four dot products of rows x[x0..], x[x1..], x[x2..], x[x3..] with y[yOff..], each rounding exactly
   * like {@link #dot}, written to out[outOff..outOff+4) (modified).
   */
  static void dot4(float[] x, int x0, int x1, int x2, int x3, float[] y, int yOff, int len, float[] out,
                   int outOff) {
    Objects.checkFromIndexSize(x0, len, x.length);
    Objects.checkFromIndexSize(x1, len, x.length);
    Objects.checkFromIndexSize(x2, len, x.length);
    Objects.checkFromIndexSize(x3, len, x.length);
    Objects.checkFromIndexSize(yOff, len, y.length);
    Objects.checkFromIndexSize(outOff, 4, out.length);
    dot4Body(x, x0, x1, x2, x3, y, yOff, len, out, outOff);
  }

  private static void dot4Body(float[] x, int x0, int x1, int x2, int x3, float[] y, int yOff, int len,
                               float[] out, int outOff) {
    FloatVector a0 = FloatVector.zero(FLOATS);
    FloatVector b0 = a0;
    FloatVector a1 = a0;
    FloatVector b1 = a0;
    FloatVector a2 = a0;
    FloatVector b2 = a0;
    FloatVector a3 = a0;
    FloatVector b3 = a0;
    int j = 0;
    for (int upper = len - 2 * LANES; j <= upper; j += 2 * LANES) {
      FloatVector ya = FloatVector.fromArray(FLOATS, y, yOff + j);
      FloatVector yb = FloatVector.fromArray(FLOATS, y, yOff + j + LANES);
      a0 = FloatVector.fromArray(FLOATS, x, x0 + j).fma(ya, a0);
      b0 = FloatVector.fromArray(FLOATS, x, x0 + j + LANES).fma(yb, b0);
      a1 = FloatVector.fromArray(FLOATS, x, x1 + j).fma(ya, a1);
      b1 = FloatVector.fromArray(FLOATS, x, x1 + j + LANES).fma(yb, b1);
      a2 = FloatVector.fromArray(FLOATS, x, x2 + j).fma(ya, a2);
      b2 = FloatVector.fromArray(FLOATS, x, x2 + j + LANES).fma(yb, b2);
      a3 = FloatVector.fromArray(FLOATS, x, x3 + j).fma(ya, a3);
      b3 = FloatVector.fromArray(FLOATS, x, x3 + j + LANES).fma(yb, b3);
    }
    if (j + LANES <= len) {
      FloatVector ya = FloatVector.fromArray(FLOATS, y, yOff + j);
      a0 = FloatVector.fromArray(FLOATS, x, x0 + j).fma(ya, a0);
      a1 = FloatVector.fromArray(FLOATS, x, x1 + j).fma(ya, a1);
      a2 = FloatVector.fromArray(FLOATS, x, x2 + j).fma(ya, a2);
      a3 = FloatVector.fromArray(FLOATS, x, x3 + j).fma(ya, a3);
      j += LANES;
    }
    out[outOff] = finishDot(sumLanes(a0.add(b0)), x, x0, y, yOff, j, len);
    out[outOff + 1] = finishDot(sumLanes(a1.add(b1)), x, x1, y, yOff, j, len);
    out[outOff + 2] = finishDot(sumLanes(a2.add(b2)), x, x2, y, yOff, j, len);
    out[outOff + 3] = finishDot(sumLanes(a3.add(b3)), x, x3, y, yOff, j, len);
  }

  private static float finishDot(float s, float[] x, int xOff, float[] y, int yOff, int from, int len) {
    for (int j = from; j < len; j++) {
      s = Math.fma(x[xOff + j], y[yOff + j], s);
    }
    return s;
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
    return finishDot(sumLanes(acc0.add(acc1)), x, xOff, y, yOff, j, len);
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
    double s = sumLanes(acc);
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

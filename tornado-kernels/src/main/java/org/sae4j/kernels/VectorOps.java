package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise Vector API loops over contiguous float slices, used by the sparse kernels. Each public-facing method
 * checks its ranges once and delegates to a {@code …Body} method that runs the vector loop and a scalar tail. An
 * element's result is the same operation sequence (one fused multiply-add, or one subtraction, per term) whether
 * it falls in the vector loop or in the tail, so results do not depend on the vector width. The reductions,
 * whose grouping would, are in {@link Reductions}.
 */
final class VectorOps {

  /** The machine's preferred species; the elementwise loops and the GEMM tiles use it at its full width. */
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  static final int LANES = FLOATS.length();

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

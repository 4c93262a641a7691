package org.sae4j.kernels;

import static jdk.incubator.vector.VectorOperators.F2D;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JVM backend's reductions (dot products, sums of squares), each in one canonical order that depends only on
 * the length, so that a result is the same bits for any vector width (128-, 256- or 512-bit), thread count and
 * JIT state. The order is defined on <em>logical lanes</em>, independent accumulators that the hardware holds in
 * one, two or four vector registers:
 *
 * <ul>
 *   <li>{@link #dot}: {@value #DOT_LANES} float lanes starting at +0. Term j = x_j·y_j of the first
 *       32·⌊len/32⌋ goes into lane j mod 32 with one fused multiply-add, j ascending; if 16 or more terms
 *       remain, the next 16 go into lanes 0..15. The lanes are then combined by folding halves (lane i +=
 *       lane i+16 for i &lt; 16, then i += i+8, i+4, i+2, i+1), and the last len mod 16 terms are added to lane
 *       0 one fused multiply-add at a time, j ascending.</li>
 *   <li>{@link #sumOfSquares}: {@value #SQUARE_LANES} double lanes starting at +0. Term j = x_j² (x_j widened to
 *       double) of the first 8·⌊len/8⌋ goes into lane j mod 8 with one fused multiply-add; the lanes are folded
 *       (i += i+4, i+2, i+1), then the last len mod 8 terms are added one by one.</li>
 * </ul>
 *
 * <p>This is exactly what one 512-bit register per 16 float (8 double) lanes computes; with 256-bit vectors each
 * logical vector takes two registers and with 128-bit vectors four, and the first folds are plain additions of
 * registers. Wider hardware uses 512-bit vectors, narrower 128-bit ones (run by the Vector API's exact Java
 * fallback where the hardware has no such vectors). {@code reduceLanes(ADD)} is never used: its order is
 * unspecified and in practice differs between interpreted and compiled code.
 */
final class Reductions {

  /** Logical float lanes of a dot product. */
  static final int DOT_LANES = 32;
  /** Logical double lanes of a sum of squares. */
  static final int SQUARE_LANES = 8;
  private static final int HALF_DOT = DOT_LANES / 2;

  private static final VectorShape SHAPE = shape(FloatVector.SPECIES_PREFERRED.vectorBitSize());
  private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHAPE);
  /** Float lanes per register: 16, 8 or 4. */
  private static final int H = FLOATS.length();
  /** Registers per 16-lane logical vector: 1, 2 or 4. */
  private static final int PARTS = HALF_DOT / H;
  private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SHAPE);
  /** Double lanes per register: 8, 4 or 2. */
  private static final int D = DOUBLES.length();
  /** Floats species with as many lanes as {@link #DOUBLES}, so one load converts into one double vector. */
  private static final VectorSpecies<Float> HALF_FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(SHAPE.vectorBitSize() / 2));

  // Lane rotations for the in-register folds; static finals so that the compiler sees constant shuffles.
  private static final VectorShuffle<Float> FLOAT_BY_8 = rotation(FLOATS, 8);
  private static final VectorShuffle<Float> FLOAT_BY_4 = rotation(FLOATS, 4);
  private static final VectorShuffle<Float> FLOAT_BY_2 = rotation(FLOATS, 2);
  private static final VectorShuffle<Float> FLOAT_BY_1 = rotation(FLOATS, 1);
  private static final VectorShuffle<Double> DOUBLE_BY_4 = rotation(DOUBLES, 4);
  private static final VectorShuffle<Double> DOUBLE_BY_2 = rotation(DOUBLES, 2);
  private static final VectorShuffle<Double> DOUBLE_BY_1 = rotation(DOUBLES, 1);

  private Reductions() {
  }

  /** The register width the reductions use, in bits: 128, 256 or 512. */
  static int vectorBitSize() {
    return SHAPE.vectorBitSize();
  }

  private static VectorShape shape(int preferredBits) {
    int bits = preferredBits >= 512 ? 512 : preferredBits >= 256 ? 256 : 128;
    return VectorShape.forBitSize(bits);
  }

  private static <E> VectorShuffle<E> rotation(VectorSpecies<E> species, int by) {
    int lanes = species.length();
    return VectorShuffle.fromOp(species, i -> (i + by) % lanes);
  }

  /** Folds one register's lanes (i += i + H/2, …, i + 1) and returns lane 0. */
  static float foldLanes(FloatVector v) {
    if (H > 8) {
      v = v.add(v.rearrange(FLOAT_BY_8));
    }
    if (H > 4) {
      v = v.add(v.rearrange(FLOAT_BY_4));
    }
    v = v.add(v.rearrange(FLOAT_BY_2));
    v = v.add(v.rearrange(FLOAT_BY_1));
    return v.lane(0);
  }

  /** As {@link #foldLanes(FloatVector)}, for doubles. */
  private static double foldLanes(DoubleVector v) {
    if (D > 4) {
      v = v.add(v.rearrange(DOUBLE_BY_4));
    }
    if (D > 2) {
      v = v.add(v.rearrange(DOUBLE_BY_2));
    }
    v = v.add(v.rearrange(DOUBLE_BY_1));
    return v.lane(0);
  }

  /** Σ x[xOff+j] · y[yOff+j] over j &lt; len in the canonical order. */
  static float dot(float[] x, int xOff, float[] y, int yOff, int len) {
    Objects.checkFromIndexSize(xOff, len, x.length);
    Objects.checkFromIndexSize(yOff, len, y.length);
    return dotBody(x, xOff, y, yOff, len);
  }

  private static float dotBody(float[] x, int xOff, float[] y, int yOff, int len) {
    float lanes = switch (PARTS) {
      case 1 -> dotLanes1(x, xOff, y, yOff, len);
      case 2 -> dotLanes2(x, xOff, y, yOff, len);
      default -> dotLanes4(x, xOff, y, yOff, len);
    };
    return finishDot(lanes, x, xOff, y, yOff, len & -HALF_DOT, len);
  }

  // The loops below spell out every load rather than calling a helper with vector arguments: where C2 does not
  // inline such a helper, its vectors are boxed on every call, which made a sum of squares several times slower.

  /** The folded logical lanes of a dot product with 16-lane registers: a = lanes 0..15, b = lanes 16..31. */
  private static float dotLanes1(float[] x, int xOff, float[] y, int yOff, int len) {
    FloatVector a = FloatVector.zero(FLOATS);
    FloatVector b = a;
    int j = 0;
    for (int upper = len - DOT_LANES; j <= upper; j += DOT_LANES) {
      int xj = xOff + j;
      int yj = yOff + j;
      a = FloatVector.fromArray(FLOATS, x, xj).fma(FloatVector.fromArray(FLOATS, y, yj), a);
      b = FloatVector.fromArray(FLOATS, x, xj + H).fma(FloatVector.fromArray(FLOATS, y, yj + H), b);
    }
    if (j + HALF_DOT <= len) {
      a = FloatVector.fromArray(FLOATS, x, xOff + j).fma(FloatVector.fromArray(FLOATS, y, yOff + j), a);
    }
    return foldLanes(a.add(b));
  }

  /** As {@link #dotLanes1} with 8-lane registers: a0, a1 = lanes 0..15, b0, b1 = lanes 16..31. */
  private static float dotLanes2(float[] x, int xOff, float[] y, int yOff, int len) {
    FloatVector a0 = FloatVector.zero(FLOATS);
    FloatVector a1 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    int j = 0;
    for (int upper = len - DOT_LANES; j <= upper; j += DOT_LANES) {
      int xj = xOff + j;
      int yj = yOff + j;
      a0 = FloatVector.fromArray(FLOATS, x, xj).fma(FloatVector.fromArray(FLOATS, y, yj), a0);
      a1 = FloatVector.fromArray(FLOATS, x, xj + H).fma(FloatVector.fromArray(FLOATS, y, yj + H), a1);
      b0 = FloatVector.fromArray(FLOATS, x, xj + 2 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 2 * H), b0);
      b1 = FloatVector.fromArray(FLOATS, x, xj + 3 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 3 * H), b1);
    }
    if (j + HALF_DOT <= len) {
      int xj = xOff + j;
      int yj = yOff + j;
      a0 = FloatVector.fromArray(FLOATS, x, xj).fma(FloatVector.fromArray(FLOATS, y, yj), a0);
      a1 = FloatVector.fromArray(FLOATS, x, xj + H).fma(FloatVector.fromArray(FLOATS, y, yj + H), a1);
    }
    // Fold by 16 (a + b), then by 8 (first register + second), then in the register.
    return foldLanes(a0.add(b0).add(a1.add(b1)));
  }

  /** As {@link #dotLanes1} with 4-lane registers: a0..a3 = lanes 0..15, b0..b3 = lanes 16..31. */
  private static float dotLanes4(float[] x, int xOff, float[] y, int yOff, int len) {
    FloatVector a0 = FloatVector.zero(FLOATS);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector b2 = a0;
    FloatVector b3 = a0;
    int j = 0;
    for (int upper = len - DOT_LANES; j <= upper; j += DOT_LANES) {
      int xj = xOff + j;
      int yj = yOff + j;
      a0 = FloatVector.fromArray(FLOATS, x, xj).fma(FloatVector.fromArray(FLOATS, y, yj), a0);
      a1 = FloatVector.fromArray(FLOATS, x, xj + H).fma(FloatVector.fromArray(FLOATS, y, yj + H), a1);
      a2 = FloatVector.fromArray(FLOATS, x, xj + 2 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 2 * H), a2);
      a3 = FloatVector.fromArray(FLOATS, x, xj + 3 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 3 * H), a3);
      b0 = FloatVector.fromArray(FLOATS, x, xj + 4 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 4 * H), b0);
      b1 = FloatVector.fromArray(FLOATS, x, xj + 5 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 5 * H), b1);
      b2 = FloatVector.fromArray(FLOATS, x, xj + 6 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 6 * H), b2);
      b3 = FloatVector.fromArray(FLOATS, x, xj + 7 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 7 * H), b3);
    }
    if (j + HALF_DOT <= len) {
      int xj = xOff + j;
      int yj = yOff + j;
      a0 = FloatVector.fromArray(FLOATS, x, xj).fma(FloatVector.fromArray(FLOATS, y, yj), a0);
      a1 = FloatVector.fromArray(FLOATS, x, xj + H).fma(FloatVector.fromArray(FLOATS, y, yj + H), a1);
      a2 = FloatVector.fromArray(FLOATS, x, xj + 2 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 2 * H), a2);
      a3 = FloatVector.fromArray(FLOATS, x, xj + 3 * H).fma(FloatVector.fromArray(FLOATS, y, yj + 3 * H), a3);
    }
    // Fold by 16 (c = a + b), by 8 (c0 + c2, c1 + c3), by 4 (their sum), then in the register.
    FloatVector c0 = a0.add(b0);
    FloatVector c1 = a1.add(b1);
    FloatVector c2 = a2.add(b2);
    FloatVector c3 = a3.add(b3);
    return foldLanes(c0.add(c2).add(c1.add(c3)));
  }

  /** Adds the terms [from, len) of a dot product to s one fused multiply-add at a time, j ascending. */
  static float finishDot(float s, float[] x, int xOff, float[] y, int yOff, int from, int len) {
    for (int j = from; j < len; j++) {
      s = Math.fma(x[xOff + j], y[yOff + j], s);
    }
    return s;
  }

  /**
   * The four dot products of rows x[x0..], x[x1..], x[x2..], x[x3..] with y[yOff..], each the same bits as
   * {@link #dot}, written to out[outOff..outOff+4) (modified). With 512-bit vectors the four rows are read
   * together, which lets the memory system fetch them in parallel and reads y once; with narrower vectors the
   * four rows' accumulators would not fit the register file, so they are taken one at a time.
   */
  static void dot4(float[] x, int x0, int x1, int x2, int x3, float[] y, int yOff, int len, float[] out,
                   int outOff) {
    Objects.checkFromIndexSize(x0, len, x.length);
    Objects.checkFromIndexSize(x1, len, x.length);
    Objects.checkFromIndexSize(x2, len, x.length);
    Objects.checkFromIndexSize(x3, len, x.length);
    Objects.checkFromIndexSize(yOff, len, y.length);
    Objects.checkFromIndexSize(outOff, 4, out.length);
    if (PARTS == 1) {
      dot4Body(x, x0, x1, x2, x3, y, yOff, len, out, outOff);
    } else {
      out[outOff] = dotBody(x, x0, y, yOff, len);
      out[outOff + 1] = dotBody(x, x1, y, yOff, len);
      out[outOff + 2] = dotBody(x, x2, y, yOff, len);
      out[outOff + 3] = dotBody(x, x3, y, yOff, len);
    }
  }

  /** Four {@link #dotLanes1} at once, each finished like {@link #dotBody}. */
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
    for (int upper = len - DOT_LANES; j <= upper; j += DOT_LANES) {
      FloatVector ya = FloatVector.fromArray(FLOATS, y, yOff + j);
      FloatVector yb = FloatVector.fromArray(FLOATS, y, yOff + j + H);
      a0 = FloatVector.fromArray(FLOATS, x, x0 + j).fma(ya, a0);
      b0 = FloatVector.fromArray(FLOATS, x, x0 + j + H).fma(yb, b0);
      a1 = FloatVector.fromArray(FLOATS, x, x1 + j).fma(ya, a1);
      b1 = FloatVector.fromArray(FLOATS, x, x1 + j + H).fma(yb, b1);
      a2 = FloatVector.fromArray(FLOATS, x, x2 + j).fma(ya, a2);
      b2 = FloatVector.fromArray(FLOATS, x, x2 + j + H).fma(yb, b2);
      a3 = FloatVector.fromArray(FLOATS, x, x3 + j).fma(ya, a3);
      b3 = FloatVector.fromArray(FLOATS, x, x3 + j + H).fma(yb, b3);
    }
    if (j + HALF_DOT <= len) {
      FloatVector ya = FloatVector.fromArray(FLOATS, y, yOff + j);
      a0 = FloatVector.fromArray(FLOATS, x, x0 + j).fma(ya, a0);
      a1 = FloatVector.fromArray(FLOATS, x, x1 + j).fma(ya, a1);
      a2 = FloatVector.fromArray(FLOATS, x, x2 + j).fma(ya, a2);
      a3 = FloatVector.fromArray(FLOATS, x, x3 + j).fma(ya, a3);
      j += H;
    }
    out[outOff] = finishDot(foldLanes(a0.add(b0)), x, x0, y, yOff, j, len);
    out[outOff + 1] = finishDot(foldLanes(a1.add(b1)), x, x1, y, yOff, j, len);
    out[outOff + 2] = finishDot(foldLanes(a2.add(b2)), x, x2, y, yOff, j, len);
    out[outOff + 3] = finishDot(foldLanes(a3.add(b3)), x, x3, y, yOff, j, len);
  }

  /** Σ x[off+j]² over j &lt; len, accumulated in float64 in the canonical order. */
  static double sumOfSquares(float[] x, int off, int len) {
    Objects.checkFromIndexSize(off, len, x.length);
    return sumOfSquaresBody(x, off, len);
  }

  private static double sumOfSquaresBody(float[] x, int off, int len) {
    double s = switch (PARTS) {
      case 1 -> squareLanes1(x, off, len);
      case 2 -> squareLanes2(x, off, len);
      default -> squareLanes4(x, off, len);
    };
    for (int j = len & -SQUARE_LANES; j < len; j++) {
      double v = x[off + j];
      s = Math.fma(v, v, s);
    }
    return s;
  }

  /** The folded logical lanes of a sum of squares with 8-lane double registers. */
  private static double squareLanes1(float[] x, int off, int len) {
    DoubleVector a = DoubleVector.zero(DOUBLES);
    for (int j = 0, upper = len - SQUARE_LANES; j <= upper; j += SQUARE_LANES) {
      DoubleVector d = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, off + j).convertShape(F2D, DOUBLES, 0);
      a = d.fma(d, a);
    }
    return foldLanes(a);
  }

  /** As {@link #squareLanes1} with 4-lane registers: a0 = lanes 0..3, a1 = lanes 4..7. */
  private static double squareLanes2(float[] x, int off, int len) {
    DoubleVector a0 = DoubleVector.zero(DOUBLES);
    DoubleVector a1 = a0;
    for (int j = 0, upper = len - SQUARE_LANES; j <= upper; j += SQUARE_LANES) {
      int xj = off + j;
      DoubleVector d0 = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, xj).convertShape(F2D, DOUBLES, 0);
      DoubleVector d1 = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, xj + D).convertShape(F2D, DOUBLES, 0);
      a0 = d0.fma(d0, a0);
      a1 = d1.fma(d1, a1);
    }
    return foldLanes(a0.add(a1));
  }

  /** As {@link #squareLanes1} with 2-lane registers: a0..a3 = lanes 0..1, 2..3, 4..5, 6..7. */
  private static double squareLanes4(float[] x, int off, int len) {
    DoubleVector a0 = DoubleVector.zero(DOUBLES);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    for (int j = 0, upper = len - SQUARE_LANES; j <= upper; j += SQUARE_LANES) {
      int xj = off + j;
      DoubleVector d0 = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, xj).convertShape(F2D, DOUBLES, 0);
      DoubleVector d1 = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, xj + D).convertShape(F2D, DOUBLES, 0);
      DoubleVector d2 = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, xj + 2 * D)
          .convertShape(F2D, DOUBLES, 0);
      DoubleVector d3 = (DoubleVector) FloatVector.fromArray(HALF_FLOATS, x, xj + 3 * D)
          .convertShape(F2D, DOUBLES, 0);
      a0 = d0.fma(d0, a0);
      a1 = d1.fma(d1, a1);
      a2 = d2.fma(d2, a2);
      a3 = d3.fma(d3, a3);
    }
    // Fold by 4 (a0 + a2, a1 + a3), by 2 (their sum), then in the register.
    return foldLanes(a0.add(a2).add(a1.add(a3)));
  }
}

package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every dot product W_d,i·e_t of a block of residual rows with every decoder row, each the same bits as
 * {@link Reductions#dot}: the dense form of the sparse decoder's per-pair dots, for batches where most pairs are
 * active. A micro-tile of 2 rows × 4 features keeps each product's two 16-lane halves of {@link Reductions}' 32
 * logical lanes in registers, so each loaded slice of e_t serves four features and each slice of W_d,i two rows.
 * Written for one 16-lane register per logical half ({@link #available()}); other widths keep the per-pair dots.
 */
final class DenseDots {

  private static final VectorSpecies<Float> S = VectorOps.FLOATS;
  private static final int H = 16;
  private static final int LANES = 2 * H;

  private DenseDots() {
  }

  /** Whether this JVM's vectors have the 16 float lanes the tile is written for. */
  static boolean available() {
    return VectorOps.LANES == H && Reductions.vectorBitSize() == 512;
  }

  /**
   * out[(t − t0)·m + i] = W_d,i·e_t for t in [t0, t1), i &lt; m, with e_t = residual[t·n ..], W_d,i =
   * decoderWeight[i·n ..]. Only {@code out} is modified.
   */
  static void all(float[] decoderWeight, int m, float[] residual, int t0, int t1, int n, float[] out) {
    if (!available()) {
      throw new IllegalStateException("the dense dots need 16 float lanes, this JVM has " + VectorOps.LANES);
    }
    Objects.checkFromIndexSize(0, m * n, decoderWeight.length);
    Objects.checkFromToIndex(t0 * n, t1 * n, residual.length);
    Objects.checkFromIndexSize(0, (t1 - t0) * m, out.length);
    int pairedRows = t0 + (t1 - t0) / 2 * 2;
    int tiledFeatures = m / 4 * 4;
    for (int t = t0; t < pairedRows; t += 2) {
      for (int i = 0; i < tiledFeatures; i += 4) {
        tile(decoderWeight, i, residual, t, n, out, (t - t0) * m + i, m);
      }
    }
    for (int t = t0; t < t1; t++) {
      int from = t < pairedRows ? tiledFeatures : 0;
      for (int i = from; i < m; i++) {
        out[(t - t0) * m + i] = Reductions.dot(decoderWeight, i * n, residual, t * n, n);
      }
    }
  }

  /** Rows t, t + 1 against features i .. i + 3, written at out[o ..] and out[o + m ..]. */
  private static void tile(float[] w, int i, float[] e, int t, int n, float[] out, int o, int m) {
    int w0 = i * n;
    int w1 = w0 + n;
    int w2 = w1 + n;
    int w3 = w2 + n;
    int e0 = t * n;
    int e1 = e0 + n;
    FloatVector a00 = FloatVector.zero(S);
    FloatVector b00 = a00;
    FloatVector a01 = a00;
    FloatVector b01 = a00;
    FloatVector a02 = a00;
    FloatVector b02 = a00;
    FloatVector a03 = a00;
    FloatVector b03 = a00;
    FloatVector a10 = a00;
    FloatVector b10 = a00;
    FloatVector a11 = a00;
    FloatVector b11 = a00;
    FloatVector a12 = a00;
    FloatVector b12 = a00;
    FloatVector a13 = a00;
    FloatVector b13 = a00;
    int j = 0;
    for (int upper = n - LANES; j <= upper; j += LANES) {
      FloatVector ya0 = FloatVector.fromArray(S, e, e0 + j);
      FloatVector yb0 = FloatVector.fromArray(S, e, e0 + j + H);
      FloatVector ya1 = FloatVector.fromArray(S, e, e1 + j);
      FloatVector yb1 = FloatVector.fromArray(S, e, e1 + j + H);
      FloatVector wa = FloatVector.fromArray(S, w, w0 + j);
      FloatVector wb = FloatVector.fromArray(S, w, w0 + j + H);
      a00 = wa.fma(ya0, a00);
      b00 = wb.fma(yb0, b00);
      a10 = wa.fma(ya1, a10);
      b10 = wb.fma(yb1, b10);
      wa = FloatVector.fromArray(S, w, w1 + j);
      wb = FloatVector.fromArray(S, w, w1 + j + H);
      a01 = wa.fma(ya0, a01);
      b01 = wb.fma(yb0, b01);
      a11 = wa.fma(ya1, a11);
      b11 = wb.fma(yb1, b11);
      wa = FloatVector.fromArray(S, w, w2 + j);
      wb = FloatVector.fromArray(S, w, w2 + j + H);
      a02 = wa.fma(ya0, a02);
      b02 = wb.fma(yb0, b02);
      a12 = wa.fma(ya1, a12);
      b12 = wb.fma(yb1, b12);
      wa = FloatVector.fromArray(S, w, w3 + j);
      wb = FloatVector.fromArray(S, w, w3 + j + H);
      a03 = wa.fma(ya0, a03);
      b03 = wb.fma(yb0, b03);
      a13 = wa.fma(ya1, a13);
      b13 = wb.fma(yb1, b13);
    }
    if (j + H <= n) {
      FloatVector ya0 = FloatVector.fromArray(S, e, e0 + j);
      FloatVector ya1 = FloatVector.fromArray(S, e, e1 + j);
      FloatVector wa = FloatVector.fromArray(S, w, w0 + j);
      a00 = wa.fma(ya0, a00);
      a10 = wa.fma(ya1, a10);
      wa = FloatVector.fromArray(S, w, w1 + j);
      a01 = wa.fma(ya0, a01);
      a11 = wa.fma(ya1, a11);
      wa = FloatVector.fromArray(S, w, w2 + j);
      a02 = wa.fma(ya0, a02);
      a12 = wa.fma(ya1, a12);
      wa = FloatVector.fromArray(S, w, w3 + j);
      a03 = wa.fma(ya0, a03);
      a13 = wa.fma(ya1, a13);
      j += H;
    }
    out[o] = Reductions.finishDot(Reductions.foldLanes(a00.add(b00)), w, w0, e, e0, j, n);
    out[o + 1] = Reductions.finishDot(Reductions.foldLanes(a01.add(b01)), w, w1, e, e0, j, n);
    out[o + 2] = Reductions.finishDot(Reductions.foldLanes(a02.add(b02)), w, w2, e, e0, j, n);
    out[o + 3] = Reductions.finishDot(Reductions.foldLanes(a03.add(b03)), w, w3, e, e0, j, n);
    out[o + m] = Reductions.finishDot(Reductions.foldLanes(a10.add(b10)), w, w0, e, e1, j, n);
    out[o + m + 1] = Reductions.finishDot(Reductions.foldLanes(a11.add(b11)), w, w1, e, e1, j, n);
    out[o + m + 2] = Reductions.finishDot(Reductions.foldLanes(a12.add(b12)), w, w2, e, e1, j, n);
    out[o + m + 3] = Reductions.finishDot(Reductions.foldLanes(a13.add(b13)), w, w3, e, e1, j, n);
  }
}

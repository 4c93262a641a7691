package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernel of the encoder product C = X·W_eᵀ and the packing routines that feed it.
 *
 * <p>Both operands are packed so that the kernel reads two sequential streams: a <em>row panel</em> holds
 * {@value #ROWS} rows of X interleaved by column ({@code [j][r]}), a <em>feature panel</em> holds {@link #COLS}
 * rows of W_e interleaved by column ({@code [j][c]}). For each j the kernel broadcasts the {@value #ROWS}
 * values X[r, j] and multiplies them into two vectors of W_e[·, j], accumulating a {@value #ROWS} ×
 * {@link #COLS} block of C in eight vector registers, so no horizontal reductions are needed. Each element of
 * C is the sum over j in ascending order, one fused multiply-add per term, whatever the blocking around it.
 * Panels are zero-padded past the last row or feature, so the kernel has no tails.
 */
final class GemmKernel {

  private static final VectorSpecies<Float> S = VectorOps.FLOATS;
  private static final int L = VectorOps.LANES;
  /** Rows of X per micro-tile. */
  static final int ROWS = 4;
  /** Features per micro-tile: two vectors. */
  static final int COLS = 2 * L;

  private GemmKernel() {
  }

  /**
   * Packs rows [row0, row0 + count) of the row-major {@code x} (width n) into one row panel at
   * {@code panel[off ..  off + ROWS·n)}, zero-filling rows past {@code count}. {@code panel} is modified.
   */
  static void packRows(float[] x, int row0, int count, int n, float[] panel, int off) {
    Objects.checkFromIndexSize(off, ROWS * n, panel.length);
    if (count < 0 || count > ROWS) {
      throw new IllegalArgumentException("row count " + count + " is not in [0, " + ROWS + "]");
    }
    Objects.checkFromIndexSize(row0 * n, count * n, x.length);
    for (int r = 0; r < ROWS; r++) {
      int dst = off + r;
      if (r < count) {
        int src = (row0 + r) * n;
        for (int j = 0; j < n; j++) {
          panel[dst + j * ROWS] = x[src + j];
        }
      } else {
        for (int j = 0; j < n; j++) {
          panel[dst + j * ROWS] = 0f;
        }
      }
    }
  }

  /**
   * Packs features [f0, f0 + count) of the row-major {@code w} (m × n) into one feature panel at
   * {@code panel[off .. off + COLS·n)}, zero-filling features past {@code count}. {@code panel} is modified.
   */
  static void packFeatures(float[] w, int f0, int count, int n, float[] panel, int off) {
    Objects.checkFromIndexSize(off, COLS * n, panel.length);
    if (count < 0 || count > COLS) {
      throw new IllegalArgumentException("feature count " + count + " is not in [0, " + COLS + "]");
    }
    Objects.checkFromIndexSize(f0 * n, count * n, w.length);
    for (int c = 0; c < COLS; c++) {
      int dst = off + c;
      if (c < count) {
        int src = (f0 + c) * n;
        for (int j = 0; j < n; j++) {
          panel[dst + j * COLS] = w[src + j];
        }
      } else {
        for (int j = 0; j < n; j++) {
          panel[dst + j * COLS] = 0f;
        }
      }
    }
  }

  /**
   * Computes the {@value #ROWS} × {@link #COLS} block C[r][c] = Σ_{j0 ≤ j &lt; j0 + k} rows[j][r] ·
   * features[j][c] of the panels starting at {@code rOff} and {@code fOff} and stores it at
   * {@code c[cOff + r·ldc + c]}; with {@code accumulate} the sum starts from the block's current value
   * instead of zero, so splitting the j range into consecutive calls gives the same bits as one call. Only
   * {@code c} is modified.
   *
   * @param n the panels' length (the full inner dimension)
   */
  static void multiply(float[] rows, int rOff, float[] features, int fOff, int n, int j0, int k, float[] c,
                       int cOff, int ldc, boolean accumulate) {
    Objects.checkFromIndexSize(rOff, ROWS * n, rows.length);
    Objects.checkFromIndexSize(fOff, COLS * n, features.length);
    Objects.checkFromIndexSize(j0, k, n);
    if (ldc < COLS) {
      throw new IllegalArgumentException("ldc " + ldc + " is smaller than the tile width " + COLS);
    }
    Objects.checkFromIndexSize(cOff, (ROWS - 1) * ldc + COLS, c.length);
    multiplyBody(rows, rOff + j0 * ROWS, features, fOff + j0 * COLS, k, c, cOff, ldc, accumulate);
  }

  private static void multiplyBody(float[] xp, int xo, float[] wp, int wo, int n, float[] c, int co, int ldc,
                                   boolean accumulate) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c10;
    FloatVector c11;
    FloatVector c20;
    FloatVector c21;
    FloatVector c30;
    FloatVector c31;
    if (accumulate) {
      c00 = FloatVector.fromArray(S, c, co);
      c01 = FloatVector.fromArray(S, c, co + L);
      c10 = FloatVector.fromArray(S, c, co + ldc);
      c11 = FloatVector.fromArray(S, c, co + ldc + L);
      c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
      c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
      c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
      c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
    } else {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
    }
    for (int j = 0; j < n; j++) {
      int xi = xo + j * ROWS;
      int wi = wo + j * COLS;
      FloatVector w0 = FloatVector.fromArray(S, wp, wi);
      FloatVector w1 = FloatVector.fromArray(S, wp, wi + L);
      FloatVector x = FloatVector.broadcast(S, xp[xi]);
      c00 = x.fma(w0, c00);
      c01 = x.fma(w1, c01);
      x = FloatVector.broadcast(S, xp[xi + 1]);
      c10 = x.fma(w0, c10);
      c11 = x.fma(w1, c11);
      x = FloatVector.broadcast(S, xp[xi + 2]);
      c20 = x.fma(w0, c20);
      c21 = x.fma(w1, c21);
      x = FloatVector.broadcast(S, xp[xi + 3]);
      c30 = x.fma(w0, c30);
      c31 = x.fma(w1, c31);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + L);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + L);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + L);
  }
}

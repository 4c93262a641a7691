package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernel of the encoder product C = X·W_eᵀ and the packing routines that feed it.
 *
 * <p>Both operands are packed so that the kernel reads two sequential streams: a <em>row panel</em> holds
 * {@link #ROWS} rows of X interleaved by column ({@code [j][r]}), a <em>feature panel</em> holds {@link #COLS}
 * rows of W_e interleaved by column ({@code [j][c]}). For each j the kernel broadcasts the {@link #ROWS}
 * values X[r, j] and multiplies them into the vectors of W_e[·, j], accumulating a {@link #ROWS} ×
 * {@link #COLS} block of C in vector registers, so no horizontal reductions are needed. Each element of C is
 * the sum over j in ascending order, one fused multiply-add per term, whatever the tile shape and the blocking
 * around it, so the tile is chosen for speed alone and the bits do not depend on it. Panels are zero-padded
 * past the last row or feature, so the kernel has no tails.
 *
 * <p>The tile shape is chosen from the vector width. Keeping two FMA pipes of 4-cycle latency busy needs at
 * least 8 independent accumulators; with exactly 8 any stall of a load shows up as lost FMA slots.
 * <ul>
 *   <li>512-bit vectors (AVX-512, which always comes with 32 vector registers): 6 rows × 4 vectors, 24
 *       accumulators plus 4 W_e vectors and 1 broadcast = 29 registers, and 10 loads per 24 FMAs. Measured on a
 *       Zen 5 (one thread, CPU time, the encoder's blocking at n = 768): 6 × 4 reached about 1.45 × the 4 × 2
 *       tile's rate, 8 × 3 (24 accumulators, 11 loads per 24 FMAs) was no better than 6 × 4.</li>
 *   <li>Narrower vectors (AVX2 with 16 registers, NEON, or {@code -XX:MaxVectorSize} below 64 bytes): 4 rows ×
 *       2 vectors, 8 accumulators + 2 + 1 = 11 registers, which never spills with 16.</li>
 * </ul>
 */
final class GemmKernel {

  private static final VectorSpecies<Float> S = VectorOps.FLOATS;
  private static final int L = VectorOps.LANES;
  /** Whether the vectors are 512 bits wide (32 registers), so the wide 6 × 4 tile fits the register file. */
  static final boolean WIDE = S.vectorBitSize() >= 512;
  /** Rows of X per micro-tile. */
  static final int ROWS = WIDE ? 6 : 4;
  /** Vectors of features per micro-tile. */
  private static final int VECTORS = WIDE ? 4 : 2;
  /** Features per micro-tile. */
  static final int COLS = VECTORS * L;

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
    int src = row0 * n;
    // Column by column, so the panel is written sequentially.
    for (int j = 0; j < n; j++) {
      int dst = off + j * ROWS;
      for (int r = 0; r < count; r++) {
        panel[dst + r] = x[src + r * n + j];
      }
      for (int r = count; r < ROWS; r++) {
        panel[dst + r] = 0f;
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
    int src = f0 * n;
    // Column by column, so the panel is written sequentially while the COLS rows being read stay in L1 (one cache
    // line each per 16 columns); row by row, each store went to a different cache line of the panel.
    for (int j = 0; j < n; j++) {
      int dst = off + j * COLS;
      for (int c = 0; c < count; c++) {
        panel[dst + c] = w[src + c * n + j];
      }
      for (int c = count; c < COLS; c++) {
        panel[dst + c] = 0f;
      }
    }
  }

  /**
   * Computes the {@link #ROWS} × {@link #COLS} block C[r][c] = Σ_{j0 ≤ j &lt; j0 + k} rows[j][r] ·
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
    // WIDE is a constant, so the JIT keeps only one of the two kernels.
    if (WIDE) {
      multiply6x4(rows, rOff + j0 * ROWS, features, fOff + j0 * COLS, k, c, cOff, ldc, accumulate);
    } else {
      multiply4x2(rows, rOff + j0 * ROWS, features, fOff + j0 * COLS, k, c, cOff, ldc, accumulate);
    }
  }

  /** The 4 × 2-vector tile: eight accumulators, for 16-register machines. */
  private static void multiply4x2(float[] xp, int xo, float[] wp, int wo, int n, float[] c, int co, int ldc,
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
      int xi = xo + j * 4;
      int wi = wo + j * 2 * L;
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

  /**
   * The 6 × 4-vector tile: 24 accumulators, for 32-register (AVX-512) machines. Written out accumulator by
   * accumulator: C2 keeps named vector locals in registers, whereas an array of vectors stays a heap object in
   * the loop.
   */
  private static void multiply6x4(float[] xp, int xo, float[] wp, int wo, int n, float[] c, int co, int ldc,
                                  boolean accumulate) {
    FloatVector c00;
    FloatVector c01;
    FloatVector c02;
    FloatVector c03;
    FloatVector c10;
    FloatVector c11;
    FloatVector c12;
    FloatVector c13;
    FloatVector c20;
    FloatVector c21;
    FloatVector c22;
    FloatVector c23;
    FloatVector c30;
    FloatVector c31;
    FloatVector c32;
    FloatVector c33;
    FloatVector c40;
    FloatVector c41;
    FloatVector c42;
    FloatVector c43;
    FloatVector c50;
    FloatVector c51;
    FloatVector c52;
    FloatVector c53;
    if (accumulate) {
      int o = co;
      c00 = FloatVector.fromArray(S, c, o);
      c01 = FloatVector.fromArray(S, c, o + L);
      c02 = FloatVector.fromArray(S, c, o + 2 * L);
      c03 = FloatVector.fromArray(S, c, o + 3 * L);
      o += ldc;
      c10 = FloatVector.fromArray(S, c, o);
      c11 = FloatVector.fromArray(S, c, o + L);
      c12 = FloatVector.fromArray(S, c, o + 2 * L);
      c13 = FloatVector.fromArray(S, c, o + 3 * L);
      o += ldc;
      c20 = FloatVector.fromArray(S, c, o);
      c21 = FloatVector.fromArray(S, c, o + L);
      c22 = FloatVector.fromArray(S, c, o + 2 * L);
      c23 = FloatVector.fromArray(S, c, o + 3 * L);
      o += ldc;
      c30 = FloatVector.fromArray(S, c, o);
      c31 = FloatVector.fromArray(S, c, o + L);
      c32 = FloatVector.fromArray(S, c, o + 2 * L);
      c33 = FloatVector.fromArray(S, c, o + 3 * L);
      o += ldc;
      c40 = FloatVector.fromArray(S, c, o);
      c41 = FloatVector.fromArray(S, c, o + L);
      c42 = FloatVector.fromArray(S, c, o + 2 * L);
      c43 = FloatVector.fromArray(S, c, o + 3 * L);
      o += ldc;
      c50 = FloatVector.fromArray(S, c, o);
      c51 = FloatVector.fromArray(S, c, o + L);
      c52 = FloatVector.fromArray(S, c, o + 2 * L);
      c53 = FloatVector.fromArray(S, c, o + 3 * L);
    } else {
      c00 = FloatVector.zero(S);
      c01 = c00;
      c02 = c00;
      c03 = c00;
      c10 = c00;
      c11 = c00;
      c12 = c00;
      c13 = c00;
      c20 = c00;
      c21 = c00;
      c22 = c00;
      c23 = c00;
      c30 = c00;
      c31 = c00;
      c32 = c00;
      c33 = c00;
      c40 = c00;
      c41 = c00;
      c42 = c00;
      c43 = c00;
      c50 = c00;
      c51 = c00;
      c52 = c00;
      c53 = c00;
    }
    for (int j = 0; j < n; j++) {
      int xi = xo + j * 6;
      int wi = wo + j * 4 * L;
      FloatVector w0 = FloatVector.fromArray(S, wp, wi);
      FloatVector w1 = FloatVector.fromArray(S, wp, wi + L);
      FloatVector w2 = FloatVector.fromArray(S, wp, wi + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, wp, wi + 3 * L);
      FloatVector x = FloatVector.broadcast(S, xp[xi]);
      c00 = x.fma(w0, c00);
      c01 = x.fma(w1, c01);
      c02 = x.fma(w2, c02);
      c03 = x.fma(w3, c03);
      x = FloatVector.broadcast(S, xp[xi + 1]);
      c10 = x.fma(w0, c10);
      c11 = x.fma(w1, c11);
      c12 = x.fma(w2, c12);
      c13 = x.fma(w3, c13);
      x = FloatVector.broadcast(S, xp[xi + 2]);
      c20 = x.fma(w0, c20);
      c21 = x.fma(w1, c21);
      c22 = x.fma(w2, c22);
      c23 = x.fma(w3, c23);
      x = FloatVector.broadcast(S, xp[xi + 3]);
      c30 = x.fma(w0, c30);
      c31 = x.fma(w1, c31);
      c32 = x.fma(w2, c32);
      c33 = x.fma(w3, c33);
      x = FloatVector.broadcast(S, xp[xi + 4]);
      c40 = x.fma(w0, c40);
      c41 = x.fma(w1, c41);
      c42 = x.fma(w2, c42);
      c43 = x.fma(w3, c43);
      x = FloatVector.broadcast(S, xp[xi + 5]);
      c50 = x.fma(w0, c50);
      c51 = x.fma(w1, c51);
      c52 = x.fma(w2, c52);
      c53 = x.fma(w3, c53);
    }
    int o = co;
    c00.intoArray(c, o);
    c01.intoArray(c, o + L);
    c02.intoArray(c, o + 2 * L);
    c03.intoArray(c, o + 3 * L);
    o += ldc;
    c10.intoArray(c, o);
    c11.intoArray(c, o + L);
    c12.intoArray(c, o + 2 * L);
    c13.intoArray(c, o + 3 * L);
    o += ldc;
    c20.intoArray(c, o);
    c21.intoArray(c, o + L);
    c22.intoArray(c, o + 2 * L);
    c23.intoArray(c, o + 3 * L);
    o += ldc;
    c30.intoArray(c, o);
    c31.intoArray(c, o + L);
    c32.intoArray(c, o + 2 * L);
    c33.intoArray(c, o + 3 * L);
    o += ldc;
    c40.intoArray(c, o);
    c41.intoArray(c, o + L);
    c42.intoArray(c, o + 2 * L);
    c43.intoArray(c, o + 3 * L);
    o += ldc;
    c50.intoArray(c, o);
    c51.intoArray(c, o + L);
    c52.intoArray(c, o + 2 * L);
    c53.intoArray(c, o + 3 * L);
  }
}

package org.sae4j.kernels;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense product C += A·B that the sparse kernels switch to when most (row, feature) pairs of a batch are
 * active: the decoder forward X̂ = b_d + F·W_d over the code matrix F, and the weight gradients (s·F)ᵀ·E and
 * (∂L/∂F)ᵀ·X. A is read through two strides (so that one kernel reads F row by row or column by column); B and C are
 * row-major.
 *
 * <p>Every element of C is its current value followed by one fused multiply-add per k, k ascending, whatever the
 * blocking, the tile or the vector width, so splitting the k range into consecutive calls gives the same bits as
 * one call. Against the sparse kernels' chains over the active entries only, the extra terms have an exact zero
 * factor, and fma(b, ±0, c) = c for every c except −0 (which becomes +0): a chain that starts from +0 never
 * reaches −0 (a sum is −0 only when both addends are), so such a chain gives the sparse chain's bits exactly, as
 * long as B holds finite values (∞·0 is NaN). Chains that start elsewhere must not start from −0.
 */
final class DenseProducts {

  private static final VectorSpecies<Float> S = VectorOps.FLOATS;
  private static final int L = VectorOps.LANES;
  /** Rows of C per micro-tile. */
  private static final int TILE_ROWS = 4;
  /** Vectors of C per micro-tile row: 4 × 4 accumulators leave registers for the loads of B. */
  private static final int TILE_VECTORS = 4;
  private static final int TILE_COLS = TILE_VECTORS * L;
  /** k per pass, so that the k × TILE_COLS slice of B being used (64 KB at 512 bits) stays in the L2 cache. */
  private static final int DEPTH = 256;

  /**
   * The share of active pairs above which the dense kernels beat the sparse loops over a batch's pairs. The dense
   * kernels do m/L0 times the arithmetic, at several times the speed: they reuse each loaded row of B across a
   * tile of rows from registers and the L2 cache, where the sparse loops stream a whole decoder row from L3 per
   * pair. Measured at n = 384, m = 4096, B = 1024 on 2 Zen 5 cores (CPU time of whole steps, alternating, under a
   * load of 5 to 9): the dense step took 0.76 of the sparse one at 50 % active, 1.25 at 24 % and 2.4 at 10 %.
   */
  static final double DENSE_SHARE = 0.35;

  private DenseProducts() {
  }

  /** Operand A of a product: entry (r, k) is {@code values[offset + r·rowStride + k·kStride]}. */
  record Operand(float[] values, int offset, int rowStride, int kStride) {
  }

  /**
   * C[r, c] += Σ_{k0 ≤ k &lt; k1} A(r, k) · b[bOff + k·ldb + c] for r &lt; rows, c &lt; cols, each element one
   * ascending chain of fused multiply-adds from its current value. Only {@code c} is modified; it must not be
   * {@code a}'s or {@code b}'s array.
   */
  static void multiplyAdd(Operand a, int rows, float[] b, int bOff, int ldb, int k0, int k1, float[] c, int cOff,
                          int ldc, int cols) {
    if (c == a.values() || c == b) {
      throw new IllegalArgumentException("the product's destination must not be one of its operands");
    }
    if (rows < 0 || cols < 0 || k0 < 0 || k1 < k0 || cols > ldc || cols > ldb) {
      throw new IllegalArgumentException("bad product shape: rows " + rows + ", cols " + cols + ", k [" + k0
          + ", " + k1 + "), ldb " + ldb + ", ldc " + ldc);
    }
    if (rows == 0 || cols == 0 || k1 == k0) {
      return;
    }
    Objects.checkIndex(a.offset() + (rows - 1) * a.rowStride() + (k1 - 1) * a.kStride(), a.values().length);
    Objects.checkIndex(a.offset() + k0 * a.kStride(), a.values().length);
    Objects.checkFromIndexSize(bOff + k0 * ldb, (k1 - 1 - k0) * ldb + cols, b.length);
    Objects.checkFromIndexSize(cOff, (rows - 1) * ldc + cols, c.length);
    for (int d0 = k0; d0 < k1; d0 += DEPTH) {
      int d1 = Math.min(k1, d0 + DEPTH);
      multiplyAddBody(a, rows, b, bOff, ldb, d0, d1, c, cOff, ldc, cols);
    }
  }

  private static void multiplyAddBody(Operand a, int rows, float[] b, int bOff, int ldb, int k0, int k1, float[] c,
                                      int cOff, int ldc, int cols) {
    int fullCols = cols - cols % TILE_COLS;
    int fullRows = rows - rows % TILE_ROWS;
    for (int c0 = 0; c0 < fullCols; c0 += TILE_COLS) {
      for (int r0 = 0; r0 < fullRows; r0 += TILE_ROWS) {
        tile(a, r0, b, bOff + c0, ldb, k0, k1, c, cOff + r0 * ldc + c0, ldc);
      }
      for (int r = fullRows; r < rows; r++) {
        for (int v = 0; v < TILE_VECTORS; v++) {
          vectorChain(a, r, b, bOff + c0 + v * L, ldb, k0, k1, c, cOff + r * ldc + c0 + v * L);
        }
      }
    }
    int vectorCols = fullCols + (cols - fullCols) / L * L;
    for (int r = 0; r < rows; r++) {
      for (int col = fullCols; col < vectorCols; col += L) {
        vectorChain(a, r, b, bOff + col, ldb, k0, k1, c, cOff + r * ldc + col);
      }
      for (int col = vectorCols; col < cols; col++) {
        scalarChain(a, r, b, bOff + col, ldb, k0, k1, c, cOff + r * ldc + col);
      }
    }
  }

  /** The TILE_ROWS × TILE_COLS block of C at {@code co}: rows r0.., columns from {@code bo}'s column on. */
  private static void tile(Operand a, int r0, float[] b, int bo, int ldb, int k0, int k1, float[] c, int co,
                           int ldc) {
    float[] av = a.values();
    int rs = a.rowStride();
    int ks = a.kStride();
    int a0 = a.offset() + r0 * rs;
    int a1 = a0 + rs;
    int a2 = a1 + rs;
    int a3 = a2 + rs;
    FloatVector c00 = FloatVector.fromArray(S, c, co);
    FloatVector c01 = FloatVector.fromArray(S, c, co + L);
    FloatVector c02 = FloatVector.fromArray(S, c, co + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, c, co + 3 * L);
    int o1 = co + ldc;
    FloatVector c10 = FloatVector.fromArray(S, c, o1);
    FloatVector c11 = FloatVector.fromArray(S, c, o1 + L);
    FloatVector c12 = FloatVector.fromArray(S, c, o1 + 2 * L);
    FloatVector c13 = FloatVector.fromArray(S, c, o1 + 3 * L);
    int o2 = o1 + ldc;
    FloatVector c20 = FloatVector.fromArray(S, c, o2);
    FloatVector c21 = FloatVector.fromArray(S, c, o2 + L);
    FloatVector c22 = FloatVector.fromArray(S, c, o2 + 2 * L);
    FloatVector c23 = FloatVector.fromArray(S, c, o2 + 3 * L);
    int o3 = o2 + ldc;
    FloatVector c30 = FloatVector.fromArray(S, c, o3);
    FloatVector c31 = FloatVector.fromArray(S, c, o3 + L);
    FloatVector c32 = FloatVector.fromArray(S, c, o3 + 2 * L);
    FloatVector c33 = FloatVector.fromArray(S, c, o3 + 3 * L);
    for (int k = k0; k < k1; k++) {
      int bk = bo + k * ldb;
      int ak = k * ks;
      FloatVector b0 = FloatVector.fromArray(S, b, bk);
      FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bk + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bk + 3 * L);
      FloatVector x = FloatVector.broadcast(S, av[a0 + ak]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      c03 = b3.fma(x, c03);
      x = FloatVector.broadcast(S, av[a1 + ak]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      c13 = b3.fma(x, c13);
      x = FloatVector.broadcast(S, av[a2 + ak]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
      c23 = b3.fma(x, c23);
      x = FloatVector.broadcast(S, av[a3 + ak]);
      c30 = b0.fma(x, c30);
      c31 = b1.fma(x, c31);
      c32 = b2.fma(x, c32);
      c33 = b3.fma(x, c33);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + L);
    c02.intoArray(c, co + 2 * L);
    c03.intoArray(c, co + 3 * L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c12.intoArray(c, o1 + 2 * L);
    c13.intoArray(c, o1 + 3 * L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c22.intoArray(c, o2 + 2 * L);
    c23.intoArray(c, o2 + 3 * L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c32.intoArray(c, o3 + 2 * L);
    c33.intoArray(c, o3 + 3 * L);
  }

  /** One vector of C (row r, the L columns from {@code bo}'s column) at {@code co}: tiles' leftover rows. */
  private static void vectorChain(Operand a, int r, float[] b, int bo, int ldb, int k0, int k1, float[] c,
                                  int co) {
    float[] av = a.values();
    int ar = a.offset() + r * a.rowStride();
    FloatVector acc = FloatVector.fromArray(S, c, co);
    for (int k = k0; k < k1; k++) {
      acc = FloatVector.fromArray(S, b, bo + k * ldb).fma(FloatVector.broadcast(S, av[ar + k * a.kStride()]),
          acc);
    }
    acc.intoArray(c, co);
  }

  /** One element of C: columns past the last whole vector. */
  private static void scalarChain(Operand a, int r, float[] b, int bo, int ldb, int k0, int k1, float[] c, int co) {
    float[] av = a.values();
    int ar = a.offset() + r * a.rowStride();
    float acc = c[co];
    for (int k = k0; k < k1; k++) {
      acc = Math.fma(b[bo + k * ldb], av[ar + k * a.kStride()], acc);
    }
    c[co] = acc;
  }
}

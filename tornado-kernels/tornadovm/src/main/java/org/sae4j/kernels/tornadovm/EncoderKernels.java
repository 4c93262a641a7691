package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;
import uk.ac.manchester.tornado.api.types.vectors.Float4;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The dense encoder product f = ReLU(X W_eᵀ + b_e) as a register-tiled kernel: each work item computes a
 * micro-tile of {@value #TILE_ROWS} rows × {@value #TILE_FEATURES} features in eight {@link Float8}
 * accumulators, so each vector of W_e it loads is reused {@value #TILE_ROWS} times from a register and each
 * x element {@value #TILE_FEATURES} times. W_e is read from a feature-major copy in vectors of
 * {@value #TILE_FEATURES} features ({@link #transpose}), padded to whole vectors and stored vector-major: each
 * work item streams its vectors from contiguous memory and a CPU runs the tile as SIMD instructions (on a GPU,
 * where adjacent work items would rather read adjacent vectors, the local-memory kernel runs instead). Bias and
 * ReLU are fused into the epilogue. Each pre-activation is one sequential sum over j in ascending order, whatever
 * the work-group size. TornadoVM maps the outermost {@code @Parallel} loop to the first work-item dimension,
 * so the loops over contiguous memory come first.
 */
final class EncoderKernels {

  /** Rows per work item; the batch buffers are padded to a multiple of it. */
  static final int TILE_ROWS = 8;
  /** Features per work item: one {@link Float8}. */
  static final int TILE_FEATURES = 8;
  /** The variant and tile recorded with the device. */
  static final String VARIANT = "encoder register-tiled " + TILE_ROWS + "x" + TILE_FEATURES + " (Float8)";

  private EncoderKernels() {
  }

  /** Rows {@code maxRows} rounded up to whole tiles. */
  static int paddedRows(int maxRows) {
    return (maxRows + TILE_ROWS - 1) / TILE_ROWS * TILE_ROWS;
  }

  /** Number of feature vectors of {@value #TILE_FEATURES} for m features. */
  static int featureVectors(int m) {
    return (m + TILE_FEATURES - 1) / TILE_FEATURES;
  }

  /**
   * weT[q·n + j] = W_e[8q..8q+7, j]; padding features past m repeat the last one. Vector-major, so that the
   * {@link #encode} work item of feature vector q reads its n vectors contiguously (a j-major layout would make
   * each of its loads land ⌈m/8⌉ vectors after the previous one: a new cache line and, at 384 × 4096, a new
   * 4 KiB page every 8 loads).
   */
  static void transpose(FloatArray we, VectorFloat8 weT, int n, int m) {
    int vectors = (m + TILE_FEATURES - 1) / TILE_FEATURES;
    for (@Parallel int q = 0; q < vectors; q++) {
      for (@Parallel int j = 0; j < n; j++) {
        int i = q * TILE_FEATURES;
        weT.set(q * n + j, new Float8(weight(we, i, j, n, m), weight(we, i + 1, j, n, m),
            weight(we, i + 2, j, n, m), weight(we, i + 3, j, n, m), weight(we, i + 4, j, n, m),
            weight(we, i + 5, j, n, m), weight(we, i + 6, j, n, m), weight(we, i + 7, j, n, m)));
      }
    }
  }

  /** W_e[i, j], with i clamped to the last feature: padding features repeat it and are never stored. */
  private static float weight(FloatArray we, int i, int j, int n, int m) {
    return we.get(TornadoMath.min(i, m - 1) * n + j);
  }

  /**
   * f[t·m + i] = max(Σ_j x[t·n + j] W_e[i, j] + b_e[i], 0) for the batch's rows t; {@code x} holds
   * {@code maxRows} rounded up to whole tiles ({@link #paddedRows}) so that a tile's loads stay inside it. The
   * loop bounds are computed here, not passed: under a {@link uk.ac.manchester.tornado.api.GridScheduler}
   * TornadoVM replaces every use of an argument that bounds a {@code @Parallel} loop by a global work size
   * ({@link EncoderVariant}). When {@code featureMajor} is 1 the
   * codes are also written feature-major, fT[i·maxRows + t], from which the feature-major active lists are
   * built by reading contiguous memory (the step needs them; the forward pass passes 0 and a dummy fT).
   */
  static void encode(FloatArray x, VectorFloat8 weT, FloatArray be, FloatArray f, FloatArray fT, IntArray control,
                     int featureMajor, int n, int m, int maxRows) {
    int vectors = (m + TILE_FEATURES - 1) / TILE_FEATURES;
    int blocks = (maxRows + TILE_ROWS - 1) / TILE_ROWS;
    for (@Parallel int q = 0; q < vectors; q++) {
      for (@Parallel int b = 0; b < blocks; b++) {
        int t = b * TILE_ROWS;
        int o = t * n;
        int wo = q * n;
        Float8 a0 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a1 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a2 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a3 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a4 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a5 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a6 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a7 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        for (int j = 0; j < n; j++) {
          Float8 w = weT.get(wo + j);
          a0 = Float8.add(a0, Float8.mult(w, splat(x.get(o + j))));
          a1 = Float8.add(a1, Float8.mult(w, splat(x.get(o + n + j))));
          a2 = Float8.add(a2, Float8.mult(w, splat(x.get(o + 2 * n + j))));
          a3 = Float8.add(a3, Float8.mult(w, splat(x.get(o + 3 * n + j))));
          a4 = Float8.add(a4, Float8.mult(w, splat(x.get(o + 4 * n + j))));
          a5 = Float8.add(a5, Float8.mult(w, splat(x.get(o + 5 * n + j))));
          a6 = Float8.add(a6, Float8.mult(w, splat(x.get(o + 6 * n + j))));
          a7 = Float8.add(a7, Float8.mult(w, splat(x.get(o + 7 * n + j))));
        }
        int i = q * TILE_FEATURES;
        int rows = control.get(0);
        storeRow(f, fT, a0, be, t, i, rows, featureMajor, m, maxRows);
        storeRow(f, fT, a1, be, t + 1, i, rows, featureMajor, m, maxRows);
        storeRow(f, fT, a2, be, t + 2, i, rows, featureMajor, m, maxRows);
        storeRow(f, fT, a3, be, t + 3, i, rows, featureMajor, m, maxRows);
        storeRow(f, fT, a4, be, t + 4, i, rows, featureMajor, m, maxRows);
        storeRow(f, fT, a5, be, t + 5, i, rows, featureMajor, m, maxRows);
        storeRow(f, fT, a6, be, t + 6, i, rows, featureMajor, m, maxRows);
        storeRow(f, fT, a7, be, t + 7, i, rows, featureMajor, m, maxRows);
      }
    }
  }

  /**
   * v in all eight lanes: a vector product TornadoVM emits as one {@code float8} multiplication (its
   * vector-by-scalar product is emitted as eight scalar ones).
   */
  private static Float8 splat(float v) {
    return new Float8(v, v, v, v, v, v, v, v);
  }

  /** Bias, ReLU and the store of one row of a tile: features i..i+7 of row t, those that exist. */
  private static void storeRow(FloatArray f, FloatArray fT, Float8 a, FloatArray be, int t, int i, int rows,
                               int featureMajor, int m, int maxRows) {
    if (t < rows) {
      store(f, fT, a.getS0(), be, t, i, featureMajor, m, maxRows);
      store(f, fT, a.getS1(), be, t, i + 1, featureMajor, m, maxRows);
      store(f, fT, a.getS2(), be, t, i + 2, featureMajor, m, maxRows);
      store(f, fT, a.getS3(), be, t, i + 3, featureMajor, m, maxRows);
      store(f, fT, a.getS4(), be, t, i + 4, featureMajor, m, maxRows);
      store(f, fT, a.getS5(), be, t, i + 5, featureMajor, m, maxRows);
      store(f, fT, a.getS6(), be, t, i + 6, featureMajor, m, maxRows);
      store(f, fT, a.getS7(), be, t, i + 7, featureMajor, m, maxRows);
    }
  }

  private static void store(FloatArray f, FloatArray fT, float pre, FloatArray be, int t, int i, int featureMajor,
                            int m, int maxRows) {
    if (i < m) {
      float a = TornadoMath.max(pre + be.get(i), 0f);
      f.set(t * m + i, a);
      if (featureMajor == 1) {
        fT.set(i * maxRows + t, a);
      }
    }
  }

  /** Rows and features per work item of {@link #encodeLocal}. */
  static final int MICRO = 4;
  /** Largest local work-group size per dimension of {@link #encodeLocal}: it sizes the local tiles. */
  static final int LOCAL_MAX = 16;
  /** j per local-memory tile of {@link #encodeLocal}. */
  static final int DEPTH = 16;
  /** Rows (or features) of a work-group's tile at the largest local size. */
  private static final int TILE_MAX = MICRO * LOCAL_MAX;
  /** Row pitch of the W_e tile: one float more than a tile's features, so a column store does not hit one bank. */
  private static final int PITCH = TILE_MAX + 1;

  /**
   * The same f = ReLU(X W_eᵀ + b_e) (and fT) as {@link #encode}, as a {@link KernelContext} kernel with
   * local-memory tiles: a work-group of sx × sy work items (each at most {@value #LOCAL_MAX}) computes
   * {@value #MICRO}·sx features × {@value #MICRO}·sy rows; per step of {@value #DEPTH} j it copies that many
   * columns of its rows of x and of its features of W_e (row-major, no transpose) into local memory, waits at a
   * barrier, and each work item accumulates its {@value #MICRO} × {@value #MICRO} outputs (features lx + c·sx,
   * rows ly + r·sy, so that neighbouring work items read neighbouring words) from there. Loads past the batch, m
   * or n read 0, and only outputs inside the batch and m are stored. Each output is one sum over j in ascending
   * order from 0, whatever sx and sy are, so the bits do not depend on the work-group size. Launched through a
   * {@link uk.ac.manchester.tornado.api.GridScheduler} ({@link EncoderVariant}); the kernel has no
   * {@code @Parallel} loop, so TornadoVM substitutes none of its arguments with the grid.
   */
  static void encodeLocal(KernelContext c, FloatArray x, FloatArray we, FloatArray be, FloatArray f, FloatArray fT,
                          IntArray control, int featureMajor, int n, int m, int maxRows) {
    float[] xs = c.allocateFloatLocalArray(TILE_MAX * DEPTH);
    float[] ws = c.allocateFloatLocalArray(DEPTH * PITCH);
    int lx = c.localIdx;
    int ly = c.localIdy;
    int sx = c.localGroupSizeX;
    int sy = c.localGroupSizeY;
    int features = MICRO * sx;
    int tileRows = MICRO * sy;
    int i0 = c.groupIdx * features;
    int t0 = c.groupIdy * tileRows;
    int rows = control.get(0);
    int self = ly * sx + lx;
    int threads = sx * sy;
    Float4 a0 = new Float4(0f, 0f, 0f, 0f);
    Float4 a1 = new Float4(0f, 0f, 0f, 0f);
    Float4 a2 = new Float4(0f, 0f, 0f, 0f);
    Float4 a3 = new Float4(0f, 0f, 0f, 0f);
    for (int k0 = 0; k0 < n; k0 += DEPTH) {
      for (int e = self; e < tileRows * DEPTH; e += threads) {
        int r = e / DEPTH;
        int j = k0 + e - r * DEPTH;
        float v = 0f;
        if (t0 + r < rows && j < n) {
          v = x.get((t0 + r) * n + j);
        }
        xs[e] = v;
      }
      for (int e = self; e < features * DEPTH; e += threads) {
        int q = e / DEPTH;
        int kk = e - q * DEPTH;
        float v = 0f;
        if (i0 + q < m && k0 + kk < n) {
          v = we.get((i0 + q) * n + k0 + kk);
        }
        ws[kk * PITCH + q] = v;
      }
      c.localBarrier();
      for (int kk = 0; kk < DEPTH; kk++) {
        int o = kk * PITCH + lx;
        Float4 w = new Float4(ws[o], ws[o + sx], ws[o + 2 * sx], ws[o + 3 * sx]);
        a0 = Float4.add(a0, Float4.mult(w, xs[ly * DEPTH + kk]));
        a1 = Float4.add(a1, Float4.mult(w, xs[(ly + sy) * DEPTH + kk]));
        a2 = Float4.add(a2, Float4.mult(w, xs[(ly + 2 * sy) * DEPTH + kk]));
        a3 = Float4.add(a3, Float4.mult(w, xs[(ly + 3 * sy) * DEPTH + kk]));
      }
      c.localBarrier();
    }
    storeLocal(f, fT, a0, be, t0 + ly, i0 + lx, sx, rows, featureMajor, m, maxRows);
    storeLocal(f, fT, a1, be, t0 + ly + sy, i0 + lx, sx, rows, featureMajor, m, maxRows);
    storeLocal(f, fT, a2, be, t0 + ly + 2 * sy, i0 + lx, sx, rows, featureMajor, m, maxRows);
    storeLocal(f, fT, a3, be, t0 + ly + 3 * sy, i0 + lx, sx, rows, featureMajor, m, maxRows);
  }

  /** Bias, ReLU and the store of row t's features i, i + sx, i + 2sx, i + 3sx, those that exist. */
  private static void storeLocal(FloatArray f, FloatArray fT, Float4 a, FloatArray be, int t, int i, int sx,
                                 int rows, int featureMajor, int m, int maxRows) {
    if (t < rows) {
      store(f, fT, a.getX(), be, t, i, featureMajor, m, maxRows);
      store(f, fT, a.getY(), be, t, i + sx, featureMajor, m, maxRows);
      store(f, fT, a.getZ(), be, t, i + 2 * sx, featureMajor, m, maxRows);
      store(f, fT, a.getW(), be, t, i + 3 * sx, featureMajor, m, maxRows);
    }
  }
}

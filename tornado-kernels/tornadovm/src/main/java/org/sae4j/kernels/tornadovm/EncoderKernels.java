package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The dense encoder product f = ReLU(X W_eᵀ + b_e) as a register-tiled kernel: each work item computes a
 * micro-tile of {@value #TILE_ROWS} rows × {@value #TILE_FEATURES} features in eight {@link Float8}
 * accumulators, so each vector of W_e it loads is reused {@value #TILE_ROWS} times from a register and each
 * x element {@value #TILE_FEATURES} times. W_e is read from a feature-major copy in vectors of
 * {@value #TILE_FEATURES} features ({@link #transpose}), padded to whole vectors: adjacent
 * work items read adjacent vectors (coalesced on a GPU) and a CPU runs the tile as SIMD instructions. Bias and
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

  /** weT[j·⌈m/8⌉ + q] = W_e[8q..8q+7, j]; padding features past m repeat the last one. */
  static void transpose(FloatArray we, VectorFloat8 weT, int n, int m) {
    int vectors = (m + TILE_FEATURES - 1) / TILE_FEATURES;
    for (@Parallel int q = 0; q < vectors; q++) {
      for (@Parallel int j = 0; j < n; j++) {
        int i = q * TILE_FEATURES;
        weT.set(j * vectors + q, new Float8(weight(we, i, j, n, m), weight(we, i + 1, j, n, m),
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
   * {@code blocks · TILE_ROWS} rows so that a tile's loads stay inside it. When {@code featureMajor} is 1 the
   * codes are also written feature-major, fT[i·maxRows + t], from which the feature-major active lists are
   * built by reading contiguous memory (the step needs them; the forward pass passes 0 and a dummy fT).
   */
  static void encode(FloatArray x, VectorFloat8 weT, FloatArray be, FloatArray f, FloatArray fT, IntArray control,
                     int featureMajor, int n, int m, int maxRows, int blocks) {
    int vectors = (m + TILE_FEATURES - 1) / TILE_FEATURES;
    for (@Parallel int q = 0; q < vectors; q++) {
      for (@Parallel int b = 0; b < blocks; b++) {
        int t = b * TILE_ROWS;
        int o = t * n;
        Float8 a0 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a1 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a2 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a3 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a4 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a5 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a6 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        Float8 a7 = new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        for (int j = 0; j < n; j++) {
          Float8 w = weT.get(j * vectors + q);
          a0 = Float8.add(a0, Float8.mult(w, x.get(o + j)));
          a1 = Float8.add(a1, Float8.mult(w, x.get(o + n + j)));
          a2 = Float8.add(a2, Float8.mult(w, x.get(o + 2 * n + j)));
          a3 = Float8.add(a3, Float8.mult(w, x.get(o + 3 * n + j)));
          a4 = Float8.add(a4, Float8.mult(w, x.get(o + 4 * n + j)));
          a5 = Float8.add(a5, Float8.mult(w, x.get(o + 5 * n + j)));
          a6 = Float8.add(a6, Float8.mult(w, x.get(o + 6 * n + j)));
          a7 = Float8.add(a7, Float8.mult(w, x.get(o + 7 * n + j)));
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
}

package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The active (row, feature) pairs of the codes f, built on the device: row-major lists (per row, features
 * ascending) for the decoder and a feature-major transpose (per feature, rows ascending) for the gradients. Each
 * list is a count, an exclusive prefix sum and a compaction; the counts are integers, so the two-level scan
 * (block totals, then each block adds the totals before it) is exact and its result cannot depend on the
 * work-group size or on the order the work items run in.
 */
final class ActiveSetKernels {

  /** Entries per scan block. */
  static final int SCAN_BLOCK = 256;

  private ActiveSetKernels() {
  }

  /** Number of scan blocks for {@code size} counts. */
  static int scanBlocks(int size) {
    return (size + SCAN_BLOCK - 1) / SCAN_BLOCK;
  }

  /** count[t] = #{i : f[t, i] &gt; 0} for the batch's rows, 0 past them. */
  static void countRows(FloatArray f, IntArray count, IntArray control, int m, int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      int c = 0;
      if (t < control.get(0)) {
        for (int i = 0; i < m; i++) {
          if (f.get(t * m + i) > 0f) {
            c++;
          }
        }
      }
      count.set(t, c);
    }
  }

  /** count[i] = #{t &lt; B : f[t, i] &gt; 0}, from the feature-major codes fT[i·maxRows + t]. */
  static void countColumns(FloatArray fT, IntArray count, IntArray control, int m, int maxRows) {
    for (@Parallel int i = 0; i < m; i++) {
      int rows = control.get(0);
      int c = 0;
      for (int t = 0; t < rows; t++) {
        if (fT.get(i * maxRows + t) > 0f) {
          c++;
        }
      }
      count.set(i, c);
    }
  }

  /** totals[b] = Σ count[k] over scan block b of the first {@code size} counts. */
  static void blockTotals(IntArray count, IntArray totals, int size, int blocks) {
    for (@Parallel int b = 0; b < blocks; b++) {
      int end = TornadoMath.min((b + 1) * SCAN_BLOCK, size);
      int s = 0;
      for (int k = b * SCAN_BLOCK; k < end; k++) {
        s += count.get(k);
      }
      totals.set(b, s);
    }
  }

  /** start[k] = Σ_{k' &lt; k} count[k'] for k = 0..size (start[size] is the total). */
  static void scan(IntArray count, IntArray totals, IntArray start, int size, int blocks) {
    for (@Parallel int b = 0; b < blocks; b++) {
      int s = 0;
      for (int c = 0; c < b; c++) {
        s += totals.get(c);
      }
      int end = TornadoMath.min((b + 1) * SCAN_BLOCK, size);
      for (int k = b * SCAN_BLOCK; k < end; k++) {
        start.set(k, s);
        s += count.get(k);
      }
      if (b == blocks - 1) {
        start.set(size, s);
      }
    }
  }

  /**
   * Whether feature i is a candidate of the selection: always when {@code masked} is 0, else when it is dead
   * (steps[i] &ge; deadSteps, the AuxK loss's features).
   */
  static boolean candidate(int i, IntArray steps, int masked, int deadSteps) {
    return masked == 0 || steps.get(i) >= deadSteps;
  }

  /**
   * Whether code a of pair (t, i) is kept. Without a selection ({@code selective} 0, the ReLU rule) every
   * positive code is; with one, a candidate's code is kept when it is above the row's cut θ_t = thr[t], or
   * equal to it and i ≤ last[t] ({@link TopKKernels#selectRows}).
   */
  static boolean kept(float a, int t, int i, FloatArray thr, IntArray last, IntArray steps, int selective,
                      int masked, int deadSteps) {
    boolean keep = a > 0f;
    if (selective == 1 && keep) {
      float cut = thr.get(t);
      keep = (a > cut || (a == cut && i <= last.get(t))) && candidate(i, steps, masked, deadSteps);
    }
    return keep;
  }

  /** Row t's kept features, ascending, and their codes at start[t]..start[t+1]. */
  static void compactRows(FloatArray f, IntArray start, IntArray index, FloatArray value, FloatArray thr,
                          IntArray last, IntArray steps, IntArray control, int selective, int masked, int deadSteps,
                          int m, int maxRows) {
    for (@Parallel int t = 0; t < maxRows; t++) {
      if (t < control.get(0)) {
        int k = start.get(t);
        for (int i = 0; i < m; i++) {
          float a = f.get(t * m + i);
          if (kept(a, t, i, thr, last, steps, selective, masked, deadSteps)) {
            index.set(k, i);
            value.set(k, a);
            k++;
          }
        }
      }
    }
  }

  /**
   * count[i] = the number of rows t &lt; B in which feature i is kept, from the feature-major codes
   * fT[i·maxRows + t]; 0 for a feature that is not a candidate.
   */
  static void countColumns(FloatArray fT, IntArray count, FloatArray thr, IntArray last, IntArray steps,
                           IntArray control, int selective, int masked, int deadSteps, int m, int maxRows) {
    for (@Parallel int i = 0; i < m; i++) {
      int rows = control.get(0);
      int c = 0;
      if (selective == 0 || candidate(i, steps, masked, deadSteps)) {
        for (int t = 0; t < rows; t++) {
          if (kept(fT.get(i * maxRows + t), t, i, thr, last, steps, selective, 0, deadSteps)) {
            c++;
          }
        }
      }
      count.set(i, c);
    }
  }

  /** Feature i's kept rows, ascending, and their codes at start[i]..start[i+1], from fT. */
  static void scatterColumns(FloatArray fT, IntArray start, IntArray row, FloatArray value, FloatArray thr,
                             IntArray last, IntArray steps, IntArray control, int selective, int masked,
                             int deadSteps, int m, int maxRows) {
    for (@Parallel int i = 0; i < m; i++) {
      int rows = control.get(0);
      int c = start.get(i);
      if (selective == 0 || candidate(i, steps, masked, deadSteps)) {
        for (int t = 0; t < rows; t++) {
          float a = fT.get(i * maxRows + t);
          if (kept(a, t, i, thr, last, steps, selective, 0, deadSteps)) {
            row.set(c, t);
            value.set(c, a);
            c++;
          }
        }
      }
    }
  }
}

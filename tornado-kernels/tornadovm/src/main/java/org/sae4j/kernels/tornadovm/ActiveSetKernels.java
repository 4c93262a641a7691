package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The active (row, feature) pairs of the codes f, built on the device: row-major lists (per row, features
 * ascending) for the decoder and a feature-major transpose (per feature, rows ascending) for the gradients. Each
 * list is a count, an exclusive prefix sum and a compaction; the counts are integers, so the blocked scan
 * (each block starts from the sum of the counts before it) is exact and its result cannot depend on the
 * work-group size or on the order the work items run in. Each stage runs for both lists in one launch (the row
 * work items first, then the feature work items), which halves the launches.
 */
final class ActiveSetKernels {

  /** Entries per scan block. */
  static final int SCAN_BLOCK = 256;

  private ActiveSetKernels() {
  }

  /**
   * Number of scan blocks for {@code size} counts. Count arrays hold one more entry, always 0, so that the scan
   * writes start[size] (the total) like any other entry: a branch for it can become a constant test that
   * TornadoVM's OpenCL backend rejects ("logic node LogicConstantNode") when a launch's part has one block.
   */
  static int scanBlocks(int size) {
    return (size + 1 + SCAN_BLOCK - 1) / SCAN_BLOCK;
  }

  /**
   * The counts of both lists in one launch: work items [0, maxRows) count row t's kept features into
   * count[t] when {@code rowsToo} is 1 (the ReLU rule; TopK's {@code select} counts the rows itself), work items
   * [maxRows, maxRows + columns) count the rows in which feature i is kept into columnCount[i], from the
   * feature-major codes fT[i·maxRows + t] ({@code columns} is m, or 1 for a graph without columns, whose single
   * feature has an all-zero fT); 0 past the batch and for a feature that is not a candidate.
   */
  static void countBoth(FloatArray f, IntArray count, FloatArray fT, IntArray columnCount, FloatArray thr,
                        IntArray last, IntArray steps, IntArray control, int selective, int masked, int deadSteps,
                        int rowsToo, int columns, int m, int maxRows) {
    for (@Parallel int k = 0; k < maxRows + columns; k++) {
      int rows = control.get(0);
      int c = 0;
      if (k < maxRows) {
        if (rowsToo == 1) {
          if (k < rows) {
            for (int i = 0; i < m; i++) {
              if (kept(f.get(k * m + i), k, i, thr, last, steps, selective, masked, deadSteps)) {
                c++;
              }
            }
          }
          count.set(k, c);
        }
      } else {
        int i = k - maxRows;
        if (selective == 0 || candidate(i, steps, masked, deadSteps)) {
          for (int t = 0; t < rows; t++) {
            if (kept(fT.get(i * maxRows + t), t, i, thr, last, steps, selective, 0, deadSteps)) {
              c++;
            }
          }
        }
        columnCount.set(i, c);
      }
    }
  }

  /**
   * The exclusive prefix sums of both lists in one launch: start[k] = Σ_{k' &lt; k} count[k'] for k = 0..size
   * (start[size] is the total), then the same for the {@code columns} column counts. Work item b writes scan
   * block b ({@value #SCAN_BLOCK} entries), starting from the sum of every count before the block, which it adds
   * up itself: O(blocks² · {@value #SCAN_BLOCK}) integer additions in all, cheaper here than a second launch
   * for the block totals.
   */
  static void scan(IntArray count, IntArray start, int size, IntArray columnCount, IntArray columnStart,
                   int columns) {
    int rowBlocks = scanBlocks(size);
    for (@Parallel int b = 0; b < rowBlocks + scanBlocks(columns); b++) {
      if (b < rowBlocks) {
        scanBlock(count, start, b, size);
      } else {
        scanBlock(columnCount, columnStart, b - rowBlocks, columns);
      }
    }
  }

  private static void scanBlock(IntArray count, IntArray start, int b, int size) {
    int first = b * SCAN_BLOCK;
    int s = 0;
    for (int k = 0; k < first; k++) {
      s += count.get(k);
    }
    int end = TornadoMath.min(first + SCAN_BLOCK, size + 1);
    for (int k = first; k < end; k++) {
      start.set(k, s);
      s += count.get(k);
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

  /**
   * The compaction of both lists in one launch: work items [0, maxRows) write row t's kept features, ascending,
   * and their codes at start[t]..start[t+1]; work items [maxRows, maxRows + columns) write feature i's kept rows,
   * ascending, and their codes at columnStart[i]..columnStart[i+1], from fT (see {@link #countBoth}).
   */
  static void compact(FloatArray f, IntArray start, IntArray index, FloatArray value, FloatArray fT,
                      IntArray columnStart, IntArray columnRow, FloatArray columnValue, FloatArray thr, IntArray last,
                      IntArray steps, IntArray control, int selective, int masked, int deadSteps, int columns, int m,
                      int maxRows) {
    for (@Parallel int k = 0; k < maxRows + columns; k++) {
      int rows = control.get(0);
      if (k < maxRows) {
        if (k < rows) {
          int e = start.get(k);
          for (int i = 0; i < m; i++) {
            float a = f.get(k * m + i);
            if (kept(a, k, i, thr, last, steps, selective, masked, deadSteps)) {
              index.set(e, i);
              value.set(e, a);
              e++;
            }
          }
        }
      } else {
        int i = k - maxRows;
        int c = columnStart.get(i);
        if (selective == 0 || candidate(i, steps, masked, deadSteps)) {
          for (int t = 0; t < rows; t++) {
            float a = fT.get(i * maxRows + t);
            if (kept(a, t, i, thr, last, steps, selective, 0, deadSteps)) {
              columnRow.set(c, t);
              columnValue.set(c, a);
              c++;
            }
          }
        }
      }
    }
  }
}

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
   * The block totals of both lists in one launch: totals[b] = Σ count[k] over scan block b of the
   * {@code size} + 1 counts, then the same for columnCount over {@code columns} + 1 entries.
   */
  static void blockTotals(IntArray count, IntArray totals, int size, IntArray columnCount, IntArray columnTotals,
                          int columns) {
    int rowBlocks = scanBlocks(size);
    for (@Parallel int b = 0; b < rowBlocks + scanBlocks(columns); b++) {
      if (b < rowBlocks) {
        blockTotal(count, totals, b, size);
      } else {
        blockTotal(columnCount, columnTotals, b - rowBlocks, columns);
      }
    }
  }

  private static void blockTotal(IntArray count, IntArray totals, int b, int size) {
    int end = TornadoMath.min((b + 1) * SCAN_BLOCK, size + 1);
    int s = 0;
    for (int k = b * SCAN_BLOCK; k < end; k++) {
      s += count.get(k);
    }
    totals.set(b, s);
  }

  /**
   * The exclusive prefix sums of both lists in one launch: start[k] = Σ_{k' &lt; k} count[k'] for k = 0..size
   * (start[size] is the total), then the same for the {@code columns} column counts.
   */
  static void scan(IntArray count, IntArray totals, IntArray start, int size, IntArray columnCount,
                   IntArray columnTotals, IntArray columnStart, int columns) {
    int rowBlocks = scanBlocks(size);
    for (@Parallel int b = 0; b < rowBlocks + scanBlocks(columns); b++) {
      if (b < rowBlocks) {
        scanBlock(count, totals, start, b, size);
      } else {
        scanBlock(columnCount, columnTotals, columnStart, b - rowBlocks, columns);
      }
    }
  }

  private static void scanBlock(IntArray count, IntArray totals, IntArray start, int b, int size) {
    int s = 0;
    for (int c = 0; c < b; c++) {
      s += totals.get(c);
    }
    int end = TornadoMath.min((b + 1) * SCAN_BLOCK, size + 1);
    for (int k = b * SCAN_BLOCK; k < end; k++) {
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

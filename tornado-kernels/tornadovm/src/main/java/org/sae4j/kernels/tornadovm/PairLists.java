package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The kept (row, feature) pairs of one selection from the dense codes, as device lists: row-major (per row, its
 * features ascending: {@code start}, {@code index}, {@code value}) and, when built, feature-major (per feature,
 * its rows ascending: {@code columnStart}, {@code columnRow}, {@code columnValue}, with room for ∂L/∂a in
 * {@code columnGrad}). The selection is every positive code (ReLU), each row's k best (the TopK
 * rule), or each row's auxK best dead features (its AuxK loss); the last two are a row cut ({@code thr},
 * {@code last}) found by {@link TopKKernels#selectRows}. The lists have room for {@code capacity} pairs per row.
 *
 * @see org.sae4j.kernels.ActivationRule
 */
final class PairLists {

  final FloatArray thr;
  final IntArray last;
  final IntArray count;
  final IntArray totals;
  final IntArray start;
  final IntArray index;
  final FloatArray value;
  final IntArray columnCount;
  final IntArray columnTotals;
  final IntArray columnStart;
  final IntArray columnRow;
  final FloatArray columnValue;
  final FloatArray columnGrad;
  private final Selection selection;
  private final int m;
  private final int maxRows;

  /**
   * How pairs are chosen: every positive code ({@code need} 0), or per row the {@code need} best candidates,
   * the candidates being every feature or, when {@code masked}, those with steps ≥ {@code deadSteps}.
   */
  record Selection(int need, boolean masked, int deadSteps) {

    static final Selection ALL = new Selection(0, false, 1);

    int selective() {
      return need > 0 ? 1 : 0;
    }

    int maskedFlag() {
      return masked ? 1 : 0;
    }
  }

  /** Lists for {@code selection} of an m-feature code of up to {@code maxRows} rows; columns when asked. */
  PairLists(int m, int maxRows, Selection selection, boolean columns) {
    this.m = m;
    this.maxRows = maxRows;
    this.selection = selection;
    int capacity = selection.need() > 0 ? Math.min(selection.need(), m) : m;
    int rowsOfCut = selection.need() > 0 ? maxRows : 1;
    this.thr = Buffers.floats(rowsOfCut);
    this.last = Buffers.ints(rowsOfCut);
    this.count = Buffers.ints(maxRows);
    this.totals = Buffers.ints(ActiveSetKernels.scanBlocks(maxRows));
    this.start = Buffers.ints(maxRows + 1);
    this.index = Buffers.ints(maxRows * capacity);
    this.value = Buffers.floats(maxRows * capacity);
    int c = columns ? 1 : 0;
    this.columnCount = Buffers.ints(columns ? m : 1);
    this.columnTotals = Buffers.ints(ActiveSetKernels.scanBlocks(columns ? m : 1));
    this.columnStart = Buffers.ints(columns ? m + 1 : 1);
    this.columnRow = Buffers.ints(Math.max(1, c * maxRows * capacity));
    this.columnValue = Buffers.floats(Math.max(1, c * maxRows * capacity));
    this.columnGrad = Buffers.floats(Math.max(1, c * maxRows * capacity));
  }

  /** Empty feature-major lists of an m-feature code, for the kernels' AuxK arguments when there is no AuxK loss. */
  static PairLists none(int m) {
    return new PairLists(m, 1, new Selection(1, true, 1), true);
  }

  /** Every buffer, for the graph's first-execution transfer. */
  Object[] buffers() {
    return new Object[] {thr, last, count, totals, start, index, value, columnCount, columnTotals, columnStart,
        columnRow, columnValue, columnGrad};
  }

  /**
   * Adds the row-major tasks {@code <prefix>select} (or {@code countRows}), {@code rowTotals}, {@code rowScan}
   * and {@code compactRows} over the dense codes f.
   *
   * @param shared the radix table, the per-row histograms and the per-feature step counts of the selection
   */
  TaskGraph addRowTasks(TaskGraph g, String prefix, FloatArray f, SelectionBuffers shared, IntArray control) {
    int blocks = ActiveSetKernels.scanBlocks(maxRows);
    if (selection.need() > 0) {
      g.task(prefix + "select", TopKKernels::selectRows, f, shared.radix(), shared.hist(), thr, last, count,
          shared.steps(), control, selection.maskedFlag(), selection.deadSteps(), selection.need(), m, maxRows);
    } else {
      g.task(prefix + "countRows", ActiveSetKernels::countRows, f, count, control, m, maxRows);
    }
    return g.task(prefix + "rowTotals", ActiveSetKernels::blockTotals, count, totals, maxRows, blocks)
        .task(prefix + "rowScan", ActiveSetKernels::scan, count, totals, start, maxRows, blocks)
        .task(prefix + "compactRows", ActiveSetKernels::compactRows, f, start, index, value, thr, last,
            shared.steps(), control, selection.selective(), selection.maskedFlag(), selection.deadSteps(), m,
            maxRows);
  }

  /** Adds the feature-major tasks over the feature-major codes fT (after {@link #addRowTasks}). */
  TaskGraph addColumnTasks(TaskGraph g, String prefix, FloatArray fT, SelectionBuffers shared, IntArray control) {
    int blocks = ActiveSetKernels.scanBlocks(m);
    return g.task(prefix + "countColumns", ActiveSetKernels::countColumns, fT, columnCount, thr, last,
            shared.steps(), control, selection.selective(), selection.maskedFlag(), selection.deadSteps(), m,
            maxRows)
        .task(prefix + "columnTotals", ActiveSetKernels::blockTotals, columnCount, columnTotals, m, blocks)
        .task(prefix + "columnScan", ActiveSetKernels::scan, columnCount, columnTotals, columnStart, m, blocks)
        .task(prefix + "scatterColumns", ActiveSetKernels::scatterColumns, fT, columnStart, columnRow, columnValue,
            thr, last, shared.steps(), control, selection.selective(), selection.maskedFlag(),
            selection.deadSteps(), m, maxRows);
  }

  /**
   * What the selections of one graph share: the radix table, 256 histogram counts per row, and per feature the
   * steps since it last fired (TopK; one dummy entry otherwise).
   */
  record SelectionBuffers(FloatArray radix, IntArray hist, IntArray steps) {

    static SelectionBuffers of(int maxRows, boolean selective, int[] steps) {
      IntArray s = Buffers.ints(Math.max(1, steps.length));
      for (int i = 0; i < steps.length; i++) {
        s.set(i, steps[i]);
      }
      return new SelectionBuffers(selective ? TopKKernels.radixTable() : Buffers.floats(1),
          Buffers.ints(selective ? maxRows * TopKKernels.BINS : 1), s);
    }

    Object[] buffers() {
      return new Object[] {radix, hist, steps};
    }
  }
}

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
  final IntArray start;
  final IntArray index;
  final FloatArray value;
  final IntArray columnCount;
  final IntArray columnStart;
  final IntArray columnRow;
  final FloatArray columnValue;
  final FloatArray columnGrad;
  private final Selection selection;
  private final boolean columns;
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
    this.columns = columns;
    int capacity = selection.need() > 0 ? Math.min(selection.need(), m) : m;
    int rowsOfCut = selection.need() > 0 ? maxRows : 1;
    this.thr = Buffers.floats(rowsOfCut);
    this.last = Buffers.ints(rowsOfCut);
    this.count = Buffers.ints(maxRows + 1);
    this.start = Buffers.ints(maxRows + 1);
    this.index = Buffers.ints(maxRows * capacity);
    this.value = Buffers.floats(maxRows * capacity);
    // Without columns the kernels still get one (empty) feature: a launch whose feature part is empty would let
    // TornadoVM fold the test that splits the work items into a constant, which its OpenCL backend rejects.
    int features = columnItems();
    int pairs = columns ? maxRows * capacity : 1;
    this.columnCount = Buffers.ints(features + 1);
    this.columnStart = Buffers.ints(features + 1);
    this.columnRow = Buffers.ints(pairs);
    this.columnValue = Buffers.floats(pairs);
    this.columnGrad = Buffers.floats(pairs);
  }

  /** Features of the column part of the launches: m, or one empty one without columns. */
  private int columnItems() {
    return columns ? m : 1;
  }

  /** Empty feature-major lists of an m-feature code, for the kernels' AuxK arguments when there is no AuxK loss. */
  static PairLists none(int m) {
    return new PairLists(m, 1, new Selection(1, true, 1), true);
  }

  /** Every buffer, for the graph's first-execution transfer. */
  Object[] buffers() {
    return new Object[] {thr, last, count, start, index, value, columnCount, columnStart, columnRow, columnValue,
        columnGrad};
  }

  /**
   * Adds the tasks that build the lists from the dense codes f (and, with columns, the feature-major codes fT):
   * {@code <prefix>select} (a selection's cut and row counts), {@code <prefix>count},
   * {@code <prefix>scan} and {@code <prefix>compact}, each for the rows and the columns in one launch.
   *
   * @param shared the radix table, the per-row histograms and the per-feature step counts of the selection
   */
  TaskGraph addTasks(TaskGraph g, String prefix, FloatArray f, FloatArray fT, SelectionBuffers shared,
                     IntArray control) {
    int selective = selection.selective();
    int masked = selection.maskedFlag();
    int deadSteps = selection.deadSteps();
    int features = columnItems();
    if (selective == 1) {
      g.task(prefix + "select", TopKKernels::selectRows, f, shared.radix(), shared.hist(), thr, last, count,
          shared.steps(), control, masked, deadSteps, selection.need(), m, maxRows);
    }
    if (selective == 0 || columns) {
      g.task(prefix + "count", ActiveSetKernels::countBoth, f, count, fT, columnCount, thr, last, shared.steps(),
          control, selective, masked, deadSteps, 1 - selective, features, m, maxRows);
    }
    return g.task(prefix + "scan", ActiveSetKernels::scan, count, start, maxRows, columnCount, columnStart, features)
        .task(prefix + "compact", ActiveSetKernels::compact, f, start, index, value, fT, columnStart, columnRow,
            columnValue, thr, last, shared.steps(), control, selective, masked, deadSteps, features, m, maxRows);
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

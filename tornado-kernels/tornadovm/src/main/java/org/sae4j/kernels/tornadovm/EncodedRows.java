package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;

/**
 * The encoder and the row-major active lists of one task graph: W_eᵀ, the codes f (dense, on the device only),
 * and per row its active features ascending with their codes ({@code start}, {@code index}, {@code value}).
 * The step graph and the forward graph each hold one, so evaluating never disturbs a step's buffers. The lists
 * have room for every feature of every row (a batch where all features fire is valid).
 */
final class EncodedRows {

  final VectorFloat8 weT;
  final FloatArray codes;
  /** The codes feature-major (B × m floats) when the graph builds feature-major lists, else one dummy float. */
  final FloatArray codesByFeature;
  final IntArray count;
  final IntArray totals;
  final IntArray start;
  final IntArray index;
  final FloatArray value;
  private final int n;
  private final int m;
  private final int maxRows;

  /** The buffers of a graph that builds feature-major lists too when {@code featureMajor}. */
  EncodedRows(int n, int m, int maxRows, boolean featureMajor) {
    this.n = n;
    this.m = m;
    this.maxRows = maxRows;
    this.weT = new VectorFloat8(n * EncoderKernels.featureVectors(m));
    weT.fill(0f);
    this.codes = Buffers.floats(maxRows * m);
    this.codesByFeature = Buffers.floats(featureMajor ? maxRows * m : 1);
    this.count = Buffers.ints(maxRows);
    this.totals = Buffers.ints(ActiveSetKernels.scanBlocks(maxRows));
    this.start = Buffers.ints(maxRows + 1);
    this.index = Buffers.ints(maxRows * m);
    this.value = Buffers.floats(maxRows * m);
  }

  /** Every buffer, for the graph's first-execution transfer. */
  Object[] buffers() {
    return new Object[] {weT, codes, codesByFeature, count, totals, start, index, value};
  }

  /**
   * Adds the tasks transpose → encode → countRows → rowTotals → rowScan → compactRows to {@code g}, reading the batch {@code x} (padded to whole encoder tiles) and W_e, b_e of {@code params}.
   */
  TaskGraph addTasks(TaskGraph g, FloatArray x, ParameterArrays params, IntArray control) {
    int tiles = EncoderKernels.paddedRows(maxRows) / EncoderKernels.TILE_ROWS;
    int blocks = ActiveSetKernels.scanBlocks(maxRows);
    return g.task("transpose", EncoderKernels::transpose, params.encoderWeight(), weT, n, m)
        .task("encode", EncoderKernels::encode, x, weT, params.encoderBias(), codes, codesByFeature, control,
            codesByFeature.getSize() > 1 ? 1 : 0, n, m, maxRows, tiles)
        .task("countRows", ActiveSetKernels::countRows, codes, count, control, m, maxRows)
        .task("rowTotals", ActiveSetKernels::blockTotals, count, totals, maxRows, blocks)
        .task("rowScan", ActiveSetKernels::scan, count, totals, start, maxRows, blocks)
        .task("compactRows", ActiveSetKernels::compactRows, codes, start, index, value, control, m, maxRows);
  }
}

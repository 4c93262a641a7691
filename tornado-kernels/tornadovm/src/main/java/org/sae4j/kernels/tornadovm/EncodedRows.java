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
  final IntArray count;
  final IntArray totals;
  final IntArray start;
  final IntArray index;
  final FloatArray value;
  private final int n;
  private final int m;
  private final int maxRows;

  EncodedRows(int n, int m, int maxRows) {
    this.n = n;
    this.m = m;
    this.maxRows = maxRows;
    this.weT = new VectorFloat8(n * EncoderKernels.featureVectors(m));
    weT.fill(0f);
    this.codes = Buffers.floats(maxRows * m);
    this.count = Buffers.ints(maxRows);
    this.totals = Buffers.ints(ActiveSetKernels.scanBlocks(maxRows));
    this.start = Buffers.ints(maxRows + 1);
    this.index = Buffers.ints(maxRows * m);
    this.value = Buffers.floats(maxRows * m);
  }

  /** Every buffer, for the graph's first-execution transfer. */
  Object[] buffers() {
    return new Object[] {weT, codes, count, totals, start, index, value};
  }

  /**
   * Adds the tasks transpose → encode → countRows → rowTotals → rowScan → compactRows to {@code g} (named
   * {@code graph}), reading the batch {@code x} (padded to whole encoder tiles) and W_e, b_e of {@code params}.
   */
  TaskGraph addTasks(TaskGraph g, String graph, Launches launches, FloatArray x, ParameterArrays params,
                     IntArray control) {
    int tiles = EncoderKernels.paddedRows(maxRows) / EncoderKernels.TILE_ROWS;
    int blocks = ActiveSetKernels.scanBlocks(maxRows);
    launches.add(graph, "transpose", EncoderKernels.featureVectors(m), n);
    launches.add(graph, "encode", EncoderKernels.featureVectors(m), tiles);
    launches.add(graph, "countRows", maxRows);
    launches.add(graph, "rowTotals", blocks);
    launches.add(graph, "rowScan", blocks);
    launches.add(graph, "compactRows", maxRows);
    return g.task("transpose", EncoderKernels::transpose, params.encoderWeight(), weT, n, m)
        .task("encode", EncoderKernels::encode, x, weT, params.encoderBias(), codes, control, n, m, tiles)
        .task("countRows", ActiveSetKernels::countRows, codes, count, control, m, maxRows)
        .task("rowTotals", ActiveSetKernels::blockTotals, count, totals, maxRows, blocks)
        .task("rowScan", ActiveSetKernels::scan, count, totals, start, maxRows, blocks)
        .task("compactRows", ActiveSetKernels::compactRows, codes, start, index, value, control, m, maxRows);
  }
}

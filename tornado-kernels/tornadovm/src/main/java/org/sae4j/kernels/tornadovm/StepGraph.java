package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The device buffers of one backend and the task graph of its training step. Parameters, Adam's moments and
 * every intermediate are copied to the device on the first execution only and stay resident; each execution
 * moves the batch, the row count and the step's coefficients in, and the step's scalars out. Parameters and
 * moments come back only on demand ({@link DataTransferMode#UNDER_DEMAND}).
 */
final class StepGraph {

  final ParameterArrays params;
  final ParameterArrays first;
  final ParameterArrays second;
  final FloatArray batch;
  final IntArray control;
  final FloatArray coef;
  final FloatArray scalars;
  private final ParameterArrays grad;
  private final EncodedRows rows;
  private final FloatArray norms;
  private final FloatArray residual;
  private final IntArray columnCount;
  private final IntArray columnTotals;
  private final IntArray columnStart;
  private final IntArray columnRow;
  private final FloatArray columnValue;
  private final FloatArray columnGrad;
  private final FloatArray activationSum;
  private final FloatArray rowStats;
  private final FloatArray featureSquares;
  private final FloatArray partials;
  private final int n;
  private final int m;
  private final int maxRows;

  StepGraph(ParameterArrays params, ParameterArrays first, ParameterArrays second, int maxRows) {
    this.params = params;
    this.first = first;
    this.second = second;
    this.n = params.decoderBias().getSize();
    this.m = params.encoderBias().getSize();
    this.maxRows = maxRows;
    this.grad = ParameterArrays.zeros(n, m);
    this.batch = Buffers.floats(EncoderKernels.paddedRows(maxRows) * n);
    this.control = Buffers.ints(2);
    this.coef = Buffers.floats(StepKernels.COEF_SIZE);
    this.scalars = Buffers.floats(StepKernels.SCALARS_SIZE);
    this.rows = new EncodedRows(n, m, maxRows, true);
    this.norms = Buffers.floats(m);
    this.residual = Buffers.floats(maxRows * n);
    this.columnCount = Buffers.ints(m);
    this.columnTotals = Buffers.ints(ActiveSetKernels.scanBlocks(m));
    this.columnStart = Buffers.ints(m + 1);
    this.columnRow = Buffers.ints(maxRows * m);
    this.columnValue = Buffers.floats(maxRows * m);
    this.columnGrad = Buffers.floats(maxRows * m);
    this.activationSum = Buffers.floats(m);
    this.rowStats = Buffers.floats(StepKernels.ROW_STATS * maxRows);
    this.featureSquares = Buffers.floats(m);
    this.partials = Buffers.floats(StepKernels.partialsSize(maxRows, m, n));
  }

  /** The step as one task graph named {@code name}. */
  ImmutableTaskGraph build(String name) {
    TaskGraph g = new TaskGraph(name)
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, batch, control, coef)
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) params.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) first.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) second.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) grad.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, rows.buffers())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, norms, residual, columnCount, columnTotals,
            columnStart, columnRow, columnValue, columnGrad, activationSum, rowStats, featureSquares, partials,
            scalars);
    int columnBlocks = ActiveSetKernels.scanBlocks(m);
    g.task("norms", StepKernels::columnNorms, params.decoderWeight(), norms, n, m);
    rows.addTasks(g, batch, params, control);
    g.task("countColumns", ActiveSetKernels::countColumns, rows.codesByFeature, columnCount, control, m, maxRows)
        .task("columnTotals", ActiveSetKernels::blockTotals, columnCount, columnTotals, m, columnBlocks)
        .task("columnScan", ActiveSetKernels::scan, columnCount, columnTotals, columnStart, m, columnBlocks)
        .task("scatterColumns", ActiveSetKernels::scatterColumns, rows.codesByFeature, columnStart, columnRow,
            columnValue, control, m, maxRows)
        .task("residual", StepKernels::decode, rows.start, rows.index, rows.value, params.decoderWeight(),
            params.decoderBias(), batch, residual, control, 1, n, maxRows)
        .task("rowStats", StepKernels::rowStats, residual, rows.start, rows.index, rows.value, norms, rowStats,
            control, n, maxRows)
        .task("featureGradient", StepKernels::featureGradient, columnStart, columnRow, columnValue, columnGrad,
            residual, params.decoderWeight(), norms, grad.encoderBias(), activationSum, coef, n, m)
        .task("weightGradients", StepKernels::weightGradients, columnStart, columnRow, columnValue, columnGrad,
            batch, residual, params.decoderWeight(), norms, activationSum, grad.encoderWeight(),
            grad.decoderWeight(), coef, n, m)
        .task("decoderBiasGradient", StepKernels::decoderBiasGradient, residual, grad.decoderBias(), coef,
            control, n)
        .task("featureSquares", StepKernels::featureSquares, grad.encoderWeight(), grad.encoderBias(),
            grad.decoderWeight(), featureSquares, n, m)
        .task("partialSums", StepKernels::partialSums, rowStats, featureSquares, grad.decoderBias(), partials,
            maxRows, m, n)
        .task("reduce", StepKernels::reduce, partials, scalars, control, maxRows, m, n)
        .task("adam", StepKernels::adam, params.encoderWeight(), params.encoderBias(), params.decoderWeight(),
            params.decoderBias(), first.encoderWeight(), first.encoderBias(), first.decoderWeight(),
            first.decoderBias(), second.encoderWeight(), second.encoderBias(), second.decoderWeight(),
            second.decoderBias(), grad.encoderWeight(), grad.encoderBias(), grad.decoderWeight(),
            grad.decoderBias(), scalars, coef, n, m);
    g.transferToHost(DataTransferMode.EVERY_EXECUTION, scalars)
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) params.all())
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) first.all())
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) second.all());
    return g.snapshot();
  }
}

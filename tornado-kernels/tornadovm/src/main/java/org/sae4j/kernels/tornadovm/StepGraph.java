package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The device buffers of one backend and the task graph of its training step. Parameters, Adam's moments and
 * every intermediate are copied to the device on the first execution only and stay resident; each execution
 * moves the batch, the row count and the step's coefficients in, and the step's scalars out. Parameters,
 * moments and the TopK rule's step counts come back only on demand ({@link DataTransferMode#UNDER_DEMAND}).
 */
final class StepGraph {

  final ParameterArrays params;
  final ParameterArrays first;
  final ParameterArrays second;
  final FloatArray batch;
  final IntArray control;
  final FloatArray coef;
  final FloatArray scalars;
  final EncodedRows rows;
  private final ParameterArrays grad;
  /** The AuxK loss's pairs (each row's best dead features), or empty lists without it. */
  private final PairLists aux;
  private final boolean withAux;
  private final boolean topK;
  private final int deadSteps;
  private final FloatArray norms;
  private final FloatArray residual;
  private final FloatArray auxResidual;
  private final FloatArray activationSum;
  private final FloatArray rowStats;
  private final FloatArray partials;
  private final int n;
  private final int m;
  private final int maxRows;

  /**
   * Buffers for a step whose rule keeps the pairs of {@code main} (under TopK its deadSteps caps the step counts),
   * with {@code auxSelection} the AuxK pairs (null without the AuxK loss); {@code steps} are the TopK rule's
   * per-feature step counts (empty otherwise); {@code encoder} is the encoder kernel.
   */
  StepGraph(ParameterArrays params, ParameterArrays first, ParameterArrays second, int maxRows,
            PairLists.Selection main, PairLists.Selection auxSelection, int[] steps, EncoderVariant encoder) {
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
    this.topK = main.need() > 0;
    this.withAux = auxSelection != null;
    this.deadSteps = main.deadSteps();
    this.rows = new EncodedRows(n, m, maxRows, main, true, steps, encoder);
    this.aux = withAux ? new PairLists(m, maxRows, auxSelection, true) : PairLists.none(m);
    this.norms = Buffers.floats(m);
    this.residual = Buffers.floats(maxRows * n);
    this.auxResidual = Buffers.floats(withAux ? maxRows * n : 1);
    this.activationSum = Buffers.floats(m);
    this.rowStats = Buffers.floats(StepKernels.ROW_STATS * maxRows);
    this.partials = Buffers.floats(StepKernels.partialsSize(maxRows, m, n));
  }

  /** The TopK rule's per-feature step counts on the host (current after {@code transferToHost}). */
  IntArray steps() {
    return rows.shared.steps();
  }

  /** The step as one task graph named {@code name}. */
  ImmutableTaskGraph build(String name) {
    PairLists main = rows.lists;
    int auxFlag = withAux ? 1 : 0;
    TaskGraph g = new TaskGraph(name)
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, batch, control, coef)
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) params.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) first.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) second.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) grad.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, rows.buffers())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, aux.buffers())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, norms, residual, auxResidual, activationSum, rowStats,
            partials, scalars);
    rows.addTasks(g, batch, params, control);
    if (withAux) {
      aux.addTasks(g, "aux", rows.codes, rows.codesByFeature, rows.shared, control);
    }
    g.task("residual", StepKernels::decode, main.start, main.index, main.value, params.decoderWeight(),
        params.decoderBias(), batch, residual, control, 0, 1, n, maxRows);
    if (withAux) {
      g.task("auxResidual", StepKernels::decode, aux.start, aux.index, aux.value, params.decoderWeight(),
          residual, batch, auxResidual, control, 1, 0, n, maxRows);
    }
    g.task("featureGradient", StepKernels::featureGradient, main.columnStart, main.columnRow, main.columnValue,
            main.columnGrad, aux.columnStart, aux.columnRow, aux.columnGrad, residual, auxResidual,
            params.decoderWeight(), norms, grad.encoderBias(), activationSum, coef, n, m)
        .task("rowStats", StepKernels::rowStatsAndBiasGradient, residual, main.start, main.index, main.value, norms,
            auxResidual, rowStats, control, auxFlag, grad.decoderBias(), coef, n, maxRows)
        .task("weightGradients", StepKernels::weightGradients, main.columnStart, main.columnRow, main.columnValue,
            main.columnGrad, aux.columnStart, aux.columnRow, aux.columnValue, aux.columnGrad, batch, residual,
            auxResidual, params.decoderWeight(), norms, activationSum, grad.encoderWeight(), grad.decoderWeight(),
            coef, n, m)
        .task("partialSums", StepKernels::partialSums, rowStats, grad.encoderBias(), grad.encoderWeight(),
            grad.decoderWeight(), grad.decoderBias(), partials, maxRows, m, n)
        .task("reduce", StepKernels::reduce, partials, aux.start, scalars, control, auxFlag, maxRows, m, n)
        .task("adam", StepKernels::adam, params.encoderWeight(), params.encoderBias(), params.decoderWeight(),
            params.decoderBias(), first.encoderWeight(), first.encoderBias(), first.decoderWeight(),
            first.decoderBias(), second.encoderWeight(), second.encoderBias(), second.decoderWeight(),
            second.decoderBias(), grad.encoderWeight(), grad.encoderBias(), grad.decoderWeight(),
            grad.decoderBias(), scalars, coef, n, m);
    if (topK) {
      g.task("countFiring", TopKKernels::countFiring, main.columnCount, rows.shared.steps(), scalars, deadSteps,
          m);
    }
    g.transferToHost(DataTransferMode.EVERY_EXECUTION, scalars)
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) params.all())
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) first.all())
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) second.all());
    if (topK) {
      g.transferToHost(DataTransferMode.UNDER_DEMAND, rows.shared.steps());
    }
    return g.snapshot();
  }
}

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
  private final FloatArray norms;
  private final FloatArray codes;
  private final FloatArray residual;
  private final FloatArray featureGrad;
  private final FloatArray activationSum;
  private final FloatArray rowStats;
  private final FloatArray featureSquares;
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
    this.batch = zeros(maxRows * n);
    this.control = new IntArray(2);
    control.init(0);
    this.coef = zeros(StepKernels.COEF_SIZE);
    this.scalars = zeros(StepKernels.SCALARS_SIZE);
    this.norms = zeros(m);
    this.codes = zeros(maxRows * m);
    this.residual = zeros(maxRows * n);
    this.featureGrad = zeros(maxRows * m);
    this.activationSum = zeros(m);
    this.rowStats = zeros(StepKernels.ROW_STATS * maxRows);
    this.featureSquares = zeros(m);
  }

  /** The step as one task graph named {@code name}. */
  ImmutableTaskGraph build(String name) {
    TaskGraph g = new TaskGraph(name)
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, batch, control, coef)
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) params.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) first.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) second.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, (Object[]) grad.all())
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, norms, codes, residual, featureGrad, activationSum,
            rowStats, featureSquares, scalars);
    g.task("norms", StepKernels::columnNorms, params.decoderWeight(), norms, n, m)
        .task("encode", StepKernels::encode, batch, params.encoderWeight(), params.encoderBias(), codes, control,
            n, m, maxRows)
        .task("residual", StepKernels::residual, batch, codes, params.decoderWeight(), params.decoderBias(),
            residual, control, n, m, maxRows)
        .task("rowStats", StepKernels::rowStats, residual, codes, norms, rowStats, n, m, maxRows)
        .task("featureGradient", StepKernels::featureGradient, residual, codes, params.decoderWeight(), norms,
            featureGrad, coef, n, m, maxRows)
        .task("encoderWeightGradient", StepKernels::encoderWeightGradient, featureGrad, batch,
            grad.encoderWeight(), control, n, m)
        .task("featureSums", StepKernels::featureSums, featureGrad, codes, grad.encoderBias(), activationSum,
            control, m)
        .task("decoderWeightGradient", StepKernels::decoderWeightGradient, codes, residual,
            params.decoderWeight(), norms, activationSum, grad.decoderWeight(), coef, control, n, m)
        .task("decoderBiasGradient", StepKernels::decoderBiasGradient, residual, grad.decoderBias(), coef,
            control, n)
        .task("featureSquares", StepKernels::featureSquares, grad.encoderWeight(), grad.encoderBias(),
            grad.decoderWeight(), featureSquares, n, m)
        .task("reduce", StepKernels::reduce, rowStats, featureSquares, grad.decoderBias(), scalars, control, n, m);
    FloatArray[] p = params.all();
    FloatArray[] f = first.all();
    FloatArray[] s = second.all();
    FloatArray[] d = grad.all();
    String[] names = {"adamEncoderWeight", "adamEncoderBias", "adamDecoderWeight", "adamDecoderBias"};
    for (int a = 0; a < p.length; a++) {
      g.task(names[a], StepKernels::adam, p[a], f[a], s[a], d[a], scalars, coef, p[a].getSize());
    }
    g.transferToHost(DataTransferMode.EVERY_EXECUTION, scalars)
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) params.all())
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) first.all())
        .transferToHost(DataTransferMode.UNDER_DEMAND, (Object[]) second.all());
    return g.snapshot();
  }

  private static FloatArray zeros(int size) {
    FloatArray a = new FloatArray(size);
    a.init(0f);
    return a;
  }
}

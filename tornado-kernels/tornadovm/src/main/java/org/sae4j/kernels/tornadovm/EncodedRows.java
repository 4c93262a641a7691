package org.sae4j.kernels.tornadovm;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;

/**
 * The encoder and the row-major lists of the kept pairs of one task graph: W_eᵀ, the codes ReLU(W_e x + b_e)
 * (dense, on the device only) and {@link #lists}, the pairs the rule keeps (every positive code, or each row's k
 * best). The step graph and the forward graph each hold one, so evaluating never disturbs a step's buffers.
 */
final class EncodedRows {

  private static final String ENCODE = "encode";

  /** W_e feature-major for the register-tiled encoder; one vector for the local-memory one, which reads W_e. */
  final VectorFloat8 weT;
  final FloatArray codes;
  /**
   * The codes feature-major (B × m floats) when the graph builds feature-major lists, else B zeros (the one empty
   * feature of {@link PairLists}' launches without columns).
   */
  final FloatArray codesByFeature;
  final PairLists lists;
  final PairLists.SelectionBuffers shared;
  private final boolean featureMajor;
  private final EncoderVariant encoder;
  private final int n;
  private final int m;
  private final int maxRows;

  /**
   * The buffers of a graph whose rule keeps the pairs of {@code selection}, which builds feature-major lists too
   * when {@code featureMajor}, with the encoder kernel {@code encoder}; {@code steps} are the TopK rule's
   * per-feature step counts (empty otherwise).
   */
  EncodedRows(int n, int m, int maxRows, PairLists.Selection selection, boolean featureMajor, int[] steps,
              EncoderVariant encoder) {
    this.n = n;
    this.m = m;
    this.maxRows = maxRows;
    this.featureMajor = featureMajor;
    this.encoder = encoder;
    this.weT = new VectorFloat8(encoder.local() ? 1 : n * EncoderKernels.featureVectors(m));
    weT.fill(0f);
    this.codes = Buffers.floats(maxRows * m);
    this.codesByFeature = Buffers.floats(featureMajor ? maxRows * m : maxRows);
    this.lists = new PairLists(m, maxRows, selection, featureMajor);
    this.shared = PairLists.SelectionBuffers.of(maxRows, selection.need() > 0, steps);
  }

  /** Every buffer, for the graph's first-execution transfer. */
  Object[] buffers() {
    Object[] own = {weT, codes, codesByFeature};
    Object[] all = new Object[own.length + lists.buffers().length + shared.buffers().length];
    System.arraycopy(own, 0, all, 0, own.length);
    System.arraycopy(lists.buffers(), 0, all, own.length, lists.buffers().length);
    System.arraycopy(shared.buffers(), 0, all, own.length + lists.buffers().length, shared.buffers().length);
    return all;
  }

  /**
   * Adds the tasks transpose → encode (the local-memory encoder reads W_e as it is: no transpose) → the lists
   * ({@link PairLists#addTasks}; feature-major too when the graph has them) to {@code g}, reading the batch
   * {@code x} (padded to whole encoder tiles) and W_e, b_e of {@code params}. The encoder's grid, when it has one,
   * is {@link #addGrid}'s.
   */
  TaskGraph addTasks(TaskGraph g, FloatArray x, ParameterArrays params, IntArray control) {
    int fm = featureMajor ? 1 : 0;
    if (encoder.local()) {
      g.task(ENCODE, EncoderKernels::encodeLocal, new KernelContext(), x, params.encoderWeight(),
          params.encoderBias(), codes, codesByFeature, control, fm, n, m, maxRows);
    } else {
      g.task("transpose", EncoderKernels::transpose, params.encoderWeight(), weT, n, m)
          .task(ENCODE, EncoderKernels::encode, x, weT, params.encoderBias(), codes, codesByFeature, control, fm,
              n, m, maxRows);
    }
    return lists.addTasks(g, "", codes, codesByFeature, shared, control);
  }

  /** The encoder's grid for this graph's encode task, in the graph named {@code graphName}, if it has one. */
  void addGrid(GridScheduler grid, String graphName) {
    if (encoder.hasGrid()) {
      encoder.addGrid(grid, graphName + "." + ENCODE, m, maxRows);
    }
  }
}

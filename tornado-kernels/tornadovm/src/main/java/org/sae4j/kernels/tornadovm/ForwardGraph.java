package org.sae4j.kernels.tornadovm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.sae4j.kernels.SparseCodes;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The forward pass (encode, reconstruct) as a second task graph that reads the parameters where the step graph
 * keeps them on the device ({@code consumeFromDevice}), so evaluation copies only the batch in and the codes
 * and reconstruction out. It has its own batch-shaped buffers, so evaluating never disturbs a step's.
 */
final class ForwardGraph {

  final FloatArray batch;
  final IntArray control;
  private final FloatArray codes;
  private final FloatArray reconstruction;
  private final int n;
  private final int m;
  private final int maxRows;

  ForwardGraph(int n, int m, int maxRows) {
    this.n = n;
    this.m = m;
    this.maxRows = maxRows;
    this.batch = new FloatArray(maxRows * n);
    batch.init(0f);
    this.control = new IntArray(2);
    control.init(0);
    this.codes = new FloatArray(maxRows * m);
    this.reconstruction = new FloatArray(maxRows * n);
  }

  /** The graph {@code name}, consuming {@code params} from the step graph {@code stepGraphName}. */
  ImmutableTaskGraph build(String name, String stepGraphName, ParameterArrays params) {
    return new TaskGraph(name)
        .consumeFromDevice(stepGraphName, (Object[]) params.all())
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, batch, control)
        .task("encode", StepKernels::encode, batch, params.encoderWeight(), params.encoderBias(), codes, control,
            n, m, maxRows)
        .task("reconstruct", StepKernels::reconstruct, codes, params.decoderWeight(), params.decoderBias(),
            reconstruction, control, n, m, maxRows)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, codes, reconstruction)
        .snapshot();
  }

  /** Copies the last execution's results for {@code rows} rows into {@code out} and {@code sparse}. */
  void read(int rows, float[] out, SparseCodes sparse) {
    MemorySegment.copy(reconstruction.getSegment(), ValueLayout.JAVA_FLOAT, 0, out, 0, rows * n);
    sparse.reset(rows);
    for (int t = 0; t < rows; t++) {
      for (int i = 0; i < m; i++) {
        float a = codes.get(t * m + i);
        if (a > 0f) {
          sparse.add(i, a);
        }
      }
      sparse.endRow();
    }
  }
}

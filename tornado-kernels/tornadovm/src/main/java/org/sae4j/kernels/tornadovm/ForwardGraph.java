package org.sae4j.kernels.tornadovm;

import java.lang.foreign.ValueLayout;
import org.sae4j.kernels.SparseCodes;
import uk.ac.manchester.tornado.api.DataRange;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The forward pass (encode, active lists, reconstruct) as a second task graph that reads the parameters where
 * the step graph keeps them on the device ({@code consumeFromDevice}), so evaluation copies only the batch in
 * and the reconstruction, the row offsets and the active pairs (sparse codes) out. It has its own buffers, so
 * evaluating never disturbs a step's.
 */
final class ForwardGraph {

  final FloatArray batch;
  final IntArray control;
  private final EncodedRows rows;
  private final FloatArray reconstruction;
  private final int n;
  private final int maxRows;

  /**
   * Buffers for batches of up to {@code maxRows} rows whose rule keeps the pairs of {@code selection}, encoded by
   * {@code encoder}.
   */
  ForwardGraph(int n, int m, int maxRows, PairLists.Selection selection, EncoderVariant encoder) {
    this.n = n;
    this.maxRows = maxRows;
    this.batch = Buffers.floats(EncoderKernels.paddedRows(maxRows) * n);
    this.control = Buffers.ints(2);
    this.rows = new EncodedRows(n, m, maxRows, selection, false, new int[0], encoder);
    this.reconstruction = Buffers.floats(maxRows * n);
  }

  /** The graph {@code name}, consuming {@code params} from the step graph {@code stepGraphName}. */
  ImmutableTaskGraph build(String name, String stepGraphName, ParameterArrays params) {
    TaskGraph g = new TaskGraph(name)
        .consumeFromDevice(stepGraphName, (Object[]) params.all())
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, batch, control)
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, rows.buffers());
    rows.addTasks(g, batch, params, control);
    PairLists lists = rows.lists;
    return g.task("reconstruct", StepKernels::decode, lists.start, lists.index, lists.value,
            params.decoderWeight(), params.decoderBias(), batch, reconstruction, control, 0, 0, n, maxRows)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, lists.start, reconstruction)
        .transferToHost(DataTransferMode.UNDER_DEMAND, lists.index, lists.value)
        .snapshot();
  }

  /** Adds the grid of this graph's encoder, when it is the local-memory one, for the graph {@code name}. */
  void addGrid(GridScheduler grid, String name) {
    rows.addGrid(grid, name);
  }

  /**
   * Copies the active pairs of {@code result} (only as many as the batch has) to the host, then the first
   * {@code rowCount} rows into {@code out} and {@code sparse}.
   */
  void read(TornadoExecutionResult result, int rowCount, float[] out, SparseCodes sparse) {
    PairLists lists = rows.lists;
    int total = lists.start.get(rowCount);
    if (total > 0) {
      // A size of 0 would mean "the whole array" to DataRange.
      result.transferToHost(new DataRange(lists.index).withSize(total));
      result.transferToHost(new DataRange(lists.value).withSize(total));
    }
    ParameterArrays.copyToHost(reconstruction, out, rowCount * n);
    sparse.set(rowCount, ints(lists.start, rowCount + 1), ints(lists.index, total),
        lists.value.getSegment().asSlice(0, (long) total * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT));
  }

  private static int[] ints(IntArray a, int count) {
    return a.getSegment().asSlice(0, (long) count * Integer.BYTES).toArray(ValueLayout.JAVA_INT);
  }
}

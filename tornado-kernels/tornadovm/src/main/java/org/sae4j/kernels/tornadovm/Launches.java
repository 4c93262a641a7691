package org.sae4j.kernels.tornadovm;

import java.util.ArrayList;
import java.util.List;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid2D;

/**
 * The parallel tasks of a backend's task graphs with their iteration spaces, so that the tests can launch every
 * kernel with a chosen local work-group size instead of TornadoVM's default and check that the bits do not
 * change. Single-work-item tasks are not listed.
 */
final class Launches {

  private record Launch(String task, int[] global) {
  }

  private final List<Launch> all = new ArrayList<>();

  /**
   * Records task {@code graph.task} with the sizes of its {@code @Parallel} loops, outermost (TornadoVM's first
   * work-item dimension) first.
   */
  void add(String graph, String task, int... global) {
    all.add(new Launch(graph + "." + task, global));
  }

  /**
   * A scheduler launching every recorded task on exactly its iteration space (a grid replaces the loop bounds,
   * so it must not be larger) with a local size in the first dimension of the largest divisor of that
   * dimension's size that is at most {@code local}, and 1 in the second (OpenCL 1.2 devices need local sizes
   * that divide the global ones).
   */
  GridScheduler scheduler(int local) {
    GridScheduler s = new GridScheduler();
    for (Launch l : all) {
      WorkerGrid grid = l.global.length == 1 ? new WorkerGrid1D(l.global[0])
          : new WorkerGrid2D(l.global[0], l.global[1]);
      grid.setLocalWork(largestDivisor(l.global[0], local), 1, 1);
      s.addWorkerGrid(l.task, grid);
    }
    return s;
  }

  private static int largestDivisor(int size, int atMost) {
    int d = Math.min(size, atMost);
    while (size % d != 0) {
      d--;
    }
    return d;
  }
}

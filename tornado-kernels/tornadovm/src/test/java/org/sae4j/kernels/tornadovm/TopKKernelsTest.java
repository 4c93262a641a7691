package org.sae4j.kernels.tornadovm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sae4j.kernels.BackendProvider;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The device's radix select ({@link TopKKernels#selectRows}) against a sort on rows whose values span every
 * normal exponent (2^−126 .. 2^127), differ in the last bit, tie in blocks, and include zeros and negatives;
 * with and without the dead-feature mask. Skipped (not passed) where TornadoVM or a device is missing.
 */
class TopKKernelsTest {

  @BeforeAll
  static void requireTornadoVm() {
    BackendProvider.Availability a = new TornadoVmBackendProvider().availability();
    assumeTrue(a.available(), a.reason());
  }

  @Test
  void each_row_keeps_exactly_the_need_best_candidates_like_a_sort() throws Exception {
    int m = 331;
    int rows = 37;
    int need = 23;
    int deadSteps = 3;
    SplittableRandom r = new SplittableRandom(5);
    FloatArray f = new FloatArray(rows * m);
    IntArray steps = new IntArray(m);
    for (int i = 0; i < m; i++) {
      steps.set(i, r.nextInt(6));
    }
    for (int t = 0; t < rows; t++) {
      float tie = value(r, t);
      for (int i = 0; i < m; i++) {
        float v = switch (r.nextInt(7)) {
          case 0 -> 0f;
          case 1 -> -value(r, t);
          case 2 -> tie;                                   // a block of equal values
          case 3 -> Math.nextUp(tie);                      // one bit apart
          default -> value(r, t);
        };
        f.set(t * m + i, v);
      }
    }
    // Row 0: fewer candidates than need; row 1: exactly need.
    for (int i = 0; i < m; i++) {
      f.set(i, i < 5 ? 1f + i : 0f);
      f.set(m + i, i < need ? 2f : -1f);
    }
    for (int masked = 0; masked <= 1; masked++) {
      FloatArray thr = new FloatArray(rows);
      IntArray last = new IntArray(rows);
      IntArray count = new IntArray(rows);
      IntArray control = new IntArray(2);
      control.set(0, rows);
      ImmutableTaskGraph graph = new TaskGraph("radix" + masked)
          .transferToDevice(DataTransferMode.EVERY_EXECUTION, f, steps, control)
          .task("select", TopKKernels::selectRows, f, TopKKernels.radixTable(), new IntArray(rows * TopKKernels.BINS),
              thr, last, count, steps, control, masked, deadSteps, need, m, rows)
          .transferToHost(DataTransferMode.EVERY_EXECUTION, thr, last, count)
          .snapshot();
      try (TornadoExecutionPlan plan = new TornadoExecutionPlan(graph)) {
        plan.execute();
      }
      for (int t = 0; t < rows; t++) {
        boolean[] want = best(f, t, m, need, masked == 1 ? steps : null, deadSteps);
        int kept = 0;
        for (int i = 0; i < m; i++) {
          float a = f.get(t * m + i);
          float cut = thr.get(t);
          boolean got = a > 0f && (masked == 0 || steps.get(i) >= deadSteps)
              && (a > cut || (a == cut && i <= last.get(t)));
          assertThat(got).as("masked=%d row %d feature %d (%s, cut %s)", masked, t, i, a, cut).isEqualTo(want[i]);
          kept += got ? 1 : 0;
        }
        assertThat(count.get(t)).as("count of row %d", t).isEqualTo(kept);
      }
    }
  }

  /** A positive float of any normal exponent (row 2 and up), random in all 24 significand bits. */
  private static float value(SplittableRandom r, int t) {
    int exponent = t % 3 == 2 ? r.nextInt(-126, 128) : r.nextInt(-3, 4);
    return Math.scalb(1f + (float) r.nextInt(1 << 23) / (1 << 23), exponent);
  }

  /** The need best positive candidates of row t by a full sort: larger value first, then the lower index. */
  private static boolean[] best(FloatArray f, int t, int m, int need, IntArray steps, int deadSteps) {
    Integer[] order = new Integer[m];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> {
      float va = f.get(t * m + a);
      float vb = f.get(t * m + b);
      return va != vb ? Float.compare(vb, va) : Integer.compare(a, b);
    });
    boolean[] kept = new boolean[m];
    int taken = 0;
    for (int i : order) {
      if (taken < need && f.get(t * m + i) > 0f && (steps == null || steps.get(i) >= deadSteps)) {
        kept[i] = true;
        taken++;
      }
    }
    return kept;
  }
}

package org.sae4j.core.analysis;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.kernels.SparseCodes;

/**
 * The dictionary's codes of every held-out row a pass saw, by window and position, so that an analysis that re-runs
 * windows through the model can pair the model's units with the very codes the evaluation computed (no second
 * encoding). Memory: 8 bytes per active (row, feature) pair.
 */
final class HeldOutCodes implements HeldOutObserver {
  private final Map<Long, int[]> rowOf = new HashMap<>();
  private final int maxPosition;
  private int[] rowStart = new int[1 << 16];
  private int[] index = new int[1 << 20];
  private float[] value = new float[1 << 20];
  private int rows;
  private int size;

  /** @param maxPosition the largest position in a window */
  HeldOutCodes(int maxPosition) {
    this.maxPosition = maxPosition;
  }

  @Override
  public void observe(HeldOutBatch batch) {
    SparseCodes codes = batch.codes();
    for (int r = 0; r < batch.rows(); r++) {
      int[] slots = rowOf.computeIfAbsent(batch.sequences()[r], s -> {
        int[] fresh = new int[maxPosition + 1];
        Arrays.fill(fresh, -1);
        return fresh;
      });
      slots[batch.positions()[r]] = rows;
      int n = codes.end(r) - codes.start(r);
      if (size + n > index.length) {
        int grown = Math.max(size + n, index.length * 2);
        index = Arrays.copyOf(index, grown);
        value = Arrays.copyOf(value, grown);
      }
      for (int k = codes.start(r); k < codes.end(r); k++) {
        index[size] = codes.index(k);
        value[size++] = codes.value(k);
      }
      if (rows + 2 > rowStart.length) {
        rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
      }
      rowStart[++rows] = size;
    }
  }

  /**
   * The codes of the windows' content tokens (positions 1 … n of each), in window then position order.
   *
   * @throws IllegalStateException naming the window and position when the pass did not see that row
   */
  SparseCodes codes(List<TokenWindow> windows) {
    SparseCodes out = new SparseCodes();
    out.reset(windows.stream().mapToInt(TokenWindow::contentLength).sum());
    for (TokenWindow w : windows) {
      int[] slots = rowOf.get(w.sequence());
      for (int p = 1; p <= w.contentLength(); p++) {
        int row = slots == null ? -1 : slots[p];
        if (row < 0) {
          throw new IllegalStateException("held-out window " + w.sequence() + " position " + p + " was not in the "
              + "evaluation's pass");
        }
        for (int k = rowStart[row]; k < rowStart[row + 1]; k++) {
          out.add(index[k], value[k]);
        }
        out.endRow();
      }
    }
    return out;
  }
}

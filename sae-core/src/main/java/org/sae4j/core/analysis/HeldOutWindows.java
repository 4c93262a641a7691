package org.sae4j.core.analysis;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token ids of the held-out windows a pass saw, rebuilt from the rows' {@code sequence} and {@code position}
 * columns, so that windows can be shown in context or run through the model again.
 */
final class HeldOutWindows implements HeldOutObserver {
  private final Map<Long, int[]> slots = new HashMap<>();
  private final int maxPosition;

  /** @param maxPosition largest token position in a window (window length − 1) */
  HeldOutWindows(int maxPosition) {
    this.maxPosition = maxPosition;
  }

  @Override
  public void observe(HeldOutBatch batch) {
    if (!batch.hasTokens()) {
      throw new IllegalStateException("held-out windows need a store with token columns");
    }
    for (int r = 0; r < batch.rows(); r++) {
      int position = batch.positions()[r];
      if (position < 0 || position > maxPosition) {
        throw new IllegalStateException("row with position " + position + " outside the window (max " + maxPosition
            + ")");
      }
      slots.computeIfAbsent(batch.sequences()[r], s -> new int[maxPosition + 1])[position] = batch.tokenIds()[r] + 1;
    }
  }

  /**
   * Up to {@code max} windows seen from their first content token on, lowest sequence first, with their content
   * token ids in order (stopping at the first missing position).
   */
  Map<Long, int[]> fromStart(int max) {
    Map<Long, int[]> out = new LinkedHashMap<>();
    for (long sequence : slots.keySet().stream().sorted().toList()) {
      if (out.size() >= max) {
        break;
      }
      if (slots.get(sequence)[1] != 0) {
        out.put(sequence, content(sequence));
      }
    }
    return out;
  }

  /** The content token ids of a window seen from its first token, up to its first missing position. */
  int[] content(long sequence) {
    int[] s = slots.get(sequence);
    int n = 0;
    while (n + 1 <= maxPosition && s[n + 1] != 0) {
      n++;
    }
    int[] ids = new int[n];
    for (int p = 1; p <= n; p++) {
      ids[p - 1] = s[p] - 1;
    }
    return ids;
  }

  /**
   * A window's token ids by position (index 0 is [CLS]'s slot), -1 where the pass saw no row; for showing a context
   * around a token of a window whose start was not seen.
   */
  int[] positions(long sequence) {
    int[] s = slots.get(sequence);
    int[] out = new int[s.length];
    for (int p = 0; p < s.length; p++) {
      out[p] = s[p] - 1;
    }
    return out;
  }
}

package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.sae4j.kernels.SparseCodes;

/**
 * Gathers, over one pass of the held-out tokens of a harvested data set, the top-activating tokens of every feature
 * and the token ids of their windows. Feature activation is f_i·‖W_d,i‖ in the original scale (docs/recipe.md). Ties keep
 * the earlier token, so the result is deterministic.
 */
final class TopContexts implements HeldOutObserver {
  private final int features;
  private final int perFeature;
  private final double[] norms;
  private final float[] topValue;
  private final long[] topSequence;
  private final int[] topPosition;
  private final int[] filled;
  private final double[] mass;
  private final long[] fires;
  private final HeldOutWindows windows;
  private long tokens;

  /**
   * @param norms ‖W_d,i‖ of each feature in the original scale
   * @param perFeature how many top tokens to keep per feature
   * @param maxPosition largest token position in a window (window length − 1)
   */
  TopContexts(double[] norms, int perFeature, int maxPosition) {
    this.features = norms.length;
    this.perFeature = perFeature;
    this.norms = norms.clone();
    this.windows = new HeldOutWindows(maxPosition);
    topValue = new float[features * perFeature];
    topSequence = new long[features * perFeature];
    topPosition = new int[features * perFeature];
    filled = new int[features];
    mass = new double[features];
    fires = new long[features];
  }

  @Override
  public void observe(HeldOutBatch batch) {
    windows.observe(batch);
    SparseCodes codes = batch.codes();
    for (int r = 0; r < batch.rows(); r++) {
      for (int k = codes.start(r); k < codes.end(r); k++) {
        int i = codes.index(k);
        float a = (float) (codes.value(k) * norms[i]);
        mass[i] += a;
        fires[i]++;
        offer(i, a, batch.sequences()[r], batch.positions()[r]);
      }
    }
    tokens += batch.rows();
  }

  private void offer(int feature, float value, long sequence, int position) {
    int base = feature * perFeature;
    int n = filled[feature];
    int slot;
    if (n < perFeature) {
      slot = n;
      filled[feature] = n + 1;
    } else {
      slot = -1;
      float min = value;
      for (int k = 0; k < perFeature; k++) {
        if (topValue[base + k] < min) {
          min = topValue[base + k];
          slot = k;
        }
      }
      if (slot < 0) {
        return;
      }
    }
    topValue[base + slot] = value;
    topSequence[base + slot] = sequence;
    topPosition[base + slot] = position;
  }

  /**
   * What was gathered: every feature that fired with its contexts strongest first, the windows they come from (by
   * position, -1 where unseen), and the first {@code probeWindows} windows seen whole from their start.
   */
  TopContextsData data(int probeWindows) {
    List<TopContextsData.Feature> out = new ArrayList<>();
    Map<Long, int[]> referenced = new LinkedHashMap<>();
    for (int i = 0; i < features; i++) {
      if (fires[i] == 0) {
        continue;
      }
      int base = i * perFeature;
      List<TopContextsData.Context> contexts = new ArrayList<>();
      for (int k : IntStream.range(0, filled[i]).boxed()
          .sorted(Comparator.comparingDouble((Integer k) -> -topValue[base + k]).thenComparingInt(k -> k))
          .mapToInt(Integer::intValue).toArray()) {
        long sequence = topSequence[base + k];
        contexts.add(new TopContextsData.Context(topValue[base + k], sequence, topPosition[base + k]));
        referenced.computeIfAbsent(sequence, windows::positions);
      }
      out.add(new TopContextsData.Feature(i, fires[i], mass[i], contexts));
    }
    Map<Long, int[]> probes = windows.fromStart(probeWindows);
    return new TopContextsData(tokens, perFeature, out, referenced, probes);
  }
}

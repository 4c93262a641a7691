package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.sae4j.core.run.Evaluator;
import org.sae4j.kernels.SparseCodes;

/**
 * The top-activating tokens of every feature over the evaluated tokens of a harvested data set, and the token ids
 * of their windows, so that each can be shown in context. Feature activation is f_i·‖W_d,i‖ in the original scale
 * (SPEC §2). Ties keep the earlier token, so the result is deterministic.
 */
public final class TopContexts implements Evaluator.BatchObserver {
  private final int features;
  private final int perFeature;
  private final double[] norms;
  private final float[] topValue;
  private final long[] topSequence;
  private final int[] topPosition;
  private final int[] filled;
  private final double[] mass;
  private final long[] fires;
  private final Map<Long, int[]> windows = new HashMap<>();
  private final int maxPosition;

  /**
   * @param norms ‖W_d,i‖ of each feature in the original scale
   * @param perFeature how many top tokens to keep per feature
   * @param maxPosition largest token position in a window (window length − 1)
   */
  public TopContexts(double[] norms, int perFeature, int maxPosition) {
    this.features = norms.length;
    this.perFeature = perFeature;
    this.norms = norms.clone();
    this.maxPosition = maxPosition;
    topValue = new float[features * perFeature];
    topSequence = new long[features * perFeature];
    topPosition = new int[features * perFeature];
    filled = new int[features];
    mass = new double[features];
    fires = new long[features];
  }

  @Override
  public void observe(int rows, SparseCodes codes, int[] tokenIds, long[] sequences, int[] positions) {
    if (tokenIds == null) {
      throw new IllegalStateException("top contexts need a store with token columns");
    }
    for (int r = 0; r < rows; r++) {
      int position = positions[r];
      if (position < 0 || position > maxPosition) {
        throw new IllegalStateException("row with position " + position + " outside the window (max " + maxPosition
            + ")");
      }
      windows.computeIfAbsent(sequences[r], s -> new int[maxPosition + 1])[position] = tokenIds[r] + 1;
      for (int k = codes.start(r); k < codes.end(r); k++) {
        int i = codes.index(k);
        float a = (float) (codes.value(k) * norms[i]);
        mass[i] += a;
        fires[i]++;
        offer(i, a, sequences[r], position);
      }
    }
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

  /** Features ranked by total activation, highest first (ties by index). */
  public int[] featuresByActivation(int count) {
    return IntStream.range(0, features).boxed()
        .filter(i -> fires[i] > 0)
        .sorted(Comparator.comparingDouble((Integer i) -> -mass[i]).thenComparingInt(i -> i))
        .limit(count).mapToInt(Integer::intValue).toArray();
  }

  /**
   * Windows seen completely from their first content token on, with their content token ids in order (stopping at
   * the first missing position), for re-running them through the model.
   */
  public Map<Long, int[]> windowsFromStart(int max) {
    Map<Long, int[]> out = new HashMap<>();
    windows.keySet().stream().sorted().forEach(sequence -> {
      int[] slots = windows.get(sequence);
      if (out.size() >= max || slots[1] == 0) {
        return;
      }
      int n = 0;
      while (n + 1 <= maxPosition && slots[n + 1] != 0) {
        n++;
      }
      int[] ids = new int[n];
      for (int p = 1; p <= n; p++) {
        ids[p - 1] = slots[p] - 1;
      }
      out.put(sequence, ids);
    });
    return out;
  }

  /**
   * A readable Markdown report: for each listed feature its firing rate and top tokens, each shown in its window
   * with the token in double brackets.
   *
   * @param token decodes a token id to its text (WordPiece pieces start with {@code ##})
   * @param tokens tokens evaluated (for firing rates)
   * @param before tokens of context shown before the token
   * @param after tokens of context shown after it
   */
  public String report(int[] featureIds, IntFunction<String> token, long tokens, int before, int after) {
    StringBuilder md = new StringBuilder("# Top activating contexts\n\n");
    md.append("Activation is f_i·‖W_d,i‖ (original scale); the token is shown as [[token]].\n");
    for (int i : featureIds) {
      md.append(String.format("%n## Feature %d%n%nfires on %.4f%% of %,d tokens, total activation %.4g%n%n", i,
          100.0 * fires[i] / tokens, tokens, mass[i]));
      for (int k : order(i)) {
        int slot = i * perFeature + k;
        md.append(String.format("- %.3f: %s%n", topValue[slot],
            context(topSequence[slot], topPosition[slot], token, before, after)));
      }
    }
    return md.toString();
  }

  /** The top contexts of one feature as plain strings, strongest first (for logs and notes). */
  public List<String> contexts(int feature, IntFunction<String> token, int before, int after) {
    List<String> out = new ArrayList<>();
    for (int k : order(feature)) {
      int slot = feature * perFeature + k;
      out.add(context(topSequence[slot], topPosition[slot], token, before, after));
    }
    return out;
  }

  private int[] order(int feature) {
    int base = feature * perFeature;
    return IntStream.range(0, filled[feature]).boxed()
        .sorted(Comparator.comparingDouble((Integer k) -> -topValue[base + k]).thenComparingInt(k -> k))
        .mapToInt(Integer::intValue).toArray();
  }

  private String context(long sequence, int position, IntFunction<String> token, int before, int after) {
    int[] slots = windows.get(sequence);
    StringBuilder text = new StringBuilder();
    for (int p = Math.max(1, position - before); p <= Math.min(maxPosition, position + after); p++) {
      if (slots[p] == 0) {
        continue;
      }
      String piece = token.apply(slots[p] - 1);
      String shown = p == position ? "[[" + piece.replace("##", "") + "]]" : piece.replace("##", "");
      if (!piece.startsWith("##") && !text.isEmpty()) {
        text.append(' ');
      }
      text.append(shown);
    }
    return text.toString();
  }
}

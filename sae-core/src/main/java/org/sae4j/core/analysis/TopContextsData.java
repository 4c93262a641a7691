package org.sae4j.core.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The top contexts of a run's features on its held-out tokens, as the {@code topContexts} analysis records them in
 * {@code analysis/topContexts/topContexts.json}; other analyses read them from there (the strongest contexts of a
 * feature, its largest activation a_max, held-out windows to probe the model with).
 *
 * @param evaluatedTokens held-out tokens the pass saw (for firing rates)
 * @param perFeature contexts kept per feature
 * @param features every feature that fired, by index, each with its contexts strongest first
 * @param windows the token ids of every window a context comes from, by sequence and position (-1 where the pass
 *     saw no row; index 0 is [CLS]'s slot)
 * @param probes the first windows (lowest sequence) seen whole from their first token: their content token ids
 */
public record TopContextsData(long evaluatedTokens, int perFeature, List<Feature> features, Map<Long, int[]> windows,
                              Map<Long, int[]> probes) {

  public TopContextsData {
    features = List.copyOf(features);
    windows = new TreeMap<>(windows);
    probes = new TreeMap<>(probes);
  }

  /** One feature's record. */
  public record Feature(int feature, long fires, double totalActivation, List<Context> contexts) {
    public Feature {
      contexts = List.copyOf(contexts);
    }

    /** a_max: the largest activation on the held-out tokens. */
    public double maxActivation() {
      return contexts.isEmpty() ? 0 : contexts.getFirst().activation();
    }
  }

  /**
   * One top-activating token.
   *
   * @param activation f_i·‖W_d,i‖ at the token
   * @param sequence its window
   * @param position its position in the window
   */
  public record Context(float activation, long sequence, int position) {
  }

  /** The record of {@code feature}, empty when it never fired on the held-out tokens. */
  public Optional<Feature> feature(int feature) {
    int lo = 0;
    int hi = features.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int f = features.get(mid).feature();
      if (f == feature) {
        return Optional.of(features.get(mid));
      }
      if (f < feature) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return Optional.empty();
  }

  /** Features ranked by total activation, highest first (ties by index). */
  public List<Feature> byTotalActivation(int count) {
    return features.stream()
        .sorted(Comparator.comparingDouble((Feature f) -> -f.totalActivation()).thenComparingInt(Feature::feature))
        .limit(count).toList();
  }

  /**
   * A context as text, the token itself in double brackets: {@code before} tokens before it and {@code after} after
   * it, WordPiece pieces joined to their word.
   *
   * @param token decodes a token id (continuation pieces start with {@code ##})
   */
  public String text(Context c, IntFunction<String> token, int before, int after) {
    int[] ids = Objects.requireNonNull(windows.get(c.sequence()), () -> "no window " + c.sequence());
    StringBuilder text = new StringBuilder();
    for (int p = Math.max(1, c.position() - before); p <= Math.min(ids.length - 1, c.position() + after); p++) {
      if (ids[p] < 0) {
        continue;
      }
      TokenText.append(text, token.apply(ids[p]), p == c.position());
    }
    return text.toString();
  }

  /**
   * The content token ids around a context, {@code before} tokens before its token and {@code after} after it
   * (positions the pass did not see are left out): a short text about what the feature responds to.
   */
  public int[] snippet(Context c, int before, int after) {
    int[] ids = windows.get(c.sequence());
    List<Integer> out = new ArrayList<>();
    for (int p = Math.max(1, c.position() - before); p <= Math.min(ids.length - 1, c.position() + after); p++) {
      if (ids[p] >= 0) {
        out.add(ids[p]);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The Markdown report of {@code shown}: each feature's firing rate and total activation, then its contexts. */
  public String report(List<Feature> shown, IntFunction<String> token, int before, int after) {
    StringBuilder md = new StringBuilder("# Top activating contexts\n\n");
    md.append("Activation is f_i·‖W_d,i‖ (original scale); the token is shown as [[token]].\n");
    for (Feature f : shown) {
      md.append(String.format("%n## Feature %d%n%nfires on %.4f%% of %,d tokens, total activation %.4g%n%n",
          f.feature(), 100.0 * f.fires() / evaluatedTokens, evaluatedTokens, f.totalActivation()));
      for (Context c : f.contexts()) {
        md.append(String.format("- %.3f: %s%n", c.activation(), text(c, token, before, after)));
      }
    }
    return md.toString();
  }
}

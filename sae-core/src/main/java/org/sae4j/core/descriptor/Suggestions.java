package org.sae4j.core.descriptor;

import java.util.List;
import java.util.Locale;

/** "Did you mean" for misspelt keys: the closest candidate by edit distance, if it is close enough to be a typo. */
final class Suggestions {

  private Suggestions() {
  }

  /** The candidate closest to {@code word} (ignoring case), or null when none is within a typo's distance. */
  static String closest(String word, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = word.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int tolerated = Math.max(1, Math.min(3, word.length() / 3));
    return bestDistance <= tolerated ? best : null;
  }

  /** {@code "did you mean X? "} for the {@link #closest} candidate, or the empty string when there is none. */
  static String didYouMean(String word, List<String> candidates) {
    String near = closest(word, candidates);
    return near == null ? "" : "did you mean " + near + "? ";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

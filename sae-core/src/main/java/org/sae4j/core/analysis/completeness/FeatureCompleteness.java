package org.sae4j.core.analysis.completeness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.sae4j.kernels.SparseCodes;

/**
 * Feature completeness, streamed over held-out tokens: which words (concepts) have a feature of their own. A word
 * has a feature when some feature fires on at least {@link CompletenessSettings#wordShare} of the word's held-out
 * occurrences (on any of its pieces) and at least {@link CompletenessSettings#featureShare} of that feature's
 * firings (tokens it is active on) are on the word's tokens. The result bins the judged words by how often they occur
 * in the training data, so the share that has a feature can be read against frequency.
 */
public final class FeatureCompleteness {
  private final int features;
  private final WordAssembler words;
  private final Map<String, Integer> wordIds = new HashMap<>();
  private final List<String> wordText = new ArrayList<>();
  private int[] occurrences = new int[1024];
  private final long[] firings;
  private final PairCounts pairs = new PairCounts();
  // The occurrence in progress: its features and on how many of its tokens each fired.
  private final int[] firedTokens;
  private final int[] current;
  private int currentSize;
  private long tokens;

  /**
   * @param features the dictionary's features
   * @param pieces the text of a token id (WordPiece)
   */
  public FeatureCompleteness(int features, IntFunction<String> pieces) {
    this.features = features;
    this.firings = new long[features];
    this.firedTokens = new int[features];
    this.current = new int[features];
    this.words = new WordAssembler(pieces, (word, n) -> commit(word));
  }

  /** Adds a batch of held-out rows in window and position order, with their feature activations. */
  public void add(int rows, SparseCodes codes, int[] tokenIds, long[] sequences, int[] positions) {
    for (int r = 0; r < rows; r++) {
      boolean inWord = words.row(tokenIds[r], sequences[r], positions[r]);
      for (int k = codes.start(r); k < codes.end(r); k++) {
        int f = codes.index(k);
        firings[f]++;
        if (inWord) {
          if (firedTokens[f]++ == 0) {
            current[currentSize++] = f;
          }
        }
      }
    }
    tokens += rows;
  }

  private void commit(String word) {
    int id = wordIds.computeIfAbsent(word, w -> {
      wordText.add(w);
      return wordText.size() - 1;
    });
    if (id >= occurrences.length) {
      occurrences = Arrays.copyOf(occurrences, occurrences.length * 2);
    }
    occurrences[id]++;
    for (int c = 0; c < currentSize; c++) {
      int f = current[c];
      pairs.add(f, id, firedTokens[f]);
      firedTokens[f] = 0;
    }
    currentSize = 0;
  }

  /**
   * Judges every word seen often enough, against its training frequency.
   *
   * @param trainCounts occurrences of each word in the training data ({@link WordCounts})
   * @throws IllegalStateException when no token was added
   */
  public CompletenessResult result(Map<String, Long> trainCounts, CompletenessSettings settings) {
    if (tokens == 0) {
      throw new IllegalStateException("no tokens were added to the completeness analysis");
    }
    words.flush();
    int n = wordText.size();
    int[] bestFeature = new int[n];
    double[] bestWordShare = new double[n];
    double[] bestFeatureShare = new double[n];
    boolean[] has = new boolean[n];
    Arrays.fill(bestFeature, -1);
    pairs.forEach((f, w, occ, tok) -> {
      double wordShare = (double) occ / occurrences[w];
      double featureShare = (double) tok / firings[f];
      if (wordShare >= settings.wordShare() && featureShare >= settings.featureShare()) {
        has[w] = true;
      }
      double score = Math.min(wordShare, featureShare);
      double best = Math.min(bestWordShare[w], bestFeatureShare[w]);
      if (bestFeature[w] < 0 || score > best || score == best && f < bestFeature[w]) {
        bestFeature[w] = f;
        bestWordShare[w] = wordShare;
        bestFeatureShare[w] = featureShare;
      }
    });
    List<CompletenessResult.Word> judged = new ArrayList<>();
    int unseen = 0;
    for (int w = 0; w < n; w++) {
      if (occurrences[w] < settings.minOccurrences()) {
        continue;
      }
      long train = trainCounts.getOrDefault(wordText.get(w), 0L);
      if (train == 0) {
        unseen++;
        continue;
      }
      judged.add(new CompletenessResult.Word(wordText.get(w), train, occurrences[w], has[w], bestFeature[w],
          bestWordShare[w], bestFeatureShare[w]));
    }
    judged.sort(Comparator.comparingLong(CompletenessResult.Word::trainCount).reversed()
        .thenComparing(CompletenessResult.Word::word));
    return new CompletenessResult(features, tokens, settings, judged, unseen,
        CompletenessResult.bins(judged, settings.binsPerDecade()));
  }
}

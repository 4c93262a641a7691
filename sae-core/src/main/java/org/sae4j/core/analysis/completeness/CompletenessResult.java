package org.sae4j.core.analysis.completeness;

import java.util.ArrayList;
import java.util.List;

/**
 * Which words have a feature, and the share that do per bin of training frequency.
 *
 * @param features the dictionary size
 * @param tokens held-out tokens the judgement is over
 * @param settings the thresholds used
 * @param words every judged word (at least {@code minOccurrences} held-out occurrences, seen in training), most
 *              frequent in training first
 * @param unseenInTraining words judged out because they never occur in the training data
 * @param bins the curve: log-spaced bins of training occurrences, low to high; empty bins are left out
 */
public record CompletenessResult(int features, long tokens, CompletenessSettings settings, List<Word> words,
                                 int unseenInTraining, List<Bin> bins) {

  public CompletenessResult {
    words = List.copyOf(words);
    bins = List.copyOf(bins);
  }

  /**
   * One judged word.
   *
   * @param word the case-folded word
   * @param trainCount its occurrences in the training data
   * @param heldOutCount its held-out occurrences
   * @param hasFeature whether some feature passes both thresholds
   * @param bestFeature the feature with the largest min(wordShare, featureShare), or -1 when none fired on it
   * @param wordShare that feature's share of the word's occurrences
   * @param featureShare the share of that feature's firings on the word
   */
  public record Word(String word, long trainCount, int heldOutCount, boolean hasFeature, int bestFeature,
                     double wordShare, double featureShare) {
  }

  /**
   * One frequency bin: words with {@code low <= trainCount < high}.
   *
   * @param low lower edge (training occurrences)
   * @param high upper edge
   * @param words judged words in the bin
   * @param withFeature of them, those that have a feature
   */
  public record Bin(double low, double high, int words, int withFeature) {
    /** The share of the bin's words that have a feature. */
    public double share() {
      return (double) withFeature / words;
    }

    /** The bin's centre on a log axis. */
    public double centre() {
      return Math.sqrt(low * high);
    }
  }

  /** Share of all judged words that have a feature; NaN when none was judged. */
  public double share() {
    return words.isEmpty() ? Double.NaN
        : (double) words.stream().filter(Word::hasFeature).count() / words.size();
  }

  /** The most frequent judged words without a feature, at most {@code limit}. */
  public List<Word> frequentWithout(int limit) {
    return words.stream().filter(w -> !w.hasFeature()).limit(limit).toList();
  }

  /** Every word that has a feature, most frequent first. */
  public List<Word> found() {
    return words.stream().filter(Word::hasFeature).toList();
  }

  static List<Bin> bins(List<Word> words, int perDecade) {
    long max = words.stream().mapToLong(Word::trainCount).max().orElse(0);
    List<Bin> bins = new ArrayList<>();
    for (int k = 0; Math.pow(10, (double) k / perDecade) <= max; k++) {
      double low = Math.pow(10, (double) k / perDecade);
      double high = Math.pow(10, (double) (k + 1) / perDecade);
      int n = 0;
      int with = 0;
      for (Word w : words) {
        if (w.trainCount() >= low && w.trainCount() < high) {
          n++;
          if (w.hasFeature()) {
            with++;
          }
        }
      }
      if (n > 0) {
        bins.add(new Bin(low, high, n, with));
      }
    }
    return bins;
  }
}

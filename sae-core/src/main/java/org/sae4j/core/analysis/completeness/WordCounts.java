package org.sae4j.core.analysis.completeness;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** How often each word occurs in a stream of tokens (e.g. the training split), streamed. */
public final class WordCounts {
  private final Map<String, Long> counts = new HashMap<>();
  private final WordAssembler words;
  private long total;

  /** @param pieces the text of a token id (WordPiece, {@code ##} marks a continuation) */
  public WordCounts(IntFunction<String> pieces) {
    words = new WordAssembler(pieces, (word, n) -> {
      counts.merge(word, 1L, Long::sum);
      total++;
    });
  }

  /** Adds a batch of rows in window and position order. */
  public void add(int rows, int[] tokenIds, long[] sequences, int[] positions) {
    for (int r = 0; r < rows; r++) {
      words.row(tokenIds[r], sequences[r], positions[r]);
    }
  }

  /** The counts, once the stream has ended. */
  public Map<String, Long> finish() {
    words.flush();
    return Collections.unmodifiableMap(counts);
  }

  /** Words counted so far. */
  public long total() {
    return total;
  }
}

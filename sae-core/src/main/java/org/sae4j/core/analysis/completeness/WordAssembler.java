package org.sae4j.core.analysis.completeness;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Joins a stream of WordPiece tokens back into whole words: a word is a piece that does not start with {@code ##}
 * followed by the {@code ##} pieces right after it in the same window. Words are case-folded; only words with a
 * letter or a digit count (punctuation is not a concept). A continuation piece whose head was not seen (a window cut
 * mid-word, or rows missing between two batches) starts no word.
 *
 * <p>Rows must arrive in window order and, within a window, in position order, as an unshuffled reader gives them;
 * a position that goes backwards within a window is an error.
 */
final class WordAssembler {

  /** Receives each completed word. */
  @FunctionalInterface
  interface Sink {
    /**
     * @param word the case-folded word
     * @param pieces how many tokens it spanned
     */
    void word(String word, int pieces);
  }

  private final IntFunction<String> pieces;
  private final Sink sink;
  private final StringBuilder current = new StringBuilder();
  private int currentPieces;
  private boolean inWord;
  private long sequence = Long.MIN_VALUE;
  private int position;

  /**
   * @param pieces the text of a token id
   * @param sink receives completed words
   */
  WordAssembler(IntFunction<String> pieces, Sink sink) {
    this.pieces = pieces;
    this.sink = sink;
  }

  /**
   * Adds one token; completes the previous word first when this token does not continue it.
   *
   * @return whether this token belongs to a word (so its features count for that word)
   */
  boolean row(int tokenId, long rowSequence, int rowPosition) {
    boolean adjacent = rowSequence == sequence && rowPosition == position + 1;
    if (rowSequence == sequence && rowPosition <= position) {
      throw new IllegalStateException("window " + rowSequence + ": position " + rowPosition + " after position "
          + position + "; words need rows in position order");
    }
    sequence = rowSequence;
    position = rowPosition;
    String piece = pieces.apply(tokenId);
    boolean continuation = piece.startsWith("##") && piece.length() > 2;
    if (continuation && adjacent && inWord) {
      current.append(piece, 2, piece.length());
      currentPieces++;
      return true;
    }
    flush();
    if (continuation || !wordLike(piece)) {
      return false;
    }
    current.append(piece);
    currentPieces = 1;
    inWord = true;
    return true;
  }

  /** Completes the word in progress, if any (at the end of the stream). */
  void flush() {
    if (inWord) {
      sink.word(current.toString().toLowerCase(Locale.ROOT), currentPieces);
    }
    current.setLength(0);
    currentPieces = 0;
    inWord = false;
  }

  private static boolean wordLike(String piece) {
    if (piece.startsWith("[") && piece.endsWith("]")) {
      return false;
    }
    return piece.codePoints().anyMatch(Character::isLetterOrDigit);
  }
}

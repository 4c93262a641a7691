package org.sae4j.core.analysis;

import java.util.function.IntFunction;

/** Token ids as readable text: WordPiece continuation pieces ({@code ##ing}) joined to their word. */
final class TokenText {

  private TokenText() {
  }

  /**
   * Appends one piece to {@code text}: a space before a new word, none before a continuation piece.
   *
   * @param marked whether to show it as {@code [[piece]]}
   */
  static void append(StringBuilder text, String piece, boolean marked) {
    String bare = piece.replace("##", "");
    if (!piece.startsWith("##") && !text.isEmpty()) {
      text.append(' ');
    }
    text.append(marked ? "[[" + bare + "]]" : bare);
  }

  /** The text of {@code ids[from, to)}. */
  static String of(int[] ids, int from, int to, IntFunction<String> token) {
    StringBuilder text = new StringBuilder();
    for (int p = from; p < to; p++) {
      append(text, token.apply(ids[p]), false);
    }
    return text.toString();
  }
}

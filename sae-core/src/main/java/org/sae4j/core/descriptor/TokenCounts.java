package org.sae4j.core.descriptor;

/** The invariant on {@code tokens} and {@code evalTokens} that every {@link DataSpec} record checks. */
final class TokenCounts {

  private TokenCounts() {
  }

  /**
   * @param uncappedAllowed whether {@link ArrowData#ALL_ROWS} may stand for "all rows"
   * @throws IllegalArgumentException unless tokens > 0 (or all rows) and 1 <= evalTokens < tokens
   */
  static void check(long tokens, long evalTokens, boolean uncappedAllowed) {
    if (tokens == 0 || tokens < 0 && !(uncappedAllowed && tokens == ArrowData.ALL_ROWS)) {
      throw new IllegalArgumentException("tokens must be > 0, got " + tokens);
    }
    if (evalTokens < 1 || tokens > 0 && evalTokens >= tokens) {
      throw new IllegalArgumentException("evalTokens must be >= 1 and < tokens, got " + evalTokens + " of " + tokens);
    }
  }
}

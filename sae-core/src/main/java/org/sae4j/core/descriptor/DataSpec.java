package org.sae4j.core.descriptor;

/**
 * The {@code data} section: where the activations come from. The last {@link #evalTokens()} of the data set are held
 * out for evaluation; training uses the rest.
 */
public sealed interface DataSpec permits SyntheticData, ArrowData, HarvestData {

  /** Default of {@code data.evalTokens} when the token count is unknown, and its upper bound otherwise. */
  long DEFAULT_EVAL_TOKENS = 100_000;

  /** The {@code data.source} value: {@code synthetic}, {@code arrow} or {@code harvest}. */
  String source();

  /**
   * Tokens in the data set (generated, harvested, or read at most): always > 0, except for {@link ArrowData} without
   * a cap, where it is {@link ArrowData#ALL_ROWS} (-1) and the row count is known only when the files are read.
   */
  long tokens();

  /** Tokens held out for evaluation: at least 1, and fewer than {@link #tokens()} when that is known. */
  long evalTokens();

  /**
   * Tokens left for training out of {@code availableRows} rows actually present: the data set's size (the smaller of
   * the cap and the rows present) minus the held-out evaluation tokens; zero or negative when the data are too small.
   */
  default long trainTokens(long availableRows) {
    long size = tokens() < 0 ? availableRows : Math.min(tokens(), availableRows);
    return size - evalTokens();
  }

  /** The default of {@code data.evalTokens}: a tenth of the tokens, at most 100,000, at least 1. */
  static long defaultEvalTokens(long tokens) {
    return tokens < 0 ? DEFAULT_EVAL_TOKENS : Math.max(1, Math.min(DEFAULT_EVAL_TOKENS, tokens / 10));
  }
}

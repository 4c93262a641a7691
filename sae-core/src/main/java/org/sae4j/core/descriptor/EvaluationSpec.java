package org.sae4j.core.descriptor;

/**
 * The {@code evaluation} section.
 *
 * @param maxTokens at most this many evaluation tokens are used for the dead and dense fractions (the paper's 10^7)
 */
public record EvaluationSpec(long maxTokens) {
  /** Default of {@code evaluation.maxTokens}. */
  public static final long DEFAULT_MAX_TOKENS = 10_000_000L;

  public EvaluationSpec {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }
  }
}

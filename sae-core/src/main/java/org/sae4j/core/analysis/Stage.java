package org.sae4j.core.analysis;

/** When an {@link Analysis} runs. */
public enum Stage {
  /** Inside {@code evaluate}, observing its pass over the held-out tokens (top contexts, fidelity, recovery). */
  EVALUATION,
  /** In {@code analyze} ({@code sae:analyze}), after a complete evaluation (search, steering, attribution). */
  ANALYZE
}

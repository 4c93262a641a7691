package org.sae4j.core.analysis;

import java.io.IOException;

/**
 * One analysis running on one run: it may observe the pass over held-out tokens and the clean forward of held-out
 * windows that follows it, then it finishes.
 */
public interface AnalysisRun {

  /** Sees every batch of the pass over the held-out tokens; null (the default) when it needs none. */
  default HeldOutObserver observer() {
    return null;
  }

  /**
   * Its share of the session's one clean forward of held-out windows through the model, which runs after the pass
   * over the held-out tokens and before any analysis finishes; null (the default) when it needs none.
   */
  default ForwardObserver forward() {
    return null;
  }

  /**
   * Computes the result, after the pass (and the forward) when there was one.
   *
   * @throws IOException when an input is missing or cannot be read
   */
  AnalysisResult finish() throws IOException;
}

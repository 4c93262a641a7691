package org.sae4j.core.analysis;

import java.io.IOException;

/** One analysis running on one run: it may observe the pass over held-out tokens, then it finishes. */
public interface AnalysisRun {

  /** Sees every batch of the pass over the held-out tokens; null (the default) when it needs none. */
  default HeldOutObserver observer() {
    return null;
  }

  /**
   * Computes the result, after the pass when there was one.
   *
   * @throws IOException when an input is missing or cannot be read
   */
  AnalysisResult finish() throws IOException;
}

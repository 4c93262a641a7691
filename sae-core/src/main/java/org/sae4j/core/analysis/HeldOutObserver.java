package org.sae4j.core.analysis;

/**
 * Sees each batch of a pass over held-out tokens through the dictionary. The pass is single-threaded and in a fixed
 * order, so an observer that accumulates in arrival order is deterministic.
 */
@FunctionalInterface
public interface HeldOutObserver {

  /** One batch; its arrays are reused for the next batch, so copy what must outlive the call. */
  void observe(HeldOutBatch batch);
}

package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.List;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel.Replacement;

/**
 * An analysis's share of its session's one clean forward of held-out windows through the model
 * ({@link AnalysisRun#forward()}): after the pass over the held-out tokens, the session runs every window some
 * analysis asked for once up to the hook, reading there what any of them needs, and runs the blocks after the hook once
 * per continuation asked for. Analyses that ask for the same windows (fidelity's first windows are neurons' first
 * ones) share those blocks instead of running the model twice.
 */
public interface ForwardObserver {

  /**
   * The windows to run, in the order their batches are delivered; asked once, after the pass over the held-out tokens
   * (so it can name windows the pass saw).
   */
  List<TokenWindow> windows() throws IOException;

  /** Whether a batch carries every unit up to the hook ({@link ForwardBatch#units()}); false (the default): none. */
  default boolean units() {
    return false;
  }

  /**
   * Replacements of the hook's content rows after which the rest of the model runs to the pooled embedding
   * ({@link Replacement#NONE}: the clean model); empty (the default) for none. Called from the forward's threads, so a
   * replacement must be safe to call from several at once.
   */
  default List<Replacement> continuations() {
    return List.of();
  }

  /** Receives the batches of its windows, in the order of {@link #windows()}, on the session's thread. */
  void observe(ForwardBatch batch) throws IOException;
}

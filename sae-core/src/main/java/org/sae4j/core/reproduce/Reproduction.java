package org.sae4j.core.reproduce;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of reproducing a run.
 *
 * @param differences each way the run did not reproduce, as a sentence naming what was recorded and what was found
 *     (a file's SHA-256, the descriptor hash, the data fingerprint, the first differing tensor element); empty when
 *     the retrained checkpoint is bit-identical to the recorded one
 * @param reproducedRun the scratch run directory that holds the retrained checkpoint, or null when it stopped
 *     before retraining (a changed descriptor or data set)
 */
public record Reproduction(List<String> differences, Path reproducedRun) {

  public Reproduction {
    differences = List.copyOf(differences);
  }

  /** Whether the run reproduced bit for bit. */
  public boolean identical() {
    return differences.isEmpty();
  }
}

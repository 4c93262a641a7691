package org.sae4j.core.train;

import org.sae4j.store.ActivationStore;
import org.sae4j.store.RowSet;

/**
 * The rows a run trains on.
 *
 * @param store the activation store
 * @param rows the training rows (each epoch shuffles all of them)
 * @param rowsPerEpoch how many of them one epoch's steps cover (at most {@code rows.rows()}; a descriptor may cap it)
 */
public record TrainingData(ActivationStore store, RowSet rows, long rowsPerEpoch) {

  public TrainingData {
    if (rowsPerEpoch < 0) {
      throw new IllegalArgumentException("rowsPerEpoch must be >= 0, got " + rowsPerEpoch);
    }
  }
}

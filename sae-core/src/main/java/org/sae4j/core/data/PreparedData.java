package org.sae4j.core.data;

import java.nio.file.Path;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.Split;

/**
 * An opened, verified data set and its reproducible train/eval split. Closing it closes the store.
 *
 * @param store the activation store
 * @param split train and eval rows
 * @param trainRows how many training rows one epoch uses (the descriptor may cap it below {@code split.train().rows()})
 * @param trueDirections the planted feature directions (K×n) for synthetic data, else null
 * @param directory where the data lives
 */
public record PreparedData(ActivationStore store, Split split, long trainRows, float[] trueDirections,
                           Path directory) implements AutoCloseable {

  /** Number of planted features, or 0 when there is no ground truth. */
  public int trueFeatureCount() {
    return trueDirections == null ? 0 : trueDirections.length / store.dim();
  }

  @Override
  public void close() {
    store.close();
  }
}

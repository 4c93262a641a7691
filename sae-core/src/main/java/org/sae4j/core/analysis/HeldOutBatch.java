package org.sae4j.core.analysis;

import org.sae4j.kernels.SparseCodes;

/**
 * One batch of held-out tokens as the dictionary sees it. Arrays hold at least {@code rows} rows and are reused by
 * the next batch.
 *
 * @param rows rows in this batch
 * @param dim n, the activation dimension
 * @param activations x, {@code rows × dim}, original scale
 * @param reconstruction x̂, {@code rows × dim}, original scale
 * @param codes f(x) of each row; the feature activation of docs/recipe.md is f_i·‖W_d,i‖ with the original-scale norms of
 *     {@link Dictionary#norm}
 * @param tokenIds token id per row, or null when the store has no token columns
 * @param sequences window index per row, or null
 * @param positions position in the window per row ([CLS] is 0), or null
 */
public record HeldOutBatch(int rows, int dim, float[] activations, float[] reconstruction, SparseCodes codes,
                           int[] tokenIds, long[] sequences, int[] positions) {

  /** Whether the rows carry where they came from (harvested data). */
  public boolean hasTokens() {
    return tokenIds != null;
  }
}

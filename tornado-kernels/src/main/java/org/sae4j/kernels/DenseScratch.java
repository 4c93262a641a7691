package org.sae4j.kernels;

/**
 * One float block per worker for the dense products' operands, allocated on first use (a run whose batches are
 * never dense enough never pays for it) and kept all zero between uses: a user scatters its entries in and sets
 * them back to zero afterwards, which costs O(entries) instead of clearing the whole block.
 */
final class DenseScratch {

  private final float[][] blocks;
  private final int size;

  DenseScratch(int workers, int size) {
    this.blocks = new float[workers][];
    this.size = size;
  }

  /** Worker {@code worker}'s block, all zero; the caller must leave it all zero again. */
  float[] block(int worker) {
    if (blocks[worker] == null) {
      blocks[worker] = new float[size];
    }
    return blocks[worker];
  }
}

package org.sae4j.kernels;

/**
 * One float block per worker for the dense kernels, allocated on first use (a run whose batches are never dense
 * enough never pays for it). A block that holds an operand is kept all zero between uses: its user scatters the
 * entries in and sets them back to zero afterwards, which costs O(entries) instead of clearing the whole block.
 */
final class DenseScratch {

  private final float[][] blocks;
  private final int size;

  DenseScratch(int workers, int size) {
    this.blocks = new float[workers][];
    this.size = size;
  }

  /** Worker {@code worker}'s block, as its last user left it (all zero when new). */
  float[] block(int worker) {
    if (blocks[worker] == null) {
      blocks[worker] = new float[size];
    }
    return blocks[worker];
  }
}

package org.sae4j.store;

/** A source of rows read in order into caller buffers. */
interface RowSource {

    /**
     * Copies up to {@code maxRows} rows into {@code dst} (row-major) starting at row {@code dstRow}, and their
     * token columns when {@code tokens} is non-null and the store has them.
     *
     * @return the number of rows copied; fewer than {@code maxRows} only at the end
     * @throws StoreException if a shard cannot be read
     */
    int read(int maxRows, float[] dst, int dstRow, TokenBuffers tokens, int tokenRow) throws StoreException;

    /**
     * Destination arrays for the token columns, all of the same usable length.
     *
     * @param tokenIds  token ids
     * @param sequences sequence numbers
     * @param positions positions in the sequence
     */
    record TokenBuffers(int[] tokenIds, long[] sequences, int[] positions) {}
}

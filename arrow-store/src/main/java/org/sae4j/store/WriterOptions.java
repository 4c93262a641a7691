package org.sae4j.store;

/**
 * How an {@link ActivationWriter} lays out its shards.
 *
 * @param rowsPerShard rows in each shard file except the last (at least 1)
 * @param rowsPerBatch rows in each Arrow record batch except the last of a shard (at least 1); this is the
 *                     granularity of the train/eval split and of shuffled batch order
 * @param tokenColumns whether rows carry {@code token_id}, {@code sequence} and {@code position} columns
 */
public record WriterOptions(long rowsPerShard, int rowsPerBatch, boolean tokenColumns) {

    /** Default rows per shard: 2^20 rows, 256 MB of float32 data at n = 64 and 1.5 GB at n = 384. */
    public static final long DEFAULT_ROWS_PER_SHARD = 1L << 20;

    /** Default rows per record batch. */
    public static final int DEFAULT_ROWS_PER_BATCH = 4096;

    /** Validates the options. */
    public WriterOptions {
        if (rowsPerShard < 1) {
            throw new IllegalArgumentException("rowsPerShard must be at least 1, got " + rowsPerShard);
        }
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("rowsPerBatch must be at least 1, got " + rowsPerBatch);
        }
    }

    /**
     * The defaults: {@value #DEFAULT_ROWS_PER_SHARD} rows per shard, {@value #DEFAULT_ROWS_PER_BATCH} rows per
     * batch, no token columns.
     *
     * @return the default options
     */
    public static WriterOptions defaults() {
        return new WriterOptions(DEFAULT_ROWS_PER_SHARD, DEFAULT_ROWS_PER_BATCH, false);
    }

    /**
     * A copy with token columns switched on or off.
     *
     * @param withTokens whether rows carry token columns
     * @return the modified options
     */
    public WriterOptions withTokenColumns(boolean withTokens) {
        return new WriterOptions(rowsPerShard, rowsPerBatch, withTokens);
    }
}

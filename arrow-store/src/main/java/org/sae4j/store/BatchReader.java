package org.sae4j.store;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Streams the rows of a {@link RowSet} in batches into caller buffers; created by
 * {@link ActivationStore#reader}. Holds one record batch in Arrow memory at a time (plus the mixing buffer
 * when shuffling). Closing it closes its shard files and its allocator; the store stays open. Not thread-safe.
 */
public final class BatchReader implements AutoCloseable {

    private final ActivationStore owner;
    private final BufferAllocator allocator;
    private final BatchLoader loader;
    private final RowSource source;
    private final int batchSize;
    private final int dim;
    private final boolean tokenColumns;
    private RowSource.TokenBuffers tokenBuffers;
    private boolean closed;

    BatchReader(ActivationStore owner, BufferAllocator allocator, BatchLoader loader, RowSource source,
                int batchSize, int dim, boolean tokenColumns) {
        this.owner = owner;
        this.allocator = allocator;
        this.loader = loader;
        this.source = source;
        this.batchSize = batchSize;
        this.dim = dim;
        this.tokenColumns = tokenColumns;
    }

    /**
     * Fills up to {@code batchSize} rows into {@code activations}, row-major. Every call but the last returns
     * a full batch.
     *
     * @param activations destination, modified; length at least {@code batchSize * dim}
     * @return the number of rows written, 0 at the end
     * @throws StoreException if a shard cannot be read (naming it and the record batch)
     */
    public int next(float[] activations) throws IOException {
        checkOpen();
        checkLength("activations", activations.length, (long) batchSize * dim);
        return source.read(batchSize, activations, 0, null, 0);
    }

    /**
     * Like {@link #next(float[])}, and for stores with token columns also fills each row's token id, sequence
     * and position. For stores without them ({@link #hasTokenColumns()} false) the token arrays are left
     * untouched and may be null.
     *
     * @param activations destination, modified; length at least {@code batchSize * dim}
     * @param tokenIds    destination, modified; length at least {@code batchSize}
     * @param sequences   destination, modified; length at least {@code batchSize}
     * @param positions   destination, modified; length at least {@code batchSize}
     * @return the number of rows written, 0 at the end
     * @throws StoreException if a shard cannot be read
     */
    public int next(float[] activations, int[] tokenIds, long[] sequences, int[] positions) throws IOException {
        checkOpen();
        checkLength("activations", activations.length, (long) batchSize * dim);
        if (!tokenColumns) {
            return source.read(batchSize, activations, 0, null, 0);
        }
        checkLength("tokenIds", tokenIds.length, batchSize);
        checkLength("sequences", sequences.length, batchSize);
        checkLength("positions", positions.length, batchSize);
        return source.read(batchSize, activations, 0, tokenBuffers(tokenIds, sequences, positions), 0);
    }

    /**
     * Reads and discards the next {@code batches} batches, leaving the reader exactly where {@code batches} calls of
     * {@link #next(float[])} would: the same rows next, the same mixing-buffer content and random state. So a reader
     * recreated with the same part, batch size and seed resumes where an earlier one stopped (a resumed training
     * run). The skipped rows are read from disk, not only counted, because the shuffle's state depends on them.
     *
     * @param batches batches to skip, at least 0
     * @return the rows skipped, fewer than {@code batches * batchSize} only when the part ends first
     * @throws StoreException if a shard cannot be read
     */
    public long skip(long batches) throws IOException {
        checkOpen();
        if (batches < 0) {
            throw new IllegalArgumentException("batches must be >= 0, got " + batches);
        }
        float[] discard = new float[batchSize * dim];
        long rows = 0;
        for (long b = 0; b < batches; b++) {
            int n = source.read(batchSize, discard, 0, null, 0);
            if (n == 0) {
                break;
            }
            rows += n;
        }
        return rows;
    }

    /** Reuses the wrapper while the caller passes the same arrays, so that steady-state calls do not allocate. */
    private RowSource.TokenBuffers tokenBuffers(int[] tokenIds, long[] sequences, int[] positions) {
        RowSource.TokenBuffers last = tokenBuffers;
        if (last == null || last.tokenIds() != tokenIds || last.sequences() != sequences
                || last.positions() != positions) {
            tokenBuffers = new RowSource.TokenBuffers(tokenIds, sequences, positions);
        }
        return tokenBuffers;
    }

    /**
     * Whether the store has token columns that {@link #next(float[], int[], long[], int[])} fills.
     *
     * @return true for harvested stores with {@code token_id}, {@code sequence} and {@code position}
     */
    public boolean hasTokenColumns() {
        return tokenColumns;
    }

    /** Closes the shard files and releases the reader's Arrow memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loader.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing shard files failed: " + e.getMessage(), e);
        } finally {
            allocator.close();
            owner.readerClosed(this);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("reader is closed");
        }
    }

    private static void checkLength(String name, int actual, long required) {
        if (actual < required) {
            throw new IllegalArgumentException(name + " has length " + actual + ", expected at least " + required);
        }
    }
}

package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Writes activations as Arrow IPC file shards {@code shard-00000.arrow}, {@code shard-00001.arrow}, ... of
 * {@link WriterOptions#rowsPerShard()} rows in record batches of {@link WriterOptions#rowsPerBatch()} rows,
 * and {@code manifest.json} on {@link #finish()}.
 *
 * <p>Creating a writer replaces any store already in the directory: its {@code manifest.json} is deleted
 * first (so the old store can no longer be opened), then its shard files; other files are left alone. Each
 * shard is written under a temporary name and renamed when complete; the manifest is written last and
 * atomically, so a store without a manifest is never complete. {@link #close()} without {@link #finish()}
 * deletes the shards this writer wrote. Not thread-safe.
 */
public final class ActivationWriter implements AutoCloseable {

    private static final Pattern STORE_FILE = Pattern.compile("shard-\\d{5,}\\.arrow|\\.shard-\\d{5,}\\.arrow\\.partial");

    private final Path dir;
    private final int dim;
    private final WriterOptions options;
    private final Map<String, String> metadata;
    private final BufferAllocator allocator;
    private final BatchBuilder batch;
    private final RowNorms norms = new RowNorms();
    private final List<ShardInfo> shards = new ArrayList<>();
    private ShardSink sink;
    private long shardRows;
    private Manifest manifest;
    private boolean closed;

    private ActivationWriter(Path dir, int dim, WriterOptions options, Map<String, String> metadata) {
        this.dir = dir;
        this.dim = dim;
        this.options = options;
        this.metadata = Map.copyOf(metadata);
        this.allocator = new RootAllocator();
        int batchRows = (int) Math.min(options.rowsPerBatch(), options.rowsPerShard());
        try {
            this.batch = new BatchBuilder(dim, batchRows, options.tokenColumns(), allocator);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    /**
     * Creates a writer, replacing any store in {@code dir} (see the class comment).
     *
     * @param dir      the store directory, created if missing
     * @param dim      n, the length of every activation vector, at least 1
     * @param options  shard and batch sizes, token columns
     * @param metadata provenance recorded in the manifest (model, hook, corpus, ...)
     * @return the writer; the caller must close it
     * @throws IOException if the directory cannot be prepared
     */
    public static ActivationWriter create(Path dir, int dim, WriterOptions options, Map<String, String> metadata)
            throws IOException {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        long batchBytes = Math.min(options.rowsPerBatch(), options.rowsPerShard()) * (long) dim * Float.BYTES;
        if (batchBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a record batch of " + options.rowsPerBatch() + " rows of dim " + dim
                    + " exceeds 2 GiB; lower rowsPerBatch");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(Manifest.FILE_NAME));
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path old : listing.filter(p -> STORE_FILE.matcher(p.getFileName().toString()).matches()).toList()) {
                Files.delete(old);
            }
        }
        return new ActivationWriter(dir, dim, options, metadata);
    }

    /**
     * Appends rows; only for writers without token columns.
     *
     * @param rows  {@code count × dim} floats, row-major (not modified)
     * @param count number of rows
     * @throws IllegalArgumentException if a row holds NaN or infinity, or {@code rows} is too short
     * @throws IOException              if writing a shard fails
     */
    public void write(float[] rows, int count) throws IOException {
        if (options.tokenColumns()) {
            throw new IllegalStateException("this writer has token columns: use write(rows, count, tokenIds, "
                    + "sequences, positions)");
        }
        append(rows, count, null, null, null);
    }

    /**
     * Appends rows with their token columns; only for writers with token columns.
     *
     * @param rows      {@code count × dim} floats, row-major (not modified)
     * @param count     number of rows
     * @param tokenIds  token id of each row (not modified)
     * @param sequences index of the sequence (document) of each row (not modified)
     * @param positions position of each row in its sequence (not modified)
     * @throws IllegalArgumentException if a row holds NaN or infinity, or an array is too short
     * @throws IOException              if writing a shard fails
     */
    public void write(float[] rows, int count, int[] tokenIds, long[] sequences, int[] positions) throws IOException {
        if (!options.tokenColumns()) {
            throw new IllegalStateException("this writer has no token columns: use write(rows, count)");
        }
        checkLength("tokenIds", tokenIds.length, count);
        checkLength("sequences", sequences.length, count);
        checkLength("positions", positions.length, count);
        append(rows, count, tokenIds, sequences, positions);
    }

    private void append(float[] rows, int count, int[] tokenIds, long[] sequences, int[] positions)
            throws IOException {
        checkWritable();
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        checkLength("rows", rows.length, (long) count * dim);
        int bad = RowNorms.firstNonFinite(rows, 0, count, dim);
        if (bad >= 0) {
            throw new IllegalArgumentException("row " + bad + " holds a NaN or infinite value; nothing was written");
        }
        norms.add(rows, 0, count, dim);
        int done = 0;
        while (done < count) {
            if (sink == null) {
                sink = new ShardSink(dir, shardName(shards.size()), batch.root());
            }
            long shardRoom = options.rowsPerShard() - shardRows - batch.size();
            int n = (int) Math.min(Math.min(count - done, batch.room()), shardRoom);
            batch.append(rows, done, n, tokenIds, sequences, positions);
            done += n;
            if (batch.room() == 0 || shardRows + batch.size() == options.rowsPerShard()) {
                flushBatch();
            }
            if (shardRows == options.rowsPerShard()) {
                finishShard();
            }
        }
    }

    /**
     * Finishes the last shard and writes {@code manifest.json} atomically. Further writes are rejected.
     *
     * @return the manifest written
     * @throws IllegalStateException if no rows were written (an empty store is not useful) or already finished
     * @throws IOException           if writing fails
     */
    public Manifest finish() throws IOException {
        checkWritable();
        if (norms.rows() == 0) {
            throw new IllegalStateException("no rows were written to " + dir);
        }
        if (batch.size() > 0) {
            flushBatch();
        }
        if (sink != null) {
            finishShard();
        }
        Manifest result = new Manifest(Manifest.FORMAT_VERSION, dim, norms.rows(), options.rowsPerShard(), shards,
                metadata, norms.meanNorm(), norms.meanSquaredNorm(), options.tokenColumns());
        result.write(dir.resolve(Manifest.FILE_NAME));
        manifest = result;
        return result;
    }

    /**
     * Releases the writer's memory. Without a successful {@link #finish()}, deletes the unfinished shard and
     * every shard this writer completed, so nothing it leaves looks like a store. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (manifest == null) {
                discard();
            }
        } finally {
            batch.close();
            allocator.close();
        }
    }

    private void discard() {
        try {
            if (sink != null) {
                sink.abort();
            }
            for (ShardInfo shard : shards) {
                Files.deleteIfExists(dir.resolve(shard.file()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not delete the unfinished shards in " + dir + ": " + e, e);
        }
    }

    private void flushBatch() throws IOException {
        batch.seal();
        sink.writeBatch();
        shardRows += batch.size();
        batch.reset();
    }

    private void finishShard() throws IOException {
        shards.add(sink.finish(shardRows));
        sink = null;
        shardRows = 0;
    }

    static String shardName(int index) {
        return String.format("shard-%05d.arrow", index);
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (manifest != null) {
            throw new IllegalStateException("writer is finished");
        }
    }

    private static void checkLength(String name, int actual, long required) {
        if (actual < required) {
            throw new IllegalArgumentException(name + " has length " + actual + ", expected at least " + required);
        }
    }
}

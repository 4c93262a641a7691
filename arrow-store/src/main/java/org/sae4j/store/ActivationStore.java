package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * An opened, verified activation store: a manifest and its Arrow IPC shards.
 *
 * <p>The store owns one Arrow allocator; each {@link BatchReader} gets a child of it. Closing the store closes
 * any readers still open, then the allocator. Use after close throws {@link IllegalStateException}. Opening
 * and splitting are deterministic; readers are not thread-safe, but several may be open at once.
 */
public final class ActivationStore implements AutoCloseable {

    /** Budget of the shuffle mixing buffer in floats (128 MiB), so wide activations do not exhaust the heap. */
    static final int MIX_BUFFER_FLOATS = 1 << 25;

    /** Mixing buffer rows per batch by default: rows are drawn from about this many batches' worth. */
    static final int MIX_BATCHES = 64;

    /**
     * System property naming the build this process belongs to. Data files that an earlier process of the same build
     * (the same value) hashed and verified are not hashed again while their size, modification time, change time and
     * inode are unchanged (stamps in the data set directory's {@code .verified.json}); without it, every open hashes
     * every file.
     */
    public static final String VERIFY_SESSION_PROPERTY = VerifiedStamps.SESSION_PROPERTY;

    private final Manifest manifest;
    private final List<ShardLayout> shards;
    private final BufferAllocator allocator;
    private final Set<BatchReader> readers = Collections.newSetFromMap(new IdentityHashMap<>());
    private int readerCount;
    private int filesVerifiedEarlier;
    private boolean closed;

    private ActivationStore(Manifest manifest, List<ShardLayout> shards, BufferAllocator allocator) {
        this.manifest = manifest;
        this.shards = List.copyOf(shards);
        this.allocator = allocator;
    }

    /**
     * Opens {@code dir/manifest.json} and verifies every shard: it exists, has the recorded byte size and
     * SHA-256, is a complete Arrow IPC file (magic, footer), has the schema {@code activation:
     * FixedSizeList<float32>[dim]} (non-null, plus the token columns if the manifest says so) and the recorded
     * row count; and every other file the manifest lists (e.g. {@code true_features.safetensors}): it exists and
     * has the recorded size and SHA-256.
     *
     * @param dir the store directory
     * @return the open store
     * @throws StoreException if anything differs; the message names the manifest or shard file and says what
     *                        was expected and found
     * @throws IOException    if a file cannot be read
     */
    public static ActivationStore open(Path dir) throws IOException {
        Manifest manifest = Manifest.read(dir.resolve(Manifest.FILE_NAME));
        List<Path> paths = new ArrayList<>();
        for (ShardInfo shard : manifest.shards()) {
            paths.add(dir.resolve(shard.file()));
        }
        return verified(manifest, paths, null, false, dir, VerifiedStamps.in(dir));
    }

    /**
     * {@link #openExternal(Path, Path, SourceOptions, Consumer)} with the default options and no progress lines.
     * Files in sae4j's own layout (the IPC file format or Feather v2, LZ4/ZSTD allowed, with a column
     * {@code activation} that is {@code FixedSizeList<float32>[n]} or {@code List<float32>} with exactly n values in
     * every row, no nulls; {@code token_id: int32}, {@code sequence: int64} and {@code position: int32}, when every
     * file has all three, read as token columns) are read in place.
     *
     * <p>When a sae4j {@code manifest.json} lies beside the files (the source is a sae4j data set, or one of its
     * files), the files are verified against it: each must be listed there, with the listed size and SHA-256, and
     * a directory's manifest is then the store's (copied to {@code cacheDir/manifest.json}; a data set of another
     * fingerprint put there later is reported as a change). Otherwise the manifest (hashes, rows, norms) is computed on
     * first use and cached in {@code cacheDir/manifest.json}; later opens reuse it while the file names, sizes and
     * SHA-256s match, and fail, naming each changed, added or removed file, when they do not: delete
     * {@code cacheDir} to accept a change.
     *
     * @param source   a file or a directory of files
     * @param cacheDir where the computed manifest is kept (created if missing)
     * @return the open store
     * @throws StoreException if a file is not usable, differs from the manifest beside it, or changed since it was
     *                        cached; the message names it and says why
     * @throws IOException    if a file cannot be read or the cache cannot be written
     */
    public static ActivationStore openExternal(Path source, Path cacheDir) throws IOException {
        return openExternal(source, cacheDir, SourceOptions.defaults(), message -> {});
    }

    /**
     * Opens Arrow data written by any tool, in any layout sae4j reads ({@code docs/descriptor.md}, "Arrow
     * sources"): the file or stream format (told apart by the bytes), a Hugging Face dataset directory, the column
     * {@link SourceOptions#column()}, lists of float16/float32/float64 (or bfloat16) values widened to float32,
     * and per-sequence rows exploded into token rows. Files in sae4j's own layout (the IPC file format, column
     * {@code activation} of {@code FixedSizeList<float32>} or {@code List<float32>}, default options) are read in
     * place as {@link #openExternal(Path, Path)} describes; all others are decoded once into a sae4j store in
     * {@code cacheDir}, whose manifest records the source files' names, sizes and SHA-256: later opens hash the
     * files again and fail, naming each changed file, when they differ.
     *
     * @param source   a file or a directory of files
     * @param cacheDir the data set directory: the cached manifest, or the decoded store
     * @param options  which columns to read and what to leave out
     * @param log      receives progress lines while data is decoded
     * @return the open store
     * @throws StoreException if the data cannot be read as activations (naming file, row and column), or the
     *                        source changed since it was cached or decoded
     * @throws IOException    if a file cannot be read or written
     */
    public static ActivationStore openExternal(Path source, Path cacheDir, SourceOptions options,
                                               Consumer<String> log) throws IOException {
        BufferAllocator allocator = new RootAllocator();
        ExternalSource.Resolved external;
        ActivationStore store;
        VerifiedStamps stamps = VerifiedStamps.in(cacheDir);
        try {
            external = ExternalSource.resolve(source, cacheDir, options, stamps, allocator, log);
            store = verified(external.manifest(), external.paths(), external.hashes(), external.external(),
                    external.filesDir(), stamps, allocator);
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
        try {
            external.cacheVerified();
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static ActivationStore verified(Manifest manifest, List<Path> paths, List<String> hashes,
                                            boolean external, Path filesDir, VerifiedStamps stamps)
            throws IOException {
        BufferAllocator allocator = new RootAllocator();
        try {
            return verified(manifest, paths, hashes, external, filesDir, stamps, allocator);
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    private static ActivationStore verified(Manifest manifest, List<Path> paths, List<String> hashes,
                                            boolean external, Path filesDir, VerifiedStamps stamps,
                                            BufferAllocator allocator) throws IOException {
        ActivationStore store = new ActivationStore(manifest,
                StoreVerifier.verify(manifest, paths, hashes, external, filesDir, stamps, allocator), allocator);
        // Saved only once everything verified: a stamp says "hashed and matched", never just "hashed".
        stamps.save();
        store.filesVerifiedEarlier = stamps.reused();
        return store;
    }

    /** @return the manifest (for external data, the computed or cached one) */
    public Manifest manifest() {
        return manifest;
    }

    /**
     * Files whose SHA-256 this open took from a stamp of an earlier process of the same build (see
     * {@link #VERIFY_SESSION_PROPERTY}) instead of hashing them.
     *
     * @return the count, 0 without a session
     */
    public int filesVerifiedEarlier() {
        return filesVerifiedEarlier;
    }

    /** @return n, the length of every activation vector */
    public int dim() {
        return manifest.dim();
    }

    /** @return the number of rows (tokens) in the store */
    public long rows() {
        return manifest.rows();
    }

    /** @return every row of the store, in store order */
    public RowSet all() {
        return new RowSet(Splitter.wholeBatches(shards));
    }

    /**
     * Splits the rows into train and eval reproducibly: eval gets exactly {@code min(evalRows, rows / 2)} rows,
     * taken as whole record batches in an order drawn from {@code seed} (the last one possibly in part); train
     * gets every other row. The same seed gives the same split.
     *
     * @param evalRows rows wanted for evaluation, at least 0
     * @param seed     the seed of the batch permutation
     * @return the split; both sets are in store order
     */
    public Split split(long evalRows, long seed) {
        checkOpen();
        return Splitter.split(shards, rows(), evalRows, seed);
    }

    /**
     * A reader with the default mixing buffer: {@value #MIX_BATCHES} batches' worth of rows, capped at
     * 2^25 floats (128 MiB) and at the part's size, and never below one batch.
     *
     * @see #reader(RowSet, int, long, boolean, int)
     */
    public BatchReader reader(RowSet part, int batchSize, long seed, boolean shuffle) throws IOException {
        return reader(part, batchSize, seed, shuffle, defaultMixRows(batchSize, dim()));
    }

    /**
     * Streams the rows of {@code part} in batches of {@code batchSize}. Unshuffled, rows come in store order
     * (shard, batch, row). Shuffled, deterministically from {@code seed}: the part's pieces (record batches, or
     * parts of one) are visited in a seeded random order across all shards, and feed a mixing buffer of
     * {@code mixRows} rows from which each output row is drawn at random.
     *
     * @param part      rows of this store (from {@link #all()} or {@link #split})
     * @param batchSize rows per call to {@link BatchReader#next(float[])}, at least 1
     * @param seed      seed of the batch order and the mixing draws (ignored when not shuffling)
     * @param shuffle   whether to shuffle
     * @param mixRows   mixing buffer rows, at least 1 (ignored when not shuffling)
     * @return a reader the caller must close
     * @throws IllegalArgumentException if the part does not fit this store or a size is out of range
     */
    public BatchReader reader(RowSet part, int batchSize, long seed, boolean shuffle, int mixRows) throws IOException {
        checkOpen();
        if (batchSize < 1 || mixRows < 1) {
            throw new IllegalArgumentException("batchSize and mixRows must be at least 1, got " + batchSize + " and "
                    + mixRows);
        }
        int capacity = (int) Math.max(1, Math.min(mixRows, part.rows()));
        if ((long) batchSize * dim() > Integer.MAX_VALUE || (shuffle && (long) capacity * dim() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("a batch of " + batchSize + " rows or a mixing buffer of " + capacity
                    + " rows of dim " + dim() + " exceeds the largest Java array");
        }
        List<RowSet.Piece> pieces = new ArrayList<>(part.pieces());
        checkFits(pieces);
        BufferAllocator child = allocator.newChildAllocator("reader-" + readerCount++, 0, Long.MAX_VALUE);
        BatchLoader loader = new BatchLoader(shards, child);
        boolean tokens = manifest.tokenColumns();
        RowSource source;
        if (shuffle) {
            SplittableRandom root = new SplittableRandom(seed);
            SplittableRandom orderRandom = root.split();
            SplittableRandom mixRandom = root.split();
            Splitter.permute(pieces, orderRandom);
            source = new MixingBuffer(new RowStream(loader, pieces, tokens), capacity, dim(), tokens, mixRandom);
        } else {
            source = new RowStream(loader, pieces, tokens);
        }
        BatchReader reader = new BatchReader(this, child, loader, source, batchSize, dim(), tokens);
        readers.add(reader);
        return reader;
    }

    /**
     * The default mixing buffer size for shuffled reading.
     *
     * @param batchSize rows per batch
     * @param dim       activation length
     * @return {@code max(batchSize, min(64 * batchSize, 2^25 / dim))}
     */
    public static int defaultMixRows(int batchSize, int dim) {
        long rows = Math.min((long) MIX_BATCHES * batchSize, MIX_BUFFER_FLOATS / dim);
        return (int) Math.max(batchSize, rows);
    }

    /** Closes readers still open, then the store's Arrow memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (BatchReader reader : List.copyOf(readers)) {
            reader.close();
        }
        closed = true;
        allocator.close();
    }

    void readerClosed(BatchReader reader) {
        readers.remove(reader);
    }

    private void checkFits(List<RowSet.Piece> pieces) {
        for (RowSet.Piece piece : pieces) {
            if (piece.shard() >= shards.size() || piece.batch() >= shards.get(piece.shard()).batches()
                    || piece.firstRow() + (long) piece.count()
                    > shards.get(piece.shard()).batchRows()[piece.batch()]) {
                throw new IllegalArgumentException(piece + " is not part of this store");
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }
}

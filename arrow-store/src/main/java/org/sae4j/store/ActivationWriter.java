package org.sae4j.store;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Writes activations as Arrow IPC file shards {@code shard-00000.arrow}, {@code shard-00001.arrow}, ... of
 * {@link WriterOptions#rowsPerShard()} rows in record batches of {@link WriterOptions#rowsPerBatch()} rows,
 * and {@code manifest.json} on {@link #finish()}.
 *
 * <p>{@link #create} replaces any store already in the directory: its {@code manifest.json} is deleted first (so
 * the old store can no longer be opened), then its shard files; other files are left alone. Each shard is written
 * under a temporary name and renamed when complete; the manifest is written last and atomically, so a store
 * without a manifest is never complete. {@link #close()} without {@link #finish()} deletes the shards this writer
 * wrote.
 *
 * <p>{@link #resume} is for producers that can start again at any row: after each shard the writer records it, with
 * the SHA-256 taken while writing it, in {@code .progress.json}; a writer resumed in the same directory
 * for the same production keeps every recorded shard whose file still has that hash, and continues at
 * {@link #rows()}. Closing it unfinished deletes only the shard in progress. The resumed store has the same bits
 * as one written without interruption. Not thread-safe.
 *
 * <p>Crash points for the fault-injection tests: {@code shard.write} after each record batch (the shard is then
 * unfinished), {@code shard.done} after each shard is published and recorded.
 */
public final class ActivationWriter implements AutoCloseable {

    private static final Pattern STORE_FILE = Pattern.compile("shard-\\d{5,}\\.arrow|\\.shard-\\d{5,}\\.arrow\\.partial"
            + "|\\.(manifest|progress)\\.json\\.[0-9a-z]+\\.tmp");

    private final Path dir;
    private final int dim;
    private final WriterOptions options;
    private final Map<String, String> metadata;
    private final BufferAllocator allocator;
    private final BatchBuilder batch;
    private final RowNorms norms;
    private final List<WriterProgress.Done> shards;
    private final List<FileInfo> files = new ArrayList<>();
    /** The footer metadata of the shard being written, filled in when it is finished (see {@link ShardSink}). */
    private final Map<String, String> footer = new LinkedHashMap<>();
    /** The norms of the shard being written alone, so that its bytes do not depend on the shards before it. */
    private RowNorms shardNorms = new RowNorms();
    private final boolean resumable;
    /** Index of this writer's first shard: 0, or where a {@link #piece} starts in the whole store. */
    private final int firstShard;
    /** Whether this writer is a {@link #piece}: no manifest, no progress file. */
    private final boolean piece;
    private boolean finished;
    private UnaryOperator<WritableByteChannel> channels = UnaryOperator.identity();
    private long expectedRows = -1;
    private ShardSink sink;
    private long shardRows;
    private boolean closed;

    private ActivationWriter(Path dir, int dim, WriterOptions options, Map<String, String> metadata,
                             List<WriterProgress.Done> kept, boolean resumable) {
        this(dir, dim, options, metadata, kept, resumable, 0, false);
    }

    private ActivationWriter(Path dir, int dim, WriterOptions options, Map<String, String> metadata,
                             List<WriterProgress.Done> kept, boolean resumable, int firstShard, boolean piece) {
        this.firstShard = firstShard;
        this.piece = piece;
        this.dir = dir;
        this.dim = dim;
        this.options = options;
        this.metadata = Map.copyOf(metadata);
        this.shards = new ArrayList<>(kept);
        this.resumable = resumable;
        this.norms = kept.isEmpty() ? new RowNorms() : new RowNorms(rowsIn(kept), kept.getLast().sumNorm(),
                kept.getLast().sumSquaredNorm());
        this.allocator = new RootAllocator();
        int batchRows = (int) Math.min(options.rowsPerBatch(), options.rowsPerShard());
        try {
            this.batch = new BatchBuilder(dim, batchRows, options.tokenColumns(),
                    ShardMetadata.schema(dim, options.tokenColumns(), this.metadata), allocator);
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
        checkLayout(dim, options);
        prepare(dir, List.of());
        return new ActivationWriter(dir, dim, options, metadata, List.of(), false);
    }

    /**
     * Creates a writer that continues what an interrupted writer of the same production left in {@code dir}:
     * the shards recorded in its progress file are kept if the dimension, layout and metadata are the same and
     * each shard file still has its recorded size and SHA-256 (checked by reading it); from the first shard that
     * fails, everything is written again. Anything else there (another production's shards, an unfinished shard,
     * a store's manifest) is deleted, as by {@link #create}. The caller continues at row {@link #rows()}.
     *
     * @param dir      the store directory, created if missing
     * @param dim      n, at least 1
     * @param options  shard and batch sizes, token columns
     * @param metadata provenance recorded in the manifest; it identifies the production, so it must hold
     *                 everything that determines the rows (request, seed, corpus hashes, ...)
     * @param log      receives a line saying what is kept, or why nothing is
     * @return the writer; the caller must close it ({@link #close()} then keeps the finished shards)
     * @throws IOException if the directory cannot be read or prepared
     */
    public static ActivationWriter resume(Path dir, int dim, WriterOptions options, Map<String, String> metadata,
                                          Consumer<String> log) throws IOException {
        checkLayout(dim, options);
        Files.createDirectories(dir);
        WriterProgress.Production production = new WriterProgress.Production(dim, options, metadata);
        List<WriterProgress.Done> kept = List.of();
        try {
            kept = verifiedPrefix(dir, WriterProgress.read(dir, production), log);
            if (!kept.isEmpty()) {
                log.accept(String.format("resuming %s: keeping %d finished shard(s), %,d rows, verified by SHA-256; "
                        + "continuing with %s", dir, kept.size(), rowsIn(kept), shardName(kept.size())));
            }
        } catch (WriterProgress.Mismatch e) {
            log.accept("not resuming " + dir + ": " + e.getMessage() + "; writing it from the start");
        }
        prepare(dir, kept);
        WriterProgress.write(dir, production, kept);
        return new ActivationWriter(dir, dim, options, metadata, kept, true);
    }

    /**
     * Creates a writer for shards {@code firstShard}, {@code firstShard + 1}, … of a store that several writers
     * produce side by side (a harvest split over machines): it writes the shards as {@link #create} would, starting
     * at row {@code firstShard × rowsPerShard} of the whole store, but no manifest and no progress file, and it leaves
     * the directory's other files alone. {@link #finishPiece()} returns what it wrote; {@link #assemble} writes the
     * manifest of all pieces. Closed unfinished, it deletes its shards.
     *
     * @param dir        the store directory (shared by the pieces), created if missing
     * @param dim        n, at least 1
     * @param options    the whole store's layout
     * @param metadata   the whole store's provenance, as {@link #assemble} records it: shards carry it in their
     *                   schema, so every piece must be given the same map for its shards to be a single writer's
     * @param firstShard the index of this piece's first shard, at least 0
     * @return the writer; the caller must close it
     * @throws IOException if the directory cannot be created
     */
    public static ActivationWriter piece(Path dir, int dim, WriterOptions options, Map<String, String> metadata,
                                         int firstShard) throws IOException {
        checkLayout(dim, options);
        if (firstShard < 0) {
            throw new IllegalArgumentException("firstShard must be >= 0, got " + firstShard);
        }
        Files.createDirectories(dir);
        return new ActivationWriter(dir, dim, options, metadata, List.of(), false, firstShard, true);
    }

    /**
     * What a {@link #piece} wrote: its shards in order and the float64 sums of its rows' norms.
     *
     * @param firstShard     the index of its first shard in the whole store
     * @param shards         its shards
     * @param sumNorm        Σ‖x‖ over its rows
     * @param sumSquaredNorm Σ‖x‖² over its rows
     */
    public record Piece(int firstShard, List<ShardInfo> shards, double sumNorm, double sumSquaredNorm) {
        /** Copies the list. */
        public Piece {
            shards = List.copyOf(shards);
        }

        /** Rows in the piece. */
        public long rows() {
            return shards.stream().mapToLong(ShardInfo::rows).sum();
        }
    }

    /**
     * Finishes a {@link #piece}: its last shard is written and its shards are returned. Further writes are rejected.
     *
     * @return the piece
     * @throws IllegalStateException if this writer is not a piece, wrote no rows or is finished
     * @throws IOException           if writing fails
     */
    public Piece finishPiece() throws IOException {
        checkWritable();
        if (!piece || norms.rows() == 0) {
            throw new IllegalStateException(piece ? "no rows were written to this piece of " + dir
                    : "not a piece: use finish()");
        }
        if (batch.size() > 0) {
            flushBatch();
        }
        if (sink != null) {
            finishShard();
        }
        Piece result = new Piece(firstShard, shards.stream().map(WriterProgress.Done::shard).toList(), norms.sumNorm(),
                norms.sumSquaredNorm());
        finished = true;
        return result;
    }

    /**
     * Writes the manifest of a store that {@link #piece} writers produced in {@code dir}: their shards in order
     * (they must cover shard 0 onwards without a gap, every shard but the last full), and the row norms' means from
     * their sums, added in shard order. Store files of {@code dir} that no piece wrote are deleted first. The
     * shards are the ones a single writer would have written, so the store's fingerprint is the same; the means
     * may differ from a single writer's in the last bits (the sums are added per piece).
     *
     * @param pieces   every piece, in any order
     * @param metadata provenance for the manifest, as a single writer would record it
     * @return the manifest written
     * @throws IllegalArgumentException if the pieces leave a gap, overlap, or do not fit the layout
     * @throws IOException              if writing fails
     */
    public static Manifest assemble(Path dir, int dim, WriterOptions options, Map<String, String> metadata,
                                    List<Piece> pieces) throws IOException {
        List<Piece> ordered = pieces.stream().sorted(Comparator.comparingInt(Piece::firstShard)).toList();
        List<ShardInfo> shards = new ArrayList<>();
        RowNorms norms = new RowNorms();
        for (Piece p : ordered) {
            if (p.firstShard() != shards.size()) {
                throw new IllegalArgumentException("pieces of " + dir + " leave a gap or overlap at shard "
                        + shards.size() + " (a piece starts at " + p.firstShard() + ")");
            }
            shards.addAll(p.shards());
            norms = new RowNorms(norms.rows() + p.rows(), norms.sumNorm() + p.sumNorm(),
                    norms.sumSquaredNorm() + p.sumSquaredNorm());
        }
        for (int i = 0; i < shards.size() - 1; i++) {
            if (shards.get(i).rows() != options.rowsPerShard()) {
                throw new IllegalArgumentException("shard " + shards.get(i).file() + " of " + dir + " has "
                        + shards.get(i).rows() + " rows; every shard but the last must have " + options.rowsPerShard());
            }
        }
        List<WriterProgress.Done> keep = shards.stream().map(s -> new WriterProgress.Done(s, 0, 0)).toList();
        prepare(dir, keep);
        WriterProgress.delete(dir);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, dim, norms.rows(), options.rowsPerShard(), shards,
                metadata, norms.meanNorm(), norms.meanSquaredNorm(), options.tokenColumns(), List.of());
        manifest.write(dir.resolve(Manifest.FILE_NAME));
        return manifest;
    }

    private static void checkLayout(int dim, WriterOptions options) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        long batchBytes = Math.min(options.rowsPerBatch(), options.rowsPerShard()) * (long) dim * Float.BYTES;
        if (batchBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a record batch of " + options.rowsPerBatch() + " rows of dim " + dim
                    + " exceeds 2 GiB; lower rowsPerBatch");
        }
    }

    /** The recorded shards up to the first whose file is missing or differs from its record. */
    private static List<WriterProgress.Done> verifiedPrefix(Path dir, List<WriterProgress.Done> recorded,
                                                           Consumer<String> log) throws IOException {
        List<WriterProgress.Done> kept = new ArrayList<>();
        for (WriterProgress.Done done : recorded) {
            ShardInfo shard = done.shard();
            try {
                StoreVerifier.checkBytes(dir.resolve(shard.file()), "shard", shard.bytes(), null, shard.sha256());
            } catch (StoreException e) {
                log.accept("resuming " + dir + ": " + e.getMessage() + "; writing it and the later shards again");
                break;
            }
            kept.add(done);
        }
        return kept;
    }

    /** Deletes the manifest first (the old store can no longer be opened), then the store files not kept. */
    private static void prepare(Path dir, List<WriterProgress.Done> kept) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(Manifest.FILE_NAME));
        List<String> keep = kept.stream().map(done -> done.shard().file()).toList();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path old : listing.filter(p -> STORE_FILE.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !keep.contains(p.getFileName().toString())).toList()) {
                Files.delete(old);
            }
        }
        if (kept.isEmpty()) {
            WriterProgress.delete(dir);
        }
    }

    private static long rowsIn(List<WriterProgress.Done> done) {
        return done.stream().mapToLong(d -> d.shard().rows()).sum();
    }

    /**
     * Rows written so far, those of kept shards included: where a resumed producer continues.
     *
     * @return the row count
     */
    public long rows() {
        return norms.rows();
    }

    /**
     * Declares how many rows the store will hold, so that the size of each shard is known before it is written and
     * the free disk space is checked for it ({@link DiskSpace#require}); without it no check is made.
     *
     * @param totalRows all rows, those of kept shards included
     */
    public void expectRows(long totalRows) {
        if (totalRows < 1) {
            throw new IllegalArgumentException("totalRows must be at least 1, got " + totalRows);
        }
        expectedRows = totalRows;
    }

    /**
     * Lists a file of the store directory other than the shards in the manifest's {@code files}, with its size and
     * SHA-256 taken now, so that opening the store verifies it; it must be complete and must not change afterwards.
     *
     * @param name the file's name inside the store directory
     * @throws IOException if the file does not exist or cannot be read
     */
    public void addFile(String name) throws IOException {
        checkWritable();
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": cannot list it in the manifest: no such file");
        }
        files.add(new FileInfo(name, Files.size(file), AtomicFiles.sha256(file)));
    }

    /** Routes every shard byte through {@code decorate}: a seam for tests that simulate a failing disk. */
    void channels(UnaryOperator<WritableByteChannel> decorate) {
        channels = decorate;
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
        int done = 0;
        while (done < count) {
            if (sink == null) {
                startShard();
            }
            long shardRoom = options.rowsPerShard() - shardRows - batch.size();
            int n = (int) Math.min(Math.min(count - done, batch.room()), shardRoom);
            batch.append(rows, done, n, tokenIds, sequences, positions);
            // Accumulated with the rows' shard, so the sums at each shard's end can be recorded for resuming.
            norms.add(rows, done, n, dim);
            shardNorms.add(rows, done, n, dim);
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
        List<ShardInfo> infos = shards.stream().map(WriterProgress.Done::shard).toList();
        Manifest result = new Manifest(Manifest.FORMAT_VERSION, dim, norms.rows(), options.rowsPerShard(), infos,
                metadata, norms.meanNorm(), norms.meanSquaredNorm(), options.tokenColumns(), files);
        result.write(dir.resolve(Manifest.FILE_NAME));
        finished = true;
        WriterProgress.delete(dir);
        return result;
    }

    /**
     * Releases the writer's memory. Without a successful {@link #finish()}, deletes the unfinished shard and, unless
     * the writer was made by {@link #resume}, every shard this writer completed, so nothing it leaves looks like a
     * store (a resumable writer's finished shards stay for the next {@link #resume}). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!finished) {
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
            if (!resumable) {
                for (WriterProgress.Done done : shards) {
                    Files.deleteIfExists(dir.resolve(done.shard().file()));
                }
                WriterProgress.delete(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not delete the unfinished shards in " + dir + ": " + e, e);
        }
    }

    /** Checks that the disk can hold the next shard when its size is known, then opens it. */
    private void startShard() throws IOException {
        String name = shardName(firstShard + shards.size());
        if (expectedRows > 0) {
            long rows = Math.min(options.rowsPerShard(), Math.max(0, expectedRows - rowsIn(shards)));
            DiskSpace.require(dir, ShardSink.estimatedBytes(rows, dim, options.tokenColumns(), options.rowsPerBatch()),
                    "activation shard " + name);
        }
        sink = new ShardSink(dir, name, batch.root(), channels, footer);
        shardNorms = new RowNorms();
    }

    private void flushBatch() throws IOException {
        batch.seal();
        sink.writeBatch();
        shardRows += batch.size();
        batch.reset();
        FaultInjection.point("shard.write");
    }

    private void finishShard() throws IOException {
        footer.clear();
        footer.putAll(ShardMetadata.footer(shardNorms));
        ShardInfo shard = sink.finish(shardRows);
        sink = null;
        shardRows = 0;
        shards.add(new WriterProgress.Done(shard, norms.sumNorm(), norms.sumSquaredNorm()));
        if (!piece) { // pieces share the directory: only the assembling driver knows the whole production
            WriterProgress.write(dir, new WriterProgress.Production(dim, options, metadata), shards);
        }
        FaultInjection.point("shard.done");
    }

    static String shardName(int index) {
        return String.format("shard-%05d.arrow", index);
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (finished) {
            throw new IllegalStateException("writer is finished");
        }
    }

    private static void checkLength(String name, int actual, long required) {
        if (actual < required) {
            throw new IllegalArgumentException(name + " has length " + actual + ", expected at least " + required);
        }
    }
}

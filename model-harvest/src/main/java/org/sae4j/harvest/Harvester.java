package org.sae4j.harvest;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.Manifest;
import org.sae4j.store.StoreProducer;
import org.sae4j.store.WriterOptions;

/**
 * Harvests a model's activations at a hook over a corpus into an activation store.
 *
 * <p>The corpus is cut into windows by {@link CorpusWindows}; batches of windows run through the model up to the
 * hook and the content tokens' rows are written with their {@code token_id}, {@code sequence} (the window
 * index) and {@code position} (in the window; [CLS] is 0). Special tokens are not stored. The harvest stops
 * after exactly {@link HarvestRequest#tokens()} rows.
 *
 * <p>The request, with a SHA-256 of each corpus file's content, is fingerprinted and recorded in the
 * manifest metadata. The store is produced by {@link StoreProducer}: under the data set's lock, a verified store
 * with the same fingerprint is reused, any other is replaced, and a harvest that was killed resumes after its last
 * finished shard (the batches before it are tokenised again but not run through the model), giving the same bits
 * as an uninterrupted harvest.
 */
public final class Harvester {

    /** Manifest metadata key of the request fingerprint. */
    public static final String FINGERPRINT_KEY = "harvest.fingerprint";

    private Harvester() {
    }

    /**
     * Runs a harvest, or skips it when {@code dataDir} already holds its result.
     *
     * @param req      what to harvest
     * @param dataDir  the store directory (created if missing)
     * @param progress receives human-readable progress lines (start, every ~10 s with tokens/s and ETA, end)
     * @return the store's manifest
     * @throws IllegalArgumentException for an unknown model or a hook the model does not have
     * @throws IOException              for a missing or unreadable corpus file, a corpus that is not UTF-8 text
     *                                  ({@link CorpusFormatException}), a corpus too small for the requested
     *                                  tokens, or a write failure (nothing that looks complete is left)
     */
    public static Manifest harvest(HarvestRequest req, Path dataDir, Consumer<String> progress) throws IOException {
        try (ActivationStore store = open(req, dataDir, progress)) {
            return store.manifest();
        }
    }

    /**
     * Like {@link #harvest}, returning the open, verified store.
     *
     * @return the store; the caller closes it
     */
    public static ActivationStore open(HarvestRequest req, Path dataDir, Consumer<String> progress)
            throws IOException {
        return open(req, dataDir, WriterOptions.defaults().withTokenColumns(true), progress);
    }

    /**
     * Like {@link #open(HarvestRequest, Path, Consumer)}, with the shard layout given (small shards in tests; a
     * sweep's {@code harvest.shardTokens}, so that a harvest split by shard has the same shards).
     */
    public static ActivationStore open(HarvestRequest req, Path dataDir, WriterOptions options,
            Consumer<String> progress) throws IOException {
        return open(req, dataDir, options, null, progress);
    }

    /**
     * Harvests a store's shards somewhere else (as Spark tasks): each shard by {@link #harvestPiece} on a machine
     * that sees {@code partialDir}.
     */
    @FunctionalInterface
    public interface Pieces {
        /**
         * Harvests shards 0 to {@code shards - 1} into {@code partialDir}, each by
         * {@code harvestPiece(req, partialDir, options, k, k + 1, log)}, and returns every piece.
         *
         * @throws IOException if a piece fails; the store is then not published
         */
        List<ActivationWriter.Piece> harvest(Path partialDir, int shards) throws IOException;
    }

    /**
     * Like {@link #open(HarvestRequest, Path, WriterOptions, Consumer)}, harvesting by shard with {@code pieces}
     * when the store must be produced: the same lock, reuse and publication, and the same shards (so the same
     * fingerprint) as a harvest in this process; the driver writes the one manifest.
     *
     * @param pieces harvests the shards, or null to harvest in this process
     */
    public static ActivationStore open(HarvestRequest req, Path dataDir, WriterOptions options, Pieces pieces,
            Consumer<String> progress) throws IOException {
        ModelSpec spec = Models.byName(req.model());
        HookPoint hook = HookPoint.parse(req.hook()).requireIn(spec);
        CorpusWindows.requireReadable(req.corpus());
        for (Path file : req.corpus()) {
            CorpusText.check(file);
        }
        String fingerprint = fingerprint(req, spec);
        Map<String, String> metadata = metadata(req, spec, hook, fingerprint);
        return StoreProducer.openOrProduce(dataDir,
                manifest -> fingerprint.equals(manifest.metadata().get(FINGERPRINT_KEY)) ? null
                        : "was made by a different request",
                partial -> {
                    if (pieces == null) {
                        produce(req, spec, hook, partial, options, metadata, progress);
                    } else {
                        int shards = (int) ((req.tokens() + options.rowsPerShard() - 1) / options.rowsPerShard());
                        progress.accept(String.format("harvest %s %s: %,d tokens in %d shard(s) of %,d, each a task",
                                spec.name(), hook, req.tokens(), shards, options.rowsPerShard()));
                        ActivationWriter.assemble(partial, spec.hidden(), options, metadata,
                                pieces.harvest(partial, shards));
                    }
                }, progress);
    }

    /**
     * Harvests shards {@code firstShard} to {@code endShard - 1} of the store {@link #open} would write with
     * {@code options}: rows {@code firstShard × rowsPerShard} up to {@code endShard × rowsPerShard} (or the
     * request's tokens). The corpus is tokenised from its start and batched as a whole harvest batches it, the batches
     * before the first row are not run through the model, and the batch holding it is run and its earlier rows
     * dropped, so the shards have the bits a whole harvest gives them.
     *
     * @param dir where the shards go (the store's partial directory, shared by the pieces)
     * @return the piece, for the driver's manifest
     * @throws IllegalArgumentException if the shards are not in the store
     */
    public static ActivationWriter.Piece harvestPiece(HarvestRequest req, Path dir, WriterOptions options,
            int firstShard, int endShard, Consumer<String> progress) throws IOException {
        long from = firstShard * options.rowsPerShard();
        long to = Math.min(req.tokens(), endShard * options.rowsPerShard());
        if (firstShard < 0 || from >= to) {
            throw new IllegalArgumentException("shards " + firstShard + " to " + (endShard - 1) + " are not in a "
                    + "harvest of " + req.tokens() + " tokens in shards of " + options.rowsPerShard());
        }
        ModelSpec spec = Models.byName(req.model());
        HookPoint hook = HookPoint.parse(req.hook()).requireIn(spec);
        try (EncoderModel model = EncoderModel.load(spec, req.precision());
                CorpusWindows windows = new CorpusWindows(model.tokenizer(), req.corpus(), req.window());
                ActivationWriter writer = ActivationWriter.piece(dir, spec.hidden(), options,
                        metadata(req, spec, hook, fingerprint(req, spec)), firstShard)) {
            run(req, hook, model, windows, writer, from, to, true, progress);
            return writer.finishPiece();
        }
    }

    /**
     * The provenance of a harvest: the manifest's metadata and, since shards carry it in their schema, part of every
     * shard's bytes, so a harvest in pieces must record exactly what a harvest in one process records.
     */
    private static Map<String, String> metadata(HarvestRequest req, ModelSpec spec, HookPoint hook,
            String fingerprint) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", "harvest");
        metadata.put("model", spec.name());
        metadata.put("model.artifact", spec.artifact());
        metadata.put("hook", hook.toString());
        metadata.put("corpus", corpusNames(req));
        metadata.put("harvest.tokens", Long.toString(req.tokens()));
        metadata.put("harvest.window", Integer.toString(req.window()));
        metadata.put("harvest.batchWindows", Integer.toString(req.batchWindows()));
        metadata.put("harvest.windowing", "stride " + (req.window() - 2) + ", [CLS]/[SEP] not stored");
        // Only when not the default, so that float32 harvests keep the bytes they had before the key existed.
        if (req.precision() != Precision.FP32) {
            metadata.put("harvest.precision", req.precision().key());
        }
        metadata.put(FINGERPRINT_KEY, fingerprint);
        return metadata;
    }

    private static void produce(HarvestRequest req, ModelSpec spec, HookPoint hook, Path dir, WriterOptions options,
            Map<String, String> metadata, Consumer<String> progress) throws IOException {
        try (EncoderModel model = EncoderModel.load(spec, req.precision());
                CorpusWindows windows = new CorpusWindows(model.tokenizer(), req.corpus(), req.window());
                ActivationWriter writer = ActivationWriter.resume(dir, spec.hidden(), options, metadata, progress)) {
            writer.expectRows(req.tokens());
            run(req, hook, model, windows, writer, writer.rows(), req.tokens(), false, progress);
            writer.finish();
        }
    }

    /**
     * Writes rows {@code kept} up to {@code to}: the rest of a (resumed) harvest, or one piece of a harvest split by
     * shard.
     */
    private static void run(HarvestRequest req, HookPoint hook, EncoderModel model, CorpusWindows windows,
            ActivationWriter writer, long kept, long to, boolean piece, Consumer<String> progress) throws IOException {
        // Closed before the model (declared later, closed first): no forward pass runs when the model is freed.
        try (HarvestWorkers workers = new HarvestWorkers(workers())) {
            progress.accept(MklKernels.apply().message());
            progress.accept("harvest " + model.spec().name() + " " + hook + ": " + String.format("%,d", req.tokens())
                    + " tokens from " + corpusNames(req) + " (windows of " + req.window() + ", batches of "
                    + req.batchWindows() + ", " + workers.threads() + " worker(s) × " + JniUtils.getNumThreads()
                    + " PyTorch thread(s))" + (piece ? String.format(", this piece rows %,d to %,d", kept, to)
                    : kept > 0 ? String.format(", resuming at token %,d", kept) : ""));
            HarvestProgress meter = new HarvestProgress(to, kept, progress);
            Deque<InFlight> inFlight = new ArrayDeque<>();
            Resume resume = Resume.skip(windows, req.batchWindows(), kept);
            List<TokenWindow> straddling = resume.batch();
            long drop = resume.drop();
            boolean exhausted = false;
            long stored = kept;
            while (stored < to) {
                // Keep every worker busy, plus one batch tokenised ahead; rows are written in window order.
                while (!exhausted && inFlight.size() <= workers.threads()) {
                    List<TokenWindow> batch = straddling != null ? straddling : windows.next(req.batchWindows());
                    straddling = null;
                    exhausted = batch.isEmpty();
                    if (!exhausted) {
                        inFlight.add(new InFlight(workers.submit(() -> model.read(batch, hook)),
                                batch.stream().mapToLong(w -> w.ids().length).sum()));
                    }
                }
                InFlight next = inFlight.poll();
                if (next == null) {
                    throw new IOException("corpus " + corpusNames(req) + " yields only "
                            + String.format("%,d", stored) + " tokens with windows of " + req.window()
                            + ", fewer than the " + String.format("%,d", req.tokens()) + " requested");
                }
                HookRows all = next.await();
                // After a resume, the first batch's leading rows are already in the kept shards.
                int n = (int) Math.min(all.count() - drop, to - stored);
                HookRows rows = drop == 0 && n == all.count() ? all : all.range((int) drop, n);
                drop = 0;
                writer.write(rows.rows(), n, rows.tokenIds(), rows.sequences(), rows.positions());
                stored += n;
                meter.update(stored, next.modelTokens());
            }
            meter.finish(stored);
        }
    }

    /**
     * Where a resumed harvest starts: the corpus's batches wholly in the kept shards are tokenised and skipped;
     * the batch holding the first row still to write is run again, and its first {@code drop} rows are not written.
     *
     * @param batch the batch holding the first row to write, or null when nothing was kept
     * @param drop  its rows already kept
     */
    private record Resume(List<TokenWindow> batch, long drop) {

        static Resume skip(CorpusWindows windows, int batchWindows, long kept) throws IOException {
            long skipped = 0;
            while (skipped < kept) {
                List<TokenWindow> batch = windows.next(batchWindows);
                if (batch.isEmpty()) {
                    throw new IOException("the corpus yields fewer tokens than the " + kept + " rows already kept");
                }
                long rows = batch.stream().mapToLong(TokenWindow::contentLength).sum();
                if (skipped + rows > kept) {
                    return new Resume(batch, kept - skipped);
                }
                skipped += rows;
            }
            return new Resume(null, 0);
        }
    }

    private static String corpusNames(HarvestRequest req) {
        return req.corpus().stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(","));
    }

    /**
     * Batches run in parallel, one per worker, each using PyTorch's intra-op threads: with
     * {@code -Dai.djl.pytorch.num_threads=1} every core runs its own batch, which on a shared machine beats one
     * batch split across cores (no barrier waits on preempted threads); with PyTorch's default (a thread per
     * core) there is one worker.
     */
    private static int workers() {
        int threads = Math.max(1, JniUtils.getNumThreads());
        return Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
    }

    /** A batch being computed, and how many tokens it sends through the model. */
    private record InFlight(Future<HookRows> rows, long modelTokens) {

        HookRows await() throws IOException {
            try {
                return rows.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("harvest interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IOException("harvest batch failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /**
     * SHA-256 over the request (model and its artifact, hook, window, batch size, tokens, precision unless float32)
     * and each corpus file's name and content hash, so a moved project still matches and an edited corpus does not;
     * a float32 harvest keeps the fingerprint it had before precisions existed.
     */
    static String fingerprint(HarvestRequest req, ModelSpec spec) throws IOException {
        StringBuilder text = new StringBuilder("sae4j-harvest v1\n")
                .append("model=").append(spec.name()).append(' ').append(spec.artifact()).append('\n')
                .append("hook=").append(HookPoint.parse(req.hook())).append('\n')
                .append("window=").append(req.window()).append('\n')
                .append("batchWindows=").append(req.batchWindows()).append('\n')
                .append("tokens=").append(req.tokens()).append('\n');
        if (req.precision() != Precision.FP32) {
            text.append("precision=").append(req.precision().key()).append('\n');
        }
        for (Path file : req.corpus()) {
            text.append("corpus=").append(file.getFileName()).append(' ').append(AtomicFiles.sha256(file)).append('\n');
        }
        return AtomicFiles.sha256(text.toString());
    }
}

package org.sae4j.harvest;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.sae4j.store.ActivationStore;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.Manifest;
import org.sae4j.store.StoreException;
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
 * manifest metadata. A second harvest into a directory that already holds a verified store with the same
 * fingerprint does nothing; any other store there is replaced.
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
     * @throws IOException              for a missing or unreadable corpus file, a corpus too small for the
     *                                  requested tokens, or a write failure (nothing that looks complete is left)
     */
    public static Manifest harvest(HarvestRequest req, Path dataDir, Consumer<String> progress) throws IOException {
        ModelSpec spec = Models.byName(req.model());
        HookPoint hook = HookPoint.parse(req.hook()).requireIn(spec);
        CorpusWindows.requireReadable(req.corpus());
        String fingerprint = fingerprint(req, spec);
        Manifest existing = existing(dataDir, fingerprint, progress);
        if (existing != null) {
            return existing;
        }
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
        metadata.put(FINGERPRINT_KEY, fingerprint);
        try (EncoderModel model = EncoderModel.load(spec);
                CorpusWindows windows = new CorpusWindows(model.tokenizer(), req.corpus(), req.window());
                ActivationWriter writer = ActivationWriter.create(dataDir, spec.hidden(),
                        WriterOptions.defaults().withTokenColumns(true), metadata)) {
            return run(req, hook, model, windows, writer, progress);
        }
    }

    private static Manifest run(HarvestRequest req, HookPoint hook, EncoderModel model, CorpusWindows windows,
            ActivationWriter writer, Consumer<String> progress) throws IOException {
        int workers = workers();
        progress.accept("harvest " + model.spec().name() + " " + hook + ": " + String.format("%,d", req.tokens())
                + " tokens from " + corpusNames(req) + " (windows of " + req.window() + ", batches of "
                + req.batchWindows() + ", " + workers + " worker(s) × " + JniUtils.getNumThreads()
                + " PyTorch thread(s))");
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            HarvestProgress meter = new HarvestProgress(req.tokens(), progress);
            Deque<InFlight> inFlight = new ArrayDeque<>();
            boolean exhausted = false;
            long stored = 0;
            while (stored < req.tokens()) {
                // Keep every worker busy, plus one batch tokenised ahead; rows are written in window order.
                while (!exhausted && inFlight.size() <= workers) {
                    List<TokenWindow> batch = windows.next(req.batchWindows());
                    exhausted = batch.isEmpty();
                    if (!exhausted) {
                        inFlight.add(new InFlight(pool.submit(() -> model.read(batch, hook)),
                                batch.stream().mapToLong(w -> w.ids().length).sum()));
                    }
                }
                InFlight next = inFlight.poll();
                if (next == null) {
                    throw new IOException("corpus " + corpusNames(req) + " yields only "
                            + String.format("%,d", stored) + " tokens with windows of " + req.window()
                            + ", fewer than the " + String.format("%,d", req.tokens()) + " requested");
                }
                HookRows rows = next.await();
                int n = (int) Math.min(rows.count(), req.tokens() - stored);
                writer.write(rows.rows(), n, rows.tokenIds(), rows.sequences(), rows.positions());
                stored += n;
                meter.update(stored, next.modelTokens());
            }
            Manifest manifest = writer.finish();
            meter.finish(stored);
            return manifest;
        } finally {
            pool.shutdownNow();
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

    /** The verified existing store when it was made by the same request, else null (and says why). */
    private static Manifest existing(Path dataDir, String fingerprint, Consumer<String> progress) throws IOException {
        Path manifestFile = dataDir.resolve(Manifest.FILE_NAME);
        if (!Files.exists(manifestFile)) {
            return null;
        }
        try {
            Manifest manifest = Manifest.read(manifestFile);
            if (!fingerprint.equals(manifest.metadata().get(FINGERPRINT_KEY))) {
                progress.accept("store in " + dataDir + " was made by a different request; replacing it");
                return null;
            }
            try (ActivationStore store = ActivationStore.open(dataDir)) {
                progress.accept("harvest skipped: " + dataDir + " already holds this harvest (" + store.rows()
                        + " rows, verified)");
                return store.manifest();
            }
        } catch (StoreException e) {
            progress.accept("store in " + dataDir + " is not valid (" + e.getMessage() + "); harvesting again");
            return null;
        }
    }

    /**
     * SHA-256 over the request (model and its artifact, hook, window, batch size, tokens) and each corpus file's
     * name and content hash, so a moved project still matches and an edited corpus does not.
     */
    static String fingerprint(HarvestRequest req, ModelSpec spec) throws IOException {
        StringBuilder text = new StringBuilder("sae4j-harvest v1\n")
                .append("model=").append(spec.name()).append(' ').append(spec.artifact()).append('\n')
                .append("hook=").append(HookPoint.parse(req.hook())).append('\n')
                .append("window=").append(req.window()).append('\n')
                .append("batchWindows=").append(req.batchWindows()).append('\n')
                .append("tokens=").append(req.tokens()).append('\n');
        for (Path file : req.corpus()) {
            text.append("corpus=").append(file.getFileName()).append(' ').append(sha256(file)).append('\n');
        }
        return HexFormat.of().formatHex(sha256().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}

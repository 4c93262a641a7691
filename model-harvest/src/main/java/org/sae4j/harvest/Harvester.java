package org.sae4j.harvest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private static final long PROGRESS_NANOS = 10_000_000_000L;

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
        metadata.put("corpus", req.corpus().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(",")));
        metadata.put("harvest.tokens", Long.toString(req.tokens()));
        metadata.put("harvest.window", Integer.toString(req.window()));
        metadata.put("harvest.batchWindows", Integer.toString(req.batchWindows()));
        metadata.put("harvest.windowing", "stride " + (req.window() - 2) + ", [CLS]/[SEP] not stored");
        metadata.put(FINGERPRINT_KEY, fingerprint);
        progress.accept("harvest " + spec.name() + " " + hook + ": " + String.format("%,d", req.tokens())
                + " tokens from " + metadata.get("corpus") + " (windows of " + req.window() + ") into " + dataDir);
        try (EncoderModel model = EncoderModel.load(spec);
                CorpusWindows windows = new CorpusWindows(model.tokenizer(), req.corpus(), req.window());
                ActivationWriter writer = ActivationWriter.create(dataDir, spec.hidden(),
                        WriterOptions.defaults().withTokenColumns(true), metadata)) {
            Progress meter = new Progress(req.tokens(), progress);
            long stored = 0;
            while (stored < req.tokens()) {
                List<TokenWindow> batch = windows.next(req.batchWindows());
                if (batch.isEmpty()) {
                    throw new IOException("corpus " + metadata.get("corpus") + " yields only "
                            + String.format("%,d", stored) + " tokens with windows of " + req.window()
                            + ", fewer than the " + String.format("%,d", req.tokens()) + " requested");
                }
                HookRows rows = model.read(batch, hook);
                int n = (int) Math.min(rows.count(), req.tokens() - stored);
                writer.write(rows.rows(), n, rows.tokenIds(), rows.sequences(), rows.positions());
                stored += n;
                meter.update(stored, batch.stream().mapToLong(w -> w.ids().length).sum(), false);
            }
            Manifest manifest = writer.finish();
            meter.update(stored, 0, true);
            return manifest;
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

    /** Rate and ETA reporting, throttled to one line per ~10 s. */
    private static final class Progress {
        private final long target;
        private final Consumer<String> out;
        private final long start = System.nanoTime();
        private long lastReport = start;
        private long modelTokens;

        Progress(long target, Consumer<String> out) {
            this.target = target;
            this.out = out;
        }

        void update(long stored, long batchModelTokens, boolean done) {
            modelTokens += batchModelTokens;
            long now = System.nanoTime();
            if (!done && now - lastReport < PROGRESS_NANOS) {
                return;
            }
            lastReport = now;
            double seconds = Math.max(1e-9, (now - start) / 1e9);
            double rate = stored / seconds;
            String eta = done ? "done in " + duration(seconds) : "ETA " + duration((target - stored) / rate);
            out.accept(String.format("harvest: %,d / %,d tokens (%.1f %%), %,.0f tokens/s stored (%,.0f/s through "
                    + "the model incl. [CLS]/[SEP]), %s", stored, target, 100.0 * stored / target, rate,
                    modelTokens / seconds, eta));
        }

        private static String duration(double seconds) {
            long s = Math.round(seconds);
            return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
        }
    }
}

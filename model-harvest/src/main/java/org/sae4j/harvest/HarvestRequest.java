package org.sae4j.harvest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to harvest: activations of a model at a hook over a corpus.
 *
 * @param model        a known model name (see {@link Models})
 * @param hook         a hook name, {@code embed} or {@code blocks.N.resid_post}
 * @param corpus       corpus files, plain UTF-8 text or gzip ({@code .gz}), read in order
 * @param tokens       rows (content tokens) to store; the harvest stops there
 * @param window       window length including [CLS] and [SEP], 3 … 512
 * @param batchWindows windows per forward pass
 * @param precision    the number format of the model's linear layers ({@link Precision}); stored rows are float32
 */
public record HarvestRequest(String model, String hook, List<Path> corpus, long tokens, int window,
        int batchWindows, Precision precision) {

    /** The window length the experiments use. */
    public static final int DEFAULT_WINDOW = 128;

    /**
     * Windows per forward pass by default: 4,096 tokens keep the GEMMs efficient while one layer's attention
     * scores (32 × 12 heads × 128² floats, 25 MB) stay near the cache; 64 measured ~15 % slower per CPU second.
     */
    public static final int DEFAULT_BATCH_WINDOWS = 32;

    /** Validates the fields (the model and hook names are checked by {@link Harvester}). */
    public HarvestRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(precision, "precision");
        corpus = List.copyOf(corpus);
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("harvest request: corpus lists no files");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("harvest request: tokens must be at least 1, got " + tokens);
        }
        if (window < 3 || window > 512) {
            throw new IllegalArgumentException("harvest request: window must be 3 … 512 tokens (including [CLS] "
                    + "and [SEP]), got " + window);
        }
        if (batchWindows < 1) {
            throw new IllegalArgumentException("harvest request: batchWindows must be at least 1, got " + batchWindows);
        }
    }

    /** A float32 harvest. */
    public HarvestRequest(String model, String hook, List<Path> corpus, long tokens, int window, int batchWindows) {
        this(model, hook, corpus, tokens, window, batchWindows, Precision.FP32);
    }
}

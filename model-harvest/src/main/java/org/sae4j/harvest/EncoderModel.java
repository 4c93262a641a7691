package org.sae4j.harvest;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A named encoder model ready to run: its tokenizer and its PyTorch forward pass. Reads hook activations
 * (harvesting) and computes pooled sentence embeddings with a hook's activations replaced (splicing, for
 * downstream fidelity).
 *
 * <p>Splicing replaces only the <em>content</em> rows of the hook tensor, the rows a harvest stores:
 * [CLS], [SEP] and padding keep their clean values. The pooled embedding is the model's own
 * ({@link ModelSpec#pooling()}, then L2-normalised) over the last block's output.
 *
 * <p>It is the BERT family's {@link TransformerModel}: the gradient of a pooled output with respect to a hook comes
 * from PyTorch's autograd through the blocks after the hook.
 *
 * <p>{@link #read} may run on several threads at once (it only reads the weights); the other methods are not
 * thread-safe. Owns the tokenizer and the weights; {@link #close()} frees both, after waiting for the calls still
 * running, and any call made after close fails with {@link IllegalStateException}: closing under load is safe.
 */
public final class EncoderModel implements TransformerModel {

    /** Windows per forward pass when computing embeddings; bounds memory for long window lists. */
    private static final int EMBED_BATCH = 32;

    /** How long {@link #close()} waits for forward passes still running before it refuses to free their memory. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final ModelSpec spec;
    private final WordPieceTokenizer tokenizer;
    private final BertEncoder encoder;
    private final NDManager manager;
    private final InFlightCalls calls;
    private boolean freed;

    private EncoderModel(ModelSpec spec, WordPieceTokenizer tokenizer, BertEncoder encoder) {
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        this.calls = new InFlightCalls("model " + spec.name());
    }

    /**
     * Loads a known model (see {@link Models}) from the class path.
     *
     * @throws IllegalArgumentException listing the known models when the name is unknown
     */
    public static EncoderModel load(String name) throws IOException {
        return load(Models.byName(name));
    }

    /** As {@link #load(String)}, the linear layers in {@code precision}. */
    public static EncoderModel load(String name, Precision precision) throws IOException {
        return load(Models.byName(name), precision);
    }

    /** Loads a model from the class path: weights from the ONNX initialisers, the tokenizer from its json. */
    public static EncoderModel load(ModelSpec spec) throws IOException {
        return load(spec, Precision.FP32);
    }

    /** As {@link #load(ModelSpec)}, the linear layers in {@code precision} (see {@link Precision}). */
    public static EncoderModel load(ModelSpec spec, Precision precision) throws IOException {
        BertWeights weights = OnnxBertReader.read(spec.onnxResource(), OnnxBertReader.loadModelProto(spec));
        if (weights.config().layers() != spec.layers() || weights.config().hidden() != spec.hidden()) {
            throw new IOException("model " + spec.name() + ": " + spec.onnxResource() + " has "
                    + weights.config().layers() + " blocks of width " + weights.config().hidden()
                    + ", the registry expects " + spec.layers() + " of width " + spec.hidden());
        }
        WordPieceTokenizer tokenizer = WordPieceTokenizer.load(spec);
        // Loads PyTorch's natives, then lets its MKL pick kernels by CPU features before the first GEMM.
        Engine.getEngine("PyTorch");
        MklKernels.apply();
        return new EncoderModel(spec, tokenizer, BertEncoder.create(weights, precision));
    }

    /** The model's registry entry. */
    @Override
    public ModelSpec spec() {
        return spec;
    }

    /** The tokenizer (owned by this model). */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /** The forward pass (owned by this model), for callers that work with NDArrays directly. */
    public BertEncoder encoder() {
        return encoder;
    }

    /** Parses a hook name and checks that it exists in this model. */
    @Override
    public HookPoint hook(String name) {
        return HookPoint.parse(name).requireIn(spec);
    }

    /**
     * Tokenises each text into one window {@code [CLS] text [SEP]}, keeping at most the model's maximum
     * length (content beyond it is cut). Sequence numbers are the texts' indices.
     */
    public List<TokenWindow> windows(List<String> texts) {
        return calls.call(() -> tokenise(texts));
    }

    private List<TokenWindow> tokenise(List<String> texts) {
        List<TokenWindow> windows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            windows.add(window(i, content(texts.get(i))));
        }
        return windows;
    }

    @Override
    public TokenWindow tokenise(long sequence, String text) {
        return calls.call(() -> window(sequence, content(text)));
    }

    /** The text's content token ids, cut to the model's length. */
    private int[] content(String text) {
        int[] content = tokenizer.encode(text);
        return Arrays.copyOf(content, Math.min(content.length, encoder.config().maxPositions() - 2));
    }

    @Override
    public String token(int id) {
        return tokenizer.token(id);
    }

    /**
     * Rebuilds a window from stored rows: {@code [CLS] contentIds [SEP]}, e.g. from the {@code token_id} column
     * of one {@code sequence} in position order.
     */
    @Override
    public TokenWindow window(long sequence, int[] contentIds) {
        if (contentIds.length + 2 > encoder.config().maxPositions()) {
            throw new IllegalArgumentException("window of " + contentIds.length + " content tokens exceeds the model's "
                    + encoder.config().maxPositions() + " positions");
        }
        int[] ids = new int[contentIds.length + 2];
        ids[0] = tokenizer.cls();
        System.arraycopy(contentIds, 0, ids, 1, contentIds.length);
        ids[ids.length - 1] = tokenizer.sep();
        return new TokenWindow(sequence, ids);
    }

    /**
     * Runs the windows up to the hook (and no further) and returns the content tokens' activations.
     *
     * @throws IllegalStateException when the model is closed or closing
     */
    @Override
    public HookRows read(List<TokenWindow> windows, HookPoint hook) {
        return calls.call(() -> readRows(windows, hook));
    }

    private HookRows readRows(List<TokenWindow> windows, HookPoint hook) {
        hook.requireIn(spec);
        return passBatch(Padded.of(windows, tokenizer.pad()), hook, false, List.of()).units();
    }

    /** Neurons per FFN (the width of its GELU output). */
    @Override
    public int ffnWidth() {
        return encoder.config().intermediate();
    }

    @Override
    public HookPass pass(List<TokenWindow> windows, HookPoint hook, boolean units, List<Replacement> continuations) {
        hook.requireIn(spec);
        return calls.call(() -> passBatch(Padded.of(windows, tokenizer.pad()), hook, units, continuations));
    }

    private HookPass passBatch(Padded batch, HookPoint hook, boolean units, List<Replacement> continuations) {
        int h = spec.hidden();
        int ffn = ffnWidth();
        int blocks = hook.block() + 1;
        int width = units ? blocks * ffn + h : h;
        int count = batch.contentTokens();
        float[] rows = new float[count * width];
        float[][][] pooled = new float[continuations.size()][][];
        try (NDManager scope = manager.newSubManager()) {
            NDArray mask = batch.mask(scope);
            // Each block's neurons and the hook's rows go straight from PyTorch's memory to their columns of rows.
            BertEncoder.FfnTap tap = units ? (block, act) -> batch.gather(act, ffn, rows, width, block * ffn) : null;
            NDArray state = encoder.forward(batch.ids(scope), mask, hook, Map.of(), tap);
            batch.gather(state, h, rows, width, units ? blocks * ffn : 0);
            HookPoint last = new HookPoint(spec.layers() - 1);
            for (int c = 0; c < pooled.length; c++) {
                Replacement r = continuations.get(c);
                NDArray from = r == Replacement.NONE ? state
                        : splice(state, batch, replaced -> r.replace(0, batch.size(), replaced));
                pooled[c] = pooled(encoder.resume(from, mask, hook, last), mask, batch.size());
            }
        }
        HookRows tokens = columns(batch.windows(), count);
        return new HookPass(new HookRows(rows, width, tokens.tokenIds(), tokens.sequences(), tokens.positions()),
                pooled);
    }

    /** The token columns of the windows' content rows, with empty activations. */
    private static HookRows columns(List<TokenWindow> windows, int count) {
        int[] tokenIds = new int[count];
        long[] sequences = new long[count];
        int[] positions = new int[count];
        int r = 0;
        for (TokenWindow w : windows) {
            for (int p = 1; p <= w.contentLength(); p++, r++) {
                tokenIds[r] = w.ids()[p];
                sequences[r] = w.sequence();
                positions[r] = p;
            }
        }
        return new HookRows(new float[0], 0, tokenIds, sequences, positions);
    }

    /** The clean pooled, L2-normalised sentence embeddings, one {@code float[hidden]} per window. */
    @Override
    public float[][] pooledEmbeddings(List<TokenWindow> windows) {
        return embed(windows, null, null);
    }

    /**
     * Pooled embeddings with the hook's content rows replaced.
     *
     * @param replaceRows receives the hook's content rows of one forward batch ({@code rows × hidden} floats,
     *                    row-major, in window then position order, the same rows {@link #read} returns, in the
     *                    original scale) and returns their replacements, same length; it is called once per
     *                    batch of up to 32 windows, in order
     */
    public float[][] pooledEmbeddings(List<TokenWindow> windows, HookPoint hook, UnaryOperator<float[]> replaceRows) {
        return pooledEmbeddings(windows, hook, (first, count, rows) -> replaceRows.apply(rows));
    }

    @Override
    public float[][] pooledEmbeddings(List<TokenWindow> windows, HookPoint hook, Replacement replacement) {
        hook.requireIn(spec);
        return embed(windows, hook, replacement);
    }

    /** Pooled embeddings with the hook's content rows set to zero (the zero-ablation baseline). */
    public float[][] zeroAblatedEmbeddings(List<TokenWindow> windows, HookPoint hook) {
        return pooledEmbeddings(windows, hook, rows -> new float[rows.length]);
    }

    private float[][] embed(List<TokenWindow> windows, HookPoint hook, Replacement replacement) {
        return calls.call(() -> embedAll(windows, hook, replacement));
    }

    private float[][] embedAll(List<TokenWindow> windows, HookPoint hook, Replacement replacement) {
        float[][] out = new float[windows.size()][];
        for (int start = 0; start < windows.size(); start += EMBED_BATCH) {
            int first = start;
            List<TokenWindow> part = windows.subList(start, Math.min(windows.size(), start + EMBED_BATCH));
            float[][] pooled = embedBatch(Padded.of(part, tokenizer.pad()), hook,
                    replacement == null ? null : rows -> replacement.replace(first, part.size(), rows));
            System.arraycopy(pooled, 0, out, start, pooled.length);
        }
        return out;
    }

    private float[][] embedBatch(Padded batch, HookPoint hook, UnaryOperator<float[]> replaceRows) {
        Map<HookPoint, UnaryOperator<NDArray>> replacements = hook == null ? Map.of()
                : Map.of(hook, x -> splice(x, batch, replaceRows));
        try (NDManager scope = manager.newSubManager()) {
            NDArray mask = batch.mask(scope);
            NDArray last = encoder.forward(batch.ids(scope), mask, new HookPoint(spec.layers() - 1), replacements);
            return pooled(last, mask, batch.size());
        }
    }

    /** The L2-normalised pooled embeddings of the last hidden state {@code [B, T, h]}, one per window. */
    private float[][] pooled(NDArray last, NDArray mask, int windows) {
        int h = spec.hidden();
        float[] flat = pool(last, mask).toFloatArray();
        float[][] result = new float[windows][];
        for (int b = 0; b < windows; b++) {
            result[b] = normalise(Arrays.copyOfRange(flat, b * h, (b + 1) * h));
        }
        return result;
    }

    /** The model's pooling of the last hidden state {@code [B, T, h]} to {@code [B, h]} (not normalised). */
    private NDArray pool(NDArray last, NDArray mask) {
        return switch (spec.pooling()) {
            case CLS -> last.get(":, 0, :");
            case MEAN -> {
                NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);
                yield last.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
            }
        };
    }

    @Override
    public HookGradient gradient(List<TokenWindow> windows, HookPoint hook, float[] target) {
        hook.requireIn(spec);
        int h = spec.hidden();
        if (target.length != h) {
            throw new IllegalArgumentException("target has " + target.length + " values, the model's hidden size is "
                    + h);
        }
        return calls.call(() -> gradientAll(windows, hook, normalise(target.clone())));
    }

    private HookGradient gradientAll(List<TokenWindow> windows, HookPoint hook, float[] unitTarget) {
        int h = spec.hidden();
        float[] values = new float[windows.size()];
        float[] gradient = new float[windows.stream().mapToInt(TokenWindow::contentLength).sum() * h];
        int row = 0;
        for (int start = 0; start < windows.size(); start += EMBED_BATCH) {
            Padded batch = Padded.of(windows.subList(start, Math.min(windows.size(), start + EMBED_BATCH)),
                    tokenizer.pad());
            float[] rows = new float[batch.contentTokens() * h];
            float[] m = gradientBatch(batch, hook, unitTarget, rows);
            System.arraycopy(m, 0, values, start, m.length);
            System.arraycopy(rows, 0, gradient, row * h, rows.length);
            row += batch.contentTokens();
        }
        return new HookGradient(values, gradient, h);
    }

    /** M = e·t̂ per window of one batch into the return value, ∂(Σ M)/∂(hook content rows) into {@code rows}. */
    private float[] gradientBatch(Padded batch, HookPoint hook, float[] unitTarget, float[] rows) {
        int h = spec.hidden();
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = scope.getEngine().newGradientCollector()) {
            NDArray[] leaf = new NDArray[1];
            // The forward pass closes each block's input once the next block has run, so the leaf whose gradient is
            // read must not be the tensor handed back to it: the model continues on a differentiable copy.
            Map<HookPoint, UnaryOperator<NDArray>> watch = Map.of(hook, x -> {
                leaf[0] = x.duplicate();
                leaf[0].setRequiresGradient(true);
                return leaf[0].mul(1f);
            });
            NDArray mask = batch.mask(scope);
            NDArray last = encoder.forward(batch.ids(scope), mask, new HookPoint(spec.layers() - 1), watch);
            NDArray pooled = pool(last, mask);
            NDArray norm = pooled.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f);
            NDArray m = pooled.div(norm).matMul(scope.create(unitTarget, new Shape(h, 1))).reshape(batch.size());
            collector.backward(m.sum());
            batch.gather(leaf[0].getGradient().toFloatArray(), h, rows);
            return m.toFloatArray();
        }
    }

    private static NDArray splice(NDArray x, Padded batch, UnaryOperator<float[]> replaceRows) {
        int h = (int) x.getShape().get(2);
        float[] all = x.toFloatArray();
        float[] rows = new float[batch.contentTokens() * h];
        batch.gather(all, h, rows);
        float[] replaced = replaceRows.apply(rows);
        if (replaced == null || replaced.length != rows.length) {
            throw new IllegalArgumentException("replacement rows: expected " + rows.length + " floats ("
                    + batch.contentTokens() + " rows × " + h + "), got "
                    + (replaced == null ? "null" : replaced.length));
        }
        batch.scatter(replaced, h, all);
        return x.getManager().create(all, new Shape(x.getShape().getShape()));
    }

    private static float[] normalise(float[] v) {
        double sq = 0;
        for (float f : v) {
            sq += (double) f * f;
        }
        double scale = 1.0 / Math.max(Math.sqrt(sq), 1e-12);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] * scale);
        }
        return v;
    }

    /**
     * Refuses new calls, waits up to {@link #CLOSE_WAIT} for those running, then frees the tokenizer and the weights;
     * idempotent.
     *
     * @throws IllegalStateException when calls still run after the wait; the memory is then left allocated rather
     *                               than freed under them
     */
    @Override
    public synchronized void close() {
        if (freed) {
            return;
        }
        if (!calls.close(CLOSE_WAIT)) {
            throw new IllegalStateException("model " + spec.name() + ": " + calls.running() + " forward pass(es) "
                    + "still running " + CLOSE_WAIT.toSeconds() + " s after close; its native memory is left "
                    + "allocated rather than freed under them");
        }
        freed = true;
        manager.close();
        encoder.close();
        tokenizer.close();
    }
}

package org.sae4j.harvest;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.sae4j.harvest.BertWeights.BertConfig;
import org.sae4j.harvest.BertWeights.Layer;
import org.sae4j.harvest.BertWeights.Linear;
import org.sae4j.harvest.BertWeights.Norm;

/**
 * A BERT encoder's forward pass in DJL's PyTorch engine, with hook points that can be read and replaced.
 *
 * <p>Embeddings (word + position + token type 0) go through a LayerNorm ({@code embed}); each block is
 * post-LayerNorm: {@code h = LN(x + Attn(x))}, {@code resid_post = LN(h + W2·gelu_erf(W1·h))}. Padding keys are
 * masked by adding {@code -3.4028235e38} (the most negative float) to their scores, as the ONNX export does.
 * The linear layers compute in float32 or, on request, in bfloat16 ({@link Precision}, {@link Bf16Linear}); all
 * other operations are float32 either way. Inference only: no gradients are recorded (the engine starts with grad
 * mode off and no weight requires one).
 *
 * <p>Owns an {@link NDManager} holding the weights; {@link #close()} frees them, after waiting for the forward passes
 * still running (a forward started after close fails). Arrays returned by {@link #forward} belong to the manager
 * of the {@code ids} argument, so callers free them with their own scope.
 */
public final class BertEncoder implements AutoCloseable {

    /** Added to the attention scores of padding keys (the ONNX export's {@code torch.finfo(float32).min}). */
    private static final float MASKED = -3.4028235e38f;

    private final BertConfig config;
    private final NDManager manager;
    private final NDArray word;
    private final NDArray position;
    private final NDArray tokenType;
    private final NDArray[] embeddingNorm;
    private final List<Block> blocks;
    private final Precision precision;
    /** The bfloat16 linear layers' module; null at float32. */
    private final Bf16Linear bf16;
    private final InFlightCalls forwards = new InFlightCalls("BertEncoder");
    private boolean freed;

    private record Block(Projection qkv, Projection out, NDArray[] norm1, Projection up, Projection down,
            NDArray[] norm2) {
    }

    /** One linear layer {@code y = x·Wᵀ + b} in the encoder's precision. */
    private interface Projection {
        NDArray apply(NDArray x);

        /** {@code residual + apply(x)}, {@code residual} left open. */
        NDArray applyPlus(NDArray x, NDArray residual);
    }

    private BertEncoder(BertWeights weights, Precision precision) {
        this.config = weights.config();
        this.precision = precision;
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        this.bf16 = precision == Precision.BF16 ? new Bf16Linear(manager) : null;
        int h = config.hidden();
        word = manager.create(weights.wordEmbeddings(), new Shape(config.vocab(), h));
        position = manager.create(weights.positionEmbeddings(), new Shape(config.maxPositions(), h));
        // Token type ids are always 0 for single-segment input: keep row 0 only.
        float[] type0 = new float[h];
        System.arraycopy(weights.tokenTypeEmbeddings(), 0, type0, 0, h);
        tokenType = manager.create(type0);
        embeddingNorm = norm(weights.embeddingNorm());
        blocks = new ArrayList<>();
        for (Layer layer : weights.layers()) {
            blocks.add(block(layer));
        }
    }

    /** Uploads the weights into a new PyTorch CPU manager, for a float32 forward pass. */
    public static BertEncoder create(BertWeights weights) {
        return create(weights, Precision.FP32);
    }

    /** Uploads the weights into a new PyTorch CPU manager, the linear layers' in {@code precision}. */
    public static BertEncoder create(BertWeights weights, Precision precision) {
        return new BertEncoder(weights, precision);
    }

    /** The precision of the linear layers. */
    public Precision precision() {
        return precision;
    }

    /** The architecture. */
    public BertConfig config() {
        return config;
    }

    /**
     * Runs the encoder up to (and including) the hook {@code stop}, replacing hook tensors on the way.
     *
     * @param ids          token ids {@code [B, T]}, int64; the result is attached to this array's manager
     * @param mask         attention mask {@code [B, T]} (1 = token, 0 = padding), any numeric type
     * @param stop         the deepest hook to compute; nothing after it runs
     * @param replacements functions applied to hook tensors {@code [B, T, hidden]}; each returns a tensor of the
     *                     same shape that the rest of the model runs on; hooks after {@code stop} are ignored
     * @return the hidden state at {@code stop}, {@code [B, T, hidden]} float32 (after any replacement there)
     * @throws IllegalStateException when the encoder is closed or closing
     */
    public NDArray forward(NDArray ids, NDArray mask, HookPoint stop,
            Map<HookPoint, UnaryOperator<NDArray>> replacements) {
        return forward(ids, mask, stop, replacements, null);
    }

    /** Sees the FFN activations of each block a forward pass runs, without changing them. */
    @FunctionalInterface
    public interface FfnTap {
        /**
         * @param block      the block index (0-based)
         * @param geluOutput {@code gelu(W1·h + b1)}, {@code [B, T, intermediate]}; closed after the call, so copy
         *                   what must outlive it
         */
        void ffn(int block, NDArray geluOutput);
    }

    /**
     * As {@link #forward(NDArray, NDArray, HookPoint, Map)}, and shows {@code tap} (when not null) the FFN neurons
     * of every block up to {@code stop}.
     */
    public NDArray forward(NDArray ids, NDArray mask, HookPoint stop,
            Map<HookPoint, UnaryOperator<NDArray>> replacements, FfnTap tap) {
        return forwards.call(() -> run(ids, mask, stop, replacements, tap));
    }

    private NDArray run(NDArray ids, NDArray mask, HookPoint stop,
            Map<HookPoint, UnaryOperator<NDArray>> replacements, FfnTap tap) {
        if (stop.block() >= config.layers()) {
            throw new IllegalArgumentException("hook " + stop + " is beyond the last block " + (config.layers() - 1));
        }
        Shape shape = ids.getShape();
        if (shape.dimension() != 2 || !mask.getShape().equals(shape)) {
            throw new IllegalArgumentException("ids must be [batch, length] and mask the same shape; got ids "
                    + shape + " and mask " + mask.getShape());
        }
        long length = shape.get(1);
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + length + " exceeds the model's "
                    + config.maxPositions() + " positions");
        }
        NDArray x = embed(ids, length);
        x = replace(x, new HookPoint(HookPoint.EMBED), replacements);
        return blocks(x, mask, 0, stop, replacements, tap);
    }

    /**
     * Continues a forward pass from a hook: runs the blocks after {@code from} up to (and including) {@code stop} on
     * {@code state}, the hidden state at {@code from} that {@link #forward} returned (or a replacement of it). The
     * same operations as one forward pass to {@code stop}, so the same values. {@code state} is left open.
     *
     * @param state {@code [B, T, hidden]} float32 at {@code from}; the result is attached to its manager
     * @param mask  the attention mask the state was computed with
     * @throws IllegalStateException when the encoder is closed or closing
     */
    public NDArray resume(NDArray state, NDArray mask, HookPoint from, HookPoint stop) {
        return forwards.call(() -> {
            if (stop.block() >= config.layers() || stop.block() < from.block()) {
                throw new IllegalArgumentException("cannot resume from " + from + " to " + stop + " in a model of "
                        + config.layers() + " blocks");
            }
            Shape shape = state.getShape();
            if (shape.dimension() != 3 || shape.get(2) != config.hidden()
                    || !mask.getShape().equals(new Shape(shape.get(0), shape.get(1)))) {
                throw new IllegalArgumentException("state must be [batch, length, " + config.hidden()
                        + "] and mask [batch, length]; got state " + shape + " and mask " + mask.getShape());
            }
            return blocks(state.duplicate(), mask, from.block() + 1, stop, Map.of(), null);
        });
    }

    /** Runs blocks {@code first} … {@code stop} on {@code x} (closed on the way) and returns the state at stop. */
    private NDArray blocks(NDArray x, NDArray mask, int first, HookPoint stop,
            Map<HookPoint, UnaryOperator<NDArray>> replacements, FfnTap tap) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        NDArray maskBias = maskBias(mask, batch, length);
        for (int n = first; n <= stop.block(); n++) {
            NDArray next = block(blocks.get(n), x, maskBias, batch, length, n, tap);
            x.close();
            x = replace(next, new HookPoint(n), replacements);
        }
        if (maskBias != null) {
            maskBias.close();
        }
        return x;
    }

    /**
     * {@code [B, 1, 1, T]}: 0 for tokens, {@link #MASKED} for padding keys; null when nothing is padded (full
     * harvest windows), which saves a pass over every layer's scores.
     */
    private static NDArray maskBias(NDArray mask, long batch, long length) {
        NDArray padding = mask.eq(0);
        boolean any;
        try (NDArray anyPadding = padding.any()) {
            any = anyPadding.getBoolean();
        }
        if (!any) {
            padding.close();
            return null;
        }
        NDArray bias = padding.toType(DataType.FLOAT32, false).mul(MASKED).reshape(batch, 1, 1, length);
        padding.close();
        return bias;
    }

    private static NDArray replace(NDArray x, HookPoint hook, Map<HookPoint, UnaryOperator<NDArray>> replacements) {
        UnaryOperator<NDArray> f = replacements.get(hook);
        if (f == null) {
            return x;
        }
        NDArray replaced = f.apply(x);
        if (replaced == null || !replaced.getShape().equals(x.getShape())) {
            throw new IllegalArgumentException("replacement at hook " + hook + " returned shape "
                    + (replaced == null ? "null" : replaced.getShape()) + ", expected " + x.getShape());
        }
        return replaced.toType(DataType.FLOAT32, false);
    }

    private NDArray embed(NDArray ids, long length) {
        NDManager scope = ids.getManager();
        NDArray tokens = ids.getNDArrayInternal().embedding(ids, word, SparseFormat.DENSE).singletonOrThrow();
        NDArray positionIds = scope.arange(0L, length, 1L, DataType.INT64);
        NDArray positions = positionIds.getNDArrayInternal().embedding(positionIds, position, SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray sum = tokens.add(positions).addi(tokenType);
        NDArray out = layerNorm(sum, embeddingNorm);
        tokens.close();
        positionIds.close();
        positions.close();
        sum.close();
        return out;
    }

    private NDArray block(Block b, NDArray x, NDArray maskBias, long batch, long length, int index, FfnTap tap) {
        int heads = config.heads();
        int headSize = config.headSize();
        NDArray qkv = b.qkv().apply(x)
                .reshape(batch, length, 3, heads, headSize).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (maskBias != null) {
            scores.addi(maskBias);
        }
        NDArray probs = scores.softmax(-1);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hidden());
        NDArray attention = b.out().applyPlus(context, x);
        NDArray h = layerNorm(attention, b.norm1());
        closeAll(qkv, q, k, v, scores, probs, context, attention);
        NDArray up = b.up().apply(h);
        NDArray act = up.getNDArrayInternal().gelu();
        if (tap != null) {
            tap.ffn(index, act);
        }
        NDArray down = b.down().applyPlus(act, h);
        NDArray out = layerNorm(down, b.norm2());
        closeAll(h, up, act, down);
        return out;
    }

    private static void closeAll(NDArray... arrays) {
        for (NDArray a : arrays) {
            a.close();
        }
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, NDArray[] norm) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(config.hidden()), norm[0], norm[1],
                config.layerNormEps()).singletonOrThrow();
    }

    private NDArray[] norm(Norm n) {
        return new NDArray[] {manager.create(n.gamma()), manager.create(n.beta())};
    }

    private Projection projection(Linear l) {
        return projection(l.weight(), l.bias(), l.out(), l.in());
    }

    /** A linear layer of weight {@code [out, in]} (row-major) and bias {@code [out]}, in the encoder's precision. */
    private Projection projection(float[] weight, float[] bias, long out, long in) {
        NDArray w = manager.create(weight, new Shape(out, in));
        NDArray b = manager.create(bias);
        if (bf16 == null) {
            return new Projection() {
                @Override
                public NDArray apply(NDArray x) {
                    return linear(x, w, b);
                }

                @Override
                public NDArray applyPlus(NDArray x, NDArray residual) {
                    return linear(x, w, b).addi(residual);
                }
            };
        }
        Bf16Linear.Weight w16 = bf16.weight(w);
        Bf16Linear.Weight b16 = bf16.weight(b);
        w.close();
        b.close();
        return new Projection() {
            @Override
            public NDArray apply(NDArray x) {
                return bf16.apply(x, w16, b16);
            }

            @Override
            public NDArray applyPlus(NDArray x, NDArray residual) {
                return bf16.applyPlus(x, w16, b16, residual);
            }
        };
    }

    /**
     * Q, K and V become one [3H, H] projection (one GEMM instead of three); Q is pre-scaled by 1/sqrt(headSize)
     * so the scores need no division.
     */
    private Block block(Layer l) {
        float scale = (float) (1.0 / Math.sqrt(config.headSize()));
        int h = config.hidden();
        float[] qkvW = new float[3 * h * h];
        float[] qkvB = new float[3 * h];
        Linear[] parts = {l.query(), l.key(), l.value()};
        for (int p = 0; p < 3; p++) {
            float s = p == 0 ? scale : 1f;
            for (int i = 0; i < h * h; i++) {
                qkvW[p * h * h + i] = parts[p].weight()[i] * s;
            }
            for (int i = 0; i < h; i++) {
                qkvB[p * h + i] = parts[p].bias()[i] * s;
            }
        }
        return new Block(projection(qkvW, qkvB, 3L * h, h), projection(l.attentionOut()), norm(l.attentionNorm()),
                projection(l.intermediate()), projection(l.output()), norm(l.outputNorm()));
    }

    /**
     * Frees the weights once no forward pass runs on them; idempotent.
     *
     * @throws IllegalStateException when forward passes still run after {@link EncoderModel#CLOSE_WAIT}; the weights
     *                               are then left allocated rather than freed under them
     */
    @Override
    public synchronized void close() {
        if (freed) {
            return;
        }
        if (!forwards.close(EncoderModel.CLOSE_WAIT)) {
            throw new IllegalStateException("BertEncoder: " + forwards.running() + " forward pass(es) still running "
                    + EncoderModel.CLOSE_WAIT.toSeconds() + " s after close; the weights are left allocated rather "
                    + "than freed under them");
        }
        freed = true;
        if (bf16 != null) {
            bf16.close();
        }
        manager.close();
    }
}

package org.sae4j.harvest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named point in the encoder's forward pass whose activations can be read or replaced.
 *
 * <ul>
 *   <li>{@code embed}: the embedding output after its LayerNorm (the input to block 0);</li>
 *   <li>{@code blocks.N.resid_post}: the residual stream after block N (0-based), i.e. the output of the block's
 *       final LayerNorm, which is ONNX node {@code /encoder/layer.N/output/LayerNorm/Add_1}.</li>
 * </ul>
 *
 * @param block the block index, or {@link #EMBED} for {@code embed}
 */
public record HookPoint(int block) {

    /** The block index that stands for the embedding output. */
    public static final int EMBED = -1;

    private static final Pattern RESID_POST = Pattern.compile("blocks\\.(\\d{1,4})\\.resid_post");

    /** Validates the block index. */
    public HookPoint {
        if (block < EMBED) {
            throw new IllegalArgumentException("hook block index must be >= 0 (or EMBED), got " + block);
        }
    }

    /**
     * Parses a hook name.
     *
     * @throws IllegalArgumentException saying which names are allowed when {@code name} is not one
     */
    public static HookPoint parse(String name) {
        if ("embed".equals(name)) {
            return new HookPoint(EMBED);
        }
        Matcher m = name == null ? null : RESID_POST.matcher(name);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("unknown hook '" + name
                    + "'; expected 'embed' or 'blocks.N.resid_post' (N = block index, from 0)");
        }
        return new HookPoint(Integer.parseInt(m.group(1)));
    }

    /** The residual stream after the given block. */
    public static HookPoint residPost(int block) {
        return new HookPoint(block);
    }

    /**
     * Checks that this hook exists in a model.
     *
     * @throws IllegalArgumentException naming the model, its block count and the valid range
     */
    public HookPoint requireIn(ModelSpec model) {
        if (block >= model.layers()) {
            throw new IllegalArgumentException("hook '" + this + "' does not exist in model " + model.name()
                    + ", which has " + model.layers() + " blocks: use embed or blocks.0.resid_post … blocks."
                    + (model.layers() - 1) + ".resid_post");
        }
        return this;
    }

    /** The canonical name, e.g. {@code blocks.3.resid_post}. */
    @Override
    public String toString() {
        return block == EMBED ? "embed" : "blocks." + block + ".resid_post";
    }
}

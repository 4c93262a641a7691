package org.sae4j.harvest;

import java.util.Arrays;
import java.util.Locale;

/**
 * The number format a harvest's forward pass computes its linear layers in. Everything else (embeddings, attention
 * scores and softmax, GELU, residual sums, LayerNorms) and the stored activations are float32 either way.
 */
public enum Precision {
    /** float32 throughout (the default). */
    FP32,
    /**
     * Linear layers (Q/K/V, attention output, both FFN layers) in bfloat16 as {@code torch.autocast} computes them on
     * a CPU: inputs, weights and outputs rounded to bfloat16, products accumulated in float32 (see
     * {@link Bf16Linear}). Fast only on CPUs with AVX512-BF16 or AMX.
     */
    BF16;

    /** The descriptor spelling: {@code fp32} or {@code bf16}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The precision spelled {@code key} ({@code fp32}, {@code bf16}).
     *
     * @throws IllegalArgumentException naming the allowed spellings
     */
    public static Precision of(String key) {
        for (Precision p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + key + "'; allowed: "
                + String.join(", ", Arrays.stream(values()).map(Precision::key).toList()));
    }
}

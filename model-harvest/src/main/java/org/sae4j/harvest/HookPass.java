package org.sae4j.harvest;

/**
 * What {@link TransformerModel#pass} computed for one batch of windows.
 *
 * @param units  per content token (window then position order), every unit up to the hook or the hook's rows only
 * @param pooled per continuation, per window, the pooled L2-normalised embedding ({@code float[hidden]})
 */
public record HookPass(HookRows units, float[][][] pooled) {
}

package org.sae4j.harvest;

/**
 * A scalar output and its gradient with respect to a hook's content rows.
 *
 * @param values the output M per window
 * @param gradient ∂M/∂x for every content row of the windows, {@code rows × hidden}, in the order of
 *     {@link TransformerModel#read} (each row's gradient is that of its own window's M)
 * @param hidden the hidden size
 */
public record HookGradient(float[] values, float[] gradient, int hidden) {
}

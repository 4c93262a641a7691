package org.sae4j.harvest;

/**
 * How a model turns its last hidden state into one sentence embedding.
 *
 * <p>Every pooled embedding is L2-normalised afterwards, as the models' sentence-transformers configurations
 * do; normalising does not change the cosine similarities that downstream fidelity compares.
 */
public enum Pooling {
    /** Mean over the non-padding tokens, [CLS] and [SEP] included (sentence-transformers' mean pooling). */
    MEAN,
    /** The hidden state of the first ([CLS]) token. */
    CLS
}

package org.sae4j.harvest;

import java.util.Objects;

/**
 * A named encoder model that sae4j can load offline: where its ONNX weights and tokenizer live on the class path
 * and what shape to expect.
 *
 * @param name              the name descriptors use (e.g. {@code all-minilm-l6-v2})
 * @param onnxResource      class-path resource holding the ONNX model (weights are read from its initialisers)
 * @param tokenizerResource class-path resource holding the HuggingFace {@code tokenizer.json}
 * @param artifact          the Maven coordinates of the jar holding both resources, for error messages
 * @param layers            number of transformer blocks
 * @param hidden            width of the residual stream
 * @param pooling           how the sentence embedding is pooled from the last hidden state
 */
public record ModelSpec(String name, String onnxResource, String tokenizerResource, String artifact, int layers,
        int hidden, Pooling pooling) {

    /** Validates the fields. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(onnxResource, "onnxResource");
        Objects.requireNonNull(tokenizerResource, "tokenizerResource");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(pooling, "pooling");
        if (layers <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("model " + name + ": layers and hidden must be positive, got "
                    + layers + " and " + hidden);
        }
    }
}

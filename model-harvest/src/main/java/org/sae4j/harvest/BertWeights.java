package org.sae4j.harvest;

import java.util.List;

/**
 * The parameters of a BERT encoder as plain float arrays, read from an ONNX export. Linear weights are stored
 * {@code [out, in]} row-major (PyTorch's {@code nn.Linear} layout), which is the transpose of the ONNX
 * {@code MatMul} initialisers.
 *
 * @param config          the architecture
 * @param wordEmbeddings  {@code [vocab, hidden]}
 * @param positionEmbeddings {@code [maxPositions, hidden]}
 * @param tokenTypeEmbeddings {@code [typeVocab, hidden]}
 * @param embeddingNorm   the LayerNorm after the embedding sum
 * @param layers          one entry per transformer block
 */
public record BertWeights(BertConfig config, float[] wordEmbeddings, float[] positionEmbeddings,
        float[] tokenTypeEmbeddings, Norm embeddingNorm, List<Layer> layers) {

    /** Copies the layer list. */
    public BertWeights {
        layers = List.copyOf(layers);
    }

    /**
     * The architecture of a BERT encoder.
     *
     * @param layers        number of blocks
     * @param hidden        residual stream width
     * @param heads         attention heads (head size = hidden / heads)
     * @param intermediate  FFN width
     * @param vocab         vocabulary size
     * @param maxPositions  number of learned positions
     * @param typeVocab     number of token types
     * @param layerNormEps  the LayerNorm epsilon
     */
    public record BertConfig(int layers, int hidden, int heads, int intermediate, int vocab, int maxPositions,
            int typeVocab, float layerNormEps) {

        /** Validates that the head count divides the width. */
        public BertConfig {
            if (heads <= 0 || hidden % heads != 0) {
                throw new IllegalArgumentException("hidden " + hidden + " is not divisible by heads " + heads);
            }
        }

        /** Width of one attention head. */
        public int headSize() {
            return hidden / heads;
        }
    }

    /**
     * A LayerNorm's affine parameters.
     *
     * @param gamma scale, {@code [hidden]}
     * @param beta  shift, {@code [hidden]}
     */
    public record Norm(float[] gamma, float[] beta) {
    }

    /**
     * A dense layer {@code y = x Wᵀ + b}.
     *
     * @param weight {@code [out, in]} row-major
     * @param bias   {@code [out]}
     * @param out    output width
     * @param in     input width
     */
    public record Linear(float[] weight, float[] bias, int out, int in) {
    }

    /**
     * One post-LayerNorm transformer block.
     *
     * @param query         query projection
     * @param key           key projection
     * @param value         value projection
     * @param attentionOut  attention output projection
     * @param attentionNorm LayerNorm after the attention residual
     * @param intermediate  FFN up-projection (followed by erf GELU)
     * @param output        FFN down-projection
     * @param outputNorm    LayerNorm after the FFN residual; its output is {@code blocks.N.resid_post}
     */
    public record Layer(Linear query, Linear key, Linear value, Linear attentionOut, Norm attentionNorm,
            Linear intermediate, Linear output, Norm outputNorm) {
    }
}

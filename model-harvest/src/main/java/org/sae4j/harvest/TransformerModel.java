package org.sae4j.harvest;

import java.util.List;

/**
 * What an analysis needs of a model, whatever its family: tokenise text into windows, run to a hook and read its
 * activations, run the whole model with a hook's activations replaced, and the gradient of a scalar output with
 * respect to a hook's activations. Hook activations are always the <em>content</em> rows of the windows (positions
 * 1 … n, the rows a harvest stores), row-major, in window then position order, in the original scale; the output
 * is the model's pooled, L2-normalised sentence embedding. The BERT-family encoders implement it in
 * {@link EncoderModel}; a second family implements it without any change to the analyses.
 *
 * <p>Not thread-safe. Closing frees the weights.
 */
public interface TransformerModel extends AutoCloseable {

    /** The model's registry entry: name, blocks, hidden size, pooling. */
    ModelSpec spec();

    /**
     * Parses a hook name and checks that this model has it.
     *
     * @throws IllegalArgumentException naming the valid hooks when it has not
     */
    HookPoint hook(String name);

    /**
     * Tokenises one text into a window {@code [CLS] text [SEP]}, cut to the model's length.
     *
     * @param sequence the window's sequence number (its index in a list of windows)
     */
    TokenWindow tokenise(long sequence, String text);

    /** A window from stored content token ids ({@code [CLS] contentIds [SEP]}). */
    TokenWindow window(long sequence, int[] contentIds);

    /** The text of a token id (WordPiece continuation pieces start with {@code ##}). */
    String token(int id);

    /** Runs the windows up to the hook (and no further): the content rows' activations with their token columns. */
    HookRows read(List<TokenWindow> windows, HookPoint hook);

    /** Neurons per FFN block (the width of its activation function's output). */
    int ffnWidth();

    /**
     * One forward pass of the windows to the hook, then the rest of the model once per continuation, so that
     * everything a caller wants of the same clean windows costs the blocks up to the hook once. Reads, per content
     * token, either every unit up to the hook (the FFN neurons, the activation function's outputs, {@link #ffnWidth()}
     * each, of blocks 0 … the hook's block, then the hook's own {@code hidden} values; for {@code embed} only the
     * embedding's values) or only the hook's rows. Each continuation replaces the hook's content rows
     * ({@link Replacement#NONE} keeps them: the clean model) and runs the blocks after the hook to the pooled,
     * L2-normalised embedding; the values are those of {@link #pooledEmbeddings} on the same batch. May run on several
     * threads at once (a continuation's replacement is then called from those threads).
     *
     * @param units true for every unit up to the hook, false for the hook's rows only
     * @param continuations replacements of the hook's content rows, each called once with {@code firstWindow} 0
     */
    HookPass pass(List<TokenWindow> windows, HookPoint hook, boolean units, List<Replacement> continuations);

    /** The clean pooled, L2-normalised embeddings, one {@code float[hidden]} per window. */
    float[][] pooledEmbeddings(List<TokenWindow> windows);

    /**
     * The pooled embeddings with the hook's content rows replaced; the rest of the model runs on the replacement.
     * [CLS], [SEP] and padding keep their clean values.
     */
    float[][] pooledEmbeddings(List<TokenWindow> windows, HookPoint hook, Replacement replacement);

    /**
     * The gradient of M = cos(e, target), e the pooled embedding, with respect to the hook's content rows, by
     * back-propagation through every block after the hook; one M per window (windows do not interact).
     *
     * @param target a vector of the hidden size, any non-zero norm
     */
    HookGradient gradient(List<TokenWindow> windows, HookPoint hook, float[] target);

    /** Frees the weights; idempotent. */
    @Override
    void close();

    /** Replaces the hook's content rows of one forward batch. */
    @FunctionalInterface
    interface Replacement {
        /** Keeps the rows: a continuation with it is the clean model (compared by identity, nothing is copied). */
        Replacement NONE = (firstWindow, windowCount, rows) -> rows;

        /**
         * @param firstWindow index (in the list passed in) of the batch's first window
         * @param windowCount windows in the batch
         * @param rows their content rows at the hook ({@code rows × hidden}, in window then position order)
         * @return the replacement rows, same length
         */
        float[] replace(int firstWindow, int windowCount, float[] rows);
    }
}

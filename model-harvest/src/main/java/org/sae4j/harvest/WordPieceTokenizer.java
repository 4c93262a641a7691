package org.sae4j.harvest;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A model's WordPiece tokenizer (DJL's HuggingFace tokenizers, from the model jar's {@code tokenizer.json}),
 * configured to return content tokens only: no special tokens, no truncation, no padding, whatever the json
 * file's defaults (all-MiniLM's pads and truncates to 128). Callers add [CLS]/[SEP] themselves.
 *
 * <p>Owns the native tokenizer; {@link #close()} frees it.
 */
public final class WordPieceTokenizer implements AutoCloseable {

    private final String source;
    private final HuggingFaceTokenizer tokenizer;
    private final String[] vocabulary;
    private final int cls;
    private final int sep;
    private final int pad;

    private WordPieceTokenizer(String source, byte[] json) throws IOException {
        this.source = source;
        JsonNode vocab = new ObjectMapper().readTree(json).path("model").path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw new IOException(source + ": no model.vocab object in the tokenizer json");
        }
        vocabulary = new String[vocab.size()];
        for (Map.Entry<String, JsonNode> e : vocab.properties()) {
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= vocabulary.length) {
                throw new IOException(source + ": vocabulary id " + e.getValue() + " of '" + e.getKey()
                        + "' is outside 0.." + (vocabulary.length - 1));
            }
            vocabulary[id] = e.getKey();
        }
        cls = idOf("[CLS]", vocab);
        sep = idOf("[SEP]", vocab);
        pad = idOf("[PAD]", vocab);
        tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }

    /** Loads the tokenizer of a known model from the class path. */
    public static WordPieceTokenizer load(ModelSpec spec) throws IOException {
        try (InputStream in = Models.class.getClassLoader().getResourceAsStream(spec.tokenizerResource())) {
            if (in == null) {
                throw new IOException("model " + spec.name() + ": class-path resource " + spec.tokenizerResource()
                        + " not found; add the dependency " + spec.artifact());
            }
            return new WordPieceTokenizer(spec.tokenizerResource(), in.readAllBytes());
        }
    }

    private int idOf(String token, JsonNode vocab) throws IOException {
        JsonNode id = vocab.get(token);
        if (id == null || !id.canConvertToInt()) {
            throw new IOException(source + ": vocabulary has no " + token + " token");
        }
        return id.asInt();
    }

    /** Tokenises text into content token ids: no [CLS]/[SEP], no truncation. */
    public int[] encode(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The token string of an id (e.g. {@code ##ing}), for showing contexts. */
    public String token(int id) {
        if (id < 0 || id >= vocabulary.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary 0.."
                    + (vocabulary.length - 1));
        }
        return vocabulary[id];
    }

    /**
     * Joins token ids back into readable text (WordPiece continuations merged, special tokens dropped), for
     * showing contexts; lowercased and without the original spacing around punctuation.
     */
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, true);
    }

    /** The id of [CLS]. */
    public int cls() {
        return cls;
    }

    /** The id of [SEP]. */
    public int sep() {
        return sep;
    }

    /** The id of [PAD]. */
    public int pad() {
        return pad;
    }

    /** Vocabulary size. */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** Frees the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }
}

package org.sae4j.harvest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The registry of models sae4j knows by name. Each comes from a Maven Central jar on the class path. */
public final class Models {

    private static final String LANGCHAIN4J = "dev.langchain4j:langchain4j-embeddings-";
    private static final String VERSION = ":1.11.0-beta19";

    private static final Map<String, ModelSpec> KNOWN = index(List.of(
            new ModelSpec("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
                    LANGCHAIN4J + "all-minilm-l6-v2" + VERSION, 6, 384, Pooling.MEAN),
            new ModelSpec("bge-small-en-v15", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
                    LANGCHAIN4J + "bge-small-en-v15" + VERSION, 12, 384, Pooling.CLS),
            new ModelSpec("e5-small-v2", "e5-small-v2.onnx", "e5-small-v2-tokenizer.json",
                    LANGCHAIN4J + "e5-small-v2" + VERSION, 12, 384, Pooling.MEAN)));

    private Models() {
    }

    /**
     * Looks a model up by name.
     *
     * @throws IllegalArgumentException naming the known models when {@code name} is not one of them
     */
    public static ModelSpec byName(String name) {
        ModelSpec spec = KNOWN.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + names());
        }
        return spec;
    }

    /** The names of all known models, sorted. */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    private static Map<String, ModelSpec> index(List<ModelSpec> specs) {
        Map<String, ModelSpec> byName = new TreeMap<>();
        for (ModelSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        return byName;
    }
}

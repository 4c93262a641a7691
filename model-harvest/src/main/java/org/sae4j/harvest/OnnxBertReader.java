package org.sae4j.harvest;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.harvest.BertWeights.BertConfig;
import org.sae4j.harvest.BertWeights.Layer;
import org.sae4j.harvest.BertWeights.Linear;
import org.sae4j.harvest.BertWeights.Norm;

/**
 * Reads BERT encoder weights from the initialisers of a PyTorch ONNX export. The exporter renames most
 * {@code MatMul} weights to {@code onnx::MatMul_NNN}, so every parameter is found by following the graph: the
 * node with a known name (e.g. {@code /encoder/layer.3/attention/self/query/MatMul}) and its initialiser input.
 */
public final class OnnxBertReader {

    private final String source;
    private final Map<String, TensorProto> initialisers = new HashMap<>();
    private final Map<String, NodeProto> nodesByName = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();

    private OnnxBertReader(String source, GraphProto graph) {
        this.source = source;
        graph.getInitializerList().forEach(t -> initialisers.put(t.getName(), t));
        for (NodeProto node : graph.getNodeList()) {
            nodesByName.put(node.getName(), node);
            node.getOutputList().forEach(out -> producers.put(out, node));
        }
    }

    /** Loads a model's ONNX file from the class path, naming the jar to add when it is missing. */
    public static ModelProto loadModelProto(ModelSpec spec) throws IOException {
        try (InputStream in = Models.class.getClassLoader().getResourceAsStream(spec.onnxResource())) {
            if (in == null) {
                throw new IOException("model " + spec.name() + ": class-path resource " + spec.onnxResource()
                        + " not found; add the dependency " + spec.artifact());
            }
            return ModelProto.parseFrom(in);
        }
    }

    /**
     * Maps an ONNX BERT export to its weights.
     *
     * @param source a name for error messages (the model or file)
     * @throws IllegalArgumentException naming the node or initialiser when the graph is not a BERT export
     */
    public static BertWeights read(String source, ModelProto model) {
        return new OnnxBertReader(source, model.getGraph()).read();
    }

    private BertWeights read() {
        TensorProto wordT = input("/embeddings/word_embeddings/Gather", 0);
        TensorProto posT = input("/embeddings/position_embeddings/Gather", 0);
        TensorProto typeT = input("/embeddings/token_type_embeddings/Gather", 0);
        int hidden = (int) wordT.getDims(1);
        float eps = epsilon("/embeddings/LayerNorm");
        List<Layer> layers = new ArrayList<>();
        for (int n = 0; nodesByName.containsKey(prefix(n) + "/output/LayerNorm/Add_1"); n++) {
            layers.add(layer(n, eps));
        }
        if (layers.isEmpty()) {
            throw error("no node /encoder/layer.0/output/LayerNorm/Add_1: not a BERT encoder export");
        }
        requireErfGelu();
        BertConfig config = new BertConfig(layers.size(), hidden, heads(), layers.getFirst().intermediate().out(),
                (int) wordT.getDims(0), (int) posT.getDims(0), (int) typeT.getDims(0), eps);
        return new BertWeights(config, floats(wordT), floats(posT), floats(typeT), norm("/embeddings/LayerNorm"),
                layers);
    }

    private Layer layer(int n, float eps) {
        String p = prefix(n);
        if (epsilon(p + "/attention/output/LayerNorm") != eps || epsilon(p + "/output/LayerNorm") != eps) {
            throw error("block " + n + " uses a LayerNorm epsilon different from the embeddings' " + eps);
        }
        return new Layer(linear(p + "/attention/self/query"), linear(p + "/attention/self/key"),
                linear(p + "/attention/self/value"), linear(p + "/attention/output/dense"),
                norm(p + "/attention/output/LayerNorm"), linear(p + "/intermediate/dense"),
                linear(p + "/output/dense"), norm(p + "/output/LayerNorm"));
    }

    private static String prefix(int n) {
        return "/encoder/layer." + n;
    }

    /** ONNX stores x·W with W as [in, out]; transpose to nn.Linear's [out, in]. */
    private Linear linear(String scope) {
        TensorProto w = initialiserInput(scope + "/MatMul");
        int in = (int) w.getDims(0);
        int out = (int) w.getDims(1);
        float[] rowMajor = floats(w);
        float[] transposed = new float[rowMajor.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                transposed[o * in + i] = rowMajor[i * out + o];
            }
        }
        float[] bias = floats(initialiserInput(scope + "/Add"));
        if (bias.length != out) {
            throw error(scope + "/Add: bias has " + bias.length + " values, expected " + out);
        }
        return new Linear(transposed, bias, out, in);
    }

    private Norm norm(String scope) {
        return new Norm(floats(initialiserInput(scope + "/Mul")), floats(initialiserInput(scope + "/Add_1")));
    }

    /** The epsilon is the constant operand of the LayerNorm's first Add (variance + eps). */
    private float epsilon(String scope) {
        NodeProto add = node(scope + "/Add");
        for (String in : add.getInputList()) {
            TensorProto t = constant(in);
            if (t != null) {
                return floats(t)[0];
            }
        }
        throw error(scope + "/Add has no constant operand (the LayerNorm epsilon)");
    }

    /** Heads = the third element of the shape that splits the key into heads: Reshape(x, Concat(B, T, heads, size)). */
    private int heads() {
        NodeProto reshape = node("/encoder/layer.0/attention/self/Reshape");
        NodeProto concat = producers.get(reshape.getInput(1));
        TensorProto heads = concat == null || concat.getInputCount() != 4 ? null : constant(concat.getInput(2));
        if (heads == null || heads.getDataType() != TensorProto.DataType.INT64_VALUE) {
            throw error("cannot find the head count: expected /encoder/layer.0/attention/self/Reshape to take "
                    + "Concat(batch, length, heads, headSize)");
        }
        LongBuffer values = heads.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        return values.hasRemaining() ? (int) values.get(0) : (int) heads.getInt64Data(0);
    }

    private void requireErfGelu() {
        boolean erf = nodesByName.values().stream().anyMatch(node -> "Erf".equals(node.getOpType())
                && node.getName().startsWith("/encoder/layer.0/intermediate/"));
        if (!erf) {
            throw error("block 0's intermediate activation has no Erf node; only the exact (erf) GELU is supported");
        }
    }

    private NodeProto node(String name) {
        NodeProto node = nodesByName.get(name);
        if (node == null) {
            throw error("ONNX graph has no node '" + name + "' (expected a PyTorch export of a BERT encoder)");
        }
        return node;
    }

    private TensorProto input(String nodeName, int index) {
        NodeProto node = node(nodeName);
        TensorProto t = index < node.getInputCount() ? initialisers.get(node.getInput(index)) : null;
        if (t == null) {
            throw error("node '" + nodeName + "' input " + index + " is not an initialiser");
        }
        return t;
    }

    private TensorProto initialiserInput(String nodeName) {
        NodeProto node = node(nodeName);
        TensorProto found = null;
        for (String in : node.getInputList()) {
            TensorProto t = initialisers.get(in);
            if (t != null) {
                if (found != null) {
                    throw error("node '" + nodeName + "' has more than one initialiser input");
                }
                found = t;
            }
        }
        if (found == null) {
            throw error("node '" + nodeName + "' has no initialiser input (its weight)");
        }
        return found;
    }

    /** An initialiser, or the value of a Constant node, by value name; null when it is computed. */
    private TensorProto constant(String valueName) {
        TensorProto init = initialisers.get(valueName);
        if (init != null) {
            return init;
        }
        NodeProto producer = producers.get(valueName);
        if (producer == null || !"Constant".equals(producer.getOpType())) {
            return null;
        }
        return producer.getAttributeList().stream().filter(a -> a.getType() == AttributeProto.AttributeType.TENSOR)
                .map(AttributeProto::getT).findFirst().orElse(null);
    }

    private float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw error("initialiser '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + ", expected FLOAT (1)");
        }
        long count = 1;
        for (long d : t.getDimsList()) {
            count *= d;
        }
        float[] values;
        if (!t.getRawData().isEmpty()) {
            FloatBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            values = new float[buf.remaining()];
            buf.get(values);
        } else {
            values = new float[t.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
        }
        if (values.length != count) {
            throw error("initialiser '" + t.getName() + "' holds " + values.length + " floats, but its shape "
                    + t.getDimsList() + " needs " + count);
        }
        return values;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(source + ": " + message);
    }
}

package org.sae4j.harvest;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The test oracle: the unmodified ONNX graph run by ONNX Runtime (DJL's OnnxRuntime engine), with the residual
 * stream after chosen blocks exposed as extra graph outputs.
 */
final class OnnxOracle {

    private OnnxOracle() {
    }

    /**
     * Runs the model on a padded batch and returns the residual stream after each requested block, read from
     * the output of node {@code /encoder/layer.N/output/LayerNorm/Add_1} (for the last block this is the graph
     * output {@code last_hidden_state}), as flat float arrays keyed by block.
     */
    static Map<Integer, float[]> residPost(ModelSpec spec, List<Integer> blocks, Padded batch, Path tempDir)
            throws Exception {
        ModelProto proto = OnnxBertReader.loadModelProto(spec);
        Map<Integer, String> values = new HashMap<>();
        for (int block : blocks) {
            String node = "/encoder/layer." + block + "/output/LayerNorm/Add_1";
            values.put(block, proto.getGraph().getNodeList().stream().filter(n -> n.getName().equals(node))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no node " + node)).getOutput(0));
        }
        Map<String, float[]> byValue = run(proto, spec.name(), List.copyOf(values.values()), batch, tempDir);
        Map<Integer, float[]> out = new HashMap<>();
        values.forEach((block, value) -> out.put(block, byValue.get(value)));
        return out;
    }

    private static Map<String, float[]> run(ModelProto proto, String name, List<String> values, Padded padded,
            Path tempDir) throws Exception {
        long[] ids = padded.ids();
        long[] mask = padded.mask();
        int batch = padded.size();
        int length = padded.length();
        GraphProto.Builder graph = proto.getGraph().toBuilder();
        for (String v : values) {
            boolean isOutput = graph.getOutputList().stream().anyMatch(o -> o.getName().equals(v));
            if (!isOutput) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(v).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        Path file = tempDir.resolve(name + "-oracle.onnx");
        Files.write(file, proto.toBuilder().setGraph(graph).build().toByteArray());
        Map<String, float[]> out = new HashMap<>();
        try (Model model = Model.newInstance("oracle", "OnnxRuntime")) {
            model.load(file);
            NDManager m = model.getNDManager();
            Shape shape = new Shape(batch, length);
            NDArray idsArray = m.create(ids, shape);
            idsArray.setName("input_ids");
            NDArray maskArray = m.create(mask, shape);
            maskArray.setName("attention_mask");
            NDArray types = m.create(new long[ids.length], shape);
            types.setName("token_type_ids");
            try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
                NDList result = predictor.predict(new NDList(idsArray, maskArray, types));
                for (String v : values) {
                    NDArray a = result.get(v);
                    if (a == null) {
                        throw new IllegalStateException("oracle output " + v + " missing; got "
                                + result.stream().map(NDArray::getName).toList());
                    }
                    out.put(v, a.toFloatArray());
                }
            }
        }
        return out;
    }
}

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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Harvest throughput: the PyTorch forward up to a hook over real corpus windows, against ONNX Runtime running
 * the same blocks (the graph cut at the hook). Both read the same batches, alternating, so a machine shared
 * with other work slows both alike; ONNX Runtime gets as many intra-op threads as PyTorch. Counts tokens
 * through the model ([CLS]/[SEP] included) and stored rows.
 *
 * <p>Run: {@code java -cp <test class path> org.sae4j.harvest.HarvestBenchmark [block] [window] [batchWindows]
 * [rounds]} with {@code -Dai.djl.offline=true} and {@code OPT_OUT_TRACKING=true}.
 */
public final class HarvestBenchmark {

    private HarvestBenchmark() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        int block = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int batchWindows = args.length > 2 ? Integer.parseInt(args[2]) : HarvestRequest.DEFAULT_BATCH_WINDOWS;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path corpus = Path.of(System.getProperty("corpus", "experiments/corpus/moby-dick.txt.gz"));
        HookPoint hook = HookPoint.residPost(block);
        // Process CPU time: with one thread per engine it measures work done, whatever else shares the machine.
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (EncoderModel model = EncoderModel.load("all-minilm-l6-v2");
                CorpusWindows windows = new CorpusWindows(model.tokenizer(), List.of(corpus), window)) {
            List<List<TokenWindow>> batches = new ArrayList<>();
            for (int i = 0; i < rounds + 1; i++) {
                batches.add(windows.next(batchWindows));
            }
            System.out.printf("PyTorch intra-op threads %d, inter-op %d; %d windows of %d per batch, hook %s%n",
                    ai.djl.pytorch.jni.JniUtils.getNumThreads(), ai.djl.pytorch.jni.JniUtils.getNumInteropThreads(),
                    batchWindows, window, hook);
            try (Model ort = ortModel(model.spec(), block)) {
                Predictor<NDList, NDList> predictor = ort.newPredictor(new NoopTranslator());
                model.read(batches.get(0), hook);
                ortRun(ort, predictor, batches.get(0), model.tokenizer().pad());
                long modelTokens = 0;
                long stored = 0;
                double torchSeconds = 0;
                double ortSeconds = 0;
                double torchCpu = 0;
                double ortCpu = 0;
                for (int i = 1; i <= rounds; i++) {
                    List<TokenWindow> batch = batches.get(i);
                    long c0 = cpu.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    stored += model.read(batch, hook).count();
                    long t1 = System.nanoTime();
                    long c1 = cpu.getProcessCpuTime();
                    ortRun(ort, predictor, batch, model.tokenizer().pad());
                    long t2 = System.nanoTime();
                    long c2 = cpu.getProcessCpuTime();
                    torchCpu += (c1 - c0) / 1e9;
                    ortCpu += (c2 - c1) / 1e9;
                    torchSeconds += (t1 - t0) / 1e9;
                    ortSeconds += (t2 - t1) / 1e9;
                    modelTokens += batch.stream().mapToLong(w -> w.ids().length).sum();
                    System.out.printf("batch %d: PyTorch %.3f s, ONNX Runtime %.3f s%n", i, (t1 - t0) / 1e9,
                            (t2 - t1) / 1e9);
                }
                predictor.close();
                System.out.printf("PyTorch (sae4j): %,.0f tokens/s through the model, %,.0f stored rows/s, "
                        + "%,.0f tokens per CPU second%n", modelTokens / torchSeconds, stored / torchSeconds,
                        modelTokens / torchCpu);
                System.out.printf("ONNX Runtime:    %,.0f tokens/s through the model, %,.0f tokens per CPU second%n",
                        modelTokens / ortSeconds, modelTokens / ortCpu);
            }
        }
    }

    private static Model ortModel(ModelSpec spec, int block) throws Exception {
        ModelProto proto = OnnxBertReader.loadModelProto(spec);
        String node = "/encoder/layer." + block + "/output/LayerNorm/Add_1";
        String value = proto.getGraph().getNodeList().stream().filter(n -> n.getName().equals(node)).findFirst()
                .orElseThrow().getOutput(0);
        GraphProto graph = proto.getGraph().toBuilder().clearOutput().addOutput(ValueInfoProto.newBuilder()
                .setName(value).setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)))).build();
        Path file = Files.createTempFile("harvest-bench", ".onnx");
        file.toFile().deleteOnExit();
        Files.write(file, proto.toBuilder().setGraph(graph).build().toByteArray());
        Model model = Model.newInstance("ort-bench", "OnnxRuntime");
        // Same thread count as PyTorch, so the comparison is per core.
        String threads = Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumThreads());
        model.load(file, null, Map.of("intraOpNumThreads", threads, "interOpNumThreads", "1"));
        return model;
    }

    private static void ortRun(Model ort, Predictor<NDList, NDList> predictor, List<TokenWindow> batch, int pad)
            throws Exception {
        Padded padded = Padded.of(batch, pad);
        try (NDManager scope = ort.getNDManager().newSubManager()) {
            Shape shape = new Shape(padded.size(), padded.length());
            NDArray ids = scope.create(padded.ids(), shape);
            ids.setName("input_ids");
            NDArray mask = scope.create(padded.mask(), shape);
            mask.setName("attention_mask");
            NDArray types = scope.create(new long[padded.ids().length], shape);
            types.setName("token_type_ids");
            NDList out = predictor.predict(new NDList(ids, mask, types));
            out.singletonOrThrow().toFloatArray();
            out.close();
        }
    }
}

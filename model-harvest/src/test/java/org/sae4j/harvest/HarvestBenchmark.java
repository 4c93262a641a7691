package org.sae4j.harvest;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Harvest throughput: the PyTorch forward up to a hook over real corpus windows ({@link EncoderModel#read}, the
 * harvest's own call, rows copied into the JVM), against ONNX Runtime running the same blocks (the graph cut at the
 * hook, output copied into the JVM), on the same batches in the same layout: {@code workers} batches at once, one
 * per worker thread, each engine with {@code threads} intra-op threads. Rounds rotate which engine goes first, so
 * load from other processes slows all alike. Counts tokens through the model ([CLS]/[SEP] included).
 * A third side runs the same forward with the linear layers in bfloat16 ({@link Precision#BF16}), and its activations
 * are compared with the fp32 ones of the same batches.
 *
 * <p>Ends with {@code RESULT harvest_tokens_per_s=<x> onnx_tokens_per_s=<y> harvest_vs_onnx=<x/y>
 * bf16_tokens_per_s=<z> bf16_vs_onnx=<z/y> bf16_vs_fp32=<z/x> bf16_fve=<f>}, each rate the timed rounds' tokens over
 * their summed wall time, f the fraction of the fp32 activations' variance that the bf16 ones explain. {@code benchmarks/run harvest [options]} builds and runs it;
 * options {@code --model NAME --block N --window N --batch N --workers N --threads N --rounds N --warmup N}
 * (defaults all-minilm-l6-v2, 3, 128, 32, the cores, 1, 8, 1), corpus {@code -Dcorpus=FILE}.
 */
public final class HarvestBenchmark {

    private HarvestBenchmark() {
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String name = o.getOrDefault("model", "all-minilm-l6-v2");
        int block = Integer.parseInt(o.getOrDefault("block", "3"));
        int window = Integer.parseInt(o.getOrDefault("window", "128"));
        int batchWindows = Integer.parseInt(o.getOrDefault("batch", Integer.toString(
                HarvestRequest.DEFAULT_BATCH_WINDOWS)));
        int workers = Integer.parseInt(o.getOrDefault("workers",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        int threads = Integer.parseInt(o.getOrDefault("threads", "1"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "8"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "1"));
        Path corpus = Path.of(System.getProperty("corpus", "experiments/corpus/moby-dick.txt.gz"));
        HookPoint hook = HookPoint.residPost(block);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("load average at start: %.2f%n", os.getSystemLoadAverage());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (EncoderModel model = EncoderModel.load(name);
                CorpusWindows windows = new CorpusWindows(model.tokenizer(), List.of(corpus), window)) {
            // OpenMP's thread count is per thread (PyTorch applies its own on each thread's first use), so the
            // layout is checked where the forwards run.
            int seen = pool.submit(JniUtils::getNumThreads).get();
            if (seen != threads) {
                throw new IllegalStateException("a worker thread sees " + seen + " PyTorch intra-op threads, --threads "
                        + "asks for " + threads + ": start the JVM with -Dai.djl.pytorch.num_threads=" + threads
                        + " (benchmarks/run harvest does)");
            }
            System.out.println(MklKernels.apply().message());
            List<List<List<TokenWindow>>> batches = new ArrayList<>();
            for (int r = 0; r < warmup + rounds; r++) {
                List<List<TokenWindow>> round = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    List<TokenWindow> batch = windows.next(batchWindows);
                    if (batch.isEmpty()) {
                        throw new IllegalArgumentException(corpus + " holds fewer than " + (warmup + rounds) * workers
                                + " batches of " + batchWindows + " windows of " + window);
                    }
                    round.add(batch);
                }
                batches.add(round);
            }
            System.out.printf("%s %s, %d windows of %d per batch; %d worker(s) × %d intra-op thread(s) for each "
                    + "engine; %d warm-up + %d timed rounds%n", name, hook, batchWindows, window, workers, threads,
                    warmup, rounds);
            int pad = model.tokenizer().pad();
            try (Model ort = ortModel(model.spec(), block, threads);
                    EncoderModel bf16 = EncoderModel.load(name, Precision.BF16)) {
                List<Predictor<NDList, NDList>> predictors = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    predictors.add(ort.newPredictor(new NoopTranslator()));
                }
                Side torch = new Side();
                Side onnx = new Side();
                Side half = new Side();
                Fidelity fidelity = new Fidelity();
                for (int r = 0; r < warmup + rounds; r++) {
                    List<List<TokenWindow>> round = batches.get(r);
                    long tokens = round.stream().flatMap(List::stream).mapToLong(w -> w.ids().length).sum();
                    List<Callable<Object>> torchTasks = new ArrayList<>();
                    List<Callable<Object>> ortTasks = new ArrayList<>();
                    List<Callable<Object>> bf16Tasks = new ArrayList<>();
                    for (int w = 0; w < workers; w++) {
                        List<TokenWindow> batch = round.get(w);
                        Predictor<NDList, NDList> predictor = predictors.get(w);
                        torchTasks.add(() -> model.read(batch, hook));
                        ortTasks.add(() -> ortRun(ort, predictor, batch, pad));
                        bf16Tasks.add(() -> bf16.read(batch, hook));
                    }
                    boolean timed = r >= warmup;
                    double[] wall = new double[3];
                    List<Object> fp32Rows = null;
                    List<Object> bf16Rows = null;
                    // Each round rotates which engine goes first, so load from other processes slows all alike.
                    for (int k = 0; k < 3; k++) {
                        int side = (r + k) % 3;
                        switch (side) {
                            case 0 -> fp32Rows = torch.run(pool, torchTasks, tokens, timed, os);
                            case 1 -> onnx.run(pool, ortTasks, tokens, timed, os);
                            default -> bf16Rows = half.run(pool, bf16Tasks, tokens, timed, os);
                        }
                        wall[side] = (side == 0 ? torch : side == 1 ? onnx : half).lastWall;
                    }
                    if (timed) {
                        for (int w = 0; w < workers; w++) {
                            fidelity.add((HookRows) fp32Rows.get(w), (HookRows) bf16Rows.get(w));
                        }
                    }
                    System.out.printf("%s %d: PyTorch fp32 %.3f s, ONNX Runtime %.3f s, PyTorch bf16 %.3f s (%,d "
                            + "tokens)%n", timed ? "round" : "warm-up", timed ? r - warmup + 1 : r + 1, wall[0],
                            wall[1], wall[2], tokens);
                }
                predictors.forEach(Predictor::close);
                System.out.printf("PyTorch fp32 (sae4j): %,.0f tokens/s through the model, %,.0f tokens per CPU "
                        + "second%n", torch.rate(), torch.perCpuSecond());
                System.out.printf("ONNX Runtime:         %,.0f tokens/s through the model, %,.0f tokens per CPU "
                        + "second%n", onnx.rate(), onnx.perCpuSecond());
                System.out.printf("PyTorch bf16 (sae4j): %,.0f tokens/s through the model, %,.0f tokens per CPU "
                        + "second; FVE of its activations against fp32's %.6f, max |diff| %.4f%n", half.rate(),
                        half.perCpuSecond(), fidelity.fve(), fidelity.maxAbsDiff);
                System.out.printf("load average at end: %.2f%n", os.getSystemLoadAverage());
                System.out.printf("RESULT harvest_tokens_per_s=%.0f onnx_tokens_per_s=%.0f harvest_vs_onnx=%.3f "
                        + "bf16_tokens_per_s=%.0f bf16_vs_onnx=%.3f bf16_vs_fp32=%.3f bf16_fve=%.6f%n", torch.rate(),
                        onnx.rate(), torch.rate() / onnx.rate(), half.rate(), half.rate() / onnx.rate(),
                        half.rate() / torch.rate(), fidelity.fve());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One engine's timed rounds: tokens, wall seconds and process CPU seconds. */
    private static final class Side {
        private long tokens;
        private double seconds;
        private double cpuSeconds;
        private double lastWall;

        /** Runs one round's batches in parallel and returns their results, one per task, in order. */
        List<Object> run(ExecutorService pool, List<Callable<Object>> tasks, long roundTokens, boolean timed,
                com.sun.management.OperatingSystemMXBean os) throws Exception {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            lastWall = wall;
            if (timed) {
                tokens += roundTokens;
                seconds += wall;
                cpuSeconds += (os.getProcessCpuTime() - c0) / 1e9;
            }
            return results;
        }

        double rate() {
            return tokens / seconds;
        }

        double perCpuSecond() {
            return tokens / cpuSeconds;
        }
    }

    /**
     * The fraction of variance of the fp32 activations that the bf16 ones explain, {@code 1 − Σ(a−b)² / Σ(a−ā)²}
     * over all timed rows, ā the per-unit mean of the fp32 rows; and the largest absolute difference.
     */
    private static final class Fidelity {
        private double residual;
        private double[] sum;
        private double[] sumSquares;
        private long rows;
        private double maxAbsDiff;

        void add(HookRows fp32, HookRows bf16) {
            int width = fp32.hidden();
            if (sum == null) {
                sum = new double[width];
                sumSquares = new double[width];
            }
            float[] a = fp32.rows();
            float[] b = bf16.rows();
            for (int i = 0; i < a.length; i++) {
                double d = (double) a[i] - b[i];
                residual += d * d;
                maxAbsDiff = Math.max(maxAbsDiff, Math.abs(d));
                sum[i % width] += a[i];
                sumSquares[i % width] += (double) a[i] * a[i];
            }
            rows += fp32.count();
        }

        double fve() {
            double total = 0;
            for (int u = 0; u < sum.length; u++) {
                total += sumSquares[u] - sum[u] * sum[u] / rows;
            }
            return 1 - residual / total;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
            }
            String key = args[i].substring(2);
            if (!List.of("model", "block", "window", "batch", "workers", "threads", "rounds", "warmup")
                    .contains(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: --model --block --window "
                        + "--batch --workers --threads --rounds --warmup");
            }
            o.put(key, args[i + 1]);
        }
        return o;
    }

    private static Model ortModel(ModelSpec spec, int block, int threads) throws Exception {
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
        // Each of the workers' runs gets as many intra-op threads as a PyTorch forward.
        model.load(file, null, Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1"));
        return model;
    }

    private static Object ortRun(Model ort, Predictor<NDList, NDList> predictor, List<TokenWindow> batch, int pad)
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
            float[] values = out.singletonOrThrow().toFloatArray();
            out.close();
            return values;
        }
    }
}

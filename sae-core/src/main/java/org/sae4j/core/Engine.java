package org.sae4j.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sae4j.core.analysis.DownstreamFidelity.FidelityResult;
import org.sae4j.core.analysis.HarvestAnalysis;
import org.sae4j.core.analysis.TopContexts;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.checkpoint.TrainingState;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorHash;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.descriptor.TrainingSpec;
import org.sae4j.core.eval.EvaluationResult;
import org.sae4j.core.eval.FeatureRecovery;
import org.sae4j.core.eval.FeatureRecoveryResult;
import org.sae4j.core.goal.GoalChecker;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.run.EvaluationReport;
import org.sae4j.core.run.Evaluator;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.RunRecord;
import org.sae4j.core.train.Trainer;
import org.sae4j.core.train.TrainingConfig;
import org.sae4j.core.train.TrainingCurve;
import org.sae4j.core.train.TrainingOutcome;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.kernels.OptimiserSettings;
import org.sae4j.store.AtomicFiles;

/**
 * Runs one experiment's stages — data, training, evaluation, goal check — and keeps its run directory
 * (SPEC §6). Every front end (the CLI, the Maven plugin through a forked CLI) goes through here.
 */
public final class Engine {
  private static final int EVAL_BATCH = 4096;
  private static final int TOP_CONTEXTS_PER_FEATURE = 8;

  private final Descriptor descriptor;
  private final RunLayout layout;
  private final int threads;
  private final Consumer<String> log;

  /**
   * @param descriptor the validated experiment
   * @param output the output directory; the run goes to {@code output/<name>}
   * @param threads backend worker threads
   * @param log receives progress lines; lines starting with {@code WARN } are warnings
   */
  public Engine(Descriptor descriptor, Path output, int threads, Consumer<String> log) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.descriptor = descriptor;
    this.layout = new RunLayout(output, descriptor.name());
    this.threads = threads;
    this.log = log;
  }

  public RunLayout layout() {
    return layout;
  }

  /** Produces (or verifies) the experiment's data set. */
  public void generate() throws IOException {
    try (PreparedData data = Datasets.prepare(descriptor, layout.dataRoot(), log)) {
      log.accept("data ready: " + data.directory());
    }
  }

  /** Trains the SAE and writes the checkpoint, the curve, the resolved descriptor and run.json. */
  public TrainingOutcome train() throws IOException {
    Instant started = Instant.now();
    Files.createDirectories(layout.runDirectory());
    AtomicFiles.writeString(layout.resolvedDescriptor(), DescriptorHash.resolvedYaml(descriptor));
    BackendProvider provider = Backends.select(descriptor.backend(), log);
    try (PreparedData data = Datasets.prepare(descriptor, layout.dataRoot(), log)) {
      TrainingCurve curve = new TrainingCurve();
      TrainingOutcome outcome = new Trainer(trainingConfig(), log)
          .train(data.store(), data.split().train(), data.trainRows(), provider, threads, curve);
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("experiment", descriptor.name());
      info.put("seed", descriptor.seed());
      info.put("descriptorHash", DescriptorHash.of(descriptor));
      info.put("steps", outcome.steps());
      info.put("dataFingerprint", data.store().manifest().fingerprint());
      data.store().manifest().metadata().forEach(info::putIfAbsent);
      String sha = Checkpoint.write(layout.checkpoint(), outcome.parameters(), outcome.inputScale(), outcome.adam(),
          info);
      curve.write(layout.curve());
      RunRecord run = RunRecord.create();
      ObjectNode root = run.root();
      root.put("name", descriptor.name());
      root.put("descriptorHash", DescriptorHash.of(descriptor));
      root.put("seed", descriptor.seed());
      root.put("backend", outcome.backend());
      root.put("device", outcome.device());
      root.put("threads", threads);
      root.put("dataFingerprint", data.store().manifest().fingerprint());
      ObjectNode dataNode = root.putObject("data");
      dataNode.put("directory", data.directory().toString());
      dataNode.put("rows", data.store().rows());
      dataNode.put("dim", data.store().dim());
      dataNode.put("trainRows", data.trainRows());
      dataNode.put("evalRows", data.split().eval().rows());
      root.put("inputScale", outcome.inputScale());
      ObjectNode training = root.putObject("training");
      training.put("steps", outcome.steps());
      training.put("tokens", outcome.tokens());
      training.put("seconds", outcome.seconds());
      training.put("tokensPerSecond", outcome.tokensPerSecond());
      training.put("finalLoss", outcome.last().loss());
      training.put("finalMse", outcome.last().mse());
      training.put("finalL0", outcome.last().l0());
      ObjectNode checkpoint = root.putObject("checkpoint");
      checkpoint.put("path", layout.checkpoint().toString());
      checkpoint.put("sha256", sha);
      ObjectNode versions = root.putObject("versions");
      versions.put("sae4j", Version.current());
      versions.put("java", System.getProperty("java.version"));
      versions.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
      versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
      root.put("startedAt", started.toString());
      root.put("finishedAt", Instant.now().toString());
      run.write(layout.runJson());
      log.accept(String.format("trained %s: %d steps, %,.0f tok/s, %.1f s; checkpoint sha256 %s", descriptor.name(),
          outcome.steps(), outcome.tokensPerSecond(), outcome.seconds(), sha));
      return outcome;
    }
  }

  /** Evaluates the trained SAE on the held-out rows and adds the metrics to run.json. */
  public EvaluationResult evaluate() throws IOException {
    RunRecord run = RunRecord.read(layout.runJson());
    String hash = DescriptorHash.of(descriptor);
    if (!hash.equals(run.text("descriptorHash"))) {
      throw new IOException(layout.runJson() + " was trained from another version of " + descriptor.file()
          + " (descriptor hash " + run.text("descriptorHash") + ", now " + hash + "): train again first");
    }
    TrainingState state = Checkpoint.readTrainingState(layout.checkpoint());
    BackendProvider provider = Backends.select(descriptor.backend(), log);
    long start = System.nanoTime();
    try (PreparedData data = Datasets.prepare(descriptor, layout.dataRoot(), log);
         Backend backend = provider.create(state.parameters(), state.adam(),
             new BackendOptions(threads, trainingConfig().optimiser(), EVAL_BATCH))) {
      long maxRows = Math.min(data.split().eval().rows(), descriptor.evaluation().maxTokens());
      HarvestData harvest = descriptor.data() instanceof HarvestData h ? h : null;
      TopContexts top = harvest == null ? null
          : new TopContexts(Evaluator.originalNorms(state.parameters(), state.inputScale()), TOP_CONTEXTS_PER_FEATURE, harvest.window() - 1);
      EvaluationResult result = Evaluator.evaluate(backend, state.inputScale(), data.store(), data.split().eval(),
          maxRows, EVAL_BATCH, top);
      FidelityResult fidelity = harvest == null ? null : HarvestAnalysis.analyse(harvest, backend,
          state.inputScale(), top, result.tokens(), layout.topContexts(), log);
      FeatureRecoveryResult recovery = null;
      if (data.trueDirections() != null) {
        recovery = FeatureRecovery.measure(data.trueDirections(), data.trueFeatureCount(),
            state.parameters().decoderWeight(), state.parameters().features(), data.store().dim());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      EvaluationReport report = new EvaluationReport(result, recovery, fidelity, seconds);
      RunRecord.writeJson(layout.evaluation(), report.toJson());
      run.root().set("metrics", report.metrics());
      ObjectNode evaluation = run.object("evaluation");
      evaluation.put("tokens", result.tokens());
      evaluation.put("seconds", seconds);
      evaluation.put("finishedAt", Instant.now().toString());
      run.write(layout.runJson());
      report.lines().forEach(log);
      return result;
    }
  }

  /** Checks the descriptor's goals against run.json. */
  public GoalReport check() throws IOException {
    return GoalChecker.check(descriptor, layout.runJson());
  }

  TrainingConfig trainingConfig() {
    TrainingSpec t = descriptor.training();
    return new TrainingConfig(descriptor.seed(), descriptor.sae().features(), descriptor.sae().decoderInitNorm(),
        t.batchSize(), t.lr(), t.l1(), t.lrDecayFraction(), t.l1WarmupFraction(),
        new OptimiserSettings(t.adamBeta1(), t.adamBeta2(), t.adamEpsilon(), t.gradClip()), t.epochs(), t.logEvery(),
        t.scaleSampleTokens());
  }
}

package org.sae4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sae4j.core.analysis.Analysis;
import org.sae4j.core.analysis.AnalysisInputs;
import org.sae4j.core.analysis.AnalysisOutputs;
import org.sae4j.core.analysis.AnalysisResult;
import org.sae4j.core.analysis.AnalysisSession;
import org.sae4j.core.analysis.Dictionary;
import org.sae4j.core.analysis.Stage;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.checkpoint.RunIdentity;
import org.sae4j.core.checkpoint.TrainingState;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.AnalysisSettings;
import org.sae4j.core.descriptor.AnalysisSpec;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorHash;
import org.sae4j.core.eval.EvaluationResult;
import org.sae4j.core.goal.GoalChecker;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.core.run.EvaluationReport;
import org.sae4j.core.run.Evaluator;
import org.sae4j.core.run.HeldOutPass;
import org.sae4j.core.run.Metrics;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.RunRecord;
import org.sae4j.core.run.RunVerification;
import org.sae4j.core.run.StaleRunException;
import org.sae4j.core.train.Checkpoints;
import org.sae4j.core.train.Trainer;
import org.sae4j.core.train.TrainingData;
import org.sae4j.core.train.TrainingOutcome;
import org.sae4j.kernels.Backend;
import org.sae4j.kernels.BackendOptions;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.DirectoryLock;

/**
 * Runs one experiment's stages — data, training, evaluation, goal check — and keeps its run directory
 * (docs/file-formats.md). Every front end (the CLI, the Maven plugin through a forked CLI) goes through here.
 */
public final class Engine {
  private static final int EVAL_BATCH = 4096;
  /** System property: seconds to wait for another process's lock on the run directory. */
  public static final String LOCK_WAIT_PROPERTY = "sae4j.lockWaitSeconds";
  private static final long DEFAULT_LOCK_WAIT_SECONDS = 600;

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
    this(descriptor, new RunLayout(output, descriptor.name()), threads, log);
  }

  /**
   * An engine for a run in {@code layout}, e.g. a sweep's point, whose run directory and data root are not
   * {@code output/<name>} and {@code output/data}.
   *
   * @param layout where the run and its data live; its name must be the descriptor's
   */
  public Engine(Descriptor descriptor, RunLayout layout, int threads, Consumer<String> log) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (!layout.name().equals(descriptor.name())) {
      throw new IllegalArgumentException("layout " + layout.name() + " is not experiment " + descriptor.name());
    }
    this.descriptor = descriptor;
    this.layout = layout;
    this.threads = threads;
    this.log = log;
  }

  public RunLayout layout() {
    return layout;
  }

  /** The experiment this engine runs. */
  public Descriptor descriptor() {
    return descriptor;
  }

  /** Produces (or verifies) the experiment's data set. */
  public void generate() throws IOException {
    try (PreparedData data = Datasets.prepare(descriptor, layout.dataRoot(), log)) {
      log.accept("data ready: " + data.directory());
    }
  }

  /**
   * Trains the SAE and writes the checkpoint, the curve, the resolved descriptor and run.json. Holds the run
   * directory's lock throughout; before any work it rewrites run.json with status {@code training} and removes the
   * previous evaluation, so a training that is killed, fails or runs out of memory leaves nothing that passes
   * {@code check}.
   */
  public TrainingOutcome train() throws IOException {
    try (DirectoryLock lock = lockRun()) {
      Instant started = Instant.now();
      RunRecord run = RunRecord.trainingStarted(descriptor.name(), DescriptorHash.of(descriptor), descriptor.seed(),
          started);
      run.write(layout.runJson());
      deleteEvaluationFiles();
      AtomicFiles.writeString(layout.resolvedDescriptor(), DescriptorHash.resolvedYaml(descriptor));
      BackendProvider provider = selectBackend();
      try (PreparedData data = Datasets.prepare(descriptor, layout.dataRoot(), log)) {
        RunIdentity identity = new RunIdentity(DescriptorHash.of(descriptor), data.store().manifest().fingerprint());
        Checkpoints checkpoints = new Checkpoints(layout.checkpoints(), identity, log);
        TrainingOutcome outcome = new Trainer(descriptor.training(), descriptor.sae(), descriptor.seed(), log)
            .train(new TrainingData(data.store(), data.split().train(), data.trainRows()), provider, threads,
                checkpoints);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("experiment", descriptor.name());
        info.put("seed", descriptor.seed());
        info.put("descriptorHash", DescriptorHash.of(descriptor));
        info.put("steps", outcome.steps());
        info.put("dataFingerprint", data.store().manifest().fingerprint());
        data.store().manifest().metadata().forEach(info::putIfAbsent);
        String sha = Checkpoint.write(layout.checkpoint(), descriptor.sae().architecture(), outcome.state(), info,
            identity).sha256(Checkpoint.WEIGHTS);
        outcome.curve().write(layout.curve());
        checkpoints.discard();
        RunRecord.DataInfo dataInfo = new RunRecord.DataInfo(data.directory().toString(), data.store().rows(),
            data.store().dim(), data.trainRows(), data.split().eval().rows());
        RunRecord.TrainingInfo training = new RunRecord.TrainingInfo(outcome.steps(), outcome.tokens(),
            outcome.seconds(), outcome.tokensPerSecond(), outcome.last().loss(), outcome.last().mse(),
            outcome.last().l0(), outcome.resumedFromStep());
        RunRecord.CheckpointInfo checkpoint = new RunRecord.CheckpointInfo(layout.checkpoint().toString(), sha,
            RunVerification.checkpointHashes(layout.checkpoint()));
        run.trained(outcome.backend(), outcome.device(), threads, data.store().manifest().fingerprint(), dataInfo,
            outcome.state().inputScale(), training, checkpoint, Instant.now()).write(layout.runJson());
        log.accept(String.format("trained %s: %d steps, %,.0f tok/s, %.1f s; checkpoint sha256 %s",
            descriptor.name(), outcome.steps(), outcome.tokensPerSecond(), outcome.seconds(), sha));
        return outcome;
      }
    }
  }

  /**
   * Evaluates the trained SAE on the held-out rows and records the metrics in run.json: one pass over the held-out
   * rows that the metrics and the descriptor's evaluation analyses (top contexts, fidelity, feature recovery)
   * observe, then those analyses finish and publish their outputs. Refuses a run whose training did not finish, whose
   * descriptor or checkpoint changed, or whose data set's fingerprint differs from the one trained on.
   */
  public EvaluationResult evaluate() throws IOException {
    try (DirectoryLock lock = lockRun()) {
      RunRecord run = RunVerification.trained(descriptor, layout).evaluationStarted();
      run.write(layout.runJson());
      deleteEvaluationFiles();
      TrainingState state = Checkpoint.readTrainingState(layout.checkpoint());
      BackendProvider provider = selectBackend();
      long start = System.nanoTime();
      try (PreparedData data = Datasets.prepare(descriptor, layout.dataRoot(), log)) {
        String fingerprint = data.store().manifest().fingerprint();
        if (!fingerprint.equals(run.dataFingerprint())) {
          throw new StaleRunException("the data set " + data.directory() + " has fingerprint "
              + fingerprint.substring(0, 16) + "…, but " + descriptor.name() + " was trained on "
              + run.dataFingerprint().substring(0, Math.min(16, run.dataFingerprint().length()))
              + "…: evaluating on other data would record wrong metrics; train again");
        }
        try (Backend backend = evaluationBackend(provider, state);
             AnalysisInputs inputs = new AnalysisInputs(descriptor, layout, run,
                 new Dictionary(backend, state.inputScale(), EVAL_BATCH), data, null, log)) {
          AnalysisSession analyses = AnalysisSession.start(descriptor.analyses(Stage.EVALUATION), inputs);
          EvaluationResult result = Evaluator.evaluate(backend, state.inputScale(), data.store(),
              data.split().eval(), maxEvalRows(data), EVAL_BATCH, analyses.observers(), log);
          Metrics analysisMetrics = analyses.finish();
          double seconds = (System.nanoTime() - start) / 1e9;
          EvaluationReport report = new EvaluationReport(result, analysisMetrics, seconds);
          RunRecord.writeJson(layout.evaluation(), report.toJson());
          run.evaluated(report.info(run.checkpoint().sha256(), fingerprint, Instant.now()), report.metrics())
              .write(layout.runJson());
          report.lines().forEach(log);
          return result;
        }
      }
    }
  }

  /**
   * Deletes the previous evaluation's files (evaluation.json and every analysis output) once run.json no longer claims
   * an evaluation, so that an interrupted stage leaves no report of metrics the record does not vouch for.
   */
  private void deleteEvaluationFiles() throws IOException {
    Files.deleteIfExists(layout.evaluation());
    AnalysisOutputs.clear(layout);
  }

  /**
   * Runs the descriptor's analyses of stage {@link Stage#ANALYZE} (search, steering, attribution, ...) on the
   * complete, current run and merges their metrics into run.json, replacing those of an earlier analysis of the same
   * name. The held-out tokens are streamed once more only when one of the analyses asks for them.
   *
   * @return the analyses' metrics
   */
  public Metrics analyze() throws IOException {
    try (DirectoryLock lock = lockRun()) {
      RunRecord run = RunVerification.complete(descriptor, layout);
      List<AnalysisSpec<?>> specs = descriptor.analyses(Stage.ANALYZE);
      Metrics metrics = onRun(run, specs, AnalysisSession::finish);
      Metrics merged = run.metrics();
      for (AnalysisSpec<?> spec : specs) {
        merged = merged.withoutAnalysis(spec.name());
      }
      run.evaluated(run.evaluation(), merged.with(metrics)).write(layout.runJson());
      return metrics;
    }
  }

  /**
   * Runs one analysis on the complete, current run and returns its result without writing anything: run.json and
   * the analysis outputs stay as they are, so no lock is taken (the CLI's {@code search}, {@code steer} and
   * {@code attribute} explore a finished run this way).
   *
   * @throws IllegalArgumentException when the analysis needs another data source than the run's
   */
  public <S extends AnalysisSettings> AnalysisResult explore(Analysis<S> analysis, S settings) throws IOException {
    RunRecord run = RunVerification.complete(descriptor, layout);
    if (analysis.requiredSource() != null && !analysis.requiredSource().equals(descriptor.data().source())) {
      throw new IllegalArgumentException(layout.runDirectory() + ": " + descriptor.name() + " was trained on "
          + "data.source " + descriptor.data().source() + ", but " + analysis.name() + " needs data.source "
          + analysis.requiredSource() + " (a model to run prompts through)");
    }
    return onRun(run, List.of(new AnalysisSpec<>(analysis, settings)), AnalysisSession::results).getFirst();
  }

  /** What to do with a started session once the held-out pass (if any) is done. */
  @FunctionalInterface
  private interface SessionEnd<T> {
    T apply(AnalysisSession session) throws IOException;
  }

  /** Starts {@code specs} on the run's dictionary, streams the held-out tokens if one of them asks, and ends. */
  private <T> T onRun(RunRecord run, List<AnalysisSpec<?>> specs, SessionEnd<T> end) throws IOException {
    TrainingState state = Checkpoint.readTrainingState(layout.checkpoint());
    BackendProvider provider = selectBackend();
    try (Backend backend = evaluationBackend(provider, state);
         AnalysisInputs inputs = new AnalysisInputs(descriptor, layout, run,
             new Dictionary(backend, state.inputScale(), EVAL_BATCH), null,
             () -> Datasets.prepare(descriptor, layout.dataRoot(), log), log)) {
      AnalysisSession analyses = AnalysisSession.start(specs, inputs);
      if (!analyses.observers().isEmpty()) {
        PreparedData data = inputs.data();
        HeldOutPass.run(backend, state.inputScale(), data.store(), data.split().eval(), maxEvalRows(data),
            EVAL_BATCH, analyses.observers());
      }
      return end.apply(analyses);
    }
  }

  /**
   * The descriptor's backend: {@code auto} passes over backends that do not run the architecture's rule, and a
   * named one that does not fails here, before any data is prepared.
   */
  private BackendProvider selectBackend() {
    // A rule's name does not depend on the shapes it is built for; the real rule is built where they are known.
    String rule = descriptor.sae().architecture().rule(1, descriptor.training().batchSize(), 0).name();
    return Backends.select(descriptor.backend(), rule, log);
  }

  private Backend evaluationBackend(BackendProvider provider, TrainingState state) {
    // The forward pass does not depend on the rule's training-only settings (AuxK), so no token count is needed.
    return provider.create(state.parameters(), state.adam(), state.rule(),
        new BackendOptions(threads, descriptor.training().optimiser(), EVAL_BATCH, descriptor.sae().architecture()
            .rule(state.parameters().inputDim(), EVAL_BATCH, 0)));
  }

  private long maxEvalRows(PreparedData data) {
    return Math.min(data.split().eval().rows(), descriptor.evaluation().maxTokens());
  }

  /** Checks the descriptor's goals against a complete, current run.json. */
  public GoalReport check() throws IOException {
    return GoalChecker.check(descriptor, layout);
  }

  /**
   * The run directory's lock: a second process training or evaluating the same run waits for it (saying who holds
   * it) up to {@value #LOCK_WAIT_PROPERTY} seconds (default 600), then fails naming the holder.
   */
  private DirectoryLock lockRun() throws IOException {
    Duration wait = Duration.ofSeconds(Long.getLong(LOCK_WAIT_PROPERTY, DEFAULT_LOCK_WAIT_SECONDS));
    return DirectoryLock.acquire(layout.runDirectory(), "run directory", wait, log);
  }
}

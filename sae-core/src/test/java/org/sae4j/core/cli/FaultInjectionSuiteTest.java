package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sae4j.core.cli.FaultScenario.Fault;

/**
 * The fault-injection suite: the engine's command line, forked as {@code sae:train} forks it, is killed at many points
 * of generation, harvest, training and evaluation (armed fault points, which halt the JVM as SIGKILL would, and real
 * SIGKILLs after a given progress line); then the same command runs again without a fault and the run is finished.
 * Every case asserts that
 * <ol>
 *   <li>after each kill nothing looks complete that is not ({@link RunDirectoryAudit}) and {@code check} fails with
 *       the reason, instead of passing on what an earlier run left;</li>
 *   <li>the rerun says where it resumed (or that it started afresh), and the finished run has the checkpoint (the
 *       SHA-256 of every file), training curve, data fingerprint and metrics of an uninterrupted run of the same
 *       descriptor, and passes {@code check}.</li>
 * </ol>
 * Shapes are tiny (synthetic: dim 16, 64 features, 200 steps with a checkpoint every 40; harvest: all-MiniLM-L6-v2
 * on 5,000 tokens of a small corpus), so the suite runs in CI in a few minutes. The stages that are neither killed nor
 * rerun (setting up a finished run, finishing one, {@code check}) run in the test's JVM through {@link Main#run}.
 * {@code -Dsae4j.faultScenario=TEXT} runs only the cases whose name contains TEXT.
 */
class FaultInjectionSuiteTest {

  @TempDir
  static Path shared;
  @TempDir
  Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Experiment, RunResult> BASELINES = new EnumMap<>(Experiment.class);
  private static final String ONLY = "sae4j.faultScenario";

  private static final String NOT_TRAINED = "does not exist: train the experiment first";
  private static final String NOT_FINISHED = "did not finish (status 'training'";
  private static final String NOT_EVALUATED = "is trained but not evaluated";
  private static final String OTHER_DESCRIPTOR = "was trained from another version of";
  private static final String FRESH_START = "input scale s = ";

  /** The descriptors the cases run; each is written into {@link #shared}. */
  enum Experiment {
    SYNTHETIC("faults", "synthetic.yaml", synthetic("3.0e-3", 40)),
    /** Another learning rate: the same data set, another training. */
    SYNTHETIC_CHANGED("faults", "changed/synthetic.yaml", synthetic("2.0e-3", 40)),
    /** Checkpoints every 30 steps instead of 40: not part of the descriptor hash, the same result as SYNTHETIC. */
    SYNTHETIC_EVERY_30("faults", "every-30/synthetic.yaml", synthetic("3.0e-3", 30)),
    /**
     * all-MiniLM-L6-v2's residual stream after block 1 on 5,000 tokens of Moby-Dick in windows of 32: one shard of
     * 384-dimensional rows written in a record batch of 4,096 rows and one of 904; 62 steps of 64; one evaluation
     * batch of 1,000 rows.
     */
    HARVEST("faults-harvest", "harvest.yaml", """
        name: faults-harvest
        seed: 7
        data:
          source: harvest
          model: all-minilm-l6-v2
          hook: blocks.1.resid_post
          corpus: [corpus.txt]
          window: 32
          tokens: 5000
          evalTokens: 1000
        sae:
          features: 64
        training:
          batchSize: 64
          lr: 1.0e-3
          l1: 1.0
          logEvery: 10
          checkpointEvery: 20
        goals:
          l0: "<= 64"
        """);

    /** The stages of a full run, in order. */
    static final List<String> STAGES = List.of("generate", "train", "evaluate");

    final String runName;
    final String file;
    final String yaml;

    Experiment(String runName, String file, String yaml) {
      this.runName = runName;
      this.file = file;
      this.yaml = yaml;
    }

    Path descriptor() {
      return shared.resolve(file);
    }

    /** The experiment whose uninterrupted run this one must reproduce. */
    Experiment reference() {
      return this == SYNTHETIC_EVERY_30 ? SYNTHETIC : this;
    }
  }

  /**
   * The synthetic experiment. 17,800 tokens: 12,800 for training (200 steps of 64) and 5,000 held out (two evaluation
   * batches of at most 4,096); generation writes one shard in five record batches of at most 4,096 rows.
   */
  private static String synthetic(String lr, int checkpointEvery) {
    return """
        name: faults
        seed: 7
        data:
          source: synthetic
          tokens: 17800
          evalTokens: 5000
          dim: 16
          trueFeatures: 32
          meanActive: 2
        sae:
          features: 64
        training:
          batchSize: 64
          lr: %s
          l1: 1.0
          logEvery: 10
          checkpointEvery: %d
        goals:
          l0: "<= 64"
        """.formatted(lr, checkpointEvery);
  }

  static Stream<FaultScenario> scenarios() {
    Experiment syn = Experiment.SYNTHETIC;
    Experiment harvest = Experiment.HARVEST;
    // A checkpoint (three files, then its manifest) passes checkpoint.write four times: passes 5-8 are step-80's,
    // 17-20 the final checkpoint's (after step-40, -80, -120 and -160).
    return Stream.of(
        FaultScenario.kill("generate killed mid-shard (after 2 of its 5 record batches) gives the same data", syn,
            "generate", Fault.at("shard.write", 2)).checkSays(NOT_TRAINED),
        FaultScenario.kill("generate killed after its only shard, before the manifest, finishes it with the same data",
            syn, "generate", Fault.at("shard.done", 1)).checkSays(NOT_TRAINED).rerunSays("from token 17,800"),
        FaultScenario.kill("train killed while generating its data trains bit-identical", syn, "train",
            Fault.at("shard.write", 3)).checkSays(NOT_FINISHED).rerunSays(FRESH_START),
        FaultScenario.kill("train killed at step 37, before its first checkpoint, starts afresh bit-identical", syn,
            "train", Fault.at("train.step", 37)).checkSays(NOT_FINISHED).rerunSays(FRESH_START),
        FaultScenario.kill("train killed at step 97 resumes from step 80 bit-identical", syn, "train",
            Fault.at("train.step", 97)).checkSays(NOT_FINISHED).rerunSays("resuming from step 80 of 200"),
        FaultScenario.kill("train killed after its last step, before the final checkpoint, resumes from step 160", syn,
            "train", Fault.at("train.step", 200)).checkSays(NOT_FINISHED).rerunSays("resuming from step 160 of 200"),
        FaultScenario.kill("train killed while writing checkpoint step-80 (after its first file) resumes from step 40",
                syn, "train", Fault.at("checkpoint.write", 5)).checkSays(NOT_FINISHED)
            .rerunSays("resuming from step 40 of 200"),
        FaultScenario.kill("train killed after step-80's manifest, before its rename, resumes from step 40", syn,
            "train", Fault.at("checkpoint.write", 8)).checkSays(NOT_FINISHED).rerunSays("resuming from step 40 of 200"),
        FaultScenario.kill("train killed while writing its final checkpoint (after its first file) resumes from step "
                + "160", syn, "train", Fault.at("checkpoint.write", 17)).checkSays(NOT_FINISHED)
            .rerunSays("resuming from step 160 of 200"),
        FaultScenario.kill("train killed after the final checkpoint's manifest, before its rename, resumes from step "
                + "160", syn, "train", Fault.at("checkpoint.write", 20)).checkSays(NOT_FINISHED)
            .rerunSays("resuming from step 160 of 200"),
        FaultScenario.kill("train SIGKILLed after writing checkpoint step-40 resumes bit-identical", syn, "train",
            Fault.sigkillAfter("checkpoint checkpoints/step-40 written")).checkSays(NOT_FINISHED)
            .rerunSays("resuming from step "),
        // The resumed run passes train.step once per step from step 81: its 70th pass is step 150.
        FaultScenario.kill("train killed at step 97, then at step 150 of its resumed run, resumes from step 120", syn,
                "train", Fault.at("train.step", 97), Fault.at("train.step", 70)).checkSays(NOT_FINISHED)
            .rerunSays("resuming from step 120 of 200"),
        FaultScenario.kill("train killed at step 97 resumes bit-identical with checkpointEvery changed to 30", syn,
                "train", Fault.at("train.step", 97)).checkSays(NOT_FINISHED).rerunAs(Experiment.SYNTHETIC_EVERY_30)
            .rerunSays("resuming from step 80 of 200"),
        FaultScenario.kill("train killed at step 97, then its descriptor changed: the old checkpoints are ignored", syn,
                "train", Fault.at("train.step", 97)).checkSays(OTHER_DESCRIPTOR).rerunAs(Experiment.SYNTHETIC_CHANGED)
            .rerunSays("ignoring checkpoint checkpoints/step-80: ", FRESH_START),
        FaultScenario.kill("retraining a finished run killed at step 97: check refuses the old metrics", syn, "train",
            Fault.at("train.step", 97)).after("run").checkSays(NOT_FINISHED).rerunSays("resuming from step 80 of 200"),
        FaultScenario.kill("evaluate killed after its first batch: check refuses until evaluated", syn, "evaluate",
            Fault.at("evaluate.batch", 1)).after("train").checkSays(NOT_EVALUATED),
        FaultScenario.kill("re-evaluating a finished run killed at its last batch: check refuses the old metrics", syn,
            "evaluate", Fault.at("evaluate.batch", 2)).after("run").checkSays(NOT_EVALUATED),
        FaultScenario.kill("reproduce killed while retraining leaves the run complete and then reproduces it", syn,
            "reproduce", Fault.at("train.step", 97)).after("run").rerunSays("bit-identical: every tensor of "),
        FaultScenario.kill("harvest killed after its only shard, before the manifest, finishes it with the same data",
            harvest, "generate", Fault.at("shard.done", 1)).checkSays(NOT_TRAINED).rerunSays("resuming at token 5,000"),
        FaultScenario.kill("harvest SIGKILLed while the model runs gives the same data", harvest, "generate",
            Fault.sigkillAfter("harvest all-minilm-l6-v2 ")).checkSays(NOT_TRAINED),
        FaultScenario.kill("train killed while harvesting (mid-shard) trains bit-identical", harvest, "train",
            Fault.at("shard.write", 1)).checkSays(NOT_FINISHED).rerunSays(FRESH_START),
        FaultScenario.kill("re-evaluating a finished harvest run killed after its batch: check refuses the old "
                + "metrics", harvest, "evaluate", Fault.at("evaluate.batch", 1)).after("run")
            .checkSays(NOT_EVALUATED))
        .filter(s -> System.getProperty(ONLY) == null || s.name().contains(System.getProperty(ONLY)));
  }

  @BeforeAll
  static void writeDescriptors() throws IOException {
    for (Experiment e : Experiment.values()) {
      Files.createDirectories(e.descriptor().getParent());
      Files.writeString(e.descriptor(), e.yaml);
    }
    Files.writeString(Experiment.HARVEST.descriptor().resolveSibling("corpus.txt"), corpus(60_000),
        StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void killed_then_rerun_leaves_nothing_stale_and_ends_bit_identical(FaultScenario s) throws Exception {
    RunResult expected = baseline(s.rerunAs().reference());
    Path out = dir.resolve("out");
    for (String stage : s.before()) {
      CliResult r = inProcess(s.experiment(), out, stage);
      assertThat(r.status()).as("%s before the kill: %s", stage, r.err()).isZero();
    }
    for (int k = 0; k < s.faults().size(); k++) {
      Fault fault = s.faults().get(k);
      EngineProcess.Outcome killed = fork(s.experiment(), out, s.command(), fault, "killed-" + (k + 1));
      assertThat(killed.exitStatus()).as("exit status of the killed %s; %s", s.command(), killed.describe())
          .isEqualTo(EngineProcess.KILLED);
      assertThat(killed.printed(fault.landed())).as("the kill landed; %s", killed.describe()).isTrue();
      assertNothingLooksComplete(out, "after kill " + (k + 1));
      if (s.checkSays() == null) {
        assertCheckPasses(s.rerunAs(), out);
      } else {
        assertRefused("check", s.rerunAs(), out, s.checkSays());
        if (!s.command().equals("evaluate")) {
          // Nor can an evaluation turn what the kill left into a complete run.
          assertRefused("evaluate", s.rerunAs(), out, s.checkSays());
        }
      }
    }

    EngineProcess.Outcome rerun = fork(s.rerunAs(), out, s.command(), Fault.NONE, "rerun");
    assertThat(rerun.exitStatus()).as("exit status of the rerun; %s", rerun.describe()).isZero();
    for (String line : s.rerunSays()) {
      assertThat(rerun.printed(line)).as("the rerun printed '%s'; %s", line, rerun.describe()).isTrue();
    }
    assertNothingLooksComplete(out, "after the rerun");
    finish(s.rerunAs(), out, s.command());
    RunResult.of(out, s.rerunAs()).assertSameAs(expected);
  }

  /** What an uninterrupted run of {@code e} gives: each stage forked once, nothing killed. */
  private static synchronized RunResult baseline(Experiment e) throws Exception {
    RunResult known = BASELINES.get(e);
    if (known != null) {
      return known;
    }
    Path out = shared.resolve("baseline-" + e.name().toLowerCase());
    for (String stage : Experiment.STAGES) {
      EngineProcess.Outcome o = fork(e, out, stage, Fault.NONE, "baseline");
      assertThat(o.exitStatus()).as("uninterrupted %s; %s", stage, o.describe()).isZero();
    }
    assertCheckPasses(e, out);
    assertNothingLooksComplete(out, "after an uninterrupted run");
    RunResult result = RunResult.of(out, e);
    BASELINES.put(e, result);
    return result;
  }

  /** Runs the stages after {@code command} (none after {@code reproduce}) to the end, then {@code check}. */
  private static void finish(Experiment e, Path out, String command) throws IOException {
    int done = Experiment.STAGES.indexOf(command);
    for (String stage : Experiment.STAGES.subList(done < 0 ? Experiment.STAGES.size() : done + 1,
        Experiment.STAGES.size())) {
      CliResult r = inProcess(e, out, stage);
      assertThat(r.status()).as("%s after the rerun: %s", stage, r.err()).isZero();
    }
    assertNothingLooksComplete(out, "once finished");
    assertCheckPasses(e, out);
  }

  private static void assertCheckPasses(Experiment e, Path out) {
    CliResult check = inProcess(e, out, "check");
    assertThat(check.status()).as("check must pass: %s%s", check.out(), check.err()).isZero();
  }

  /** {@code command} must fail after a kill, saying {@code reason}. */
  private static void assertRefused(String command, Experiment e, Path out, String reason) {
    CliResult r = inProcess(e, out, command);
    assertThat(r.status()).as("%s after the kill must fail: %s", command, r.out()).isNotZero();
    assertThat(r.err()).as("%s's reason", command).startsWith("ERROR ").contains(reason);
  }

  private static void assertNothingLooksComplete(Path out, String when) throws IOException {
    assertThat(RunDirectoryAudit.problems(out)).as("files that look complete but are not, %s", when).isEmpty();
  }

  private static EngineProcess.Outcome fork(Experiment e, Path out, String command, Fault fault, String label)
      throws IOException, InterruptedException {
    return EngineProcess.run(fault.jvmOptions(), arguments(e, out, command), fault.killAfter(),
        out.resolveSibling(out.getFileName() + "-logs").resolve(label + "-" + command + ".log"));
  }

  /** The exit status and output of a command run in the test's JVM. */
  record CliResult(int status, String out, String err) {
  }

  private static CliResult inProcess(Experiment e, Path out, String command) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status = Main.run(arguments(e, out, command).toArray(String[]::new),
        new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    return new CliResult(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
  }

  private static List<String> arguments(Experiment e, Path out, String command) {
    return command.equals("reproduce")
        ? List.of(command, "--run", out.resolve(e.runName).toString(), "--threads", "1")
        : List.of(command, "--descriptor", e.descriptor().toString(), "--output", out.toString(), "--threads", "1");
  }

  /**
   * What a finished run produced, as the bits a user compares.
   *
   * @param checkpointFiles run.json's SHA-256 of every checkpoint file
   * @param curve curve.csv
   * @param metrics run.json's metrics
   */
  record RunResult(String checkpointSha256, JsonNode checkpointFiles, String dataFingerprint, List<String> curve,
                   JsonNode metrics) {
    static RunResult of(Path out, Experiment e) throws IOException {
      Path run = out.resolve(e.runName);
      JsonNode record = JSON.readTree(run.resolve("run.json").toFile());
      return new RunResult(record.path("checkpoint").path("sha256").asText(), record.path("checkpoint").path("files"),
          record.path("dataFingerprint").asText(), Files.readAllLines(run.resolve("curve.csv")), record.get("metrics"));
    }

    void assertSameAs(RunResult uninterrupted) {
      assertThat(checkpointSha256).as("checkpoint sha256").hasSize(64).isEqualTo(uninterrupted.checkpointSha256);
      assertThat(checkpointFiles).as("SHA-256 of every checkpoint file").isEqualTo(uninterrupted.checkpointFiles);
      assertThat(dataFingerprint).as("data fingerprint").hasSize(64).isEqualTo(uninterrupted.dataFingerprint);
      assertThat(curve).as("training curve").containsExactlyElementsOf(uninterrupted.curve);
      assertThat(metrics).as("metrics").isNotNull().isEqualTo(uninterrupted.metrics);
    }
  }

  /** The first lines of Moby-Dick (shipped in experiments/corpus), up to {@code bytes}, cut at a line end. */
  private static String corpus(int bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(
        Path.of("..", "experiments", "corpus", "moby-dick.txt.gz")))) {
      String text = new String(in.readNBytes(bytes), StandardCharsets.UTF_8);
      return text.substring(0, text.lastIndexOf('\n') + 1);
    }
  }
}

package org.sae4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.Engine;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.goal.GoalChecker;
import org.sae4j.store.DirectoryLock;
import org.sae4j.store.Manifest;

/**
 * Nothing stale passes: each way a run directory can stop belonging to its descriptor, checkpoint or data makes
 * {@code check} (and, where it applies, {@code evaluate}) fail with a message naming what differs.
 */
class RunVerificationTest {
  private static final String DESCRIPTOR = """
      name: tiny
      seed: %s
      data: {source: synthetic, tokens: 30000, evalTokens: 4000, dim: 16, trueFeatures: 32, meanActive: 3}
      sae: {features: 64}
      training: {batchSize: 256, lr: 3.0e-3, l1: %s, logEvery: 10}
      goals:
        l0: "<= 64"
      """;

  private static final String DATA_HASH = "sae4j.dataHash";

  @TempDir
  static Path shared;
  static Path trained;

  @TempDir
  Path tmp;
  Path out;
  Descriptor descriptor;
  RunLayout layout;

  @BeforeAll
  static void trainOnce() throws Exception {
    trained = shared.resolve("out");
    Engine engine = new Engine(read(shared, "1.0"), trained, 2, line -> { });
    engine.train();
    engine.evaluate();
  }

  @BeforeEach
  void copyTheCompleteRun() throws Exception {
    out = tmp.resolve("out");
    copy(trained, out);
    descriptor = read(tmp, "1.0");
    layout = new RunLayout(out, "tiny");
    assertThat(GoalChecker.check(descriptor, layout).passed()).isTrue();
  }

  @Test
  void a_training_that_did_not_finish_fails_check_and_evaluate() throws Exception {
    RunRecord.trainingStarted("tiny", RunRecord.read(layout.runJson()).descriptorHash(), 5, Instant.now())
        .write(layout.runJson());

    assertThat(message(() -> GoalChecker.check(descriptor, layout)))
        .contains("the training of tiny did not finish").contains("train again");
    assertThat(message(() -> new Engine(descriptor, out, 1, line -> { }).evaluate()))
        .contains("the training of tiny did not finish");
  }

  @Test
  void a_failed_training_invalidates_the_previous_results_before_any_work() throws Exception {
    Descriptor unavailable = descriptor.withBackend("tornadovm", "a test");
    Engine engine = new Engine(unavailable, out, 1, line -> { });
    assertThrows(RuntimeException.class, engine::train);

    assertThat(RunRecord.read(layout.runJson()).status()).isEqualTo(RunStatus.TRAINING);
    assertThat(layout.evaluation()).doesNotExist();
    assertThat(message(() -> GoalChecker.check(unavailable, layout))).contains("did not finish");
  }

  @Test
  void a_changed_descriptor_fails_check_naming_the_hashes() throws Exception {
    Descriptor changed = read(tmp, "2.0");
    assertThat(message(() -> GoalChecker.check(changed, layout)))
        .contains("was trained from another version of " + changed.file()).contains("train again");
  }

  @Test
  void an_altered_checkpoint_file_fails_check_and_evaluate_naming_it() throws Exception {
    Path weights = layout.checkpoint().resolve("sae_weights.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 1;
    Files.write(weights, bytes);

    assertThat(message(() -> GoalChecker.check(descriptor, layout)))
        .contains("checkpoint file " + weights).contains("changed after training");
    assertThat(message(() -> new Engine(descriptor, out, 1, line -> { }).evaluate()))
        .contains("checkpoint file " + weights);
  }

  @Test
  void a_run_that_was_not_evaluated_fails_check() throws Exception {
    RunRecord.read(layout.runJson()).evaluationStarted().write(layout.runJson());
    assertThat(message(() -> GoalChecker.check(descriptor, layout)))
        .contains("is trained but not evaluated");
  }

  @Test
  void data_whose_fingerprint_changed_fails_check_and_evaluate() throws Exception {
    Path data = Datasets.directory(descriptor, layout.dataRoot());
    // Other, internally consistent data under the run's data directory: as if it had been produced again
    // differently (another version of the generator, another tool writing the arrow files).
    Path other = tmp.resolve("other");
    Descriptor otherSeed = read(tmp, 6, "1.0");
    new Engine(otherSeed, other, 1, line -> { }).generate();
    String ownHash = Manifest.read(data.resolve(Manifest.FILE_NAME)).metadata().get(DATA_HASH);
    delete(data);
    Path otherData = Datasets.directory(otherSeed, other.resolve("data"));
    copy(otherData, data);
    Path manifest = data.resolve(Manifest.FILE_NAME);
    String otherHash = Manifest.read(manifest).metadata().get(DATA_HASH);
    Files.writeString(manifest, Files.readString(manifest).replace(otherHash, ownHash));

    assertThat(message(() -> GoalChecker.check(descriptor, layout)))
        .contains("now has fingerprint").contains("train and evaluate again");
    assertThat(message(() -> new Engine(descriptor, out, 1, line -> { }).evaluate()))
        .contains("but tiny was trained on").contains("train again");
  }

  @Test
  void a_run_json_of_another_experiment_or_format_or_none_is_refused() throws Exception {
    RunRecord run = RunRecord.read(layout.runJson());
    new RunRecord("sae4j-run-1", run.name(), run.status(), run.descriptorHash(), run.seed(), run.backend(),
        run.device(), run.threads(), run.dataFingerprint(), run.data(), run.inputScale(), run.training(),
        run.checkpoint(), run.versions(), run.startedAt(), run.finishedAt(), run.evaluation(), run.metrics())
        .write(layout.runJson());
    assertThat(message(() -> GoalChecker.check(descriptor, layout))).contains("another version of sae4j");

    Files.writeString(layout.runJson(), "{\"name\": \"tiny\", \"metrics\": {");
    assertThat(message(() -> GoalChecker.check(descriptor, layout))).contains("is not a run record");

    Files.delete(layout.runJson());
    assertThat(message(() -> GoalChecker.check(descriptor, layout)))
        .isEqualTo(layout.runJson() + " does not exist: train the experiment first (sae:train, or the CLI's train)");
  }

  @Test
  void a_second_trainer_waits_for_the_run_directory_then_names_the_holder() throws Exception {
    System.setProperty(Engine.LOCK_WAIT_PROPERTY, "0");
    try (DirectoryLock held = DirectoryLock.acquire(layout.runDirectory(), "run directory",
        java.time.Duration.ZERO, line -> { })) {
      assertThat(message(() -> new Engine(descriptor, out, 1, line -> { }).train()))
          .contains("run directory " + layout.runDirectory().toAbsolutePath()).contains("already locked");
    } finally {
      System.clearProperty(Engine.LOCK_WAIT_PROPERTY);
    }
    assertThat(GoalChecker.check(descriptor, layout).passed()).as("the refused trainer touched nothing").isTrue();
  }

  private static Descriptor read(Path dir, String l1) throws Exception {
    return read(dir, 5, l1);
  }

  private static Descriptor read(Path dir, long seed, String l1) throws Exception {
    Path file = dir.resolve("tiny-" + seed + ".yaml");
    Files.writeString(file, DESCRIPTOR.formatted(seed, l1));
    return DescriptorReader.read(file);
  }

  private static String message(ThrowingRunnable r) {
    return assertThrows(IOException.class, r::run).getMessage();
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals(DirectoryLock.FILE)) {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

package org.sae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.checkpoint.CheckpointManifest;
import org.sae4j.core.checkpoint.RunIdentity;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorHash;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;

/**
 * A run interrupted (even several times) and resumed from its periodic checkpoints ends bit-identical to an
 * uninterrupted one: same final checkpoint (all files, through the manifest's SHA-256s) and same training curve.
 */
class TrainerResumeTest {
  /** 2 epochs of 281 steps: interruptions fall in both epochs and resumption crosses the epoch boundary. */
  private static final String DESCRIPTOR = """
      name: resume
      seed: 11
      data:
        source: synthetic
        tokens: 20000
        evalTokens: 2000
        dim: 12
        trueFeatures: 24
        meanActive: 3
      sae:
        features: 32
      training:
        batchSize: 64
        lr: 3.0e-3
        l1: 1.0
        epochs: 2
        logEvery: 7
      """;
  private static final long STEPS = 2 * (18000 / 64);

  @TempDir
  static Path dir;
  static Descriptor byTime;
  static Descriptor every50;
  static Result uninterrupted;

  record Result(TrainingOutcome outcome, String manifest, String curve, List<String> log) {
  }

  @BeforeAll
  static void trainUninterrupted() throws Exception {
    byTime = read("by-time.yaml", DESCRIPTOR);
    every50 = read("every-50.yaml", DESCRIPTOR + "  checkpointEvery: 50\n");
    uninterrupted = train(byTime, dir.resolve("uninterrupted"), Backends.select("jvm", line -> { }));
    assertThat(uninterrupted.outcome().steps()).isEqualTo(STEPS);
    assertThat(uninterrupted.log()).noneMatch(l -> l.startsWith("checkpoint ")); // a short run: none by time
  }

  private static Descriptor read(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return DescriptorReader.read(file);
  }

  private static RunIdentity identity(Descriptor d, PreparedData data) {
    return new RunIdentity(DescriptorHash.of(d), data.store().manifest().fingerprint());
  }

  private static Result train(Descriptor d, Path run, BackendProvider provider) throws IOException {
    try (PreparedData data = Datasets.prepare(d, dir.resolve("data"), line -> { })) {
      return train(d, run, provider, identity(d, data), data);
    }
  }

  private static Result train(Descriptor d, Path run, BackendProvider provider, RunIdentity identity,
                              PreparedData data) throws IOException {
    List<String> log = new ArrayList<>();
    Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoints"), identity, log::add);
    TrainingOutcome outcome = new Trainer(d.training(), d.sae(), d.seed(), log::add)
        .train(new TrainingData(data.store(), data.split().train(), data.trainRows()), provider, 2, checkpoints);
    Path checkpoint = run.resolve("checkpoint");
    Checkpoint.write(checkpoint, d.sae().architecture(), outcome.state(), Map.of("seed", d.seed()), identity);
    return new Result(outcome, Files.readString(checkpoint.resolve(CheckpointManifest.FILE)), outcome.curve().text(),
        log);
  }

  /** Trains until the backend is interrupted before step {@code stopAt}; returns the log. */
  private static List<String> interruptAt(Descriptor d, Path run, long stopAt) {
    List<String> log = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (PreparedData data = Datasets.prepare(d, dir.resolve("data"), line -> { })) {
        new Trainer(d.training(), d.sae(), d.seed(), log::add).train(new TrainingData(data.store(),
            data.split().train(), data.trainRows()), new InterruptingProvider(stopAt), 1,
            new Checkpoints(run.resolve("checkpoints"), identity(d, data), log::add));
      }
    }).isInstanceOf(InterruptingProvider.Interrupted.class);
    return log;
  }

  private static void assertSameAsUninterrupted(Result resumed) {
    assertThat(resumed.manifest()).isEqualTo(uninterrupted.manifest());
    assertThat(resumed.curve()).isEqualTo(uninterrupted.curve());
    assertThat(resumed.outcome().last()).isEqualTo(uninterrupted.outcome().last());
    assertThat(resumed.outcome().steps()).isEqualTo(STEPS);
  }

  private static List<String> stepDirectories(Path run) throws IOException {
    try (Stream<Path> list = Files.list(run.resolve("checkpoints"))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_run_interrupted_twice_resumes_and_ends_bit_identical_to_an_uninterrupted_one() throws IOException {
    Path run = dir.resolve("twice");
    List<String> first = interruptAt(every50, run, 130);
    assertThat(first).contains("checkpoint checkpoints/step-100 written (step 100 of " + STEPS + ")");
    List<String> second = interruptAt(every50, run, 333); // resumes in epoch 0, is stopped in epoch 1
    assertThat(second).contains("resuming from step 100 of " + STEPS + " (checkpoints/step-100)");
    assertThat(stepDirectories(run)).containsExactly("step-250", "step-300"); // the newest two only

    Result resumed = train(every50, run, Backends.select("jvm", line -> { }));

    assertThat(resumed.log()).contains("resuming from step 300 of " + STEPS + " (checkpoints/step-300)");
    assertThat(resumed.outcome().resumedFromStep()).isEqualTo(300);
    assertSameAsUninterrupted(resumed);
  }

  /**
   * The rule state travels with the checkpoints: a TopK run (AuxK on, a 10-step dead window, so dead-feature counts
   * matter), BatchTopK runs (its running threshold, with the default AuxK and with the same short window as TopK)
   * and a JumpReLU run (log θ and its Adam moments, with the L0
   * coefficient still warming up at the interruption) interrupted once end bit-identical to uninterrupted ones.
   */
  @ParameterizedTest
  @ValueSource(strings = {"architecture: topk\n    k: 4\n    kAux: 4\n    deadTokens: 640",
      "architecture: batchtopk\n    k: 4", "architecture: batchtopk\n    k: 4\n    kAux: 4\n    deadTokens: 640",
      "architecture: jumprelu\n    threshold: 0.05\n    bandwidth: 0.05"})
  void other_architectures_resume_bit_identically_with_their_rule_state(String sae) throws Exception {
    String name = sae.substring("architecture: ".length()).split("\n")[0];
    String yaml = DESCRIPTOR.replace("  features: 32\n", "  features: 32\n  " + sae.replace("\n    ", "\n  ")
        + "\n").replace("  l1: 1.0\n", name.equals("jumprelu") ? "  l0: 0.05\n  l0WarmupFraction: 0.5\n" : "");
    String label = sae.replaceAll("[^a-z0-9]+", "-");
    Descriptor whole = read(label + "-by-time.yaml", yaml);
    Descriptor every = read(label + "-every-50.yaml", yaml + "  checkpointEvery: 50\n");
    Result reference = train(whole, dir.resolve(label + "-uninterrupted"), Backends.select("jvm", line -> { }));
    Path run = dir.resolve(label + "-interrupted");
    interruptAt(every, run, 130);
    Result resumed = train(every, run, Backends.select("jvm", line -> { }));
    assertThat(resumed.log()).contains("resuming from step 100 of " + STEPS + " (checkpoints/step-100)");
    assertThat(resumed.manifest()).isEqualTo(reference.manifest());
    assertThat(resumed.curve()).isEqualTo(reference.curve());
    assertThat(resumed.manifest()).isNotEqualTo(uninterrupted.manifest());
  }

  @Test
  void a_damaged_newest_checkpoint_is_ignored_with_the_reason_and_the_one_before_is_used() throws IOException {
    Path run = dir.resolve("damaged");
    interruptAt(every50, run, 222);
    Path state = run.resolve("checkpoints/step-200").resolve(Checkpoint.STATE);
    byte[] bytes = Files.readAllBytes(state);
    bytes[bytes.length - 3] ^= 1;
    Files.write(state, bytes);

    Result resumed = train(every50, run, Backends.select("jvm", line -> { }));

    assertThat(resumed.log()).anyMatch(l -> l.startsWith("ignoring checkpoint checkpoints/step-200: checkpoint file "
        + state) && l.contains("SHA-256"));
    assertThat(resumed.log()).contains("resuming from step 150 of " + STEPS + " (checkpoints/step-150)");
    assertSameAsUninterrupted(resumed);
  }

  @Test
  void checkpoints_of_other_data_are_ignored_and_replaced() throws IOException {
    Path run = dir.resolve("other-data");
    interruptAt(every50, run, 120);
    Result fresh;
    try (PreparedData data = Datasets.prepare(every50, dir.resolve("data"), line -> { })) {
      RunIdentity otherData = new RunIdentity(DescriptorHash.of(every50), "0".repeat(64));
      List<String> log = new ArrayList<>();
      new Checkpoints(run.resolve("checkpoints"), otherData, log::add).newest(STEPS, STEPS / 2, 12, 32);
      assertThat(log).anyMatch(l -> l.startsWith("ignoring checkpoint checkpoints/step-100: written for other data"));
      fresh = train(every50, run, Backends.select("jvm", line -> { }), otherData, data);
    }
    assertThat(fresh.log()).noneMatch(l -> l.startsWith("resuming"));
    assertThat(fresh.log()).anyMatch(l -> l.startsWith("input scale s = "));
    assertThat(fresh.curve()).isEqualTo(uninterrupted.curve());
    // the other run's checkpoints went when this one wrote its own
    assertThat(stepDirectories(run)).containsExactly("step-500", "step-550");
  }

  @Test
  void a_kill_during_a_checkpoint_write_leaves_nothing_that_is_resumed() throws IOException {
    Path run = dir.resolve("half-written");
    interruptAt(every50, run, 60);
    // what a process killed while writing step-100 leaves: a hidden directory with part of the files
    Path partial = Files.createDirectories(run.resolve("checkpoints/.step-100.partial-42"));
    Files.copy(run.resolve("checkpoints/step-50").resolve(Checkpoint.STATE), partial.resolve(Checkpoint.STATE));

    Result resumed = train(every50, run, Backends.select("jvm", line -> { }));

    assertThat(resumed.log()).contains("resuming from step 50 of " + STEPS + " (checkpoints/step-50)");
    assertThat(partial).doesNotExist(); // cleared when step-100 was written again
    assertSameAsUninterrupted(resumed);
  }
}

package org.sae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.checkpoint.RunIdentity;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorHash;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.kernels.BackendProvider;
import org.sae4j.kernels.Backends;
import org.sae4j.store.FileTrees;

/** A planted collapse: a learning rate 300 times too high drives L0 to 0 and kills most features. */
public class TrainerCollapseTest {
  /** The planted collapse, also trained through the CLI. */
  public static final String DESCRIPTOR = """
      name: collapse
      seed: 5
      data:
        source: synthetic
        tokens: 24000
        evalTokens: 2000
        dim: 16
        trueFeatures: 32
        meanActive: 3
      sae:
        features: 64
      training:
        batchSize: 64
        lr: 1.0
        l1: 1.0
        checkpointEvery: 100
      """;
  private static final long STEPS = 22000 / 64;

  @TempDir
  Path dir;

  private Descriptor read(String extra) throws Exception {
    Path file = dir.resolve("collapse.yaml");
    Files.writeString(file, DESCRIPTOR + extra);
    return DescriptorReader.read(file);
  }

  private TrainingOutcome train(Descriptor d, BackendProvider provider, List<String> log) throws IOException {
    try (PreparedData data = Datasets.prepare(d, dir.resolve("data"), line -> { })) {
      RunIdentity identity = new RunIdentity(DescriptorHash.of(d), data.store().manifest().fingerprint());
      return new Trainer(d.training(), d.sae(), d.seed(), log::add).train(new TrainingData(data.store(),
          data.split().train(), data.trainRows()), provider, 2, new Checkpoints(dir.resolve("checkpoints"), identity,
          log::add));
    }
  }

  @Test
  void stops_early_naming_the_step_l0_and_dead_share_and_suggesting_a_lower_lr() throws Exception {
    List<String> log = new ArrayList<>();
    Descriptor d = read("");
    assertThatThrownBy(() -> train(d, Backends.select("jvm", l -> { }), log))
        .isInstanceOfSatisfying(TrainingCollapseException.class, e -> {
          assertThat(e.collapse().step()).isLessThan(STEPS / 2);
          assertThat(e.collapse().l0()).isLessThan(CollapseDetector.L0_FLOOR);
          assertThat(e.collapse().deadShare()).isGreaterThan(0.5);
        })
        .hasMessageStartingWith("training collapsed at step ")
        .hasMessageContaining(" of " + STEPS + ": L0 fell to ")
        .hasMessageContaining("% of the 64 features fired on none of the ")
        .hasMessageContaining("lower training.lr (now 1), e.g. to 0.1, or set training.onCollapse: warn");
  }

  @Test
  void warn_trains_to_the_end_with_one_warning_and_resumes_to_the_same_result() throws Exception {
    Descriptor d = read("  onCollapse: warn\n");
    List<String> log = new ArrayList<>();
    TrainingOutcome whole = train(d, Backends.select("jvm", l -> { }), log);
    assertThat(whole.steps()).isEqualTo(STEPS);
    assertThat(log).filteredOn(l -> l.startsWith("WARN ")).hasSize(1)
        .first().asString().startsWith("WARN training collapsed at step " + whole.collapse().step() + " of " + STEPS);

    // interrupted after the collapse was reported, and resumed: no second warning, the same collapse and bits
    FileTrees.delete(dir.resolve("checkpoints"));
    long stopAt = whole.collapse().step() + 30;
    assertThatThrownBy(() -> train(d, new InterruptingProvider(stopAt), new ArrayList<>()))
        .isInstanceOf(InterruptingProvider.Interrupted.class);
    List<String> resumedLog = new ArrayList<>();
    TrainingOutcome resumed = train(d, Backends.select("jvm", l -> { }), resumedLog);
    assertThat(resumedLog).anyMatch(l -> l.startsWith("resuming from step "));
    assertThat(resumedLog).noneMatch(l -> l.startsWith("WARN "));
    assertThat(resumed.collapse()).isEqualTo(whole.collapse());
    assertThat(resumed.state().parameters()).isEqualTo(whole.state().parameters());
    assertThat(resumed.curve().text()).isEqualTo(whole.curve().text());
  }
}

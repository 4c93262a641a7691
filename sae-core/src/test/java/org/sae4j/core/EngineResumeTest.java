package org.sae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.checkpoint.CheckpointManifest;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorReader;

/** sae:train after a crash: it resumes from the run's periodic checkpoints and publishes the same run. */
class EngineResumeTest {
  @TempDir
  Path dir;

  @Test
  void train_resumes_after_a_crash_and_publishes_the_uninterrupted_checkpoint_and_curve() throws Exception {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, EngineTest.DESCRIPTOR.replace("  logEvery: 10\n", "  logEvery: 10\n  checkpointEvery: 40\n"));
    Descriptor descriptor = DescriptorReader.read(file);
    Path whole = dir.resolve("whole");
    new Engine(descriptor, whole, 2, line -> { }).train();

    Path crashed = dir.resolve("crashed");
    RuntimeException kill = new RuntimeException("killed");
    assertThatThrownBy(() -> new Engine(descriptor, crashed, 1, line -> {
      if (line.startsWith("checkpoint checkpoints/step-120 written")) {
        throw kill;
      }
    }).train()).isSameAs(kill);
    assertThat(crashed.resolve("tiny/checkpoint")).doesNotExist();
    assertThat(crashed.resolve("tiny/checkpoints/step-120")).isDirectory();

    List<String> log = new ArrayList<>();
    new Engine(descriptor, crashed, 2, log::add).train();

    assertThat(log).anyMatch(l -> l.startsWith("resuming from step 120 of ") && l.endsWith("(checkpoints/step-120)"));
    for (String f : List.of("checkpoint/" + CheckpointManifest.FILE, "curve.csv")) {
      assertThat(Files.readString(crashed.resolve("tiny").resolve(f))).as(f)
          .isEqualTo(Files.readString(whole.resolve("tiny").resolve(f)));
    }
    CheckpointManifest.verify(crashed.resolve("tiny/checkpoint"));
    assertThat(crashed.resolve("tiny/checkpoints")).doesNotExist(); // a finished run keeps only its checkpoint
  }
}

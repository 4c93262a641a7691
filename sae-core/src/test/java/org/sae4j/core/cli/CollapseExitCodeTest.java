package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.core.train.TrainerCollapseTest;

/** A collapsed training is a failure of the run, not of the input: exit status 1 with the explanation. */
class CollapseExitCodeTest {
  @TempDir
  Path dir;

  @Test
  void a_collapsed_training_exits_1_with_the_step_and_the_suggestion_and_writes_no_checkpoint() throws Exception {
    Path file = dir.resolve("collapse.yaml");
    Files.writeString(file, TrainerCollapseTest.DESCRIPTOR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"train", "--descriptor", file.toString(), "--output", dir.toString(),
        "--threads", "1"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("ERROR training collapsed at step ")
        .contains("L0 fell to").contains("lower training.lr (now 1)");
    assertThat(dir.resolve("collapse/checkpoint")).doesNotExist();
  }
}

package org.sae4j.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep CLI's exit codes (the engine's command line, {@code sae4j sweep}): bad arguments and bad descriptors are invalid input (2), named. */
class SweepMainTest {
  /** Exit code for invalid input (arguments, descriptor), as documented for the engine. */
  private static final int INVALID = 2;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SweepMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void a_bad_sweep_descriptor_is_invalid_input_with_its_file_line_and_key() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), """
        name: bad
        data: {source: synthetic, tokens: 10000, evalTokens: 1000, dim: 8, trueFeatures: 24}
        training: {batchSize: 256}
        sweep:
          grid:
            sae.features: []
        """);
    assertThat(run("run", "--descriptor", file.toString(), "--output", dir.resolve("out").toString()))
        .isEqualTo(INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("ERROR " + file.toAbsolutePath() + ":6:")
        .contains("sweep.grid.sae.features: the list is empty");
  }

  @Test
  void unknown_commands_and_options_are_invalid_input_with_the_usage() {
    assertThat(run("sweep")).isEqualTo(INVALID);
    assertThat(run("run", "--descriptor", "x.yaml", "--threads", "0")).isEqualTo(INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'sweep'")
        .contains("'--threads': must be a whole number >= 1").contains("Usage: sae4j sweep run");
  }
}

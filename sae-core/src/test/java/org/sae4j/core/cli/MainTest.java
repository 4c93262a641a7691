package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void unknown_command_is_invalid_input_with_usage() {
    assertThat(run("fly")).isEqualTo(Main.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'fly'").contains("usage: sae4j");
  }

  @Test
  void bad_thread_count_is_rejected_with_what_is_allowed() {
    assertThat(run("train", "--descriptor", "x.yaml", "--threads", "zero")).isEqualTo(Main.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--threads must be a whole number >= 1, got 'zero'");
  }

  @Test
  void a_descriptor_error_exits_2_naming_file_and_key() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, """
        name: bad
        data:
          source: synthetic
          tokens: 1000
          dim: 4
          trueFeatures: 8
        sae:
          features: lots
        """);
    assertThat(run("train", "--descriptor", file.toString(), "--output", dir.toString())).isEqualTo(Main.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.yaml").contains("sae.features");
  }

  @Test
  void check_without_a_trained_run_fails_and_says_to_train_first() throws Exception {
    Path file = dir.resolve("ok.yaml");
    Files.writeString(file, """
        name: ok
        data:
          source: synthetic
          tokens: 1000
          dim: 4
          trueFeatures: 8
        sae:
          features: 8
        training:
          batchSize: 100
        goals:
          l0: "<= 3"
        """);
    assertThat(run("check", "--descriptor", file.toString(), "--output", dir.toString())).isEqualTo(Main.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("run.json").contains("train");
  }

  @Test
  void doctor_lists_the_jvm_backend() {
    assertThat(run("doctor")).isEqualTo(Main.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("backend jvm: available");
  }
}

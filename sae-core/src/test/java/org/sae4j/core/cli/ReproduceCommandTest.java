package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce --run DIR}: its exit codes (0 bit-identical, 1 not reproduced, 2 invalid input) and messages. */
class ReproduceCommandTest {
  @TempDir
  static Path dir;
  static Path run;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void train() throws Exception {
    Path file = dir.resolve("cli-repro.yaml");
    Files.writeString(file, """
        name: cli-repro
        seed: 4
        data:
          source: synthetic
          tokens: 12000
          evalTokens: 2000
          dim: 8
          trueFeatures: 16
        sae:
          features: 16
        training:
          batchSize: 100
          lr: 3.0e-3
          l1: 1.0
        """);
    ReproduceCommandTest trainer = new ReproduceCommandTest();
    assertThat(trainer.run("train", "--descriptor", file.toString(), "--output", dir.resolve("out").toString(),
        "--threads", "2")).as(trainer.err()).isEqualTo(ExitCode.OK);
    run = dir.resolve("out/cli-repro");
  }

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_bit_identical_run_exits_0() {
    assertThat(run("reproduce", "--run", run.toString(), "--threads", "1")).as(err()).isEqualTo(ExitCode.OK);
    assertThat(out()).contains("\nbit-identical: every tensor of training_state.safetensors and sae_weights.safetensors"
        + " in " + dir.resolve("out/.reproduce/cli-repro") + " equals the recorded one\n");
  }

  @Test
  void a_run_whose_record_does_not_match_exits_1_with_the_difference() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("out/cli-repro-altered"));
    Files.copy(run.resolve("descriptor.yaml"), copy.resolve("descriptor.yaml"));
    Files.createDirectories(copy.resolve("checkpoint"));
    try (Stream<Path> files = Files.list(run.resolve("checkpoint"))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve("checkpoint").resolve(f.getFileName()));
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode record = (ObjectNode) json.readTree(run.resolve("run.json").toFile());
    record.put("dataFingerprint", "f".repeat(64));
    json.writeValue(copy.resolve("run.json").toFile(), record);

    assertThat(run("reproduce", "--run", copy.toString())).as(err()).isEqualTo(ExitCode.FAILED);
    assertThat(out()).contains("\nWARN data fingerprint differs: run.json records " + "f".repeat(64))
        .contains("\nnot reproduced: 1 difference (WARN above)\n");
  }

  @Test
  void a_directory_without_run_json_exits_2_naming_the_path() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("out/empty"));

    assertThat(run("reproduce", "--run", empty.toString())).isEqualTo(ExitCode.INVALID);
    assertThat(err()).startsWith("ERROR " + empty.resolve("run.json") + " does not exist");
  }

  @Test
  void a_missing_directory_exits_2_naming_it() {
    assertThat(run("reproduce", "--run", dir.resolve("nowhere").toString())).isEqualTo(ExitCode.INVALID);
    assertThat(err()).startsWith("ERROR " + dir.resolve("nowhere") + " is not a run directory: it does not exist");
  }

  @Test
  void reproduce_takes_only_a_run_directory_and_threads() {
    assertThat(run("reproduce")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR Missing required option: '--run=DIR'").contains("Usage: sae4j reproduce").contains("--run=DIR [--threads=N]");
    err.reset();
    assertThat(run("reproduce", "--run", run.toString(), "--backend", "tornadovm")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR Unknown options: '--backend', 'tornadovm'");
    err.reset();
    assertThat(run("train", "--descriptor", "x.yaml", "--run", run.toString())).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("ERROR Unknown options: '--run'");
  }
}

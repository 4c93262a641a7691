package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sae4j.store.ActivationWriter;
import org.sae4j.store.WriterOptions;

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
    assertThat(run("fly")).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'fly'").contains("Usage: sae4j");
  }

  @Test
  void help_lists_every_command_and_the_exit_codes() {
    assertThat(run("--help")).isEqualTo(ExitCode.OK);
    String help = out.toString(StandardCharsets.UTF_8);
    for (String command : List.of("generate", "train", "evaluate", "analyze", "check", "run", "reproduce", "search",
        "steer", "attribute", "doctor", "describe", "report")) {
      assertThat(help).as(command).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(help).contains("Exit codes:").contains("2   invalid input");
  }

  @Test
  void every_command_has_help_with_its_options() {
    assertThat(run("train", "--help")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: sae4j train").contains("--descriptor=FILE.yaml")
        .contains("--output=DIR").contains("--threads=N").contains("--backend=NAME").contains("Trains the sparse");
    for (String command : List.of("generate", "evaluate", "analyze", "check", "run", "reproduce", "search", "steer",
        "attribute", "doctor", "describe", "report")) {
      out.reset();
      assertThat(run(command, "--help")).as(command).isEqualTo(ExitCode.OK);
      assertThat(out.toString(StandardCharsets.UTF_8)).as(command).contains("Usage: sae4j " + command);
    }
    out.reset();
    assertThat(run("steer", "--help")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--feature=J").contains("--multipliers");
  }

  @Test
  void no_command_and_an_unknown_option_are_invalid_input_naming_the_problem() {
    assertThat(run()).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERROR no command given").contains("Usage: sae4j");
    err.reset();
    assertThat(run("train", "--descriptor", "x.yaml", "--thread", "2")).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERROR Unknown options: '--thread', '2'")
        .contains("Possible solutions: --threads")
        .contains("Usage: sae4j train");
    err.reset();
    assertThat(run("train")).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERROR train needs --descriptor FILE.yaml");
  }

  @Test
  void bad_thread_count_is_rejected_with_what_is_allowed() {
    assertThat(run("train", "--descriptor", "x.yaml", "--threads", "zero")).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Invalid value for option '--threads': must be a whole number >= 1, got 'zero'");
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
    assertThat(run("train", "--descriptor", file.toString(), "--output", dir.toString())).isEqualTo(ExitCode.INVALID);
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
    assertThat(run("check", "--descriptor", file.toString(), "--output", dir.toString())).isEqualTo(ExitCode.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("run.json").contains("train");
  }

  @Test
  void doctor_lists_the_jvm_backend() {
    assertThat(run("doctor")).isEqualTo(ExitCode.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("backend jvm: available");
  }

  /** A descriptor training on the Arrow data at {@code path} (relative to the test directory). */
  private Path arrowDescriptor(String path) throws Exception {
    Path file = dir.resolve("arrow.yaml");
    Files.writeString(file, "name: acts\ndata: {source: arrow, path: " + path + ", evalTokens: 100}\n"
        + "sae: {features: 8}\ntraining: {batchSize: 100}\n");
    return file;
  }

  private int train(Path descriptor, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--descriptor", descriptor.toString(), "--output",
        dir.resolve("out").toString(), "--threads", "1"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private Path tinySynthetic() throws Exception {
    Path file = dir.resolve("ok.yaml");
    Files.writeString(file, """
        name: ok
        data: {source: synthetic, tokens: 1000, dim: 4, trueFeatures: 8}
        sae: {features: 8}
        training: {batchSize: 100}
        """);
    return file;
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_missing_data_file_is_invalid_input() throws Exception {
    assertThat(train(arrowDescriptor("nowhere.arrow"))).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains(dir.resolve("nowhere.arrow").toString()).contains("no such file");
  }

  @Test
  void an_arrow_source_that_is_not_arrow_is_invalid_input() throws Exception {
    Files.writeString(dir.resolve("acts.arrow"), "these bytes are not an Arrow IPC file\n".repeat(20));
    assertThat(train(arrowDescriptor("acts.arrow"))).isEqualTo(ExitCode.INVALID);
    assertThat(err()).startsWith("ERROR ").contains("acts.arrow");
  }

  @Test
  void a_corrupt_shard_is_invalid_input() throws Exception {
    Path acts = dir.resolve("acts");
    Files.createDirectories(acts);
    try (ActivationWriter writer = ActivationWriter.create(acts, 4, WriterOptions.defaults(), Map.of())) {
      writer.write(new float[4 * 1000], 1000);
      writer.finish();
    }
    Path shard;
    try (Stream<Path> files = Files.list(acts)) {
      shard = files.filter(p -> p.toString().endsWith(".arrow")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(shard);
    Files.write(shard, Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(train(arrowDescriptor("acts"))).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains(shard.getFileName().toString());
  }

  @Test
  void an_unknown_backend_override_is_invalid_input_with_a_suggestion() throws Exception {
    assertThat(train(arrowDescriptor("acts"), "--backend", "jvn")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("backend: unknown backend 'jvn' given by --backend; did you mean jvm?");
  }

  @Test
  void a_run_that_cannot_write_its_output_is_a_failure_not_invalid_input() throws Exception {
    Files.writeString(dir.resolve("out"), "a file where the output directory should be");
    Path file = tinySynthetic();
    assertThat(train(file)).isEqualTo(ExitCode.FAILED);
    assertThat(err()).startsWith("ERROR " + dir.resolve("out/ok") + ": Not a directory");
  }

  @Test
  void evaluate_before_train_is_a_failure_saying_what_to_run_first() throws Exception {
    Path file = tinySynthetic();
    assertThat(run("evaluate", "--descriptor", file.toString(), "--output", dir.toString())).isEqualTo(
        ExitCode.FAILED);
    assertThat(err()).contains("run.json does not exist: train the experiment first");
  }

  @Test
  void a_bad_parent_pid_is_invalid_input() {
    assertThat(run("train", "--descriptor", "x.yaml", "--parent-pid", "-3")).isEqualTo(ExitCode.INVALID);
    assertThat(err()).contains("Invalid value for option '--parent-pid': must be a whole number >= 1, got '-3'");
  }

  @Test
  void report_names_the_module_it_needs_when_it_is_not_on_the_class_path() {
    assertThat(run("report", "--run", dir.toString())).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the report command comes from the sae-report module")
        .contains("sae:report");
  }

  @Test
  void report_needs_a_run_directory_or_a_descriptor_but_not_both() {
    assertThat(run("report")).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("report needs --descriptor FILE.yaml or --run DIR");
    assertThat(run("report", "--run", "a", "--descriptor", "b.yaml")).isEqualTo(ExitCode.INVALID);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("report takes --run DIR or --descriptor FILE.yaml");
  }
}

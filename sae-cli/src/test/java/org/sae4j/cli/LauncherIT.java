package org.sae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built distribution's {@code bin/sae4j}, started as a user would start it. */
class LauncherIT {
  private static final Path HOME = Path.of(System.getProperty("sae.dist"));

  @TempDir
  Path dir;

  /** What one run of the launcher printed, and its exit code. */
  record Result(int status, String out, String err) {
  }

  private Result sae4j(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/sae4j").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    int status = pb.start().waitFor();
    return new Result(status, Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private Result sae4j(String... args) throws IOException, InterruptedException {
    return sae4j(Map.of(), args);
  }

  @Test
  void help_lists_the_commands_and_each_command_has_its_own() throws Exception {
    Result help = sae4j("--help");
    assertThat(help.status()).as(help.err()).isZero();
    assertThat(help.out()).contains("Usage: sae4j").contains("train").contains("reproduce").contains("report")
        .contains("Exit codes:");
    Result train = sae4j("train", "--help");
    assertThat(train.status()).as(train.err()).isZero();
    assertThat(train.out()).contains("Usage: sae4j train").contains("--descriptor=FILE.yaml");
  }

  @Test
  void a_bad_command_line_exits_2_naming_it() throws Exception {
    Result r = sae4j("train", "--descriptor", "x.yaml", "--threads", "0");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("ERROR Invalid value for option '--threads': must be a whole number >= 1, got '0'");
  }

  @Test
  void trains_evaluates_and_checks_with_the_vector_api_and_arrow_flags_it_adds_itself() throws Exception {
    Files.writeString(dir.resolve("tiny.yaml"), """
        name: tiny
        seed: 3
        data:
          source: synthetic
          tokens: 6000
          evalTokens: 1000
          dim: 8
          trueFeatures: 16
        sae:
          features: 16
        training:
          batchSize: 100
        goals:
          l0: "<= 16"
        """);
    Result generate = sae4j("generate", "--descriptor", "tiny.yaml", "--threads", "1");
    assertThat(generate.status()).as(generate.err()).isZero();
    Result run = sae4j("run", "--descriptor", "tiny.yaml", "--threads", "1");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("all goals met");
    assertThat(dir.resolve("target/sae/tiny/checkpoint/sae_weights.safetensors")).isRegularFile();
    Result report = sae4j("report", "--run", "target/sae/tiny");
    assertThat(report.status()).as(report.err()).isZero();
    assertThat(dir.resolve("target/sae/tiny/report/index.html")).isRegularFile();
  }

  @Test
  void a_java_older_than_25_is_named_before_any_class_version_error() throws Exception {
    Path old = dir.resolve("jdk17");
    Files.createDirectories(old.resolve("bin"));
    Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.12\"\n");
    Path java = Files.writeString(old.resolve("bin/java"), "#!/bin/sh\nexit 99\n");
    java.toFile().setExecutable(true);
    Result r = sae4j(Map.of("JAVA_HOME", old.toString()), "--help");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("sae4j needs Java 25 or later, but " + java + " is Java 17");
  }
}

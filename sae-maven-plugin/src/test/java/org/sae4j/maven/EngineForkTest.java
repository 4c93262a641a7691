package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EngineForkTest {

  private static final Path JAVA = Path.of("/opt/jdk-25/bin/java");
  private static final List<Path> CP = List.of(Path.of("/repo/sae-core.jar"), Path.of("/repo/arrow-vector.jar"));

  private static EngineFork fork(List<String> jvmArgs, List<Path> cp, String backend) {
    return new EngineFork(JAVA, jvmArgs, cp, "train",
        EngineFork.descriptorArguments(Path.of("/exp/quickstart.yaml"), Path.of("/exp/target/sae"), backend), 3, 4242);
  }

  @Test
  void command_orders_java_flags_classpath_main_command_and_options() {
    List<String> cmd = fork(List.of("-Xmx2g", "-ea"), CP, "jvm").toCommand();

    assertThat(cmd).containsExactly("/opt/jdk-25/bin/java", "-Xmx2g", "-ea",
        "-cp", "/repo/sae-core.jar" + File.pathSeparator + "/repo/arrow-vector.jar",
        "org.sae4j.core.cli.Main", "train",
        "--descriptor", "/exp/quickstart.yaml", "--output", "/exp/target/sae", "--backend", "jvm",
        "--threads", "3", "--parent-pid", "4242");
  }

  @Test
  void reproduce_passes_the_run_directory_instead_of_a_descriptor() {
    EngineFork fork = new EngineFork(JAVA, List.of(), CP, "reproduce",
        EngineFork.runArguments(Path.of("/ci/artifacts/quickstart")), 2, 99);

    assertThat(fork.toCommand()).endsWith("org.sae4j.core.cli.Main", "reproduce", "--run", "/ci/artifacts/quickstart",
        "--threads", "2", "--parent-pid", "99").doesNotContain("--descriptor", "--output");
  }

  @Test
  void sweep_runs_the_sweep_command_line() {
    EngineFork fork = new EngineFork(JAVA, List.of(), CP, EngineFork.SWEEP,
        EngineFork.descriptorArguments(Path.of("/exp/sweep.yaml"), Path.of("/exp/target/sae"), null), 2, 7);

    assertThat(fork.toCommand()).endsWith("org.sae4j.sweep.cli.SweepMain", "run", "--descriptor", "/exp/sweep.yaml",
        "--output", "/exp/target/sae", "--threads", "2", "--parent-pid", "7");
  }

  @Test
  void describe_check_and_sweep_check_are_commands_of_their_entry_points() {
    List<String> args = EngineFork.descriptorArguments(Path.of("/exp/x.yaml"), Path.of("/out"), null);

    assertThat(new EngineFork(JAVA, List.of(), CP, EngineFork.DESCRIBE, args, 1, 7).toCommand())
        .containsSubsequence("org.sae4j.core.cli.Main", "describe", "--descriptor");
    assertThat(new EngineFork(JAVA, List.of(), CP, EngineFork.CHECK, args, 1, 7).toCommand())
        .containsSubsequence("org.sae4j.core.cli.Main", "check", "--descriptor");
    assertThat(new EngineFork(JAVA, List.of(), CP, EngineFork.SWEEP_CHECK, args, 1, 7).toCommand())
        .containsSubsequence("org.sae4j.sweep.cli.SweepMain", "check", "--descriptor");
  }

  @Test
  void the_required_flags_are_the_parent_poms_launcher_flags() {
    // engine.properties is filtered from sae.launcherFlags: the engine's flags, then what a launcher adds
    assertThat(EngineFork.REQUIRED_JVM_FLAGS).containsExactly("--add-modules", "jdk.incubator.vector",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
        "-Dai.djl.offline=true");
  }

  @Test
  void command_omits_backend_when_not_overridden() {
    assertThat(fork(List.of(), CP, null).toCommand()).doesNotContain("--backend")
        .endsWith("--output", "/exp/target/sae", "--threads", "3", "--parent-pid", "4242");
    assertThat(fork(List.of(), CP, "  ").toCommand()).doesNotContain("--backend");
  }

  @Test
  void required_flags_come_before_user_flags_so_the_user_can_override_properties() {
    List<String> args = new ArrayList<>(EngineFork.REQUIRED_JVM_FLAGS);
    args.addAll(ArgLine.split("-Dai.djl.offline=false -Xmx1g"));
    List<String> cmd = fork(args, CP, null).toCommand();

    assertThat(cmd).containsSubsequence("--add-modules", "jdk.incubator.vector",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-Dai.djl.offline=false", "-Xmx1g", "-cp");
  }

  @Test
  void jvm_args_put_required_then_backend_then_user_options() {
    assertThat(EngineFork.jvmArgs(List.of("@/opt/tornadovm/tornado-argfile", "-Dtornado.recover.bailout=False"),
        List.of("-Xmx1g")))
        .startsWith(EngineFork.REQUIRED_JVM_FLAGS.toArray(String[]::new))
        .endsWith("@/opt/tornadovm/tornado-argfile", "-Dtornado.recover.bailout=False", "-Xmx1g")
        .hasSize(EngineFork.REQUIRED_JVM_FLAGS.size() + 3);
    assertThat(EngineFork.jvmArgs(List.of(), List.of())).isEqualTo(EngineFork.REQUIRED_JVM_FLAGS);
  }

  @Test
  void arg_file_command_replaces_the_classpath_with_the_file_reference() {
    EngineFork fork = fork(List.of("-Xmx1g"), CP, null);
    List<String> cmd = fork.toCommand(Path.of("/exp/target/sae/quickstart/train.args"));

    assertThat(cmd).containsExactly("/opt/jdk-25/bin/java", "-Xmx1g", "@/exp/target/sae/quickstart/train.args",
        "org.sae4j.core.cli.Main", "train",
        "--descriptor", "/exp/quickstart.yaml", "--output", "/exp/target/sae", "--threads", "3",
        "--parent-pid", "4242");
  }

  @Test
  void arg_file_quotes_the_classpath_and_escapes_backslashes_and_quotes() {
    EngineFork fork = fork(List.of(), List.of(Path.of("/home/a b/x.jar"), Path.of("C:\\m2\\y\".jar")), null);

    assertThat(fork.argFileContent()).isEqualTo(
        "-cp \"/home/a b/x.jar" + File.pathSeparator + "C:\\\\m2\\\\y\\\".jar\"\n");
  }

  @Test
  void only_a_long_classpath_needs_an_arg_file() {
    List<Path> many = IntStream.range(0, 200)
        .mapToObj(i -> Path.of("/home/user/.m2/repository/org/example/lib" + i + "/1.0/lib" + i + "-1.0.jar"))
        .toList();

    assertThat(fork(List.of(), CP, null).needsArgFile()).isFalse();
    assertThat(fork(List.of(), many, null).needsArgFile()).isTrue();
  }

  @Test
  void command_is_immutable_and_fork_copies_its_lists() {
    List<String> args = new ArrayList<>(List.of("-ea"));
    EngineFork fork = fork(args, CP, null);
    args.add("-Xmx9g");

    assertThat(fork.jvmArgs()).containsExactly("-ea");
    assertThatThrownBy(() -> fork.toCommand().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejects_unknown_command_listing_the_known_ones() {
    assertThatThrownBy(() -> new EngineFork(JAVA, List.of(), CP, "trian", List.of(), 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trian")
        .hasMessageContaining("train").hasMessageContaining("generate").hasMessageContaining("evaluate")
        .hasMessageContaining("reproduce");
  }

  @Test
  void rejects_zero_threads_and_empty_classpath() {
    assertThatThrownBy(() -> new EngineFork(JAVA, List.of(), CP, "train", List.of(), 0, 1))
        .hasMessageContaining("threads must be at least 1, got 0");
    assertThatThrownBy(() -> new EngineFork(JAVA, List.of(), List.of(), "train", List.of(), 1, 1))
        .hasMessageContaining("class path is empty");
    assertThatThrownBy(() -> new EngineFork(JAVA, List.of(), CP, "train", List.of(), 1, 0))
        .hasMessageContaining("parentPid must be a process id, got 0");
  }
}

package org.sae4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs small shell scripts as stand-ins for the engine, so no JVM is started. */
class ForkRunnerTest {

  @TempDir
  Path dir;

  private final RecordingOutput output = new RecordingOutput();
  private final List<String> info = output.info;
  private final List<String> warn = output.warn;
  private final List<String> error = output.error;

  private ForkResult sh(String script, Map<String, String> env, Path log) throws Exception {
    return new ForkRunner(output, env).run(List.of("/bin/sh", "-c", script), dir, log);
  }

  @Test
  void relays_progress_warnings_and_errors_to_their_levels() throws Exception {
    ForkResult r = sh("echo 'step 10/100 loss 1.5'; echo 'WARN dead features rising'; echo 'boom' >&2;"
        + " echo 'ERROR data: shard-0 truncated' >&2; echo 'step 20/100 loss 1.2'", Map.of(),
        dir.resolve("train.log"));

    assertThat(r.exitCode()).isZero();
    assertThat(info).containsExactly("step 10/100 loss 1.5", "step 20/100 loss 1.2");
    assertThat(warn).containsExactly("dead features rising");
    assertThat(error).containsExactly("boom", "data: shard-0 truncated");
  }

  @Test
  void relays_the_jvms_own_warnings_on_stderr_as_warnings() throws Exception {
    sh("echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2;"
        + " echo 'SLF4J(W): No SLF4J providers were found.' >&2; echo 'Exception in thread main' >&2", Map.of(),
        dir.resolve("train.log"));

    assertThat(warn).containsExactlyInAnyOrder("WARNING: Using incubator modules: jdk.incubator.vector",
        "SLF4J(W): No SLF4J providers were found.");
    assertThat(error).containsExactly("Exception in thread main");
    assertThat(info).isEmpty();
  }

  @Test
  void tees_the_whole_output_after_the_command_to_the_log_and_leaves_no_partial_file() throws Exception {
    Path log = dir.resolve("run/quickstart/train.log");
    sh("echo one; echo 'WARN two'; echo 'ERROR three' >&2", Map.of(), log);

    List<String> lines = Files.readAllLines(log);
    assertThat(lines.getFirst()).startsWith("# /bin/sh -c echo one;");
    assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder("one", "WARN two", "ERROR three");
    assertThat(lines.subList(1, lines.size())).containsSubsequence("one", "WARN two");
    try (var files = Files.list(log.getParent())) {
      assertThat(files).containsExactly(log);
    }
  }

  @Test
  void returns_the_exit_code_and_the_log() throws Exception {
    Path log = dir.resolve("evaluate.log");
    ForkResult r = sh("echo 'descriptor: unknown key' >&2; exit 2", Map.of(), log);

    assertThat(r).isEqualTo(new ForkResult(2, log, false));
    assertThat(r.failure("sae:evaluate", Path.of("java"))).hasValueSatisfying(m -> assertThat(m)
        .contains("exit code 2", log.toString()));
  }

  @Test
  void notices_an_unsupported_class_version() throws Exception {
    ForkResult r = sh("echo 'Error: LinkageError occurred while loading main class org.sae4j.core.cli.Main' >&2;"
        + " echo '\tjava.lang.UnsupportedClassVersionError: org/sae4j/core/cli/Main has been compiled by a more"
        + " recent version' >&2; exit 1", Map.of(), dir.resolve("train.log"));

    assertThat(r.classVersionTooNew()).isTrue();
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void adds_environment_variables_to_the_fork() throws Exception {
    sh("echo \"tracking=$OPT_OUT_TRACKING\"", Map.of("OPT_OUT_TRACKING", "true"), dir.resolve("g.log"));

    assertThat(info).containsExactly("tracking=true");
  }

  @Test
  void relays_non_ascii_output_as_utf8() throws Exception {
    // Octal escapes keep the command line ASCII whatever the test machine's locale; the output is UTF-8.
    sh("printf '\\316\\273 warm-up \\342\\206\\222 5%%\\n'", Map.of(), dir.resolve("g.log"));

    assertThat(info).containsExactly("λ warm-up → 5%");
  }

  @Test
  void reports_a_fork_that_cannot_start_and_still_leaves_a_log() {
    Path log = dir.resolve("train.log");
    assertThatThrownBy(() -> new ForkRunner(output, Map.of())
        .run(List.of(dir.resolve("no-such-java").toString(), "-version"), dir, log))
        .isInstanceOf(IOException.class).hasMessageContaining("no-such-java");
    assertThat(log).content().startsWith("# " + dir.resolve("no-such-java"));
  }

  @Test
  void interrupting_the_wait_destroys_the_fork() throws Exception {
    Path log = dir.resolve("train.log");
    CompletableFuture<Thread> runner = new CompletableFuture<>();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().start(() -> {
      runner.complete(Thread.currentThread());
      try {
        sh("echo $$; exec sleep 60", Map.of(), log);
        outcome.complete(null);
      } catch (Exception e) {
        outcome.complete(e);
      }
    });
    long pid = awaitFirstLine();
    runner.get().interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    t.join();
    ProcessHandle.of(pid).ifPresent(p -> assertThat(p.onExit()).succeedsWithin(Duration.ofSeconds(10)));
    assertThat(log).content().contains(Long.toString(pid));
  }

  @Test
  void two_runs_into_the_same_log_each_write_their_own_and_publish_a_whole_one() throws Exception {
    Path log = dir.resolve("run/quickstart/train.log");
    String script = "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do echo %s$i; sleep 0.02; done";
    CompletableFuture<ForkResult> a = CompletableFuture.supplyAsync(() -> quietly(script.formatted("a"), log));
    CompletableFuture<ForkResult> b = CompletableFuture.supplyAsync(() -> quietly(script.formatted("b"), log));

    assertThat(a.get(30, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(b.get(30, TimeUnit.SECONDS).exitCode()).isZero();
    // The log that won is one run's output, whole and unmixed; nothing temporary is left behind.
    List<String> lines = Files.readAllLines(log);
    String run = lines.get(1).substring(0, 1);
    assertThat(lines.getFirst()).startsWith("# /bin/sh -c for i in").contains("echo " + run + "$i");
    assertThat(lines.subList(1, lines.size())).hasSize(20).allMatch(l -> l.startsWith(run));
    try (var files = Files.list(log.getParent())) {
      assertThat(files).containsExactly(log);
    }
  }

  @Test
  void concurrent_forks_with_long_class_paths_read_their_own_arg_files_which_are_then_deleted() throws Exception {
    Path log = dir.resolve("run/quickstart/train.log");
    // /bin/sh stands in for java: the first word after the script is $0, here the @argfile, which it prints.
    CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> catArgFile("a", log));
    CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> catArgFile("b", log));

    assertThat(a.get(30, TimeUnit.SECONDS)).singleElement().asString().startsWith("-cp \"/a/")
        .contains("/a/repository/org/example/lib199/").doesNotContain("/b/");
    assertThat(b.get(30, TimeUnit.SECONDS)).singleElement().asString().startsWith("-cp \"/b/")
        .contains("/b/repository/org/example/lib199/").doesNotContain("/a/");
    try (var files = Files.list(log.getParent())) {
      assertThat(files).containsExactly(log);
    }
  }

  @Test
  void the_log_names_the_class_path_even_when_an_arg_file_holds_it() throws Exception {
    Path log = dir.resolve("run/train.log");
    catArgFile("cp", log);

    List<String> lines = Files.readAllLines(log);
    assertThat(lines.get(0)).startsWith("# /bin/sh -c").contains(" @");
    assertThat(lines.get(1)).startsWith("# class path: /cp/repository/org/example/lib0/1.0/lib.jar")
        .endsWith("lib199/1.0/lib.jar");
  }

  @Test
  void a_fork_without_a_log_relays_its_output_and_writes_no_file() throws Exception {
    ForkResult r = new ForkRunner(output, Map.of()).run(List.of("/bin/sh", "-c", "echo answer; exit 2"), dir, null);

    assertThat(info).containsExactly("answer");
    assertThat(r).isEqualTo(new ForkResult(2, null, false));
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void a_fork_without_a_log_puts_a_long_class_path_in_a_temporary_arg_file_and_deletes_it() {
    assertThat(catArgFile("tmp", null)).anySatisfy(line -> assertThat(line).contains("/tmp/repository/org/example"));
  }

  /** Runs a fork whose long class path under /{@code root}/ forces an arg file, and returns what it printed. */
  private List<String> catArgFile(String root, Path log) {
    List<Path> classpath = IntStream.range(0, 200).mapToObj(i -> Path.of("/" + root + "/repository/org/example/lib" + i + "/1.0/lib.jar")).toList();
    EngineFork fork = new EngineFork(Path.of("/bin/sh"), List.of("-c", "sleep 0.3; cat \"${0#@}\""), classpath,
        "train", EngineFork.descriptorArguments(dir.resolve("x.yaml"), dir.resolve("out"), null), 1,
        ProcessHandle.current().pid());
    assertThat(fork.needsArgFile()).isTrue();
    RecordingOutput collect = new RecordingOutput();
    try {
      assertThat(new ForkRunner(collect, Map.of()).run(fork, dir, log).exitCode()).isZero();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(collect.error).isEmpty();
    return collect.info;
  }

  private ForkResult quietly(String script, Path log) {
    try {
      return sh(script, Map.of(), log);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long awaitFirstLine() throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (info.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new ExecutionException(new AssertionError("the fork printed nothing within 10 s"));
      }
      Thread.sleep(10);
    }
    return Long.parseLong(info.getFirst());
  }
}

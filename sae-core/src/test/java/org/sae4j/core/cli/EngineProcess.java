package org.sae4j.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.sae4j.store.ActivationStore;

/**
 * The engine's command line ({@link Main}) forked into a JVM of its own, as {@code sae:train} forks it, so that a
 * test can kill it: with a fault point armed ({@code -Dsae4j.fault=NAME:N}, the JVM halts there as after SIGKILL) or
 * with a real SIGKILL ({@link ProcessHandle#destroyForcibly()}) as soon as it has printed a given line. Standard output
 * and error are read together, line by line, to the end, and kept in a log file for the failure messages.
 */
final class EngineProcess {
  /** The exit status of a JVM killed by SIGKILL, and of one halted by a fault point. */
  static final int KILLED = 137;
  /**
   * The flags every engine JVM needs (the Maven plugin's {@code EngineFork.REQUIRED_JVM_FLAGS}), plus a lock wait of
   * 0 s: a lock left behind by a killed engine would fail the next command at once instead of stalling it.
   */
  private static final List<String> ENGINE_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
      "--enable-native-access=ALL-UNNAMED", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
      "-Dai.djl.offline=true", "-Dsae4j.lockWaitSeconds=0", "-Xmx512m", "-XX:+UseSerialGC");
  private static final long TIMEOUT_SECONDS = 300;
  /**
   * Every forked engine of this test JVM belongs to one "build", as the goals Maven forks do: files verified by an
   * earlier fork are not hashed again while unchanged, and every fault must still be found.
   */
  private static final String SESSION = "-D" + ActivationStore.VERIFY_SESSION_PROPERTY + "=engine-process-"
      + ProcessHandle.current().pid();

  /** What a forked command did: its exit status and every line it printed. */
  record Outcome(int exitStatus, List<String> lines, Path log) {
    boolean printed(String fragment) {
      return lines.stream().anyMatch(line -> line.contains(fragment));
    }

    /** For assertion messages: the command's log. */
    String describe() {
      return "engine log " + log + ":\n" + String.join("\n", lines);
    }
  }

  private EngineProcess() {
  }

  /**
   * Runs {@code arguments} (a command and its options) in a fresh engine JVM and waits for it.
   *
   * @param jvmOptions extra JVM options, e.g. an armed fault point
   * @param killAfter the engine is killed (SIGKILL) right after it prints the first line this accepts
   * @param log where the output is kept
   */
  static Outcome run(List<String> jvmOptions, List<String> arguments, Predicate<String> killAfter, Path log)
      throws IOException, InterruptedException {
    Process engine = new ProcessBuilder(command(jvmOptions, arguments)).redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofPlatform().name("engine-output").start(() -> read(engine, killAfter, lines));
    boolean exited = engine.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      engine.destroyForcibly().waitFor();
    }
    reader.join();
    Files.createDirectories(log.getParent());
    Files.write(log, lines, StandardCharsets.UTF_8);
    Outcome outcome = new Outcome(engine.exitValue(), List.copyOf(lines), log);
    assertThat(exited).as("%s exited within %d s; %s", arguments, TIMEOUT_SECONDS, outcome.describe()).isTrue();
    return outcome;
  }

  /**
   * The command line of an engine JVM: this JVM's {@code java}, the engine's flags, then {@code jvmOptions}, the test
   * class path, {@link Main} and {@code arguments}.
   */
  static List<String> command(List<String> jvmOptions, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ENGINE_FLAGS);
    command.add(SESSION);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(arguments);
    return command;
  }

  private static void read(Process engine, Predicate<String> killAfter, List<String> lines) {
    try (BufferedReader out = engine.inputReader(StandardCharsets.UTF_8)) {
      boolean killed = false;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        if (!killed && killAfter.test(line)) {
          // The handle's kill sends SIGKILL and, unlike Process.destroyForcibly, leaves the output to be read.
          engine.toHandle().destroyForcibly();
          killed = true;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

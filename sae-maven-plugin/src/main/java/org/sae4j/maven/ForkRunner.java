package org.sae4j.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts an engine fork, relays its output line by line and waits for it.
 *
 * <p>Standard output goes to {@link Output#info} (lines starting with {@code WARN } to {@link Output#warn},
 * without the prefix), standard error to {@link Output#error} (without a leading {@code ERROR }), except the
 * JVM's and SLF4J's own warnings ({@code WARNING: }, {@code SLF4J(W): }), which go to {@link Output#warn}.
 * Everything is also written, unchanged, to a log file after a first line holding the command; the log is written
 * under a temporary name of its own ({@code <log>.<pid>-<random>.partial}) and renamed when the fork ends, so a file
 * with the final name is always one whole log, also when two builds run into the same directory at once (the last
 * to end wins). If the waiting thread is interrupted or the Maven JVM shuts down, the fork and its descendants are
 * destroyed; if the Maven JVM is killed outright, the engine notices by itself ({@link EngineFork#parentPid()}).
 */
public final class ForkRunner {

  /** Where relayed lines go; Maven's log in the plugin, a list in tests. Must accept calls from two threads. */
  public interface Output {
    /** A progress line from the fork's standard output. */
    void info(String line);

    /** A warning: from standard output without its {@code WARN } prefix, or the JVM's from standard error. */
    void warn(String line);

    /** A line from the fork's standard error, without a leading {@code ERROR } prefix. */
    void error(String line);
  }

  private static final String WARN_PREFIX = "WARN ";
  private static final String ERROR_PREFIX = "ERROR ";
  /** Warnings the JVM and libraries print on standard error, e.g. about incubator modules; not errors. */
  private static final List<String> STDERR_WARNINGS = List.of("WARNING: ", "SLF4J(W): ");
  private static final long DRAIN_MILLIS = 5_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Output output;
  private final Map<String, String> environment;

  /**
   * @param output receives the relayed lines
   * @param environment variables added to the fork's inherited environment
   */
  public ForkRunner(Output output, Map<String, String> environment) {
    this.output = output;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Runs an engine fork until it exits. A long class path goes into an argument file of its own beside the log (in
   * the temporary directory for a fork without a log), deleted when the fork ends, so concurrent forks never read
   * each other's. The log's second line holds the class path ({@code # class path: …}), which an argument file would
   * otherwise hide.
   *
   * @param logFile where the whole output ends up, its directory created if needed; null to keep no log
   * @return the exit code and the log
   * @throws IOException when the process cannot be started, its output cannot be read or the log written
   * @throws InterruptedException when interrupted while waiting (the fork is destroyed first)
   */
  public ForkResult run(EngineFork fork, Path workingDirectory, Path logFile) throws IOException, InterruptedException {
    String classpath = "# class path: " + fork.classpathString();
    if (!fork.needsArgFile()) {
      return run(fork.toCommand(), classpath, workingDirectory, logFile);
    }
    Path argFile = logFile != null ? uniqueSibling(logFile, fork.command(), ".args")
        : Files.createTempFile("sae4j-" + fork.command(), ".args");
    try {
      Files.writeString(argFile, fork.argFileContent(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      return run(fork.toCommand(argFile), classpath, workingDirectory, logFile);
    } finally {
      Files.deleteIfExists(argFile);
    }
  }

  /**
   * Runs {@code command} in {@code workingDirectory} until it exits.
   *
   * @param logFile where the whole output ends up; its directory is created if needed
   * @return the exit code and the log
   * @throws IOException when the process cannot be started, its output cannot be read or the log written
   * @throws InterruptedException when interrupted while waiting (the fork is destroyed first)
   */
  public ForkResult run(List<String> command, Path workingDirectory, Path logFile)
      throws IOException, InterruptedException {
    return run(command, null, workingDirectory, logFile);
  }

  private ForkResult run(List<String> command, String header, Path workingDirectory, Path logFile)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder.environment().putAll(environment);
    if (logFile == null) {
      return runLogged(builder, new SyncLog(Writer.nullWriter()), null);
    }
    Path partial = uniqueSibling(logFile, logFile.getFileName().toString(), ".partial");
    try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      SyncLog log = new SyncLog(writer);
      log.line("# " + String.join(" ", command));
      if (header != null) {
        log.line(header);
      }
      return runLogged(builder, log, logFile);
    } finally {
      Files.move(partial, logFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /**
   * A name beside {@code file} that no other process uses: {@code <stem>.<pid>-<random><suffix>}. The file is created
   * with {@code CREATE_NEW} by the caller, so the umask sets its mode, unlike a {@code createTempFile}'s 0600.
   */
  private static Path uniqueSibling(Path file, String stem, String suffix) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return dir.resolve(stem + "." + ProcessHandle.current().pid() + "-"
        + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + suffix);
  }

  private ForkResult runLogged(ProcessBuilder builder, SyncLog log, Path logFile)
      throws IOException, InterruptedException {
    Process process = builder.start();
    Thread killer = new Thread(() -> destroy(process), "sae4j-fork-killer");
    Runtime.getRuntime().addShutdownHook(killer);
    Thread stderr = relay("sae4j-fork-stderr", process.getErrorStream(), log, line -> {
      if (STDERR_WARNINGS.stream().anyMatch(line::startsWith)) {
        output.warn(line);
      } else {
        output.error(strip(line, ERROR_PREFIX));
      }
    });
    Thread stdout = relay("sae4j-fork-stdout", process.getInputStream(), log, line -> {
      if (line.startsWith(WARN_PREFIX)) {
        output.warn(strip(line, WARN_PREFIX));
      } else {
        output.info(line);
      }
    });
    try {
      process.getOutputStream().close();
      int exit = process.waitFor();
      stdout.join();
      stderr.join();
      log.rethrow();
      return new ForkResult(exit, logFile, log.sawClassVersionError());
    } catch (InterruptedException e) {
      destroy(process);
      // Let the relays log what the fork printed last before the log is closed.
      stdout.join(DRAIN_MILLIS);
      stderr.join(DRAIN_MILLIS);
      throw e;
    } finally {
      removeHook(killer);
    }
  }

  /**
   * Reads one stream on its own thread so the caller waits interruptibly. It keeps draining after a failing
   * {@code sink}, so a full pipe never blocks the fork; the first failure is reported by {@link SyncLog#rethrow}.
   */
  private static Thread relay(String name, InputStream stream, SyncLog log, Consumer<String> sink) {
    Thread relay = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          log.line(line);
          try {
            sink.accept(line);
          } catch (RuntimeException e) {
            log.fail(new IOException("could not relay the fork's output: " + e, e));
          }
        }
      } catch (IOException e) {
        log.fail(new IOException("could not read the fork's output: " + e.getMessage(), e));
      }
    }, name);
    relay.setDaemon(true);
    relay.start();
    return relay;
  }

  /** Drops the engine's level prefix, which Maven's log already shows as {@code [WARNING]} or {@code [ERROR]}. */
  private static String strip(String line, String prefix) {
    return line.startsWith(prefix) ? line.substring(prefix.length()) : line;
  }

  private static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting and the hook is running or has run; nothing to undo.
    }
  }

  /** The log shared by the two relay threads; remembers the first I/O error for the waiting thread. */
  private static final class SyncLog {
    private final Writer writer;
    private IOException failure;
    private boolean classVersionError;

    SyncLog(Writer writer) {
      this.writer = writer;
    }

    synchronized void line(String line) {
      if (line.contains("UnsupportedClassVersionError")) {
        classVersionError = true;
      }
      try {
        writer.write(line);
        writer.write('\n');
      } catch (IOException e) {
        fail(e);
      }
    }

    synchronized void fail(IOException e) {
      if (failure == null) {
        failure = e;
      }
    }

    synchronized boolean sawClassVersionError() {
      return classVersionError;
    }

    synchronized void rethrow() throws IOException {
      if (failure != null) {
        throw failure;
      }
    }
  }
}

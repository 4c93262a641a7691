package org.sae4j.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * One run of the sae4j engine in its own JVM, as a value: {@link #toCommand()} builds the command line without
 * side effects, so it can be checked without starting anything.
 *
 * @param java the {@code java} executable of the fork (must be Java 25 or later)
 * @param jvmArgs JVM options, in order, placed before the class path
 * @param classpath the engine's jars (sae-core and its runtime dependencies), in order
 * @param command the engine command: one of {@link #COMMANDS}
 * @param arguments the command's own arguments, e.g. {@link #descriptorArguments} or {@link #runArguments}
 * @param threads worker threads, at least 1
 * @param parentPid the process whose end stops the fork ({@code --parent-pid}): the Maven JVM, so that killing Maven,
 *     even with SIGKILL, stops the engine within a second or two instead of leaving it writing the run directory
 */
public record EngineFork(Path java, List<String> jvmArgs, List<Path> classpath, String command, List<String> arguments,
    int threads, long parentPid) {

  /** The engine's entry point. */
  public static final String MAIN_CLASS = "org.sae4j.core.cli.Main";

  /** The sweep command line's entry point (module sae-sweep); {@code sweep} forks run its {@code run} command. */
  public static final String SWEEP_MAIN_CLASS = "org.sae4j.sweep.cli.SweepMain";

  /** The engine command that runs a sweep. */
  public static final String SWEEP = "sweep";

  /** The command that checks a sweep's goals ({@code SweepMain check}). */
  public static final String SWEEP_CHECK = "sweep-check";

  /** The command that checks an experiment's goals. */
  public static final String CHECK = "check";

  /** The command that validates a descriptor and says what its goals' forks need. */
  public static final String DESCRIBE = "describe";

  /** The engine commands a fork may run. */
  public static final Set<String> COMMANDS = Set.of("generate", "train", "evaluate", "analyze", "reproduce",
      "report", SWEEP, SWEEP_CHECK, CHECK, DESCRIBE);

  /** The commands that are the sweep command line's ({@link #SWEEP_MAIN_CLASS}), with their name there. */
  private static final Map<String, String> SWEEP_COMMANDS = Map.of(SWEEP, "run", SWEEP_CHECK, "check");

  /**
   * JVM flags every engine fork needs: the Vector API, Arrow's off-heap memory, native access, UTF-8 output
   * (the plugin reads it as UTF-8), and DJL kept offline. Defined once, as {@code sae.launcherFlags} in the parent
   * pom (which the tests' {@code argLine} and the distribution's {@code bin/sae4j} use too), and copied into the
   * plugin's {@code engine.properties} by the build.
   */
  public static final List<String> REQUIRED_JVM_FLAGS = ArgLine.split(engineProperty("jvmFlags"));

  /**
   * The fork's JVM options in order: {@link #REQUIRED_JVM_FLAGS}, the backend's (TornadoVM's argfile), then the
   * user's, so that a later option can override an earlier property.
   */
  public static List<String> jvmArgs(List<String> backendArgs, List<String> userArgs) {
    List<String> args = new ArrayList<>(REQUIRED_JVM_FLAGS);
    args.addAll(backendArgs);
    args.addAll(userArgs);
    return List.copyOf(args);
  }

  /**
   * Class paths longer than this go into an argument file: Windows caps a whole command line near 32 K
   * characters, and a long inline class path also buries the interesting flags in the log.
   */
  static final int ARG_FILE_THRESHOLD = 8_000;

  /**
   * The arguments of a command that runs one experiment: {@code --descriptor <file> --output <dir>}, then
   * {@code --backend <name>} when {@code backend} overrides the descriptor's (null or blank keeps it).
   */
  public static List<String> descriptorArguments(Path descriptor, Path output, String backend) {
    List<String> args = new ArrayList<>(List.of("--descriptor", descriptor.toString(), "--output", output.toString()));
    if (backend != null && !backend.isBlank()) {
      args.add("--backend");
      args.add(backend);
    }
    return List.copyOf(args);
  }

  /** The arguments of {@code reproduce}: {@code --run <dir>}, the finished run directory. */
  public static List<String> runArguments(Path run) {
    return List.of("--run", run.toString());
  }

  /** Checks the fork is complete and copies the lists. */
  public EngineFork {
    Objects.requireNonNull(java, "java");
    jvmArgs = List.copyOf(jvmArgs);
    classpath = List.copyOf(classpath);
    arguments = List.copyOf(arguments);
    if (!COMMANDS.contains(command)) {
      throw new IllegalArgumentException("unknown engine command '" + command + "'; expected one of " + COMMANDS);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (classpath.isEmpty()) {
      throw new IllegalArgumentException("the engine class path is empty");
    }
    if (parentPid < 1) {
      throw new IllegalArgumentException("parentPid must be a process id, got " + parentPid);
    }
  }

  /**
   * The command line with the class path inline:
   * {@code java <jvmArgs> -cp <classpath> Main <command> <arguments> --threads <N> --parent-pid <pid>}
   * ({@code SweepMain run …} for {@value #SWEEP}).
   */
  public List<String> toCommand() {
    return build(List.of("-cp", classpathString()));
  }

  /**
   * The command line with the class path read from {@code argFile}, which must hold {@link #argFileContent()}.
   */
  public List<String> toCommand(Path argFile) {
    return build(List.of("@" + argFile));
  }

  /** Whether the class path is long enough to go into an argument file. */
  public boolean needsArgFile() {
    return classpathString().length() > ARG_FILE_THRESHOLD;
  }

  /**
   * The argument file for {@link #toCommand(Path)}: {@code -cp} and the class path, quoted in the syntax of the
   * {@code java} launcher's {@code @file} (backslashes and quotes escaped inside double quotes).
   */
  public String argFileContent() {
    String cp = classpathString().replace("\\", "\\\\").replace("\"", "\\\"");
    return "-cp \"" + cp + "\"\n";
  }

  /** The class path joined with the platform's path separator. */
  public String classpathString() {
    return String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList());
  }

  private List<String> build(List<String> classpathArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(classpathArgs);
    String sweepCommand = SWEEP_COMMANDS.get(command);
    cmd.add(sweepCommand != null ? SWEEP_MAIN_CLASS : MAIN_CLASS);
    cmd.add(sweepCommand != null ? sweepCommand : command);
    cmd.addAll(arguments);
    cmd.add("--threads");
    cmd.add(Integer.toString(threads));
    cmd.add("--parent-pid");
    cmd.add(Long.toString(parentPid));
    return List.copyOf(cmd);
  }

  /** A value of the build-written {@code engine.properties} beside this class. */
  private static String engineProperty(String key) {
    Properties p = new Properties();
    try (InputStream in = EngineFork.class.getResourceAsStream("engine.properties")) {
      if (in == null) {
        throw new IllegalStateException("the plugin jar has no org/sae4j/maven/engine.properties");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String value = p.getProperty(key);
    if (value == null || value.contains("${")) {
      throw new IllegalStateException("engine.properties has no " + key + " filled in by the build: " + value);
    }
    return value;
  }
}

package org.sae4j.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * What every sae4j goal shares: the descriptor, the output directory, {@code sae.skip}, and running the engine in a
 * forked Java 25 JVM. The plugin itself is Java 17 bytecode and never links the engine: every goal, descriptor
 * validation included, is an engine command in a fork ({@code describe} first, to validate the descriptor and learn
 * what the goal's fork needs), whose class path is resolved when the goal runs ({@link EngineClasspath}) and whose
 * {@code java} is found by {@link EngineJvm}. Subclasses implement {@link #executeGoal()}; {@link #execute()} is final
 * so skipping behaves the same everywhere.
 */
public abstract class AbstractSaeMojo extends AbstractMojo {

  /** The experiment descriptor ({@code *.yaml}, see docs/descriptor.md). */
  @Parameter(property = "sae.descriptor", required = true)
  private File descriptor;

  /** Where runs ({@code <name>/}) and data sets ({@code data/}) are written. */
  @Parameter(property = "sae.outputDirectory", defaultValue = "${project.build.directory}/sae", required = true)
  private File outputDirectory;

  /** Skips every sae4j goal. */
  @Parameter(property = "sae.skip", defaultValue = "false")
  private boolean skip;

  /**
   * Backend override ({@code auto}, {@code jvm}, {@code tornadovm}); by default the descriptor's. Every goal sees it,
   * {@code sae:check} too: the backend is part of a run's identity, so a run trained under an override is checked
   * under the same one.
   */
  @Parameter(property = "sae.backend")
  private String backend;

  /**
   * The {@code java} executable of the engine's fork (Java 25 or later). By default a Maven toolchain of type
   * {@code jdk} and version 25 or later, else the JVM running Maven if it is 25 or later, else {@code JAVA_HOME}, else
   * the newest JDK 25+ in the usual install directories ({@code /usr/lib/jvm/*} and the like).
   */
  @Parameter(property = "sae.jvm")
  private File jvm;

  /**
   * Extra JVM arguments for the fork, e.g. {@code -Xmx8g}; quotes group, and {@code @{property}} is replaced
   * late with a project property.
   */
  @Parameter(property = "sae.argLine")
  private String argLine;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
  private RepositorySystemSession repositorySession;

  /** Resolves the engine's class path. */
  @Inject
  private RepositorySystem repositorySystem;

  /** Finds a JDK 25+ toolchain for the fork. */
  @Inject
  private ToolchainManager toolchains;

  /** The engine's {@code java}, once found. */
  private Path engineJava;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping sae4j: sae.skip is set");
      return;
    }
    executeGoal();
  }

  /**
   * Runs the goal.
   *
   * @throws MojoExecutionException on broken input or an engine error
   * @throws MojoFailureException when the experiment misses a goal it declares
   */
  protected abstract void executeGoal() throws MojoExecutionException, MojoFailureException;

  /** The goal's name for messages, e.g. {@code sae:train}. */
  protected abstract String goalName();

  /** {@code -Dsae.backend}, or null when the descriptor's backend stands. */
  protected final String backendOverride() {
    return backend;
  }

  /**
   * Asks the engine to read and validate the descriptor ({@code describe}), before anything is written. The answer
   * may hold an {@link EngineAnswer#error() error}: the caller decides, since a goal that does not run this kind of
   * descriptor does nothing rather than fail.
   *
   * @param backendOverride {@code -Dsae.backend}, or null
   */
  protected final EngineAnswer describe(String backendOverride) throws MojoExecutionException {
    List<String> args = new ArrayList<>(EngineFork.descriptorArguments(descriptorFile().toPath().toAbsolutePath(),
        outputDirectory(), backendOverride));
    if (backendOverride != null && !backendOverride.isBlank()) {
      args.add("--backend-origin");
      args.add("-Dsae.backend");
    }
    return ask(EngineFork.DESCRIBE, args, false);
  }

  /**
   * Runs an engine command that answers in a {@code --result} file (appended to {@code arguments}), its output
   * relayed but not kept in a log.
   *
   * @param harvest whether the fork needs the harvest dependencies
   */
  protected final EngineAnswer ask(String command, List<String> arguments, boolean harvest)
      throws MojoExecutionException {
    Path result = null;
    try {
      result = Files.createTempFile("sae4j-" + command, ".properties");
      List<String> args = new ArrayList<>(arguments);
      args.add("--result");
      args.add(result.toString());
      EngineFork fork = fork(command, args, 1, List.of(), List.of(), harvest);
      ForkResult ran = run(fork, null);
      Optional<EngineAnswer> answer = EngineAnswer.read(result);
      if (answer.isPresent()) {
        return answer.get();
      }
      throw new MojoExecutionException(ran.failure(goalName(), fork.java())
          .orElse(goalName() + ": the engine's " + command + " left no answer in " + result));
    } catch (IOException e) {
      throw new MojoExecutionException(goalName() + ": could not run the engine fork: " + e.getMessage(), e);
    } finally {
      deleteQuietly(result);
    }
  }

  /**
   * An engine fork for {@code command}: the engine's {@code java}, the JVM flags it needs, then
   * {@code backendArgs}, then the user's {@code argLine}; the engine's class path (with the harvest dependencies
   * only when {@code harvest}) and {@code extraClasspath}.
   */
  protected final EngineFork fork(String command, List<String> arguments, int threads, List<String> backendArgs,
      List<Path> extraClasspath, boolean harvest) throws MojoExecutionException {
    Path java = engineJava();
    try {
      List<String> jvmArgs = EngineFork.jvmArgs(backendArgs, ArgLine.split(ArgLine.interpolate(argLine,
          this::property)));
      List<Path> classpath = new ArrayList<>(engineClasspath(harvest, !EngineFork.DESCRIBE.equals(command)));
      extraClasspath.stream().filter(p -> !classpath.contains(p)).forEach(classpath::add);
      return new EngineFork(java, jvmArgs, classpath, command, arguments, threads, ProcessHandle.current().pid());
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(goalName() + ": cannot set up the engine fork: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code fork} in the project's directory, relaying its output to Maven's log.
   *
   * @param log the log file, or null to keep none
   */
  protected final ForkResult run(EngineFork fork, Path log) throws MojoExecutionException {
    getLog().debug("Forking command line: " + String.join(" ", fork.toCommand()));
    try {
      ForkRunner runner = new ForkRunner(new MavenOutput(getLog()), Map.of("OPT_OUT_TRACKING", "true"));
      return runner.run(fork, project.getBasedir().toPath(), log);
    } catch (IOException e) {
      throw new MojoExecutionException(goalName() + ": could not run the engine fork: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException(goalName() + ": interrupted; the engine fork was stopped", e);
    }
  }

  /** The engine's {@code java}, found once per goal; logged when it is not the JVM running Maven. */
  private Path engineJava() throws MojoExecutionException {
    if (engineJava == null) {
      Path runningHome = Path.of(System.getProperty("java.home"));
      try {
        EngineJvm.Choice choice = EngineJvm.choose(jvm == null ? null : jvm.toPath(), toolchainJava(), runningHome,
            System.getenv("JAVA_HOME"), EngineJvm.WELL_KNOWN);
        if (!EngineJvm.home(choice.java()).equals(runningHome.toAbsolutePath().normalize())) {
          getLog().info(goalName() + ": the engine runs on " + choice.java() + " (Java " + choice.version() + ", from "
              + choice.origin() + "); Maven runs on Java " + System.getProperty("java.version"));
        }
        engineJava = choice.java();
      } catch (IllegalStateException e) {
        throw new MojoExecutionException(goalName() + ": " + e.getMessage(), e);
      }
    }
    return engineJava;
  }

  /** The {@code java} of the first jdk toolchain of version 25 or later in toolchains.xml, if any. */
  private Optional<Path> toolchainJava() {
    List<Toolchain> found = toolchains.getToolchains(session, "jdk", Map.of("version", "[" + EngineJvm.REQUIRED + ",)"));
    return found.stream().map(t -> t.findTool("java")).filter(t -> t != null).map(Path::of).findFirst();
  }

  /**
   * The engine's jars, resolved from the plugin repositories in the plugin's version, then what a pom added to the
   * plugin.
   *
   * @param logged whether to say at info what it holds (for the goal's own fork; {@code describe}'s is at debug)
   */
  private List<Path> engineClasspath(boolean harvest, boolean logged) throws MojoExecutionException {
    List<Path> classpath;
    try {
      classpath = EngineClasspath.merge(EngineClasspath.resolve(repositorySystem, repositorySession,
          project.getRemotePluginRepositories(), plugin.getGroupId(), plugin.getVersion(), harvest), pluginExtras());
    } catch (DependencyResolutionException | ArtifactDescriptorException e) {
      throw new MojoExecutionException(goalName() + ": cannot resolve the sae4j engine " + plugin.getGroupId() + ":"
          + EngineClasspath.ENGINE_MODULES + ":" + plugin.getVersion() + ": " + e.getMessage(), e);
    }
    long bytes = classpath.stream().mapToLong(p -> p.toFile().length()).sum();
    String line = goalName() + ": engine class path: " + classpath.size() + " jars, "
        + String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6)
        + (harvest ? ", with the harvest dependencies" : ", without the harvest dependencies (no PyTorch, no models)");
    if (logged) {
      getLog().info(line);
    } else {
      getLog().debug(line);
    }
    return classpath;
  }

  /** The plugin's own resolved dependencies (those a pom adds to it), without the plugin jar. */
  private Map<String, Path> pluginExtras() {
    Map<String, Path> extras = new LinkedHashMap<>();
    for (Artifact a : plugin.getArtifacts()) {
      boolean self = a.getGroupId().equals(plugin.getGroupId()) && a.getArtifactId().equals(plugin.getArtifactId());
      if (!self && a.getFile() != null) {
        extras.putIfAbsent(EngineClasspath.key(a.getGroupId(), a.getArtifactId(), a.getClassifier()),
            a.getFile().toPath());
      }
    }
    return extras;
  }

  /** A project property, else a user or system property ({@code -Dname=value} on Maven's command line). */
  private String property(String name) {
    String value = project.getProperties().getProperty(name);
    return value != null ? value : System.getProperty(name);
  }

  /** The output directory, absolute. */
  protected final Path outputDirectory() {
    return outputDirectory.toPath().toAbsolutePath();
  }

  /** The descriptor file as configured. */
  protected final File descriptorFile() {
    return descriptor;
  }

  /** The plugin, for its group, version and dependencies. */
  protected final PluginDescriptor plugin() {
    return plugin;
  }

  /** The project the goal runs in. */
  protected final MavenProject project() {
    return project;
  }

  /** The resolver's session, for artifacts beyond the engine's class path. */
  protected final RepositorySystemSession repositorySession() {
    return repositorySession;
  }

  /** The resolver, for artifacts beyond the engine's class path. */
  protected final RepositorySystem repositorySystem() {
    return repositorySystem;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file left in java.io.tmpdir; nothing depends on it
      }
    }
  }

  /** Relays the fork's lines to Maven's log, which is safe to call from the stderr thread. */
  private record MavenOutput(Log log) implements ForkRunner.Output {
    @Override
    public void info(String line) {
      log.info(line);
    }

    @Override
    public void warn(String line) {
      log.warn(line);
    }

    @Override
    public void error(String line) {
      log.error(line);
    }
  }
}

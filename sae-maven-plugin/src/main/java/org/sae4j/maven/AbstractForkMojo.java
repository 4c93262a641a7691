package org.sae4j.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.core.run.RunLayout;

/**
 * A goal that runs one engine command in a forked JVM (like Surefire's fork): the engine needs its own JVM
 * flags and heap, and a crash or {@code System.exit} in it must not take Maven down.
 */
public abstract class AbstractForkMojo extends AbstractSaeMojo {

  /** Worker threads of the engine; the default is the number of available processors. */
  @Parameter(property = "sae.threads")
  private Integer threads;

  /** Backend override ({@code auto}, {@code jvm}, {@code tornadovm}); by default the descriptor's. */
  @Parameter(property = "sae.backend")
  private String backend;

  /**
   * The TornadoVM installation for {@code backend: tornadovm} (and {@code auto}); by default the environment's
   * {@code TORNADOVM_HOME}. Its {@code tornado-argfile} goes on the fork's command line.
   */
  @Parameter(property = "sae.tornadovm.home")
  private File tornadoHome;

  /** The {@code java} executable of the fork (Java 25 or later); by default the one running Maven. */
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

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
  private RepositorySystemSession repositorySession;

  /** Resolves the TornadoVM backend's jar when it is not a dependency of the plugin. */
  @Inject
  private RepositorySystem repositorySystem;

  /** The engine command this goal runs. */
  protected abstract String engineCommand();

  /**
   * Whether this goal runs sweep descriptors (those with a {@code sweep:} section) rather than experiments; a goal
   * given the other kind logs why and does nothing, so one pom can bind every goal for both kinds.
   */
  protected boolean runsSweeps() {
    return false;
  }

  /**
   * The experiment the fork works on, read and validated in this JVM; by default the descriptor. Its name gives the
   * directory the fork's log goes to, its backend the TornadoVM options.
   */
  protected Descriptor experiment() throws MojoExecutionException {
    return readDescriptor();
  }

  /** JVM options this goal's fork needs besides the required ones, before the user's; none by default. */
  protected List<String> goalJvmArgs() throws MojoExecutionException {
    return List.of();
  }

  /** Rejects descriptors this goal cannot run; the default accepts all. */
  protected void checkApplicable(Descriptor experiment) throws MojoExecutionException {
  }

  /** Why this goal has nothing to do for {@code experiment} (logged, and nothing is forked), or null to run. */
  protected String skipReason(Descriptor experiment) {
    return null;
  }

  /**
   * The run directory the goal works on; the fork's log and argument file go there. By default the experiment's
   * {@code <outputDirectory>/<name>/}.
   */
  protected Path runDirectory(RunLayout layout) throws MojoExecutionException {
    return layout.runDirectory();
  }

  /**
   * The engine command's arguments before {@code --threads}: by default the descriptor, the output directory and
   * the backend override ({@code null} when there is none).
   */
  protected List<String> engineArguments(RunLayout layout, String backendOverride) throws MojoExecutionException {
    return EngineFork.descriptorArguments(descriptorFile().toPath().toAbsolutePath(), layout.output(),
        backendOverride);
  }

  @Override
  protected final void executeGoal() throws MojoExecutionException {
    if (SweepReader.isSweep(descriptorFile().toPath()) != runsSweeps()) {
      getLog().info(goalName() + ": nothing to do, " + descriptorFile() + (runsSweeps() ? " is an experiment, not a "
          + "sweep (sae:train and sae:evaluate run it)" : " is a sweep (sae:sweep runs its points)"));
      return;
    }
    Descriptor experiment = experiment();
    checkApplicable(experiment);
    String skip = skipReason(experiment);
    if (skip != null) {
      getLog().info(goalName() + ": " + skip);
      return;
    }
    if (backend != null && !backend.isBlank()) {
      try {
        experiment = experiment.withBackend(backend, "-Dsae.backend");
      } catch (DescriptorException e) {
        throw new MojoExecutionException(goalName() + ": " + e.getMessage(), e);
      }
    }
    RunLayout layout = layout(experiment);
    Path runDirectory = runDirectory(layout);
    EngineFork fork = fork(engineArguments(layout, backend), tornadoVm(experiment.backend()));
    Path log = runDirectory.resolve(engineCommand() + ".log");
    try {
      getLog().info(goalName() + ": running " + experiment.name() + " in a forked JVM (" + fork.threads()
          + " threads); log: " + log);
      getLog().debug("Forking command line: " + String.join(" ", fork.toCommand()));
      ForkRunner runner = new ForkRunner(new MavenOutput(getLog()), Map.of("OPT_OUT_TRACKING", "true"));
      ForkResult result = runner.run(fork, project.getBasedir().toPath(), log);
      Optional<String> failure = result.failure(goalName(), fork.java());
      if (failure.isPresent()) {
        throw new MojoExecutionException(failure.get());
      }
    } catch (IOException e) {
      throw new MojoExecutionException(goalName() + ": could not run the engine fork: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException(goalName() + ": interrupted; the engine fork was stopped", e);
    }
  }

  private EngineFork fork(List<String> arguments, TornadoVmSetup.Plan tornadoVm) throws MojoExecutionException {
    Path java = jvm != null ? jvm.toPath() : Path.of(System.getProperty("java.home"), "bin", "java");
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    try {
      List<String> backendArgs = new ArrayList<>(tornadoVm.jvmArgs());
      backendArgs.addAll(goalJvmArgs());
      List<String> jvmArgs = EngineFork.jvmArgs(backendArgs, ArgLine.split(ArgLine.interpolate(argLine,
          this::property)));
      List<Path> classpath = new ArrayList<>(
          engineClasspath(plugin.getArtifacts(), plugin.getGroupId(), plugin.getArtifactId()));
      tornadoVm.classpath().stream().filter(p -> !classpath.contains(p)).forEach(classpath::add);
      return new EngineFork(java, jvmArgs, classpath, engineCommand(), arguments, workers,
          ProcessHandle.current().pid());
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(goalName() + ": cannot set up the engine fork: " + e.getMessage(), e);
    }
  }

  /** TornadoVM's options for the fork; fails, before anything is forked, when backend tornadovm cannot run. */
  private TornadoVmSetup.Plan tornadoVm(String effectiveBackend) throws MojoExecutionException {
    try {
      TornadoVmSetup.Plan plan = TornadoVmSetup.plan(engineCommand(), effectiveBackend, tornadoHome(),
          this::tornadoVmJar);
      if (plan.enabled()) {
        getLog().info(goalName() + ": " + plan.note());
      } else {
        getLog().debug(goalName() + ": " + plan.note());
      }
      return plan;
    } catch (IllegalStateException e) {
      throw new MojoExecutionException(goalName() + ": " + e.getMessage(), e);
    }
  }

  private Path tornadoHome() {
    if (tornadoHome != null) {
      return tornadoHome.toPath().toAbsolutePath();
    }
    String env = System.getenv("TORNADOVM_HOME");
    return env == null || env.isBlank() ? null : Path.of(env).toAbsolutePath();
  }

  /**
   * The TornadoVM backend's jar: a dependency of the plugin where the user added it, else resolved in the
   * plugin's version (a {@code -Ptornado} build installs it). A profile in the plugin's own POM could not add it:
   * Maven reads an installed plugin's POM without the profiles that were active when it was built.
   */
  private Optional<Path> tornadoVmJar() {
    Optional<Path> dependency = plugin.getArtifacts().stream()
        .filter(a -> a.getGroupId().equals(plugin.getGroupId())
            && a.getArtifactId().equals(TornadoVmSetup.ARTIFACT_ID) && a.getFile() != null)
        .map(a -> a.getFile().toPath())
        .findFirst();
    if (dependency.isPresent()) {
      return dependency;
    }
    ArtifactRequest request = new ArtifactRequest(
        new DefaultArtifact(plugin.getGroupId(), TornadoVmSetup.ARTIFACT_ID, "jar", plugin.getVersion()),
        project.getRemotePluginRepositories(), null);
    try {
      return Optional.of(repositorySystem.resolveArtifact(repositorySession, request).getArtifact().getFile()
          .toPath());
    } catch (ArtifactResolutionException e) {
      getLog().debug(goalName() + ": TornadoVM backend not found: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** A project property, else a user or system property ({@code -Dname=value} on Maven's command line). */
  private String property(String name) {
    String value = project.getProperties().getProperty(name);
    return value != null ? value : System.getProperty(name);
  }

  /**
   * The engine's class path: the plugin's resolved runtime dependencies without the plugin jar itself (which
   * needs Maven's API, absent in the fork).
   */
  static List<Path> engineClasspath(List<Artifact> artifacts, String pluginGroupId, String pluginArtifactId) {
    return artifacts.stream()
        .filter(a -> !(a.getGroupId().equals(pluginGroupId) && a.getArtifactId().equals(pluginArtifactId)))
        .filter(a -> a.getFile() != null)
        .map(a -> a.getFile().toPath())
        .toList();
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

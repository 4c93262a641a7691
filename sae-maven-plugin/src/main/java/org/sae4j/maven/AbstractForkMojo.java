package org.sae4j.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * A goal that runs one engine command in a forked JVM (like Surefire's fork): the engine needs its own JVM
 * flags and heap, and a crash or {@code System.exit} in it must not take Maven down.
 */
public abstract class AbstractForkMojo extends AbstractSaeMojo {

  /** Worker threads of the engine; the default is the number of available processors. */
  @Parameter(property = "sae.threads")
  private Integer threads;

  /**
   * The TornadoVM installation for {@code backend: tornadovm} (and {@code auto}); by default the environment's
   * {@code TORNADOVM_HOME}. Its {@code tornado-argfile} goes on the fork's command line.
   */
  @Parameter(property = "sae.tornadovm.home")
  private File tornadoHome;

  /** The engine command this goal runs. */
  protected abstract String engineCommand();

  /**
   * Whether this goal runs sweep descriptors (those with a {@code sweep:} section) rather than experiments; a goal
   * given the other kind logs why and does nothing, so one pom can bind every goal for both kinds.
   */
  protected boolean runsSweeps() {
    return false;
  }

  /** JVM options this goal's fork needs besides the required ones, before the user's; none by default. */
  protected List<String> goalJvmArgs(EngineAnswer described) throws MojoExecutionException {
    return List.of();
  }

  /** Rejects descriptors this goal cannot run; the default accepts all. */
  protected void checkApplicable(EngineAnswer described) throws MojoExecutionException {
  }

  /** Why this goal has nothing to do for the descriptor (logged, and nothing more is forked), or null to run. */
  protected String skipReason(EngineAnswer described) {
    return null;
  }

  /**
   * The run directory the goal works on; the fork's log and argument file go there. By default the experiment's
   * {@code <outputDirectory>/<name>/}.
   */
  protected Path runDirectory(EngineAnswer described) throws MojoExecutionException {
    return described.runDirectory();
  }

  /**
   * The engine command's arguments before {@code --threads}: by default the descriptor, the output directory and
   * the backend override ({@code null} when there is none).
   */
  protected List<String> engineArguments(EngineAnswer described, String backendOverride)
      throws MojoExecutionException {
    return EngineFork.descriptorArguments(descriptorFile().toPath().toAbsolutePath(), outputDirectory(),
        backendOverride);
  }

  @Override
  protected final void executeGoal() throws MojoExecutionException {
    EngineAnswer described = describe(backendOverride());
    if (described.sweep() != runsSweeps()) {
      getLog().info(goalName() + ": nothing to do, " + descriptorFile() + (runsSweeps() ? " is an experiment, not a "
          + "sweep (sae:train and sae:evaluate run it)" : " is a sweep (sae:sweep runs its points)"));
      return;
    }
    Optional<String> invalid = described.error();
    if (invalid.isPresent()) {
      throw new MojoExecutionException(goalName() + ": " + invalid.get());
    }
    checkApplicable(described);
    String skip = skipReason(described);
    if (skip != null) {
      getLog().info(goalName() + ": " + skip);
      return;
    }
    Path runDirectory = runDirectory(described);
    TornadoVmSetup.Plan tornadoVm = tornadoVm(described.backend());
    List<String> backendArgs = new ArrayList<>(tornadoVm.jvmArgs());
    backendArgs.addAll(goalJvmArgs(described));
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    EngineFork fork = fork(engineCommand(), engineArguments(described, backendOverride()), workers, backendArgs,
        tornadoVm.classpath(), described.harvest());
    Path log = runDirectory.resolve(engineCommand() + ".log");
    getLog().info(goalName() + ": running " + described.name() + " in a forked JVM (" + fork.threads()
        + " threads); log: " + log);
    Optional<String> failure = run(fork, log).failure(goalName(), fork.java());
    if (failure.isPresent()) {
      throw new MojoExecutionException(failure.get());
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
    Optional<Path> dependency = plugin().getArtifacts().stream()
        .filter(a -> a.getGroupId().equals(plugin().getGroupId())
            && a.getArtifactId().equals(TornadoVmSetup.ARTIFACT_ID) && a.getFile() != null)
        .map(a -> a.getFile().toPath())
        .findFirst();
    if (dependency.isPresent()) {
      return dependency;
    }
    ArtifactRequest request = new ArtifactRequest(
        new DefaultArtifact(plugin().getGroupId(), TornadoVmSetup.ARTIFACT_ID, "jar", plugin().getVersion()),
        project().getRemotePluginRepositories(), null);
    try {
      return Optional.of(repositorySystem().resolveArtifact(repositorySession(), request).getArtifact().getFile()
          .toPath());
    } catch (ArtifactResolutionException e) {
      getLog().debug(goalName() + ": TornadoVM backend not found: " + e.getMessage());
      return Optional.empty();
    }
  }
}

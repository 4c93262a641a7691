package org.sae4j.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A forked goal that works on a finished run's directory ({@code --run DIR}) rather than on the descriptor: the
 * descriptor's run by default, or any run directory given with {@code -Dsae.run=DIR} (e.g. one kept as a CI
 * artifact).
 */
public abstract class AbstractRunMojo extends AbstractForkMojo {

  /** The run directory; by default the descriptor's. */
  @Parameter(property = "sae.run")
  private File run;

  /**
   * Why {@code dir} cannot be worked on, or null when it can.
   *
   * @param dir the run directory, absolute
   */
  protected abstract String problem(Path dir);

  @Override
  protected final Path runDirectory(EngineAnswer described) throws MojoExecutionException {
    Path dir = run != null ? run.toPath().toAbsolutePath().normalize() : described.runDirectory();
    String problem = problem(dir);
    if (problem != null) {
      throw new MojoExecutionException(goalName() + ": " + dir + " is not a run directory: " + problem + "; run"
          + " sae:train first or pass -Dsae.run=<a directory sae:train wrote>");
    }
    return dir;
  }

  @Override
  protected List<String> engineArguments(EngineAnswer described, String backendOverride)
      throws MojoExecutionException {
    return EngineFork.runArguments(runDirectory(described));
  }
}

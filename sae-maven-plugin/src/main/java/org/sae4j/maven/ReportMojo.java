package org.sae4j.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.sae4j.core.run.RunLayout;

/**
 * Writes the run's HTML report ({@code <run>/report/index.html}: summary, goals, training curves, density histogram,
 * metrics, the analyses that ran, an index of all features and a page per most active feature), plus
 * {@code features.jsonl} and {@code checkpoint/sparsity.safetensors}, in a forked JVM. Its default phase,
 * {@code post-integration-test}, comes after {@code sae:evaluate} and before {@code sae:check}, so a build whose goals
 * are missed still leaves the report that shows why. Pages: {@code -Dsae.argLine=-Dsae4j.reportPages=N} (default 256).
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class ReportMojo extends AbstractForkMojo {

  /** The run directory to report on; by default the descriptor's. */
  @Parameter(property = "sae.run")
  private File run;

  @Override
  protected String engineCommand() {
    return "report";
  }

  @Override
  protected String goalName() {
    return "sae:report";
  }

  @Override
  protected Path runDirectory(RunLayout layout) throws MojoExecutionException {
    Path dir = run != null ? run.toPath().toAbsolutePath().normalize() : layout.runDirectory();
    if (!Files.isRegularFile(dir.resolve("run.json"))) {
      throw new MojoExecutionException(goalName() + ": " + dir + " is not a run directory (no run.json): run "
          + "sae:train first or pass -Dsae.run=<a directory sae:train wrote>");
    }
    return dir;
  }

  @Override
  protected List<String> engineArguments(RunLayout layout, String backendOverride) throws MojoExecutionException {
    return EngineFork.runArguments(runDirectory(layout));
  }
}

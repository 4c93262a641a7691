package org.sae4j.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the run's metrics against the descriptor's {@code goals} (like {@code jacoco:check}): logs a table of
 * metric, goal, value and result (printed to standard output under {@code -q}, which hides Maven's info lines),
 * one warning per missed goal, then a summary, and fails the build when a goal is missed unless
 * {@code haltOnFailure} is off. The engine's {@code check} (in a fork, as every goal) reads {@code run.json} and
 * verifies that it is complete and belongs to this descriptor, checkpoint and data set, so stale metrics never pass.
 * For a sweep it checks the sweep's goals (fit figures and point metrics) against {@code sweep.json} the same way.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractSaeMojo {

  /** Fail the build when a goal is missed; when {@code false}, only warn. */
  @Parameter(property = "sae.haltOnFailure", defaultValue = "true")
  private boolean haltOnFailure;

  @Override
  protected String goalName() {
    return "sae:check";
  }

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException {
    EngineAnswer described = describe(backendOverride());
    Optional<String> invalid = described.error();
    if (invalid.isPresent()) {
      throw new MojoExecutionException(goalName() + ": " + invalid.get());
    }
    String kind = described.sweep() ? "Sweep " : "Experiment ";
    // a sweep's goals are checked against its sweep.json, after it and its points' runs are verified
    List<String> args = new ArrayList<>(EngineFork.descriptorArguments(descriptorFile().toPath().toAbsolutePath(),
        outputDirectory(), backendOverride()));
    EngineAnswer report = ask(described.sweep() ? EngineFork.SWEEP_CHECK : EngineFork.CHECK, args,
        described.harvest());
    Optional<String> failed = report.error();
    if (failed.isPresent()) {
      throw new MojoExecutionException(goalName() + ": " + failed.get());
    }
    int goals = report.goals();
    if (goals == 0) {
      getLog().info(kind + report.experiment() + " declares no goals; nothing to check.");
      return;
    }
    if (getLog().isInfoEnabled()) {
      report.table().lines().forEach(getLog()::info);
    } else {
      // Under -q Maven shows errors only, but the table is what this goal produces: print it plainly.
      System.out.println(report.table());
    }
    List<String> missed = report.missed();
    missed.forEach(getLog()::warn);
    if (missed.isEmpty()) {
      getLog().info(kind + report.experiment() + " met all " + goals + " goals.");
      return;
    }
    String summary = kind + report.experiment() + " missed " + missed.size() + " of " + goals
        + " goals; see the table above:\n  " + String.join("\n  ", missed);
    if (haltOnFailure) {
      throw new MojoFailureException(summary);
    }
    getLog().warn(summary);
  }
}

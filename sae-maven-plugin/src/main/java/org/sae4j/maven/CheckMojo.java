package org.sae4j.maven;

import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.core.goal.GoalChecker;
import org.sae4j.core.goal.GoalOutcome;
import org.sae4j.core.goal.GoalReport;
import org.sae4j.sweep.Sweep;

/**
 * Checks the run's metrics against the descriptor's {@code goals} (like {@code jacoco:check}): logs a table of
 * metric, goal, value and result (printed to standard output under {@code -q}, which hides Maven's info lines),
 * one warning per missed goal, then a summary, and fails the build when a goal is missed unless
 * {@code haltOnFailure} is off. Runs in Maven's JVM; it reads {@code run.json} and
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
    boolean isSweep = SweepReader.isSweep(descriptorFile().toPath());
    String kind = isSweep ? "Sweep " : "Experiment ";
    SweepDescriptor sweep = isSweep ? readSweep() : null;
    Descriptor experiment = isSweep ? null : readDescriptor();
    GoalReport report;
    try {
      // a sweep's goals are checked against its sweep.json, after it and its points' runs are verified
      report = isSweep ? new Sweep(sweep, outputDirectory(), 1, getLog()::info).check()
          : GoalChecker.check(experiment, layout(experiment));
    } catch (IOException e) {
      throw new MojoExecutionException(goalName() + ": cannot check " + (isSweep ? sweep.name() : experiment.name())
          + ": " + e.getMessage(), e);
    }
    List<GoalOutcome> outcomes = report.outcomes();
    if (outcomes.isEmpty()) {
      getLog().info(kind + report.experiment() + " declares no goals; nothing to check.");
      return;
    }
    if (getLog().isInfoEnabled()) {
      report.table().lines().forEach(getLog()::info);
    } else {
      // Under -q Maven shows errors only, but the table is what this goal produces: print it plainly.
      System.out.println(report.table());
    }
    List<String> missed = report.failures().stream().map(GoalOutcome::message).toList();
    missed.forEach(getLog()::warn);
    if (missed.isEmpty()) {
      getLog().info(kind + report.experiment() + " met all " + outcomes.size() + " goals.");
      return;
    }
    String summary = kind + report.experiment() + " missed " + missed.size() + " of " + outcomes.size()
        + " goals; see the table above:\n  " + String.join("\n  ", missed);
    if (haltOnFailure) {
      throw new MojoFailureException(summary);
    }
    getLog().warn(summary);
  }
}

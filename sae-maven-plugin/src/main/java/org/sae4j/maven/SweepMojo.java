package org.sae4j.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.SweepSettings;
import org.sae4j.core.run.RunLayout;

/**
 * Runs a scaling-law sweep (a descriptor with a {@code sweep:} section) in a forked JVM: prepares the shared data
 * set, trains and evaluates every point that is not already complete (each an ordinary experiment in
 * {@code <outputDirectory>/<sweep>/points/<id>/}), fits the power laws and writes {@code sweep.json},
 * {@code sweep.md} and the plots. Logs points done and the ETA. Given an experiment descriptor it does nothing.
 */
@Mojo(name = "sweep", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class SweepMojo extends AbstractForkMojo {

  /**
   * Overrides {@code sweep.runner}: {@code local}, or {@code spark} (needs {@code org.sae4j:sae-spark} as a
   * dependency of this plugin).
   */
  @Parameter(property = "sae.sweep.runner")
  private String runner;

  @Override
  protected String engineCommand() {
    return EngineFork.SWEEP;
  }

  @Override
  protected String goalName() {
    return "sae:sweep";
  }

  @Override
  protected boolean runsSweeps() {
    return true;
  }

  @Override
  protected Descriptor experiment() throws MojoExecutionException {
    return readSweep().experiment();
  }

  @Override
  protected List<String> engineArguments(RunLayout layout, String backendOverride) throws MojoExecutionException {
    List<String> args = new ArrayList<>(super.engineArguments(layout, backendOverride));
    if (runner != null && !runner.isBlank()) {
      if (!SweepSettings.RUNNERS.contains(runner)) {
        throw new MojoExecutionException(goalName() + ": sae.sweep.runner '" + runner + "' is not a runner; allowed: "
            + String.join(", ", SweepSettings.RUNNERS));
      }
      args.add("--runner");
      args.add(runner);
    }
    return args;
  }
}

package org.sae4j.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

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

  /** The runner that runs points or the harvest as Apache Spark tasks. */
  static final String SPARK = "spark";

  /** What Apache Spark's local mode needs on Java 25: the JDK internals it reaches into. */
  static final List<String> SPARK_JVM_FLAGS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

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

  /** Spark's flags when the points or the harvest run on Spark. */
  @Override
  protected List<String> goalJvmArgs(EngineAnswer described) throws MojoExecutionException {
    String points = runner != null && !runner.isBlank() ? runner : described.sweepRunner();
    boolean spark = SPARK.equals(points) || SPARK.equals(described.sweepHarvestRunner());
    return spark ? SPARK_JVM_FLAGS : List.of();
  }

  @Override
  protected List<String> engineArguments(EngineAnswer described, String backendOverride)
      throws MojoExecutionException {
    List<String> args = new ArrayList<>(super.engineArguments(described, backendOverride));
    if (runner != null && !runner.isBlank()) {
      if (!described.sweepRunners().contains(runner)) {
        throw new MojoExecutionException(goalName() + ": sae.sweep.runner '" + runner + "' is not a runner; allowed: "
            + String.join(", ", described.sweepRunners()));
      }
      args.add("--runner");
      args.add(runner);
    }
    return args;
  }
}

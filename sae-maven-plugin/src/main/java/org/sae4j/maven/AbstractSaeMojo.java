package org.sae4j.maven;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.core.run.RunLayout;

/**
 * What every sae4j goal shares: the descriptor, the output directory and {@code sae.skip}. Subclasses implement
 * {@link #executeGoal()}; {@link #execute()} is final so skipping behaves the same everywhere.
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

  /** Reads and validates the descriptor in this JVM, so a bad one fails before anything is forked. */
  protected final Descriptor readDescriptor() throws MojoExecutionException {
    try {
      return DescriptorReader.read(descriptor.toPath());
    } catch (DescriptorException e) {
      throw new MojoExecutionException(goalName() + ": invalid descriptor " + e.getMessage(), e);
    }
  }

  /** Reads and validates the descriptor as a sweep ({@code sweep:} section) in this JVM. */
  protected final SweepDescriptor readSweep() throws MojoExecutionException {
    try {
      return SweepReader.read(descriptor.toPath());
    } catch (DescriptorException e) {
      throw new MojoExecutionException(goalName() + ": invalid descriptor " + e.getMessage(), e);
    }
  }

  /** Where the run of {@code experiment} lives. */
  protected final RunLayout layout(Descriptor experiment) {
    return new RunLayout(outputDirectory(), experiment.name());
  }

  /** The output directory, absolute. */
  protected final java.nio.file.Path outputDirectory() {
    return outputDirectory.toPath().toAbsolutePath();
  }

  /** The descriptor file as configured. */
  protected final File descriptorFile() {
    return descriptor;
  }
}

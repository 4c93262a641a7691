package org.sae4j.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Harvests activations from a real model (DJL, offline) into the Arrow store, for descriptors with
 * {@code data.source: harvest}. It runs the same engine command as {@code sae:generate}; this goal exists so a
 * pom can say what it means, and it refuses descriptors that do not harvest.
 */
@Mojo(name = "harvest", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class HarvestMojo extends AbstractForkMojo {

  @Override
  protected void checkApplicable(EngineAnswer described) throws MojoExecutionException {
    if (!described.harvest()) {
      throw new MojoExecutionException(goalName() + ": " + descriptorFile() + " has data.source "
          + described.dataSource() + ", but sae:harvest needs data.source: harvest; use sae:generate for it");
    }
  }

  @Override
  protected String engineCommand() {
    return "generate";
  }

  @Override
  protected String goalName() {
    return "sae:harvest";
  }
}

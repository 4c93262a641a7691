package org.sae4j.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.HarvestData;

/**
 * Harvests activations from a real model (DJL, offline) into the Arrow store, for descriptors with
 * {@code data.source: harvest}. It runs the same engine command as {@code sae:generate}; this goal exists so a
 * pom can say what it means, and it refuses descriptors that do not harvest.
 */
@Mojo(name = "harvest", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class HarvestMojo extends AbstractForkMojo {

  @Override
  protected void checkApplicable(Descriptor experiment) throws MojoExecutionException {
    if (!(experiment.data() instanceof HarvestData)) {
      throw new MojoExecutionException(goalName() + ": " + descriptorFile() + " has data.source "
          + experiment.data().source() + ", but sae:harvest needs data.source: harvest; use sae:generate for it");
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

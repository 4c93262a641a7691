package org.sae4j.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Produces the experiment's data set under {@code <outputDirectory>/data/}: synthetic activations with their
 * true features, or (for {@code data.source: harvest}) activations harvested from a model. Existing, verified
 * data with the same fingerprint is reused.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class GenerateMojo extends AbstractForkMojo {

  @Override
  protected String engineCommand() {
    return "generate";
  }

  @Override
  protected String goalName() {
    return "sae:generate";
  }
}

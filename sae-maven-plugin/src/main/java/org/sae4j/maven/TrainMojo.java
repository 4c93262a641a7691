package org.sae4j.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Trains the experiment's sparse autoencoder in a forked JVM and writes the run to
 * {@code <outputDirectory>/<name>/}: resolved descriptor, training curve, checkpoint and {@code run.json}.
 * Progress (step, tokens/s, loss, L0, ETA) appears in the Maven log.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class TrainMojo extends AbstractForkMojo {

  @Override
  protected String engineCommand() {
    return "train";
  }

  @Override
  protected String goalName() {
    return "sae:train";
  }
}

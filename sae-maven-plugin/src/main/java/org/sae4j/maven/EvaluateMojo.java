package org.sae4j.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Evaluates the trained dictionary on held-out tokens (MSE, variance explained, L0, L1, dead and dense
 * fractions, shrinkage, and feature recovery on synthetic data) and records the metrics in {@code run.json}.
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.TEST, threadSafe = true)
public class EvaluateMojo extends AbstractForkMojo {

  @Override
  protected String engineCommand() {
    return "evaluate";
  }

  @Override
  protected String goalName() {
    return "sae:evaluate";
  }
}

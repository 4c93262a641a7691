package org.sae4j.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.sae4j.core.analysis.Stage;
import org.sae4j.core.descriptor.Descriptor;

/**
 * Runs the analyses the descriptor's {@code analysis} section names for after the evaluation (feature search,
 * steering, attribution) on the evaluated run, in a forked JVM, writing {@code analysis/<analysis>/} and merging their
 * metrics into {@code run.json} so that {@code sae:check} can gate them. Bound to {@code integration-test}, between
 * {@code sae:evaluate} and {@code sae:check}; does nothing for a descriptor without such analyses.
 */
@Mojo(name = "analyze", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class AnalyzeMojo extends AbstractForkMojo {

  @Override
  protected String engineCommand() {
    return "analyze";
  }

  @Override
  protected String goalName() {
    return "sae:analyze";
  }

  @Override
  protected String skipReason(Descriptor experiment) {
    return experiment.analyses(Stage.ANALYZE).isEmpty()
        ? "nothing to do: " + experiment.name() + " has no search, steering or attribution in its analysis section"
        : null;
  }
}

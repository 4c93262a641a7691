package org.sae4j.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

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
  protected String skipReason(EngineAnswer described) {
    return !described.analyze()
        ? "nothing to do: " + described.name() + " has no search, steering or attribution in its analysis section"
        : null;
  }
}

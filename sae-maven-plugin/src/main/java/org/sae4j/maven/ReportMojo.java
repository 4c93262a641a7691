package org.sae4j.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes the run's HTML report ({@code <run>/report/index.html}: summary, goals, training curves, density histogram,
 * metrics, the analyses that ran, an index of all features and a page per most active feature), plus
 * {@code features.jsonl} and {@code checkpoint/sparsity.safetensors}, in a forked JVM. Its default phase,
 * {@code post-integration-test}, comes after {@code sae:evaluate} and before {@code sae:check}, so a build whose goals
 * are missed still leaves the report that shows why. Pages: {@code -Dsae.argLine=-Dsae4j.reportPages=N} (default 256).
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class ReportMojo extends AbstractRunMojo {

  @Override
  protected String engineCommand() {
    return "report";
  }

  @Override
  protected String goalName() {
    return "sae:report";
  }

  @Override
  protected String problem(Path dir) {
    return Files.isRegularFile(dir.resolve("run.json")) ? null : "it has no run.json";
  }
}

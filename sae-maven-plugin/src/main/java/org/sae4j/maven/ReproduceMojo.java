package org.sae4j.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Reproduces a finished run from its directory alone, in a forked JVM: the engine checks the resolved descriptor,
 * the checkpoint's SHA-256 and the data fingerprint against {@code run.json}, finds or re-creates the data set,
 * retrains on the JVM backend into {@code .reproduce/<name>/} beside the run, and compares the checkpoint tensor by
 * tensor. The goal fails unless the result is bit-identical; the log names the first tensor element that differs
 * and the recorded and current versions (sae4j, Java, vector width) that explain it.
 */
@Mojo(name = "reproduce", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReproduceMojo extends AbstractRunMojo {

  @Override
  protected String engineCommand() {
    return "reproduce";
  }

  @Override
  protected String goalName() {
    return "sae:reproduce";
  }

  @Override
  protected String problem(Path dir) {
    return Files.isDirectory(dir) ? null : "it does not exist";
  }

  @Override
  protected List<String> engineArguments(EngineAnswer described, String backendOverride)
      throws MojoExecutionException {
    if (backendOverride != null && !backendOverride.isBlank()) {
      getLog().warn(goalName() + ": sae.backend=" + backendOverride + " is ignored: reproduce always retrains on"
          + " the jvm backend");
    }
    return super.engineArguments(described, backendOverride);
  }
}

package org.sae4j.core.run;

import java.nio.file.Path;

/**
 * Where a run's files live (SPEC §6): {@code <output>/<name>/} holds the resolved descriptor, {@code run.json}, the
 * training curve, the checkpoint, the evaluation and the analyses' outputs ({@code analysis/<analysis>/});
 * {@code <output>/data/} holds data sets shared between runs.
 *
 * @param output the output directory (e.g. {@code target/sae})
 * @param name the experiment name
 */
public record RunLayout(Path output, String name) {

  public Path runDirectory() {
    return output.resolve(name);
  }

  public Path dataRoot() {
    return output.resolve("data");
  }

  public Path runJson() {
    return runDirectory().resolve("run.json");
  }

  public Path resolvedDescriptor() {
    return runDirectory().resolve("descriptor.yaml");
  }

  public Path curve() {
    return runDirectory().resolve("curve.csv");
  }

  public Path checkpoint() {
    return runDirectory().resolve("checkpoint");
  }

  /** The periodic checkpoints a killed training resumes from; removed once the final checkpoint is written. */
  public Path checkpoints() {
    return runDirectory().resolve("checkpoints");
  }

  public Path evaluation() {
    return runDirectory().resolve("evaluation.json");
  }

  /** Where the analyses' outputs go: one directory per analysis. */
  public Path analyses() {
    return runDirectory().resolve("analysis");
  }

  /** The output directory of analysis {@code name}: {@code <run>/analysis/<name>/}. */
  public Path analysis(String name) {
    return analyses().resolve(name);
  }
}

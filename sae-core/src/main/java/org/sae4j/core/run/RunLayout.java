package org.sae4j.core.run;

import java.nio.file.Path;

/**
 * Where a run's files live (docs/file-formats.md): {@code <output>/<name>/} holds the resolved descriptor, {@code run.json}, the
 * training curve, the checkpoint, the evaluation and the analyses' outputs ({@code analysis/<analysis>/}); the
 * data root (by default {@code <output>/data/}) holds data sets shared between runs.
 *
 * @param output the directory the run directory is in (e.g. {@code target/sae})
 * @param name the experiment name
 * @param dataRoot where data sets live; a sweep's points, in {@code target/sae/<sweep>/points/}, keep theirs in
 *     {@code target/sae/data/} with every other run's
 */
public record RunLayout(Path output, String name, Path dataRoot) {

  /** A run in {@code output/<name>/} with its data in {@code output/data/}. */
  public RunLayout(Path output, String name) {
    this(output, name, output.resolve("data"));
  }

  public Path runDirectory() {
    return output.resolve(name);
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

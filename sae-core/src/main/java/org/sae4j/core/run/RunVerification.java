package org.sae4j.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorHash;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.Manifest;
import org.sae4j.store.StoreException;

/**
 * Decides whether a run record can be trusted for the next stage, so that nothing stale ever passes a gate: a record
 * must be of this format, of this experiment and of this descriptor (hash); for evaluation its training must have
 * finished and its checkpoint files must still have the recorded SHA-256; for a goal check it must be complete, its
 * evaluation must belong to that checkpoint and data, and the data set on disk must still have that fingerprint.
 * Each failure is a {@link StaleRunException} naming what differs.
 */
public final class RunVerification {

  private RunVerification() {
  }

  /** The record of a finished training of {@code d}, with its checkpoint intact (what {@code evaluate} needs). */
  public static RunRecord trained(Descriptor d, RunLayout layout) throws IOException {
    RunRecord run = identity(d, layout);
    if (run.status() == RunStatus.TRAINING) {
      throw new StaleRunException(layout.runJson() + ": the training of " + d.name() + " did not finish (status "
          + "'training': it was interrupted, failed or is still running); train again (it resumes from the last "
          + "checkpoint)");
    }
    if (run.checkpoint() == null || run.dataFingerprint() == null) {
      throw new StaleRunException(layout.runJson() + ": status '" + run.status().json() + "' but no checkpoint or"
          + " data fingerprint recorded; train again");
    }
    verifyCheckpointFiles(layout, run.checkpoint());
    return run;
  }

  /**
   * The record of a complete run of {@code d} whose metrics belong to its checkpoint and to the data set on disk
   * (what {@code check} needs).
   */
  public static RunRecord complete(Descriptor d, RunLayout layout) throws IOException {
    RunRecord run = trained(d, layout);
    if (run.status() != RunStatus.COMPLETE || run.metrics() == null || run.evaluation() == null) {
      throw new StaleRunException(layout.runJson() + ": " + d.name() + " is trained but not evaluated (an "
          + "evaluation was never run, failed or was interrupted); run sae:evaluate (CLI: evaluate) first");
    }
    RunRecord.EvaluationInfo e = run.evaluation();
    if (!run.checkpoint().sha256().equals(e.checkpointSha256())) {
      throw new StaleRunException(layout.runJson() + ": the metrics were measured on checkpoint " + prefix(
          e.checkpointSha256()) + " but the run's checkpoint is " + prefix(run.checkpoint().sha256())
          + "; evaluate again");
    }
    if (!run.dataFingerprint().equals(e.dataFingerprint())) {
      throw new StaleRunException(layout.runJson() + ": the metrics were measured on data " + prefix(
          e.dataFingerprint()) + " but the run was trained on data " + prefix(run.dataFingerprint())
          + "; evaluate again");
    }
    String onDisk = dataFingerprintOnDisk(d, layout);
    if (!run.dataFingerprint().equals(onDisk)) {
      throw new StaleRunException("the data set of " + d.name() + " in " + Datasets.directory(d, layout.dataRoot())
          + " now has fingerprint " + prefix(onDisk) + ", but the run was trained and evaluated on "
          + prefix(run.dataFingerprint()) + "; train and evaluate again");
    }
    return run;
  }

  /** The SHA-256 of every file of the checkpoint directory, by file name, as recorded in run.json. */
  public static Map<String, String> checkpointHashes(Path checkpointDir) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (var files = Files.list(checkpointDir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        hashes.put(f.getFileName().toString(), AtomicFiles.sha256(f));
      }
    }
    return hashes;
  }

  private static RunRecord identity(Descriptor d, RunLayout layout) throws IOException {
    RunRecord run = RunRecord.read(layout.runJson());
    if (!RunRecord.FORMAT.equals(run.format())) {
      throw new StaleRunException(layout.runJson() + " was written by another version of sae4j (format "
          + run.format() + ", expected " + RunRecord.FORMAT + "); train again");
    }
    if (!run.name().equals(d.name())) {
      throw new StaleRunException(layout.runJson() + " belongs to experiment '" + run.name() + "', not '" + d.name()
          + "'");
    }
    String hash = DescriptorHash.of(d);
    if (!hash.equals(run.descriptorHash())) {
      throw new StaleRunException(layout.runJson() + " was trained from another version of " + d.file()
          + " (descriptor hash " + prefix(run.descriptorHash()) + ", now " + prefix(hash) + "): train again");
    }
    return run;
  }

  private static void verifyCheckpointFiles(RunLayout layout, RunRecord.CheckpointInfo recorded) throws IOException {
    Path dir = layout.checkpoint();
    for (Map.Entry<String, String> e : new TreeMap<>(recorded.files()).entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        throw new StaleRunException("checkpoint file " + file + " is missing; train again");
      }
      String sha = AtomicFiles.sha256(file);
      if (!sha.equals(e.getValue())) {
        throw new StaleRunException("checkpoint file " + file + " has SHA-256 " + prefix(sha) + ", but "
            + layout.runJson() + " records " + prefix(e.getValue()) + ": it changed after training; train again");
      }
    }
  }

  private static String dataFingerprintOnDisk(Descriptor d, RunLayout layout) throws IOException {
    Path manifest = Datasets.directory(d, layout.dataRoot()).resolve(Manifest.FILE_NAME);
    if (!Files.isRegularFile(manifest)) {
      throw new StaleRunException("the data set of " + d.name() + " is gone (" + manifest
          + " does not exist); train and evaluate again");
    }
    try {
      return Manifest.read(manifest).fingerprint();
    } catch (StoreException e) {
      throw new StaleRunException("the data set of " + d.name() + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String prefix(String sha) {
    return sha == null ? "(none)" : sha.length() > 16 ? sha.substring(0, 16) + "…" : sha;
  }
}

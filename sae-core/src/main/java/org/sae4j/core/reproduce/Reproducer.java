package org.sae4j.core.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.sae4j.core.Engine;
import org.sae4j.core.checkpoint.Safetensors;
import org.sae4j.core.data.Datasets;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorHash;
import org.sae4j.core.run.RunRecord;
import org.sae4j.core.train.TrainingOutcome;
import org.sae4j.kernels.JvmBackendProvider;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.DirectoryLock;
import org.sae4j.store.FileTrees;

/**
 * Reproduces a finished run from its directory alone: checks that the resolved descriptor is the one {@code run.json}
 * records (descriptor hash) and that the checkpoint files are the recorded ones (SHA-256), finds or produces the data
 * set exactly as training does and checks its fingerprint, retrains on the JVM backend into a scratch directory, and
 * compares the new checkpoint with the recorded one tensor by tensor, bit for bit. Every finding is logged as it is
 * made, followed by the recorded and current versions that explain a difference.
 */
public final class Reproducer {
  /**
   * The scratch output directory, beside the run directories: the retrained run goes to {@code .reproduce/<name>/}
   * and {@code .reproduce/data} links to the data root, so the data set is found where training found it. A leading
   * dot is not allowed in experiment names, so no run ever lives there.
   */
  public static final String SCRATCH = ".reproduce";

  private final RecordedRun run;
  private final int threads;
  private final Consumer<String> log;
  private final List<String> differences = new ArrayList<>();

  private Reproducer(RecordedRun run, int threads, Consumer<String> log) {
    this.run = run;
    this.threads = threads;
    this.log = log;
  }

  /**
   * Reproduces the run in {@code runDirectory}, holding its lock so that no training rewrites it meanwhile.
   *
   * @param threads worker threads of the retraining (the result does not depend on them)
   * @param log receives progress and findings; lines starting with {@code WARN } are differences
   * @throws InvalidRunException when the directory, run.json, the resolved descriptor or the checkpoint is missing or
   *     unreadable, naming the path
   * @throws DescriptorException when the resolved descriptor is invalid
   * @throws IOException when the data set cannot be produced or the retraining fails
   */
  public static Reproduction reproduce(Path runDirectory, int threads, Consumer<String> log)
      throws IOException, DescriptorException {
    RecordedRun run = RecordedRun.read(runDirectory);
    try (DirectoryLock lock = DirectoryLock.acquire(run.directory(), "run directory", Duration.ZERO, log)) {
      return new Reproducer(run, threads, log).reproduce();
    }
  }

  private Reproduction reproduce() throws IOException, DescriptorException {
    log.accept("reproducing " + run.directory() + ": experiment " + run.descriptor().name() + ", trained on "
        + run.record().backend() + " (" + run.record().device() + ")");
    String hash = DescriptorHash.of(run.descriptor());
    if (!hash.equals(run.record().descriptorHash())) {
      differ("descriptor.yaml has descriptor hash " + hash + ", but run.json records " + run.record().descriptorHash()
          + ": the resolved descriptor was changed after training, so retraining from it would prove nothing");
      return finish(null, null);
    }
    log.accept("descriptor hash matches run.json: " + hash);
    checkRecordedCheckpoint();
    if (!dataMatches()) {
      return finish(null, null);
    }
    Path scratch = run.directory().resolveSibling(SCRATCH);
    try (DirectoryLock lock = DirectoryLock.acquire(scratch, "reproduce scratch directory", Duration.ZERO, log)) {
      linkDataRoot(scratch);
      Engine engine = new Engine(run.descriptor().withBackend(JvmBackendProvider.NAME, "reproduce"), scratch, threads, log);
      Path reproduced = engine.layout().runDirectory();
      FileTrees.delete(reproduced); // a previous reproduction must not be resumed or compared
      log.accept("retraining on the " + JvmBackendProvider.NAME + " backend into " + reproduced);
      TrainingOutcome outcome = engine.train();
      for (String name : RecordedRun.COMPARED) {
        TensorComparison.firstDifference("checkpoint/" + name,
            Safetensors.read(RecordedRun.checkpointFile(run.directory(), name)),
            Safetensors.read(RecordedRun.checkpointFile(reproduced, name))).ifPresent(this::differ);
      }
      return finish(reproduced, outcome);
    }
  }

  /** The recorded files must be readable checkpoint files; a changed SHA-256 is named before anything is retrained. */
  private void checkRecordedCheckpoint() throws IOException {
    for (Map.Entry<String, String> e : new TreeMap<>(run.checkpointSha256()).entrySet()) {
      Path file = RecordedRun.checkpointFile(run.directory(), e.getKey());
      String sha = AtomicFiles.sha256(file);
      if (sha.equals(e.getValue())) {
        log.accept("checkpoint/" + e.getKey() + " has the SHA-256 run.json records: " + sha);
      } else {
        differ("checkpoint/" + e.getKey() + " has SHA-256 " + sha + ", but run.json records " + e.getValue()
            + ": the file was changed after training");
      }
    }
    for (String name : RecordedRun.COMPARED) {
      Path file = RecordedRun.checkpointFile(run.directory(), name);
      try {
        Safetensors.read(file);
      } catch (IOException e) {
        throw new InvalidRunException("the recorded checkpoint cannot be compared: " + e.getMessage(), e);
      }
    }
  }

  /** Finds, verifies or produces the data set as training does, and compares its fingerprint with the record. */
  private boolean dataMatches() throws IOException {
    try (PreparedData data = Datasets.prepare(run.descriptor(), run.dataRoot(), log)) {
      String found = data.store().manifest().fingerprint();
      if (found.equals(run.record().dataFingerprint())) {
        log.accept("data fingerprint matches run.json: " + found);
        return true;
      }
      differ("data fingerprint differs: run.json records " + run.record().dataFingerprint() + ", but the data set "
          + data.directory() + " has " + found + ": the data changed, so retraining would not see the same tokens");
      return false;
    }
  }

  /** Points {@code <scratch>/data} at the run's data root, so the retraining finds the data set just verified. */
  private void linkDataRoot(Path scratch) throws IOException {
    Path link = scratch.resolve("data");
    Path target = run.dataRoot();
    if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
      return;
    }
    if (Files.isSymbolicLink(link)) {
      Files.delete(link);
    } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(link + " exists and is not a link to " + target + "; delete it and reproduce again");
    }
    Files.createSymbolicLink(link, target);
  }

  private void differ(String difference) {
    differences.add(difference);
    log.accept("WARN " + difference);
  }

  /** Logs the versions (and, after retraining, the devices) that explain a difference, then the verdict. */
  private Reproduction finish(Path reproduced, TrainingOutcome outcome) {
    Map<String, String> recordedVersions = RecordedRun.versions(run.record().versions());
    Map<String, String> now = RecordedRun.versions(RunRecord.Versions.current());
    Set<String> keys = new LinkedHashSet<>(recordedVersions.keySet());
    keys.addAll(now.keySet());
    int width = keys.stream().mapToInt(String::length).max().orElse(0);
    log.accept("versions: recorded | now");
    for (String key : keys) {
      String recorded = recordedVersions.getOrDefault(key, RecordedRun.NOT_RECORDED);
      String current = now.getOrDefault(key, RecordedRun.NOT_RECORDED);
      log.accept(String.format("  %-" + width + "s  %s | %s%s", key, recorded, current,
          recorded.equals(current) || recorded.equals(RecordedRun.NOT_RECORDED) ? "" : "   (differs)"));
    }
    if (outcome != null) {
      log.accept("trained on: " + run.record().backend() + ", " + run.record().device() + " | reproduced on: "
          + outcome.backend() + ", " + outcome.device());
    }
    if (differences.isEmpty()) {
      log.accept("bit-identical: every tensor of " + String.join(" and ", RecordedRun.COMPARED) + " in " + reproduced
          + " equals the recorded one");
    } else {
      log.accept("not reproduced: " + differences.size() + (differences.size() == 1 ? " difference" : " differences")
          + " (WARN above)" + (reproduced == null ? "" : "; the retrained run is in " + reproduced));
    }
    return new Reproduction(differences, reproduced);
  }
}

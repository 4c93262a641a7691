package org.sae4j.core.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.checkpoint.CheckpointDirectory;
import org.sae4j.core.checkpoint.CheckpointManifest;
import org.sae4j.core.checkpoint.RunIdentity;
import org.sae4j.core.checkpoint.TrainingState;
import org.sae4j.core.checkpoint.TrainingStateFile;
import org.sae4j.store.AtomicFiles;
import org.sae4j.store.FileTrees;

/**
 * A run's periodic, resumable checkpoints: {@code <dir>/step-<N>/} with {@value Checkpoint#STATE} (parameters and
 * Adam state), {@value #CURVE} (the training curve so far), {@value #RESUME} (reader position and collapse detector,
 * {@link ResumeState}) and the {@link CheckpointManifest} written last; each directory is published as a set
 * ({@link CheckpointDirectory}). The newest {@value #KEEP} of this run are kept; older ones, and ones of another
 * descriptor or data, are removed when a new one is written.
 */
public final class Checkpoints {
  /** The training curve so far. */
  static final String CURVE = "curve.csv";
  /** The trainer's position. */
  static final String RESUME = "trainer.json";
  private static final int KEEP = 2;
  private static final Pattern NAME = Pattern.compile("step-(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final Path directory;
  private final RunIdentity identity;
  private final Consumer<String> log;

  /**
   * @param directory where the run's checkpoints live ({@code <run>/checkpoints}); created on the first write
   * @param identity the run's descriptor hash and data fingerprint: only checkpoints with the same are resumed
   * @param log receives a line for each checkpoint written, resumed from or ignored
   */
  public Checkpoints(Path directory, RunIdentity identity, Consumer<String> log) {
    this.directory = directory;
    this.identity = identity;
    this.log = log;
  }

  /** A checkpoint to resume from. */
  record Resume(String name, TrainingState state, String curve, ResumeState position) {
  }

  /**
   * The newest checkpoint that can continue this run: complete and matching its manifest, of the same identity,
   * position and shape. Each newer one that cannot is named in the log with the reason.
   *
   * @return the checkpoint, or null to start from the beginning
   */
  Resume newest(long totalSteps, long stepsPerEpoch, int inputDim, int features) throws IOException {
    for (Path dir : stepDirectories()) {
      try {
        return load(dir, totalSteps, stepsPerEpoch, inputDim, features);
      } catch (IOException | IllegalArgumentException e) {
        log.accept("ignoring checkpoint " + relative(dir) + ": " + e.getMessage());
      }
    }
    return null;
  }

  /** Reads and checks one checkpoint; the exception says why it cannot continue this run. */
  private Resume load(Path dir, long totalSteps, long stepsPerEpoch, int inputDim, int features) throws IOException {
    CheckpointManifest manifest = CheckpointManifest.verify(dir);
    String difference = manifest.identity().difference(identity);
    require(difference.isEmpty() ? null : difference);
    ResumeState position = JSON.readValue(dir.resolve(RESUME).toFile(), ResumeState.class);
    require(position == null ? RESUME + " holds no state" : position.mismatch(totalSteps, stepsPerEpoch));
    TrainingState state = TrainingStateFile.read(dir.resolve(Checkpoint.STATE));
    require(mismatch(state, position, manifest, inputDim, features));
    String curve = Files.readString(dir.resolve(CURVE), StandardCharsets.UTF_8);
    TrainingCurve.restore(curve);
    return new Resume(relative(dir), state, curve, position);
  }

  private static void require(String problem) throws IOException {
    if (problem != null) {
      throw new IOException(problem);
    }
  }

  private static String mismatch(TrainingState state, ResumeState position, CheckpointManifest manifest, int inputDim,
                                 int features) {
    if (state.parameters().inputDim() != inputDim || state.parameters().features() != features) {
      return "its parameters are " + state.parameters().inputDim() + " × " + state.parameters().features()
          + ", this run's " + inputDim + " × " + features;
    }
    if (state.adam().step() != position.step() || manifest.step() != position.step()) {
      return "its files disagree on the step (Adam " + state.adam().step() + ", " + RESUME + " " + position.step()
          + ", manifest " + manifest.step() + ")";
    }
    return null;
  }

  /**
   * Writes {@code step-<step>} and removes all but the newest {@value #KEEP} of this run.
   *
   * @throws IOException when the disk lacks the space or a file cannot be written (naming the path and the bytes)
   */
  void write(TrainingState state, TrainingCurve curve, ResumeState position) throws IOException {
    String curveText = curve.text();
    Map<String, CheckpointDirectory.Part> parts = new LinkedHashMap<>();
    parts.put(Checkpoint.STATE, file -> TrainingStateFile.write(file, state));
    parts.put(CURVE, file -> AtomicFiles.writeString(file, curveText));
    parts.put(RESUME, file -> AtomicFiles.writeString(file, JSON.writeValueAsString(position) + "\n"));
    long bytes = TrainingStateFile.bytes(state.parameters()) + curveText.length()
        + 8L * position.collapse().fired().length + (1 << 16);
    Path target = directory.resolve("step-" + position.step());
    CheckpointDirectory.publish(target, bytes, position.step(), identity, parts);
    log.accept("checkpoint " + relative(target) + " written (step " + position.step() + " of "
        + position.totalSteps() + ")");
    prune();
  }

  /** Keeps the newest {@value #KEEP} checkpoints of this run; removes the others and those of other runs. */
  private void prune() throws IOException {
    int kept = 0;
    for (Path dir : stepDirectories()) {
      boolean ours;
      try {
        ours = CheckpointManifest.read(dir).identity().equals(identity);
      } catch (IOException e) {
        ours = false;
      }
      if (ours && kept < KEEP) {
        kept++;
      } else {
        FileTrees.delete(dir);
      }
    }
  }

  /** Removes every periodic checkpoint: to be called once the run's final checkpoint is published. */
  public void discard() throws IOException {
    FileTrees.delete(directory);
  }

  /** The {@code step-<N>} directories, newest (largest N) first. */
  private List<Path> stepDirectories() throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return dirs;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isDirectory)) {
      for (Path p : entries) {
        if (NAME.matcher(p.getFileName().toString()).matches()) {
          dirs.add(p);
        }
      }
    }
    dirs.sort(Comparator.comparingLong(Checkpoints::stepOf).reversed());
    return dirs;
  }

  private static long stepOf(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(dir + " is not a step directory");
    }
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // more digits than a step can have; sorts first and is then rejected by its manifest
    }
  }

  private String relative(Path dir) {
    return directory.getFileName() + "/" + dir.getFileName();
  }
}
